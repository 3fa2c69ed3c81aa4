"""Lock a stop at its place in the day, and at a time if the rep wants one.

The dialog says what the lock means ("stays stop 3"); the time is optional (ticked off:
only the place is kept).  Whether the time can be kept is the planner's answer, given in
words when the rep re-optimises.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)


class LockDialog(QDialog):
    """Lock stop ``position`` (``name``), at ``at`` when the time is ticked."""

    def __init__(self, name: str, position: int, at: time, timed: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.at: time | None = None  # what the rep chose, once accepted
        self.setWindowTitle("Lock the stop")
        self.setMinimumWidth(440)
        intro = QLabel(f"{name} stays stop {position} of the day when you re-optimise.")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.timed = QCheckBox("and starts at")
        self.timed.setChecked(timed)
        self.time = QTimeEdit(QTime(at.hour, at.minute))
        self.time.setDisplayFormat("HH:mm")
        self.timed.toggled.connect(self.time.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.timed)
        row.addWidget(self.time)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Keep the time chosen (None: the place only)."""
        chosen = self.time.time()
        self.at = time(chosen.hour(), chosen.minute()) if self.timed.isChecked() else None
        super().accept()
