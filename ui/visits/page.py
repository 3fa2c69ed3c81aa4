"""The Visits page: whom to see on a day (with why), the brief and history of an account,
logging a visit or a call, the follow-ups due, and the way into the planner and the
activity report.

The page wires small widgets: the ranked accounts (:class:`DueModel`), the day's planned
stops (:mod:`ui.visits.planned_stops`) and the follow-ups (:mod:`ui.visits.follow_ups_panel`).
Everything is read and saved on the window's worker.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.service import AccountFilter
from fieldrep.store import Store
from fieldrep.usecases.visits_day import VisitsDay, visits_day
from fieldrep.visits.brief import account_brief, account_timeline
from fieldrep.visits.follow_ups import close_follow_up
from fieldrep.visits.model import FollowUpData, Mode, VisitData
from fieldrep.visits.planned import PlannedVisit
from ui.kit.colours import MUTED, span, text_style
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural
from ui.visits.activity_dialog import ActivityDialog
from ui.visits.dialog import VisitDialog
from ui.visits.due_model import DueModel
from ui.visits.follow_ups_panel import FollowUpsPanel
from ui.visits.html import brief_html, timeline_html
from ui.visits.planned_stops import PlannedStops
from ui.widgets.accounts_map import AccountsMap

#: How many of the best suggestions start ticked for the day's plan.
TICKED = 12


class VisitsPage(QWidget):
    """Suggestions for a day, and everything to do with visits."""

    #: The rep asks for a plan: (account ids, first day, "day" or "week").
    plan_requested = Signal(list, object, str)
    #: Mid-day: (saved plan id, account id of the last stop done): plan the rest from there.
    replan_requested = Signal(int, int)
    #: A visit was logged or a follow-up closed (other pages may refresh).
    changed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 tiles: bool = False) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.job: Job | None = None
        self.brief_job: Job | None = None
        self._brief_for: int | None = None
        self.day = QDateEdit(QDate.currentDate(), calendarPopup=True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.on_time = QCheckBox("Also accounts on time")
        self.on_time.toggled.connect(lambda _on: self.refresh())
        self.start_label = QLabel()
        self.start_label.setStyleSheet(text_style(MUTED))
        self.error = error_label()
        self._failed = partial(show_error_in, self.error)
        self.model = DueModel()
        self.table = self._due_table()
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
        self.stops = PlannedStops()
        self.stops.selected.connect(self._stop_selected)
        self.stops.log_requested.connect(self.log_planned_stop)
        self.stops.plan_rest_requested.connect(self._plan_rest)
        self.planned = self.stops.table
        self.follow_ups = FollowUpsPanel()
        self.follow_ups.activated.connect(self._follow_up_activated)
        self.follow_ups.done_requested.connect(self.close_follow_up)
        self.brief = QTextBrowser()
        self.history = QTextBrowser()
        self.map = AccountsMap(store, tasks, tiles=tiles, selection_tools=False)
        self.map.account_clicked.connect(self._pin_clicked)
        self._lay_out()
        self._update_buttons()

    def _due_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((230, 120, 40, 100)):
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_account(current.row()))
        table.doubleClicked.connect(lambda _index: self.log_selected())
        return table

    def _lay_out(self) -> None:
        report = QPushButton("Activity report…")
        report.clicked.connect(self.open_activity_report)
        top = QHBoxLayout()
        top.addWidget(QLabel("Accounts to see on"))
        top.addWidget(self.day)
        top.addWidget(self.on_time)
        top.addWidget(self.start_label, 1)
        top.addWidget(report)
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
        self.left.addTab(self.stops, "Planned stops")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.brief, "Brief")
        self.tabs.addTab(self.history, "History")
        self.tabs.addTab(self.map, "Map")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        right.addWidget(self.follow_ups)
        right.setSizes([500, 220])
        self.splitter = QSplitter()
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([780, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)

    # -- data -----------------------------------------------------------------------------
    def selected_day(self) -> date:
        day: date = self.day.date().toPython()
        return day

    def refresh(self) -> Job:
        """Rank the accounts for the chosen day (on the worker)."""
        store, day, on_time = self.store, self.selected_day(), self.on_time.isChecked()
        self.job = Operation(self.tasks,
                             lambda _job: visits_day(store, day, include_on_time=on_time),
                             self._show, on_failure=self._failed).run()
        return self.job

    def _show(self, result: VisitsDay) -> None:
        show_error_in(self.error, "")
        selected = self.selected_account()
        suggestions = result.suggestions
        self.model.set_suggestions(list(suggestions), TICKED)
        self.count.setText(f"<b>{plural(len(suggestions), 'account')} to see</b> — "
                           f"{result.overdue} overdue or never visited; the "
                           f"{len(self.model.checked)} best open on {result.day:%a %d %b} are "
                           "ticked for the plan")
        self.start_label.setText(f"ranked from {result.home}" if result.home
                                 else "no home base set: distance not counted")
        self.map.show_accounts(AccountFilter(ids=frozenset(
            s.account_id for s in suggestions)), by_due=True, day=result.day)
        self.follow_ups.show_follow_ups(result.follow_ups, result.day, result.follow_ups_until)
        self.stops.show_stops(result.planned, result.day)
        self.left.setTabText(1, self.stops.tab_title())
        row = next((n for n, s in enumerate(suggestions) if s.account_id == selected), 0)
        if suggestions:
            self.table.selectRow(row)
        else:
            self.brief.setHtml("<p>" + span("Nothing due on this day: every account is "
                                            "within its cadence.", MUTED) + "</p>")
            self.history.clear()
        self._update_buttons()

    def _stop_selected(self, stop: PlannedVisit | None) -> None:
        self._update_buttons()
        if stop is not None and stop.account_id is not None:
            self.show_brief(stop.account_id)

    def selected_stop(self) -> PlannedVisit | None:
        return self.stops.selected_stop()

    def selected_account(self) -> int | None:
        index = self.table.currentIndex()
        suggestion = self.model.suggestion(index.row()) if index.isValid() else None
        return suggestion.account_id if suggestion else None

    def show_account(self, row: int) -> None:
        """Brief and history of the account on ``row``."""
        suggestion = self.model.suggestion(row)
        self._update_buttons()
        if suggestion is not None:
            self.map.select([suggestion.account_id])
            self.show_brief(suggestion.account_id)

    def _pin_clicked(self, account_id: int) -> None:
        """A pin clicked on the map: its row in the table."""
        row = next((n for n, s in enumerate(self.model.suggestions)
                    if s.account_id == account_id), None)
        if row is not None:
            self.table.selectRow(row)

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

        self.brief_job = Operation(self.tasks, work, shown, on_failure=self._failed).run()
        return self.brief_job

    # -- actions --------------------------------------------------------------------------
    def request_plan(self, kind: str) -> None:
        ids = self.model.checked_ids()
        if ids:
            self.plan_requested.emit(ids, self.selected_day(), kind)

    def log_planned_stop(self) -> VisitDialog | None:
        """The visit form for the selected stop, its planned times filled in (or the logged
        visit, to change it)."""
        stop = self.selected_stop()
        if stop is None or stop.account_id is None:
            return None
        return self._open(VisitDialog(self.store, self.tasks, stop.account_id, self,
                                      day=self.selected_day(), visit=stop.visit,
                                      plan_stop_id=stop.stop_id,
                                      planned=(stop.start, stop.end)))

    def _plan_rest(self) -> None:
        """To the planner: from the last stop done (the rest of the day from there), or, when
        none is done yet, the stops still to make."""
        last = self.stops.last_done()
        if last is not None and last.account_id is not None:
            self.replan_requested.emit(last.plan_id, last.account_id)
            return
        rest = [p.account_id for p in self.stops.stops if p.account_id is not None]
        if rest:
            self.plan_requested.emit(rest, self.selected_day(), "day")

    def log_selected(self, mode: Mode = Mode.IN_PERSON) -> VisitDialog | None:
        account_id = self.selected_account()
        if account_id is None:
            return None
        return self.log_visit(account_id, mode=mode)

    def log_visit(self, account_id: int, *, mode: Mode = Mode.IN_PERSON) -> VisitDialog:
        """Open the visit form for an account (ad hoc, on the page's day)."""
        day = min(self.selected_day(), date.today())
        return self._open(VisitDialog(self.store, self.tasks, account_id, self, day=day,
                                      mode=mode))

    def _open(self, dialog: VisitDialog) -> VisitDialog:
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

    def close_follow_up(self, follow_up: FollowUpData) -> Job:
        """Mark a follow-up done today (on the worker)."""
        store = self.store

        def closed(_result: object) -> None:
            self.changed.emit()
            self.refresh()

        return Operation(self.tasks,
                         lambda _job: close_follow_up(store, follow_up.id, date.today()),
                         closed, on_failure=self._failed).run()

    def _follow_up_activated(self, follow_up: FollowUpData) -> None:
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
        self.stops.update_buttons()
