"""One step of the setup assistant: a form whose fields each have their error line beneath.

A step hands its answers as text (:meth:`Step.values`, named as the fields of
:class:`~fieldrep.usecases.first_run.SetupAnswers`) and shows the core's one sentence for a
faulty field under that field (:meth:`Step.show_problems`).  Next asks the assistant to
check the step on the worker first (:meth:`Step.validatePage`).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget, QWizardPage

from fieldrep.usecases.first_run import SetupAnswers
from ui.kit.errors import error_label, show_error_in


class Step(QWizardPage):
    """A step: a title, a line saying why it is asked, and its fields."""

    def __init__(self, title: str, why: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(why)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, QLabel] = {}

    def add_field(self, name: str, label: str, field: QWidget) -> None:
        """A row of the form with the field ``name`` and its (hidden) error line."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        self.errors[name] = error_label()
        self.errors[name].setObjectName(f"error-{name}")
        column.addWidget(self.errors[name])
        self.form.addRow(label, box)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.errors)

    def show_problems(self, problems: Mapping[str, str]) -> bool:
        """Show each problem under its field (clearing the others); whether any is here."""
        for name, label in self.errors.items():
            show_error_in(label, problems.get(name, ""))
        return any(name in problems for name in self.errors)

    def error(self, name: str) -> str:
        """The error shown under field ``name`` ("" when none)."""
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    def values(self) -> dict[str, str]:
        """The step's answers, as text."""
        raise NotImplementedError

    def load(self, answers: SetupAnswers) -> None:
        """Fill the fields in from ``answers``."""
        raise NotImplementedError

    def validatePage(self) -> bool:
        from ui.setup.assistant import SetupAssistant

        wizard = self.wizard()
        return not isinstance(wizard, SetupAssistant) or wizard.check_step(self)
