"""How the Today page is laid out: the day and its buttons on top, the map on the left,
the stops and the chosen stop's card on the right, a status line under them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldrep.visits.today import LATE_MINUTES, TodayRoute
from ui.kit.colours import ERROR, TEXT, WARNING_BACKGROUND, WARNING_BORDER, text_style
from ui.kit.labels import plain_label
from ui.plan.map_panel import MapPanel
from ui.today.stop_card import StopCard
from ui.today.timeline import Timeline


class TodayLayout(QWidget):
    """The Today page's widgets, without what they do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.date = QDateEdit(calendarPopup=True, displayFormat="ddd d MMM yyyy")
        self.date.setToolTip("Another day")
        self.plan_button = QPushButton("Plan this day")
        self.plan_button.setToolTip("Plan the day from the accounts due, nearest the home "
                                    "base first")
        self.replan_button = QPushButton("Re-plan from here")
        self.replan_button.setToolTip("Plan the stops still to go again, from the last visit "
                                      "done and the time now")
        self.qr_button = QPushButton("Route on my phone…")
        self.qr_button.setToolTip("QR codes of the rest of the day's route, to scan")
        self.late = plain_label("")
        self.late.setStyleSheet(f"background:{WARNING_BACKGROUND}; border:1px solid "
                                f"{WARNING_BORDER}; border-radius:4px; padding:4px 8px")
        self.late.setVisible(False)
        self.status = plain_label("")
        self.map = MapPanel()
        self.timeline = Timeline()
        self.card = StopCard()
        hint = plain_label("Click a pin on the map to add that account to the day; click a "
                           "stop's number to take it out.")
        hint.setStyleSheet("color:#6b6b6b; font-size:11px")

        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addWidget(self.date)
        bar.addStretch(1)
        for button in (self.plan_button, self.replan_button, self.qr_button):
            bar.addWidget(button)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.late)
        column.addWidget(self.timeline, 1)
        column.addWidget(self.card)
        column.addWidget(hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.map)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 420])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

    def tell(self, text: str) -> None:
        """What just happened (plain text)."""
        self.status.setStyleSheet(text_style(TEXT))
        self.status.setText(text)

    def fail(self, message: str) -> None:
        """What went wrong, in one sentence, where the rep is looking."""
        self.status.setStyleSheet(text_style(ERROR))
        self.status.setText(message)

    def show_day(self, route: TodayRoute) -> None:
        self.title.setText(f"<b style='font-size:16px'>{route.day:%A %d %B}</b>")
        planned = route.plan_id is not None
        self.plan_button.setVisible(not planned)
        self.replan_button.setEnabled(route.last_done is not None and bool(route.to_go))
        self.qr_button.setEnabled(bool(route.to_go))

    def show_lateness(self, route: TodayRoute, minutes: int) -> None:
        """A banner when the rep is behind the plan."""
        behind = minutes >= LATE_MINUTES and bool(route.to_go)
        self.late.setVisible(behind)
        if behind:
            self.late.setText(f"You are {minutes} min behind the plan. Finish the visit to "
                              "re-plan the rest of the day, or press Re-plan from here.")
