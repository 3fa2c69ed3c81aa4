"""Keeping a plan: open one saved before, save the one shown, export its day, and record
the distance really driven."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


class SaveBar(QWidget):
    """Open saved…, Save, Export…, Driven…; each button emits its signal."""

    open_clicked = Signal()
    save_clicked = Signal()
    export_clicked = Signal()
    driven_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_button = QPushButton("Open saved…")
        self.open_button.setToolTip("Show a plan saved before (its visits logged are greyed)")
        self.open_button.clicked.connect(self.open_clicked)
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save_clicked)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Calendar (.ics), GPX route or navigation links (.txt)")
        self.export_button.clicked.connect(self.export_clicked)
        self.driven_button = QPushButton("Driven…")
        self.driven_button.setToolTip("Record the distance really driven on this day of the "
                                      "saved plan")
        self.driven_button.clicked.connect(self.driven_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.open_button, self.save_button, self.export_button,
                       self.driven_button):
            row.addWidget(button)

    def enable(self, idle: bool, has_plan: bool, saved: bool) -> None:
        self.save_button.setEnabled(idle and has_plan)
        self.export_button.setEnabled(has_plan)
        self.driven_button.setEnabled(idle and saved)
