"""The Plan page's request: the date, a day or a week, where the day starts and ends,
Optimise, and while the planner searches, its progress and Cancel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

PLACE_HINT = "home, a town, or LAT,LON"


class RequestBar(QWidget):
    """What to plan; emits ``optimise_clicked``, ``cancel_clicked`` and ``week_toggled``."""

    optimise_clicked = Signal()
    cancel_clicked = Signal()
    #: True when the rep switches to a week, False back to a day.
    week_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = QDateEdit(QDate.currentDate().addDays(1), calendarPopup=True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.mode = QComboBox()
        self.mode.addItem("Day", "day")
        self.mode.addItem("Week", "week")
        self.week_days = QSpinBox(minimum=2, maximum=7, value=5, suffix=" working days")
        self.week_days.setVisible(False)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.start = QLineEdit()
        self.end = QLineEdit()
        for field in (self.start, self.end):
            field.setToolTip(PLACE_HINT)
            field.setMinimumWidth(90)
            field.setMaximumWidth(240)
        self.end.setPlaceholderText("same as start")
        self.optimise_button = QPushButton("Optimise")
        self.optimise_button.setDefault(True)
        self.optimise_button.setStyleSheet("QPushButton { font-weight: bold; padding: 4px 14px; }")
        self.optimise_button.clicked.connect(self.optimise_clicked)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setMinimumWidth(40)
        self.busy.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.busy.setTextVisible(False)
        self.busy_label = QLabel()
        self.busy_label.setTextFormat(Qt.TextFormat.PlainText)
        # "12 better plans" grows as the search runs: it and the bar take the room
        # there is rather than widening the window past a laptop's screen.
        self.busy_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.busy_label.setMinimumWidth(100)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Date"), self.date, self.mode, self.week_days, QLabel("Start"),
                       self.start, QLabel("End"), self.end, self.optimise_button, self.busy,
                       self.busy_label, self.cancel_button):
            row.addWidget(widget)
        self.set_busy(False)

    def first_day(self) -> date:
        """The day (or the first day of the week) to plan."""
        day: date = self.date.date().toPython()
        return day

    def is_week(self) -> bool:
        return bool(self.mode.currentData() == "week")

    def set_home(self, has_home: bool) -> None:
        """Start at home when there is one; else say what to type."""
        if has_home:
            self.start.setText("home")
            self.start.setPlaceholderText(PLACE_HINT)
        else:
            self.start.setPlaceholderText("no home base: a town or LAT,LON")

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Show the search going on (``text``) with Cancel in the Optimise button's place
        (both at once would widen the page past a laptop's screen)."""
        self.optimise_button.setEnabled(not busy)
        self.optimise_button.setVisible(not busy)  # first: the row never holds both
        for widget in (self.busy, self.busy_label, self.cancel_button):
            widget.setVisible(busy)
        self.busy_label.setText(text)

    def show_progress(self, text: str) -> None:
        self.busy_label.setText(text)

    def _mode_changed(self, _index: int) -> None:
        week = self.is_week()
        self.week_days.setVisible(week)
        self.week_toggled.emit(week)
