"""Opening the Settings dialog from the window: read the settings on the worker, then show
the dialog on them (one at a time), and rebuild the map after a save."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ui.kit.operations import Operation
from ui.kit.tasks import Job

if TYPE_CHECKING:
    from ui.settings.dialog import SettingsDialog
    from ui.window.main_window import MainWindow


class SettingsLink:
    """Opens the Settings dialog for ``window`` and keeps the one open (``dialog``)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: SettingsDialog | None = None

    def open(self) -> Job:
        """Read the settings on the worker, then open the dialog on them."""
        from fieldrep.usecases.settings import get_settings, locked_settings  # when first used

        window = self.window
        store = window.store
        return Operation(window.tasks,
                         lambda _job: (get_settings(store), locked_settings(store)),
                         on_success=self._show, on_failure=window.show_failure).run()

    def _show(self, read: tuple[dict[str, str], frozenset[str]]) -> None:
        from ui.settings.dialog import SettingsDialog  # loads when first opened

        window = self.window
        values, locked = read
        dialog = SettingsDialog(window.store, window.tasks, values, window, locked=locked)
        dialog.saved.connect(window.reload_map_options)
        dialog.setup_requested.connect(window.setup.from_settings)
        dialog.finished.connect(self._closed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None
