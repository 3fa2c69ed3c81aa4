"""The stops of the plan saved for the day, each logged as it is done (done stops greyed,
their account struck through), with the way to plan the rest of the day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldrep.visits.planned import PlannedVisit
from ui.kit.colours import MUTED, qcolor
from ui.kit.table_model import Index, TableModel
from ui.kit.words import plural


class PlannedModel(TableModel):
    """A thin adapter over the day's planned stops."""

    HEADERS = ("Time", "Account", "Visit", "Outcome")

    def __init__(self) -> None:
        super().__init__()
        self.stops: tuple[PlannedVisit, ...] = ()

    def set_stops(self, stops: Sequence[PlannedVisit]) -> None:
        self.beginResetModel()
        self.stops = tuple(stops)
        self.endResetModel()

    def stop(self, row: int) -> PlannedVisit | None:
        return self.stops[row] if 0 <= row < len(self.stops) else None

    def row_count(self) -> int:
        return len(self.stops)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        stop = self.stop(index.row()) if index.isValid() else None
        if stop is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cells(stop)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and stop.done:
            return qcolor(MUTED)
        if role == Qt.ItemDataRole.FontRole and stop.done and index.column() == 1:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


def _cells(stop: PlannedVisit) -> tuple[str, str, str, str]:
    visit = stop.visit
    state = "done" if visit else ("appointment" if stop.appointment else "to do")
    return (f"{stop.start:%H:%M}–{stop.end:%H:%M}", stop.name, state,
            visit.summary() if visit else "")


class PlannedStops(QWidget):
    """The day's planned stops; ``selected`` carries the stop picked (or None)."""

    selected = Signal(object)
    #: The rep asks to log the selected stop.
    log_requested = Signal()
    #: The rep asks to plan the rest of the day.
    plan_rest_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlannedModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 260, 90)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self.selected.emit(self.selected_stop()))
        self.table.doubleClicked.connect(lambda _index: self.log_requested.emit())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.log_button = QPushButton("Log this stop…")
        self.log_button.setToolTip("Log the visit of the selected stop, with its planned "
                                   "times filled in")
        self.log_button.clicked.connect(self.log_requested)
        self.plan_rest_button = QPushButton("Plan the rest of the day…")
        self.plan_rest_button.setToolTip("Open the plan in the planner and plan the rest of "
                                         "the day from the last stop done")
        self.plan_rest_button.clicked.connect(self.plan_rest_requested)
        row = QHBoxLayout()
        row.addWidget(self.plan_rest_button)
        row.addStretch(1)
        row.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.update_buttons()

    @property
    def stops(self) -> tuple[PlannedVisit, ...]:
        return self.model.stops

    def show_stops(self, stops: Sequence[PlannedVisit], day: date) -> None:
        self.model.set_stops(stops)
        done = sum(1 for p in stops if p.done)
        self.note.setText(
            f"The plan saved for {day:%a %d %b}: {done} of {plural(len(stops), 'stop')} "
            "logged." if stops else
            "No plan saved for this day. Plan it (ticked accounts → Plan the day), save it "
            "on the Plan page, and its stops appear here to log one by one.")
        self.update_buttons()

    def tab_title(self) -> str:
        done = sum(1 for p in self.stops if p.done)
        return f"Planned stops ({done}/{len(self.stops)})" if self.stops else "Planned stops"

    def selected_stop(self) -> PlannedVisit | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.stop(rows[0].row()) if rows else None

    def last_done(self) -> PlannedVisit | None:
        """The last stop logged (the rest of the day is planned from there)."""
        done = [p for p in self.stops if p.done and p.account_id is not None]
        return done[-1] if done else None

    def update_buttons(self) -> None:
        self.log_button.setEnabled(self.selected_stop() is not None)
        self.plan_rest_button.setEnabled(any(not p.done for p in self.stops))
