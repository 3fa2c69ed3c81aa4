"""The Plan page: choose accounts, plan a day or a week, see it, change it, save, export.

The rep picks the accounts (from the Accounts table or a lasso on its map, through the
window's "Plan the selected accounts…"), a date, a start and an end, and presses
Optimise.  The search runs in the background with progress and Cancel (which returns at
once with the best plan so far); the page shows the day's stops, its totals, the route on
its own map and the accounts left out with their reasons.  Stops can be locked (at their
place in the day, and at a time if the rep sets one) and moved by hand: a moved order is
worked out and what it breaks is shown, never silently accepted; Re-optimise plans the
day again around the locked stops, or says in words which lock makes it impossible.
Mid-day, "Re-plan from here" plans the rest of the day from a stop.  The planning itself
is :mod:`fieldrep.usecases`; the page wires the widgets of :mod:`ui.plan` to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from fieldrep.planning.model import DayPlan, DroppedAccount
from fieldrep.planning.route_map import PlanMap
from fieldrep.store import Store
from fieldrep.usecases.planning import PlanDefaults, plan_defaults
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.plan.accounts_model import PlanAccountsModel
from ui.plan.accounts_panel import AccountsPanel
from ui.plan.day_panel import DayPanel
from ui.plan.jobs import PlanJobs
from ui.plan.keeping import PlanKeeping
from ui.plan.left_out import LeftOutList
from ui.plan.lock_dialog import LockDialog
from ui.plan.map_panel import MapPanel
from ui.plan.request_bar import RequestBar
from ui.plan.save_bar import SaveBar
from ui.plan.stops_model import StopsModel
from ui.plan.summary import Summary

T = TypeVar("T")


class PlanPage(QWidget):
    """Plan a day or a week of visits, look at it on a timeline and a map, keep it."""

    #: A status line for the window (plain text).
    message = Signal(str)
    #: A plan starts or ends at home, and no home base is set: the window asks for it.
    home_needed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None,
                 tiles: bool = True) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.tiles = store, tasks, tiles
        self.days: list[DayPlan] = []  # the plan shown (one day, or the days of a week)
        self.week_dropped: list[DroppedAccount] = []
        self.travel_note = ""
        self.kind = "day"
        self.done: list[int] = []  # visits already made (re-planned from a stop, or logged)
        self.saved_id: int | None = None  # the plan shown, once saved
        self.located: dict[int, tuple[float, float]] = {}
        self.addresses: dict[int, str] = {}
        self.job: Job | None = None  # the job the page waits on (None: idle)
        self._generation = 0
        self._build()
        self.jobs = PlanJobs(self)
        self.keeping = PlanKeeping(self)
        self._wire()
        self.update_buttons()
        untouched = self.date.date()
        Operation(tasks, lambda _job: plan_defaults(store),
                  lambda defaults: self._defaults(defaults, untouched), parent=self).run()
        # The solver's process server loads OR-Tools once, before the first Optimise (on a
        # thread of its own: neither the window nor the other pages wait for it).
        Operation(tasks, lambda _job: _prepare_engine(), lambda _none: None,
                  on_failure=lambda _message: None, long=True).run()

    def _build(self) -> None:
        self.request = RequestBar()
        self.date, self.mode = self.request.date, self.request.mode  # the window sets them
        self.save_bar = SaveBar()
        self.accounts_model = PlanAccountsModel()
        self.accounts = AccountsPanel(self.accounts_model)
        self.stops = StopsModel()
        self.day_panel = DayPanel(self.stops)
        self.summary = Summary()
        self.left_out = LeftOutList()
        self.map = MapPanel()
        bar = QHBoxLayout()
        bar.addWidget(self.request)
        bar.addStretch(1)
        bar.addWidget(self.save_bar)
        timeline = QWidget()
        box = QVBoxLayout(timeline)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.day_panel, 1)
        box.addWidget(self.summary)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(timeline)
        middle.addWidget(self.left_out)
        middle.setStretchFactor(0, 4)
        middle.setStretchFactor(1, 1)
        splitter = QSplitter()
        for n, (widget, stretch) in enumerate(((self.accounts, 2), (middle, 5),
                                               (self.map, 4))):
            splitter.addWidget(widget)
            splitter.setStretchFactor(n, stretch)
        splitter.setSizes([240, 660, 420])
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(line)
        layout.addWidget(splitter, 1)

    def _wire(self) -> None:
        self.request.optimise_clicked.connect(self.optimise)
        self.request.cancel_clicked.connect(self.cancel)
        self.request.week_toggled.connect(self.accounts.show_week)
        self.date.dateChanged.connect(
            lambda day: self.accounts_model.set_first_day(day.toPython()))
        self.accounts_model.set_first_day(self.request.first_day())
        self.accounts.changed.connect(lambda: self.set_accounts(self.accounts_model.ids()))
        self.day_panel.day_chosen.connect(lambda _index: self._show_day())
        self.day_panel.selection_changed.connect(self.update_buttons)
        self.day_panel.move_requested.connect(self.jobs.move_selected)
        self.day_panel.reoptimise_clicked.connect(self.reoptimise)
        self.day_panel.lock_at_clicked.connect(self.ask_lock)
        self.day_panel.replan_clicked.connect(self.jobs.replan_selected)
        self.save_bar.open_clicked.connect(self.keeping.choose_saved_plan)
        self.save_bar.save_clicked.connect(self.keeping.save)
        self.save_bar.export_clicked.connect(self.keeping.choose_export_file)
        self.save_bar.driven_clicked.connect(self.keeping.ask_driven)

    def _defaults(self, defaults: PlanDefaults, untouched: QDate) -> None:
        """The next working day (unless a date was chosen meanwhile) and the start."""
        if self.date.date() == untouched:
            self.date.setDate(QDate(defaults.first_day))
        if not self.request.start.text():
            self.request.set_home(defaults.has_home)

    # -- what the window, the tests and the rep's buttons call ------------------------------
    @property
    def account_ids(self) -> list[int]:
        return self.accounts_model.ids()

    @property
    def locked(self) -> list[int]:
        """The locked stops of the day shown, in the order they were locked."""
        return self.stops.locked

    @locked.setter
    def locked(self, ids: Sequence[int]) -> None:
        self.stops.locked = list(ids)

    def set_accounts(self, ids: Sequence[int]) -> Job:
        """Plan these accounts (from the table selection or a lasso)."""
        return self.jobs.set_accounts(ids)

    def add_appointment(self, account_id: int, at: time, day: date | None = None) -> None:
        """Make the visit to an account an appointment at ``at`` (adds it if needed); in a
        week, on ``day`` (the first day unless given)."""
        self.accounts_model.set_appointment(account_id, at, day)

    def appointments(self) -> dict[int, time]:
        return self.accounts_model.appointments()

    def optimise(self) -> Job | None:
        return self.jobs.optimise()

    def reoptimise(self) -> Job | None:
        return self.jobs.reoptimise()

    def cancel(self) -> None:
        """Stop the search: the best plan found so far comes back."""
        if self.job is not None:
            self.job.cancel()
            self.request.show_progress("Stopping…")

    def replan_from_stop(self, account_id: int, now: time | None = None) -> Job | None:
        """The rep is at this stop: plan the rest of the day from here (see PlanJobs)."""
        return self.jobs.replan_from_stop(account_id, now)

    def open_plan(self, plan_id: int) -> Job:
        return self.keeping.open_plan(plan_id)

    def save(self) -> Job | None:
        return self.keeping.save()

    def export_day(self, path: Path) -> Job | None:
        return self.keeping.export_day(path)

    def record_driven(self, metres: int, unit: str = "km") -> Job | None:
        return self.keeping.record_driven(metres, unit)

    def set_locked(self, account_id: int, locked: bool, at: time | None = None) -> None:
        """Lock a stop at its place in the day (and at ``at`` when given), or unlock it."""
        if locked:
            self.stops.lock_at(account_id, at)
        else:
            self.stops.set_locked(account_id, False)

    def ask_lock(self) -> None:
        """Lock the selected stop at its place, asking whether at a time too."""
        account_id, day = self.selected_stop(), self.current_day()
        if account_id is None or day is None:
            return
        order = self.timeline_ids()
        stop = day.stops[order.index(account_id)]
        held = self.stops.lock_times.get(account_id)
        dialog = LockDialog(stop.name, order.index(account_id) + 1, held or stop.start,
                            timed=held is not None or stop.appointment, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if dialog.exec() == LockDialog.DialogCode.Accepted:
            self.set_locked(account_id, True, dialog.at)

    def selected_stop(self) -> int | None:
        return self.day_panel.selected_stop()

    def select_stop(self, account_id: int) -> None:
        self.day_panel.select_stop(account_id)

    def timeline_ids(self) -> list[int]:
        """The account ids of the current day's stops, in the timeline's order."""
        return self.stops.stop_ids()

    def dropped_texts(self) -> list[str]:
        return self.left_out.texts()

    # -- showing a plan ---------------------------------------------------------------------
    def current_day(self) -> DayPlan | None:
        if not self.days:
            return None
        index = self.day_panel.current_index() if self.kind == "week" else 0
        return self.days[max(0, min(index, len(self.days) - 1))]

    def show_plan(self, days: Sequence[DayPlan], dropped: Sequence[DroppedAccount],
                  note: str, kind: str, index: int = 0) -> None:
        """Show a plan (a changed plan is not the saved one any more)."""
        self.saved_id = None
        self.days, self.week_dropped = list(days), list(dropped)
        known = self.appointments()
        for day in days:  # the booked appointments the planner added show their time too
            for stop in day.stops:
                if stop.appointment_at is not None and stop.account_id not in known:
                    self.accounts_model.set_appointment(stop.account_id, stop.appointment_at,
                                                        day.day if kind == "week" else None)
        self.travel_note, self.kind = note, kind
        self.day_panel.show_tabs(self.days if kind == "week" else [], index)
        self._show_day()

    def _show_day(self) -> None:
        day = self.current_day()
        self.stops.show_day(day, locked=self.locked, done=self.done)
        self.summary.show_day(day, self.travel_note)
        dropped = list(self.week_dropped) if self.kind == "week" else []
        self.left_out.show_dropped(dropped + (list(day.dropped) if day else []))
        self.update_buttons()

    def show_map(self, drawn: PlanMap) -> None:
        """Load a map page written in the background, and keep where its accounts are."""
        self.located.update(drawn.located)
        self.addresses.update(drawn.addresses)
        self.map.load_page(drawn.page)

    # -- background work --------------------------------------------------------------------
    def run(self, work: Callable[[Job], T], on_done: Callable[[T], None], busy: str = "",
            *, long: bool = False, failure: str = "Could not plan") -> Job:
        """Run ``work`` as the page's job; a newer job makes its result stale (dropped)."""
        newest = self.newest()

        def done(result: T) -> None:
            if newest():
                self.set_busy(False)
                on_done(result)

        def failed(message: str) -> None:
            if newest():
                self.set_busy(False)
                self.summary.show_error(f"{failure}: {message}")

        if busy:
            self.set_busy(True, busy)
        self.job = Operation(self.tasks, work, done, parent=self, on_failure=failed,
                             progress=lambda _d, _t, text: self.request.show_progress(text),
                             long=long).run()
        self.update_buttons()
        return self.job

    def newest(self) -> Callable[[], bool]:
        """Start a new piece of work; the function returned tells whether it still is the
        newest (a result that is not is dropped)."""
        self._generation += 1
        generation = self._generation
        return lambda: generation == self._generation

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.request.set_busy(busy, text)
        if not busy:
            self.job = None
        self.update_buttons()

    def update_buttons(self) -> None:
        idle, has_plan = self.job is None, bool(self.days)
        self.day_panel.enable(idle, has_plan)
        self.save_bar.enable(idle, has_plan, self.saved_id is not None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.map.release()
        super().closeEvent(event)


def _prepare_engine() -> None:
    """Start the route engine's solver process (OR-Tools is imported here, on the worker)."""
    from fieldrep.planning import engine

    engine.prepare()
