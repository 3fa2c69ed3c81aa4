"""The setup assistant: the few settings a new rep should give before planning a day.

Four steps: where the rep works (country, currency, distance unit), the home base (an
address found offline, or a pin on the map), the working week, and the mileage rate with
its period.  Next checks the step with the core's own checks on the worker and shows each
problem under its field; Finish saves every answer at once through
:func:`~fieldrep.usecases.first_run.save_setup` (all or nothing) and emits ``saved``.
"Skip for now" closes it with nothing saved; it can be opened again from Settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from fieldrep.store import Store
from fieldrep.usecases.first_run import SetupAnswers, SetupError, save_setup, setup_problems
from ui.kit.operations import Operation
from ui.kit.tasks import TaskRunner
from ui.setup.home_step import HomeStep
from ui.setup.step import Step
from ui.setup.steps import MileageStep, RegionStep, WeekStep

#: The steps by name, in order (``start_at`` takes one of these).
STEP_NAMES = ("region", "home", "week", "mileage")


@dataclass(frozen=True)
class _Checked:
    """A step found right with these answers (Next goes on without asking again)."""

    step: Step
    answers: SetupAnswers


class SetupAssistant(QWizard):
    """The first-run setup, filled in with ``answers`` (what the settings say now)."""

    saved = Signal(object)  # the SetupAnswers saved

    def __init__(self, store: Store, tasks: TaskRunner, answers: SetupAnswers,
                 parent: QWidget | None = None, start_at: str = "region") -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.setWindowTitle("Welcome to FieldRep")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, "Skip for now")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Save")
        self.setMinimumSize(760, 560)
        self.region = RegionStep()
        self.home = HomeStep(store, tasks, lambda: self.region.values()["country"])
        self.week = WeekStep()
        self.mileage = MileageStep()
        self.steps: dict[str, Step] = dict(zip(
            STEP_NAMES, (self.region, self.home, self.week, self.mileage), strict=True))
        for step in self.steps.values():
            self.addPage(step)
            step.load(answers)
        self.region.units_changed.connect(self._show_units)
        self._show_units()
        self.checking = False
        self.saving = False
        self._finishing = False
        self._checked: _Checked | None = None
        if start_at != STEP_NAMES[0]:
            self.setStartId(STEP_NAMES.index(start_at))

    # -- answers ----------------------------------------------------------------------------
    def answers(self) -> SetupAnswers:
        """Every answer the steps hold now."""
        merged: dict[str, str] = {}
        for step in self.steps.values():
            merged.update(step.values())
        return SetupAnswers(**merged)

    def current_step(self) -> Step:
        page = self.currentPage()
        assert isinstance(page, Step)
        return page

    def _show_units(self) -> None:
        values = self.region.values()
        self.mileage.show_units(values["currency"] or "EUR", values["distance_unit"])

    # -- checking and saving ----------------------------------------------------------------
    def check_step(self, step: Step) -> bool:
        """Whether Next (or Save) may go on from ``step``: the answers are checked on the
        worker first, and the step goes on by itself when they are right."""
        if self._finishing:
            return True
        answers = self.answers()
        if step is self.mileage:
            self._save(answers)
            return False
        if self._checked == _Checked(step, answers):
            self._checked = None
            return True
        if not self.checking:
            self.checking = True
            store = self.store
            Operation(self.tasks, lambda _job: setup_problems(store, answers),
                      lambda problems: self._step_checked(step, answers, problems),
                      parent=self, on_failure=self._failed).run()
        return False

    def _step_checked(self, step: Step, answers: SetupAnswers,
                      problems: dict[str, str]) -> None:
        self.checking = False
        if step.show_problems(problems) or self.currentPage() is not step:
            return
        self._checked = _Checked(step, answers)
        self.next()

    def _save(self, answers: SetupAnswers) -> None:
        if self.saving:
            return
        self.saving = True
        store = self.store

        def save(_job: object) -> dict[str, str]:
            try:
                save_setup(store, answers)
            except SetupError as exc:
                return exc.problems
            return {}

        Operation(self.tasks, save, lambda problems: self._saved(answers, problems),
                  parent=self, on_failure=self._failed).run()

    def _saved(self, answers: SetupAnswers, problems: dict[str, str]) -> None:
        self.saving = False
        if not problems:
            self._finishing = True  # QWizard checks the step once more as it closes
            self.saved.emit(answers)
            self.accept()
            return
        first: Step | None = None
        for step in self.steps.values():
            if step.show_problems(problems) and first is None:
                first = step
        while first is not None and self.currentPage() is not first and self.currentId() > 0:
            self.back()

    def _failed(self, message: str) -> None:
        self.checking = self.saving = False
        self.current_step().show_problems({self.current_step().fields[0]: message})

    # -- closing ----------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self.home.map.release()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.home.map.release()
        super().closeEvent(event)


def open_assistant(store: Store, tasks: TaskRunner, answers: SetupAnswers,
                   parent: QWidget | None = None, start_at: str = "region") -> SetupAssistant:
    """Open the assistant without blocking; it is deleted when closed."""
    assistant = SetupAssistant(store, tasks, answers, parent, start_at)
    assistant.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assistant.open()
    return assistant
