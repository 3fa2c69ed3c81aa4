"""The Visits page: whom to see on a day (with why), the brief and history of an account,
logging a visit or a call, the follow-ups due, and the way into the planner and the
activity report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.planning.requests import home_place
from fieldrep.store import Store
from fieldrep.visits.brief import account_brief, account_timeline
from fieldrep.visits.due import due_accounts
from fieldrep.visits.follow_ups import close_follow_up, open_follow_ups
from fieldrep.visits.model import FollowUpData, Mode, VisitData
from fieldrep.visits.planned import PlannedVisit, planned_visits
from ui.kit.tasks import Job, TaskRunner
from ui.visits.activity_dialog import ActivityDialog
from ui.visits.dialog import VisitDialog
from ui.visits.due_model import DueModel
from ui.visits.html import brief_html, timeline_html

#: How many of the best suggestions start ticked for the day's plan.
TICKED = 12
FOLLOW_UP_DAYS_AHEAD = 7


class VisitsPage(QWidget):
    """Suggestions for a day, and everything to do with visits."""

    #: The rep asks for a plan: (account ids, first day, "day" or "week").
    plan_requested = Signal(list, object, str)
    #: Mid-day: (saved plan id, account id of the last stop done): plan the rest from there.
    replan_requested = Signal(int, int)
    #: A visit was logged or a follow-up closed (other pages may refresh).
    changed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.job: Job | None = None
        self.brief_job: Job | None = None
        self._brief_for: int | None = None
        self._build()

    def _build(self) -> None:
        self.day = QDateEdit(QDate.currentDate(), calendarPopup=True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.on_time = QCheckBox("Also accounts on time")
        self.on_time.toggled.connect(lambda _on: self.refresh())
        self.start_label = QLabel()
        self.start_label.setStyleSheet("color:#555")
        report = QPushButton("Activity report…")
        report.clicked.connect(self.open_activity_report)
        top = QHBoxLayout()
        top.addWidget(QLabel("Accounts to see on"))
        top.addWidget(self.day)
        top.addWidget(self.on_time)
        top.addWidget(self.start_label, 1)
        top.addWidget(report)

        self.model = DueModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((230, 120, 40, 100)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_account(current.row()))
        self.table.doubleClicked.connect(lambda _index: self.log_selected())
        self.count = QLabel()
        self.plan_day_button = QPushButton("Plan the day with the ticked")
        self.plan_day_button.setToolTip("Open the planner with the ticked accounts on this day")
        self.plan_day_button.clicked.connect(lambda: self.request_plan("day"))
        self.plan_week_button = QPushButton("Plan a week…")
        self.plan_week_button.setToolTip("Open the planner for the week starting on this day")
        self.plan_week_button.clicked.connect(lambda: self.request_plan("week"))
        self.log_button = QPushButton("Log visit…")
        self.log_button.clicked.connect(self.log_selected)
        self.call_button = QPushButton("Log call…")
        self.call_button.setToolTip("A phone or video call: counts for the cadence, never "
                                    "enters a route")
        self.call_button.clicked.connect(lambda: self.log_selected(Mode.PHONE))
        buttons = QHBoxLayout()
        for button in (self.plan_day_button, self.plan_week_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.log_button, self.call_button):
            buttons.addWidget(button)
        to_see = QWidget()
        to_see_layout = QVBoxLayout(to_see)
        to_see_layout.setContentsMargins(4, 4, 4, 4)
        to_see_layout.addWidget(self.count)
        to_see_layout.addWidget(self.table, 1)
        to_see_layout.addLayout(buttons)
        self.left = QTabWidget()
        self.left.addTab(to_see, "To see")
        self.left.addTab(self._build_planned(), "Planned stops")
        left = self.left

        self.brief = QTextBrowser()
        self.history = QTextBrowser()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.brief, "Brief")
        self.tabs.addTab(self.history, "History")
        self.follow_ups = QListWidget()
        self.follow_ups.setWordWrap(True)
        self.follow_ups.setAlternatingRowColors(True)
        self.follow_ups.itemDoubleClicked.connect(self._follow_up_activated)
        self.follow_up_done = QPushButton("Mark done")
        self.follow_up_done.clicked.connect(self.close_selected_follow_up)
        follow_box = QWidget()
        follow_layout = QVBoxLayout(follow_box)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        self.follow_up_title = QLabel("<b>Follow-ups due</b>")
        follow_layout.addWidget(self.follow_up_title)
        follow_layout.addWidget(self.follow_ups, 1)
        follow_layout.addWidget(self.follow_up_done, 0, Qt.AlignmentFlag.AlignRight)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        right.addWidget(follow_box)
        right.setSizes([500, 220])

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([780, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._update_buttons()

    def _build_planned(self) -> QWidget:
        """The stops of the plan saved for the day: log each one as it is done."""
        self.planned = QTableWidget(0, 4)
        self.planned.setHorizontalHeaderLabels(["Time", "Account", "Visit", "Outcome"])
        self.planned.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.planned.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.planned.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.planned.verticalHeader().setVisible(False)
        self.planned.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 260, 90)):
            self.planned.setColumnWidth(column, width)
        self.planned.itemSelectionChanged.connect(self._planned_selected)
        self.planned.doubleClicked.connect(lambda _index: self.log_planned_stop())
        self.planned_note = QLabel()
        self.planned_note.setWordWrap(True)
        self.log_stop_button = QPushButton("Log this stop…")
        self.log_stop_button.setToolTip("Log the visit of the selected stop, with its planned "
                                        "times filled in")
        self.log_stop_button.clicked.connect(self.log_planned_stop)
        self.plan_rest_button = QPushButton("Plan the rest of the day…")
        self.plan_rest_button.setToolTip("Open the plan in the planner and plan the rest of "
                                         "the day from the last stop done")
        self.plan_rest_button.clicked.connect(self._plan_rest)
        row = QHBoxLayout()
        row.addWidget(self.plan_rest_button)
        row.addStretch(1)
        row.addWidget(self.log_stop_button)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.planned_note)
        layout.addWidget(self.planned, 1)
        layout.addLayout(row)
        self.planned_visits: list[PlannedVisit] = []
        return box

    # -- data -----------------------------------------------------------------------------
    def selected_day(self) -> date:
        day: date = self.day.date().toPython()
        return day

    def refresh(self) -> Job:
        """Rank the accounts for the chosen day (on the worker)."""
        store, day, on_time = self.store, self.selected_day(), self.on_time.isChecked()

        def work(_job: Job) -> dict[str, Any]:
            home = home_place(store)
            near = (home.lat, home.lon) if home else None
            return {"suggestions": due_accounts(store, day, near=near, limit=200,
                                                include_on_time=on_time),
                    "follow_ups": open_follow_ups(
                        store, until=day + timedelta(days=FOLLOW_UP_DAYS_AHEAD)),
                    "planned": planned_visits(store, day),
                    "home": home.label if home else ""}

        self.job = self.tasks.submit(work, self._show, self._failed)
        return self.job

    def _show(self, result: dict[str, Any]) -> None:
        selected = self.selected_account()
        suggestions = result["suggestions"]
        self.model.set_suggestions(suggestions, TICKED)
        overdue = sum(1 for s in suggestions if s.due.status.value in ("overdue", "never"))
        self.count.setText(f"<b>{len(suggestions)} accounts to see</b> — {overdue} overdue or "
                           f"never visited; the {len(self.model.checked)} best open on "
                           f"{self.selected_day():%a %d %b} are "
                           "ticked for the plan")
        self.start_label.setText(f"ranked from {result['home']}" if result["home"]
                                 else "no home base set: distance not counted")
        self._fill_follow_ups(result["follow_ups"])
        self._fill_planned(result["planned"])
        row = next((n for n, s in enumerate(suggestions) if s.account_id == selected), 0)
        if suggestions:
            self.table.selectRow(row)
        else:
            self.brief.setHtml("<p style='color:#888'>Nothing due on this day: every "
                               "account is within its cadence.</p>")
            self.history.clear()
        self._update_buttons()

    def _fill_follow_ups(self, items: Sequence[FollowUpData]) -> None:
        self.follow_ups.clear()
        day = self.selected_day()
        for item in items:
            late = " (late)" if item.due < day else ""
            row = QListWidgetItem(f"{item.account_name} — {item.describe()}{late}")
            row.setData(Qt.ItemDataRole.UserRole, item)
            if item.due < day:
                row.setForeground(Qt.GlobalColor.darkRed)
            self.follow_ups.addItem(row)
        self.follow_up_title.setText(f"<b>Follow-ups due</b> (until "
                                     f"{day + timedelta(days=FOLLOW_UP_DAYS_AHEAD):%a %d %b}): "
                                     f"{len(items)}")

    def _fill_planned(self, planned: Sequence[PlannedVisit]) -> None:
        self.planned_visits = list(planned)
        self.planned.setRowCount(len(planned))
        grey = QBrush(QColor("#8a8a8a"))
        for row, stop in enumerate(planned):
            visit = stop.visit
            cells = [f"{stop.start:%H:%M}–{stop.end:%H:%M}", stop.name,
                     "done" if visit else ("appointment" if stop.appointment else "to do"),
                     visit.summary() if visit else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if visit is not None:
                    item.setForeground(grey)
                    font = item.font()
                    font.setStrikeOut(column == 1)
                    item.setFont(font)
                self.planned.setItem(row, column, item)
        done = sum(1 for p in planned if p.done)
        self.left.setTabText(1, f"Planned stops ({done}/{len(planned)})" if planned
                             else "Planned stops")
        self.planned_note.setText(
            f"The plan saved for {self.selected_day():%a %d %b}: {done} of {len(planned)} "
            "stops logged." if planned else
            "No plan saved for this day. Plan it (ticked accounts → Plan the day), save it "
            "on the Plan page, and its stops appear here to log one by one.")
        self._update_buttons()

    def _planned_selected(self) -> None:
        stop = self.selected_stop()
        self._update_buttons()
        if stop is not None and stop.account_id is not None:
            self.show_brief(stop.account_id)

    def selected_stop(self) -> PlannedVisit | None:
        rows = self.planned.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.planned_visits):
            return None
        return self.planned_visits[rows[0].row()]

    def log_planned_stop(self) -> VisitDialog | None:
        """The visit form for the selected stop, its planned times filled in (or the logged
        visit, to change it)."""
        stop = self.selected_stop()
        if stop is None or stop.account_id is None:
            return None
        dialog = VisitDialog(self.store, self.tasks, stop.account_id, self, day=self.selected_day(),
                             visit=stop.visit, plan_stop_id=stop.stop_id,
                             planned=(stop.start, stop.end))
        dialog.saved.connect(self._visit_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _plan_rest(self) -> None:
        """To the planner: from the last stop done (the rest of the day from there), or, when
        none is done yet, the stops still to make."""
        done = [p for p in self.planned_visits if p.done and p.account_id is not None]
        if done:
            self.replan_requested.emit(done[-1].plan_id, done[-1].account_id)
            return
        rest = [p.account_id for p in self.planned_visits if p.account_id is not None]
        if rest:
            self.plan_requested.emit(rest, self.selected_day(), "day")

    def selected_account(self) -> int | None:
        index = self.table.currentIndex()
        suggestion = self.model.suggestion(index.row()) if index.isValid() else None
        return suggestion.account_id if suggestion else None

    def show_account(self, row: int) -> None:
        """Brief and history of the account on ``row``."""
        suggestion = self.model.suggestion(row)
        self._update_buttons()
        if suggestion is not None:
            self.show_brief(suggestion.account_id)

    def show_brief(self, account_id: int) -> Job:
        """Read the account's brief and history on the worker, then show them (unless the
        rep has moved to another account meanwhile)."""
        store, day = self.store, self.selected_day()
        self._brief_for = account_id

        def work(_job: Job) -> tuple[str, str]:
            return (brief_html(account_brief(store, account_id, day)),
                    timeline_html(account_timeline(store, account_id)))

        def shown(pages: tuple[str, str]) -> None:
            if self._brief_for == account_id:
                self.brief.setHtml(pages[0])
                self.history.setHtml(pages[1])

        self.brief_job = self.tasks.submit(work, shown, self._failed)
        return self.brief_job

    # -- actions --------------------------------------------------------------------------
    def request_plan(self, kind: str) -> None:
        ids = self.model.checked_ids()
        if ids:
            self.plan_requested.emit(ids, self.selected_day(), kind)

    def log_selected(self, mode: Mode = Mode.IN_PERSON) -> VisitDialog | None:
        account_id = self.selected_account()
        if account_id is None:
            return None
        return self.log_visit(account_id, mode=mode)

    def log_visit(self, account_id: int, *, mode: Mode = Mode.IN_PERSON) -> VisitDialog:
        """Open the visit form for an account (ad hoc, on the page's day)."""
        day = min(self.selected_day(), date.today())
        dialog = VisitDialog(self.store, self.tasks, account_id, self, day=day, mode=mode)
        dialog.saved.connect(self._visit_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _visit_saved(self, visit: VisitData) -> None:
        self.changed.emit()
        self.refresh()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Visit to {visit.account_name} saved", 8000)

    def close_selected_follow_up(self) -> None:
        item = self.follow_ups.currentItem()
        if item is None:
            return
        follow_up: FollowUpData = item.data(Qt.ItemDataRole.UserRole)
        store = self.store

        def closed(_result: object) -> None:
            self.changed.emit()
            self.refresh()

        self.tasks.submit(lambda _job: close_follow_up(store, follow_up.id, date.today()),
                          closed, self._failed)

    def _follow_up_activated(self, item: QListWidgetItem) -> None:
        follow_up: FollowUpData = item.data(Qt.ItemDataRole.UserRole)
        if follow_up.account_id is not None:
            self.log_visit(follow_up.account_id)

    def open_activity_report(self) -> ActivityDialog:
        dialog = ActivityDialog(self.store, self.tasks, self, day=self.selected_day())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _update_buttons(self) -> None:
        has_row = self.selected_account() is not None
        self.log_button.setEnabled(has_row)
        self.call_button.setEnabled(has_row)
        self.plan_day_button.setEnabled(bool(self.model.suggestions))
        self.plan_week_button.setEnabled(bool(self.model.suggestions))
        self.follow_up_done.setEnabled(self.follow_ups.count() > 0)
        self.log_stop_button.setEnabled(self.selected_stop() is not None)
        self.plan_rest_button.setEnabled(any(not p.done for p in self.planned_visits))

    def _failed(self, message: str) -> None:
        self.count.setText(f"<span style='color:#b3261e'>{message}</span>")
