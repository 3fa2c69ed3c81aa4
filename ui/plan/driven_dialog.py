"""Ask the distance really driven on a day of a saved plan, in the rep's distance unit.

The text is checked as it is accepted (:func:`fieldrep.planning.saved.driven_metres`): a
negative, absurd or non-numeric distance is refused with the reason and the dialog stays
open.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldrep.planning.saved import METRES_PER, driven_metres
from ui.kit.errors import error_label, show_error_in


class DrivenDialog(QDialog):
    """The distance driven on ``day`` (``planned_metres`` is shown as a hint)."""

    def __init__(self, day: date, planned_metres: int, unit: str = "km",
                 recorded_metres: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = unit if unit in METRES_PER else "km"
        self.metres: int | None = None
        self.setWindowTitle("Distance driven")
        per = METRES_PER[self.unit]
        intro = QLabel(f"How far did you drive on {day:%A %d %B %Y}? The plan said "
                       f"{planned_metres / per:.1f} {self.unit}.")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.distance = QLineEdit()
        self.distance.setPlaceholderText(f"e.g. {planned_metres / per:.1f}")
        if recorded_metres is not None:
            self.distance.setText(f"{recorded_metres / per:.1f}")
        self.error = error_label()
        form = QFormLayout()
        form.addRow(f"Driven ({self.unit})", self.distance)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Keep the distance if it can be a day's driving; otherwise say why and stay."""
        try:
            self.metres = driven_metres(self.distance.text(), self.unit)
        except ValueError as exc:
            self.metres = None
            show_error_in(self.error, str(exc))
            return
        super().accept()
