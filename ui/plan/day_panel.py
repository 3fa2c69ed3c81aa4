"""The day shown: a tab per day of a week, the stops in order, and what can be done to
them (move a stop, lock it at its place or time, re-optimise around the locked ones,
re-plan from a stop)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldrep.planning.export import DAY_COLOURS
from fieldrep.planning.model import DayPlan
from ui.kit.colours import qcolor
from ui.plan.stops_model import ACCOUNT, COLUMNS, StopsModel


class DayPanel(QWidget):
    """The stops of one day; emits what the rep asks to do with them."""

    #: The rep chose another day of the week (its index).
    day_chosen = Signal(int)
    #: Move the selected stop earlier (−1) or later (+1).
    move_requested = Signal(int)
    reoptimise_clicked = Signal()
    replan_clicked = Signal()
    #: Lock the selected stop, asking for a time.
    lock_at_clicked = Signal()
    selection_changed = Signal()

    def __init__(self, model: StopsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tabs = QTabBar()
        self.tabs.setVisible(False)
        self.tabs.currentChanged.connect(self.day_chosen)
        self.view = QTableView()
        self.view.setModel(model)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ACCOUNT, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self.selection_changed)
        model.modelReset.connect(self.selection_changed)
        self.up_button = QPushButton("▲ Move up")
        self.down_button = QPushButton("▼ Move down")
        self.up_button.clicked.connect(lambda: self.move_requested.emit(-1))
        self.down_button.clicked.connect(lambda: self.move_requested.emit(1))
        self.lock_button = QPushButton("Lock at…")
        self.lock_button.setToolTip("Lock the selected stop at its place in the day, and at "
                                    "a time if you want")
        self.lock_button.clicked.connect(self.lock_at_clicked)
        self.reoptimise_button = QPushButton("Re-optimise")
        self.reoptimise_button.setToolTip("Plan the day again around the locked stops: each "
                                          "keeps its place (and its time, if set)")
        self.reoptimise_button.clicked.connect(self.reoptimise_clicked)
        self.replan_button = QPushButton("Re-plan from here")
        self.replan_button.setToolTip("You are at the selected stop: plan the rest of the day "
                                      "from it, keeping the visits up to it as done")
        self.replan_button.clicked.connect(self.replan_clicked)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.lock_button,
                       self.reoptimise_button, self.replan_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.tabs)
        box.addWidget(self.view, 1)
        box.addLayout(buttons)

    def show_tabs(self, days: Sequence[DayPlan], index: int) -> None:
        """A tab per day, in its route's colour, with its count of stops (none for a day)."""
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for n, day in enumerate(days):
            self.tabs.addTab(f"{day.day:%a %d %b} · {len(day.stops)}")
            self.tabs.setTabTextColor(n, qcolor(DAY_COLOURS[n % len(DAY_COLOURS)]))
        if days:
            self.tabs.setCurrentIndex(min(index, len(days) - 1))
        self.tabs.setVisible(bool(days))
        self.tabs.blockSignals(False)

    def current_index(self) -> int:
        """The day shown (0 for a single day)."""
        return max(0, self.tabs.currentIndex()) if self.tabs.count() else 0

    def selected_stop(self) -> int | None:
        """The account of the selected stop (None when a stop is not selected)."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.account_at(rows[0].row()) if rows else None

    def select_stop(self, account_id: int) -> None:
        row = self.model.row_of(account_id)
        if row is not None:
            self.view.selectRow(row)

    def enable(self, idle: bool, has_plan: bool) -> None:
        stop = self.selected_stop() is not None
        for button in (self.up_button, self.down_button, self.lock_button,
                       self.replan_button):
            button.setEnabled(idle and stop)
        self.reoptimise_button.setEnabled(idle and has_plan)
