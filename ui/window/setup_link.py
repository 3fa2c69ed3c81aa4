"""The window's way to the setup assistant: one at a time, opened on the settings read on
the worker, at the step asked for (from the File menu, from Settings, or from a plan that
needs the home base); what it saves reaches the Plan page and the maps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.kit.operations import Operation
from ui.kit.tasks import Job

if TYPE_CHECKING:
    from fieldrep.usecases.first_run import SetupAnswers
    from ui.setup.assistant import SetupAssistant
    from ui.window.main_window import MainWindow


class SetupLink:
    """Opens the assistant for ``window`` and keeps the one open (``assistant``)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.assistant: SetupAssistant | None = None

    def open(self, start_at: str = "region") -> Job:
        """Read the settings on the worker, then open the assistant on them at the step
        ``start_at`` (``region``, ``home``, ``week`` or ``mileage``)."""
        from fieldrep.usecases.first_run import setup_answers

        window = self.window
        store = window.store
        return Operation(window.tasks, lambda _job: setup_answers(store),
                         lambda answers: self._show(answers, start_at),
                         on_failure=window.show_failure).run()

    def from_settings(self) -> None:
        """The Settings dialog asked for it: that dialog closes (unsaved) for it."""
        if self.window.settings_dialog is not None:
            self.window.settings_dialog.reject()
        self.open()

    def _show(self, answers: SetupAnswers, start_at: str) -> None:
        if self.assistant is not None:
            self.assistant.raise_()
            return
        from ui.setup.assistant import open_assistant  # loads when first opened

        window = self.window
        assistant = open_assistant(window.store, window.tasks, answers, window, start_at)
        assistant.saved.connect(self._saved)
        assistant.finished.connect(self._closed)
        self.assistant = assistant

    def _closed(self, _result: int) -> None:
        self.assistant = None

    def _saved(self, answers: SetupAnswers) -> None:
        window = self.window
        window.tell("Your settings are saved")
        plan = window.lazy_pages.built("plan")
        if plan is not None:  # else it reads the home base when first shown
            plan.request.set_home(answers.has_home)  # type: ignore[attr-defined]
        window.reload_map_options()
