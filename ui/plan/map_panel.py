"""The Plan page's map: the accounts planned and each day's route, fitted to them.

Qt WebEngine wants the map's page gone before the app ends, so the panel lets go of it as
soon as the window that holds it closes (the main window never refuses to close)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ui.widgets.map_view import MapView


class MapPanel(MapView):
    """A map that fits the whole plan once its page is ready."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(280, 240)
        self._watching = False
        self.bridge.ready.connect(lambda: self.run("FieldRep.fitAll()"))
        # Once the window that holds the map is built, so on the next turn.
        QTimer.singleShot(0, self, self._watch_window)

    def _watch_window(self) -> None:
        window = self.window()
        if window is not self and not self._watching:
            window.installEventFilter(self)
            self._watching = True

    def showEvent(self, event: QShowEvent) -> None:
        self._watch_window()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.window():
            self.release()
        return super().eventFilter(watched, event)
