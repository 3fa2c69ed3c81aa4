"""The Plan page: choose accounts, plan a day or a week, see it, change it, save, export.

The rep picks the accounts (from the Accounts table or a lasso on its map, through the
window's "Plan the selected accounts…"), a date, a start and an end, and presses
Optimise.  The solver runs on the window's one worker with progress and Cancel; the page
shows the day's timeline, its totals, the route on its own map with numbered stops and the
accounts left out with their reasons.  Stops can be locked and moved by hand: a moved
order is worked out on the worker (:func:`fieldrep.planning.evaluate.evaluate_day`) and
what it breaks is shown, never silently accepted; Re-optimise keeps the locked stops
first.  Mid-day, "Re-plan from here" on a stop plans the rest of the day from that stop
(the visits up to it are done and kept) and shows the day with its new remainder.  In a
week, each appointment has its day.  A saved plan takes the distance really driven each
day (in the rep's unit).  Every text from the store is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.service import AccountFilter, list_accounts
from fieldrep.common.hours import parse_weekdays
from fieldrep.maps.territory_map import OSM_TILES, MapOptions, map_points, write_map
from fieldrep.planning import engine
from fieldrep.planning.day import plan_day, replan_from
from fieldrep.planning.evaluate import evaluate_day
from fieldrep.planning.export import DAY_COLOURS, route_line, write_day
from fieldrep.planning.home import home_point
from fieldrep.planning.model import Appointment, DayPlan, DroppedAccount, Totals
from fieldrep.planning.requests import day_request, parse_place, week_request
from fieldrep.planning.saved import (
    METRES_PER,
    list_plans,
    load_plan,
    record_driven,
    save_plan,
)
from fieldrep.planning.week import DatedAppointment, plan_week
from fieldrep.settings.registry import get_settings
from fieldrep.store import Store
from fieldrep.travel import make_travel_model
from fieldrep.visits.planned import visited_in_plan
from ui.kit.tasks import Job, TaskRunner
from ui.plan.driven_dialog import DrivenDialog
from ui.widgets.map_view import MapView

DAY_SECONDS = 1.0  # solver budget of a day
WEEK_SECONDS = 3.0
NO_TIME = QTime(0, 0)  # an appointment editor at 00:00 means "no appointment"
COLUMNS = ("#", "Lock", "Arrive", "Visit", "Account", "Drive", "Wait", "Notes")
_ROW_ID = Qt.ItemDataRole.UserRole


def _minutes(seconds: int) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _item(text: str, *, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _plain_label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


class PlanPage(QWidget):
    """Plan a day or a week of visits, look at it on a timeline and a map, keep it."""

    #: A status line for the window (plain text).
    message = Signal(str)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None,
                 tiles: bool = True) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.tiles = tiles
        self.account_ids: list[int] = []
        self.names: dict[int, str] = {}
        self.days: list[DayPlan] = []  # the plan shown (one day, or the days of a week)
        self.week_dropped: list[DroppedAccount] = []
        self.located: dict[int, tuple[float, float]] = {}
        self.addresses: dict[int, str] = {}
        self.locked: list[int] = []  # locked account ids (their order is the timeline's)
        self.problems: tuple[str, ...] = ()
        self.travel_note = ""
        self.done: list[int] = []  # visits already made today (re-planned from a stop)
        self.saved_id: int | None = None  # the plan shown, once saved
        self.job: Job | None = None
        self._generation = 0
        self._kind = "day"
        self._watching = False
        self._build()
        self._load_defaults()
        QTimer.singleShot(0, self, self._watch_window)
        # The solver's process server loads OR-Tools once, before the first Optimise.
        self.tasks.submit(lambda _job: engine.prepare())

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
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
            field.setToolTip("home, a town, or LAT,LON")
            field.setMinimumWidth(110)
            field.setMaximumWidth(240)
        self.end.setPlaceholderText("same as start")
        self.optimise_button = QPushButton("Optimise")
        self.optimise_button.setDefault(True)
        self.optimise_button.setStyleSheet("QPushButton { font-weight: bold; padding: 4px 14px; }")
        self.optimise_button.clicked.connect(self.optimise)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy_label = _plain_label()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Calendar (.ics), GPX route or navigation links (.txt)")
        self.export_button.clicked.connect(self.choose_export_file)
        self.driven_button = QPushButton("Driven…")
        self.driven_button.setToolTip("Record the distance really driven on this day of the "
                                      "saved plan")
        self.driven_button.clicked.connect(self.ask_driven)
        self.open_button = QPushButton("Open saved…")
        self.open_button.setToolTip("Show a plan saved before (its visits logged are greyed)")
        self.open_button.clicked.connect(self.choose_saved_plan)
        bar = QHBoxLayout()
        for widget in (QLabel("Date"), self.date, self.mode, self.week_days, QLabel("Start"),
                       self.start, QLabel("End"), self.end, self.optimise_button, self.busy,
                       self.busy_label, self.cancel_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.driven_button)
        self._set_busy(False)

        # Left: the accounts to plan, with an appointment time each.
        self.accounts_label = _plain_label("Accounts to plan (0)",
                                           "font-weight: bold")
        self.accounts_list = QTableWidget(0, 3)
        self.accounts_list.setHorizontalHeaderLabels(["Account", "Appointment", "Day"])
        self.accounts_list.verticalHeader().setVisible(False)
        self.accounts_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.accounts_list.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.accounts_list.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.accounts_list.setColumnHidden(2, True)
        self.accounts_list.verticalHeader().setDefaultSectionSize(26)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected_accounts)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(lambda: self.set_accounts([]))
        hint = _plain_label("Select accounts in the Accounts table, or draw a lasso on its "
                            "map, then Accounts ▸ Plan the selected accounts (Ctrl+P). Set a "
                            "time to make a visit an appointment.", "color: #666")
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.accounts_label)
        column.addWidget(self.accounts_list, 1)
        column.addLayout(buttons)
        column.addWidget(hint)

        # Middle: the timeline, the totals, the warnings, what was left out.
        self.day_tabs = QTabBar()
        self.day_tabs.setVisible(False)
        self.day_tabs.currentChanged.connect(self._day_changed)
        self.timeline = QTableWidget(0, len(COLUMNS))
        self.timeline.setHorizontalHeaderLabels(list(COLUMNS))
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.verticalHeader().setDefaultSectionSize(24)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setAlternatingRowColors(True)
        header = self.timeline.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.timeline.itemChanged.connect(self._lock_changed)
        self.timeline.itemSelectionChanged.connect(self._update_buttons)
        self.up_button = QPushButton("▲ Move up")
        self.down_button = QPushButton("▼ Move down")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.reoptimise_button = QPushButton("Re-optimise")
        self.reoptimise_button.setToolTip("Plan the day again, keeping the locked stops first "
                                          "in their order")
        self.reoptimise_button.clicked.connect(self.reoptimise)
        self.replan_button = QPushButton("Re-plan from here")
        self.replan_button.setToolTip("You are at the selected stop: plan the rest of the day "
                                      "from it, keeping the visits up to it as done")
        self.replan_button.clicked.connect(self.replan_selected)
        edit_row = QHBoxLayout()
        for widget in (self.up_button, self.down_button, self.reoptimise_button,
                       self.replan_button):
            edit_row.addWidget(widget)
        edit_row.addStretch(1)
        self.totals = _plain_label("", "padding: 4px 2px; color: #1f2937")
        self.warnings = _plain_label("", "background: #fff4d6; color: #7a4b00; border: 1px "
                                     "solid #e6b84c; border-radius: 4px; padding: 6px;")
        self.warnings.setVisible(False)
        self.status = _plain_label("Choose accounts, then Optimise.", "color: #555")
        self.dropped_label = _plain_label("Left out (0)", "font-weight: bold")
        self.dropped = QListWidget()
        self.dropped.setWordWrap(True)
        self.dropped.setAlternatingRowColors(True)
        timeline_box = QWidget()
        box = QVBoxLayout(timeline_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.day_tabs)
        box.addWidget(self.timeline, 1)
        box.addLayout(edit_row)
        box.addWidget(self.totals)
        box.addWidget(self.warnings)
        box.addWidget(self.status)
        dropped_box = QWidget()
        box = QVBoxLayout(dropped_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.dropped_label)
        box.addWidget(self.dropped, 1)
        self.middle = QSplitter(Qt.Orientation.Vertical)
        self.middle.addWidget(timeline_box)
        self.middle.addWidget(dropped_box)
        self.middle.setStretchFactor(0, 4)
        self.middle.setStretchFactor(1, 1)

        self.map = MapView()
        self.map.setMinimumSize(280, 240)
        self.map.bridge.ready.connect(lambda: self.map.run("FieldRep.fitAll()"))

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.middle)
        self.splitter.addWidget(self.map)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setSizes([240, 660, 420])
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(line)
        layout.addWidget(self.splitter, 1)
        self._update_buttons()

    def _load_defaults(self) -> None:
        settings = get_settings(self.store)
        self.date.setDate(QDate(next_working_day(settings)))
        if home_point(settings) is not None:
            self.start.setText("home")
            self.start.setPlaceholderText("home, a town, or LAT,LON")
        else:
            self.start.setPlaceholderText("no home base: a town or LAT,LON")

    def map_options(self) -> MapOptions:
        settings = get_settings(self.store)
        return MapOptions(tiles=self.tiles and settings.get("map.tiles", "osm") != "none",
                          tile_url=settings.get("map.tile_url") or OSM_TILES,
                          home=home_point(settings), home_label=settings.get("home.address", ""))

    # -- the accounts to plan -------------------------------------------------------------
    def set_accounts(self, ids: Sequence[int]) -> Job:
        """Plan these accounts (from the table selection or a lasso); names load on the
        worker, and the map shows them."""
        self.account_ids = list(dict.fromkeys(int(i) for i in ids))
        self._fill_accounts()
        wanted = list(self.account_ids)
        store, options = self.store, self.map_options()
        path = self.map.next_page_path()
        self._generation += 1
        generation = self._generation

        def work(_job: Job) -> dict[str, Any]:
            where = AccountFilter(ids=frozenset(wanted))
            accounts = list_accounts(store, where=where, limit=len(wanted)) if wanted else []
            points = map_points(store, where) if wanted else []
            write_map(path, points, (), options)
            return {"names": {a.id: a.name for a in accounts}, "page": path}

        def done(result: dict[str, Any]) -> None:
            self.names.update(result["names"])
            self._fill_accounts()
            if generation == self._generation:
                self.map.load_page(result["page"])

        return self.tasks.submit(work, done, self._failed)

    def add_appointment(self, account_id: int, at: time, day: date | None = None) -> None:
        """Make the visit to an account an appointment at ``at`` (adds it if needed); in a
        week, on ``day`` (the first day unless given)."""
        if account_id not in self.account_ids:
            self.account_ids.append(account_id)
            self._fill_accounts()
        editor = self._time_editor(account_id)
        if editor is not None:
            editor.setTime(QTime(at.hour, at.minute))
        day_editor = self._day_editor(account_id)
        if day_editor is not None and day is not None:
            day_editor.setDate(QDate(day))

    def appointment_days(self) -> dict[int, date]:
        """Account id -> the day of its appointment in a week plan."""
        found = {}
        for account_id in self.account_ids:
            editor = self._day_editor(account_id)
            if editor is not None:
                found[account_id] = editor.date().toPython()
        return found

    def _day_editor(self, account_id: int) -> QDateEdit | None:
        if account_id not in self.account_ids:
            return None
        widget = self.accounts_list.cellWidget(self.account_ids.index(account_id), 2)
        return widget if isinstance(widget, QDateEdit) else None

    def _mode_changed(self, _index: int) -> None:
        week = self.mode.currentData() == "week"
        self.week_days.setVisible(week)
        self.accounts_list.setColumnHidden(2, not week)

    def appointments(self) -> dict[int, time]:
        """Account id -> appointment time, as the list shows them."""
        found = {}
        for account_id in self.account_ids:
            editor = self._time_editor(account_id)
            if editor is not None and editor.time() != NO_TIME:
                found[account_id] = time(editor.time().hour(), editor.time().minute())
        return found

    def _time_editor(self, account_id: int) -> QTimeEdit | None:
        if account_id not in self.account_ids:
            return None
        widget = self.accounts_list.cellWidget(self.account_ids.index(account_id), 1)
        return widget if isinstance(widget, QTimeEdit) else None

    def _fill_accounts(self) -> None:
        kept = self.appointments() if self.accounts_list.rowCount() else {}
        days = self.appointment_days() if self.accounts_list.rowCount() else {}
        self.accounts_list.setRowCount(len(self.account_ids))
        for row, account_id in enumerate(self.account_ids):
            item = _item(self.names.get(account_id, f"Account #{account_id}"))
            item.setData(_ROW_ID, account_id)
            item.setToolTip(item.text())
            self.accounts_list.setItem(row, 0, item)
            editor = QTimeEdit()
            editor.setDisplayFormat("HH:mm")
            editor.setSpecialValueText("—")
            editor.setMinimumTime(NO_TIME)
            editor.setToolTip("Appointment time (— : no appointment, any time it fits)")
            at = kept.get(account_id)
            editor.setTime(QTime(at.hour, at.minute) if at else NO_TIME)
            self.accounts_list.setCellWidget(row, 1, editor)
            self.accounts_list.setCellWidget(row, 2, self._new_day_editor(days.get(account_id)))
        self.accounts_label.setText(f"Accounts to plan ({len(self.account_ids)})")
        self._update_buttons()

    def _new_day_editor(self, day: date | None) -> QDateEdit:
        editor = QDateEdit(QDate(day) if day else self.date.date(), calendarPopup=True)
        editor.setDisplayFormat("ddd d MMM")
        editor.setToolTip("The day of the appointment in the week")
        return editor

    def remove_selected_accounts(self) -> None:
        rows = {i.row() for i in self.accounts_list.selectionModel().selectedRows()}
        kept, days = self.appointments(), self.appointment_days()
        ids = [a for n, a in enumerate(self.account_ids) if n not in rows]
        self.set_accounts(ids)
        for account_id, at in kept.items():
            if account_id in ids:
                self.add_appointment(account_id, at, days.get(account_id))

    # -- optimise -------------------------------------------------------------------------
    def optimise(self) -> Job | None:
        """Plan the chosen accounts for the day (or week) on the worker."""
        if not self.account_ids:
            self._show_error("Choose the accounts to plan first: select them in the Accounts "
                             "table (or draw a lasso on its map) and use Accounts ▸ Plan the "
                             "selected accounts.")
            return None
        self.locked = []
        self.done = []
        return self._plan(locked=())

    def reoptimise(self) -> Job | None:
        """Plan again with the locked stops first, in their current order."""
        day = self.current_day()
        if day is None:
            return self.optimise()
        locked = [s.account_id for s in day.stops if s.account_id in self.locked]
        if self._kind == "week":
            return self._plan(locked=locked, only=day)
        return self._plan(locked=locked)

    def _plan(self, locked: Sequence[int], only: DayPlan | None = None) -> Job:
        store = self.store
        ids = list(self.account_ids)
        appointments = self.appointments()
        appointment_days = self.appointment_days()
        first = self.date.date().toPython()
        kind = "week" if self.mode.currentData() == "week" else "day"
        if only is not None:
            kind, ids = "week-day", [s.account_id for s in only.stops]
        count = self.week_days.value()
        start_text, end_text = self.start.text(), self.end.text()
        options = self.map_options()
        path = self.map.next_page_path()
        locked = tuple(locked)
        week_index = self.day_tabs.currentIndex()

        def work(job: Job) -> dict[str, Any]:
            found = [0]

            def progress(_cost: int) -> None:
                found[0] += 1
                job.report(found[0], 0, f"{found[0]} better plan"
                           f"{'s' if found[0] != 1 else ''} found")

            settings = get_settings(store)
            travel = make_travel_model(settings, store=store)
            if kind == "week-day":
                assert only is not None
                request = day_request(store, only.day, ids, start=only.start, end=only.end,
                                      appointments=_appointments(appointments, ids),
                                      locked=locked)
                days = [plan_day(request, travel, time_limit=DAY_SECONDS, progress=progress,
                                 cancelled=job.cancelled)]
                dropped: list[DroppedAccount] = []
                note = days[0].travel_note
            else:
                start = parse_place(store, start_text)
                end = parse_place(store, end_text) if end_text.strip() else start
                if kind == "day":
                    request = day_request(store, first, ids, start=start, end=end,
                                          appointments=_appointments(appointments, ids),
                                          locked=locked)
                    days = [plan_day(request, travel, time_limit=DAY_SECONDS,
                                     progress=progress, cancelled=job.cancelled)]
                    dropped, note = [], days[0].travel_note
                else:
                    wreq = week_request(store, first, count, ids, start=start, end=end,
                                        appointments=[
                                            DatedAppointment(a, appointment_days.get(a, first), at)
                                            for a, at in appointments.items()])
                    week = plan_week(wreq, travel, time_limit=WEEK_SECONDS, progress=progress,
                                     cancelled=job.cancelled)
                    days, dropped, note = list(week.days), list(week.dropped), week.travel_note
            return {"days": days, "dropped": dropped, "note": note, "cancelled":
                    job.cancelled(), **_map_page(store, path, ids, days, options)}

        self._generation += 1
        generation = self._generation
        self._set_busy(True, "Optimising…")
        self.warnings.setVisible(False)
        job = self.tasks.submit(
            work, lambda r: self._planned(generation, kind, r, week_index),
            lambda m: self._plan_failed(generation, m))
        job.progress.connect(lambda _d, _t, text: self.busy_label.setText(text))
        self.job = job
        return job

    def cancel(self) -> None:
        """Stop the solver: the best plan found so far comes back."""
        if self.job is not None:
            self.job.cancel()
            self.busy_label.setText("Stopping…")

    def _planned(self, generation: int, kind: str, result: dict[str, Any],
                 week_index: int) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.located.update(result["located"])
        self.addresses.update(result["addresses"])
        if kind == "week-day":
            days = list(self.days)
            days[week_index] = result["days"][0]
            self._show_plan(days, self.week_dropped, result["note"], "week", week_index)
        else:
            self._show_plan(result["days"], result["dropped"], result["note"], kind, 0)
        self.map.load_page(result["page"])
        stops = sum(len(d.stops) for d in self.days)
        text = f"Planned {stops} visit{'s' if stops != 1 else ''}"
        if kind == "week":
            text += f" over {len(self.days)} days"
        if result["cancelled"]:
            text += " (stopped early: the best plan found so far)"
        self._show_info(text + ".")

    def _plan_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self._show_error(f"Could not plan: {message}")

    # -- showing a plan -------------------------------------------------------------------
    def _show_plan(self, days: Sequence[DayPlan], dropped: Sequence[DroppedAccount],
                   note: str, kind: str, index: int) -> None:
        self.saved_id = None  # a changed plan is not the saved one any more
        self.days = list(days)
        self.week_dropped = list(dropped)
        self.travel_note = note
        self._kind = kind
        self.day_tabs.blockSignals(True)
        while self.day_tabs.count():
            self.day_tabs.removeTab(0)
        if kind == "week":
            for n, d in enumerate(self.days):
                self.day_tabs.addTab(f"{d.day:%a %d %b} · {len(d.stops)}")
                self.day_tabs.setTabTextColor(n, _colour(DAY_COLOURS[n % len(DAY_COLOURS)]))
            self.day_tabs.setCurrentIndex(min(index, max(0, len(self.days) - 1)))
        self.day_tabs.setVisible(kind == "week")
        self.day_tabs.blockSignals(False)
        self._show_day()

    def current_day(self) -> DayPlan | None:
        if not self.days:
            return None
        index = self.day_tabs.currentIndex() if self._kind == "week" else 0
        return self.days[max(0, min(index, len(self.days) - 1))]

    def _day_changed(self, _index: int) -> None:
        self._show_day()

    def _show_day(self) -> None:
        day = self.current_day()
        self.timeline.blockSignals(True)
        self.timeline.setRowCount(0)
        if day is None:
            self.timeline.blockSignals(False)
            self.totals.setText("")
            self._fill_dropped()
            self._update_buttons()
            return
        self.locked = [a for a in self.locked if a in {s.account_id for s in day.stops}]
        rows: list[list[QTableWidgetItem]] = [self._place_row(
            "", f"{day.departure:%H:%M}", f"Leave {day.start.label}")]
        lunch_done = day.lunch is None
        for n, stop in enumerate(day.stops, start=1):
            if not lunch_done and day.lunch and day.lunch[0] <= stop.arrival:
                rows.append(self._lunch_row(day))
                lunch_done = True
            rows.append(self._stop_row(n, stop))
        if not lunch_done:
            rows.append(self._lunch_row(day))
        rows.append(self._place_row(
            "", f"{day.return_time:%H:%M}", f"Back at {day.end.label}",
            f"{day.last_leg_metres / 1000:.1f} km · {day.last_leg_seconds // 60} min"))
        self.timeline.setRowCount(len(rows))
        for r, items in enumerate(rows):
            for c, item in enumerate(items):
                self.timeline.setItem(r, c, item)
        self.timeline.blockSignals(False)
        t = day.totals
        text = (f"{day.day:%A %d %B}: {len(day.stops)} visit{'s' if len(day.stops) != 1 else ''}"
                f", out {day.departure:%H:%M}–{day.return_time:%H:%M} · driving "
                f"{_minutes(t.drive_seconds)}, {t.distance_metres / 1000:.1f} km · meetings "
                f"{_minutes(t.meeting_seconds)} · idle {_minutes(t.idle_seconds)}")
        if t.break_seconds:
            text += f" · lunch {_minutes(t.break_seconds)}"
        if self.travel_note:
            text += f"\n{self.travel_note}"
        self.totals.setText(text)
        self._show_problems(day.problems)
        self._fill_dropped()
        self._update_buttons()

    def _stop_row(self, number: int, stop: Any) -> list[QTableWidgetItem]:
        first = _item(str(number), align_right=True)
        first.setData(_ROW_ID, stop.account_id)
        lock = QTableWidgetItem()
        lock.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsUserCheckable)
        lock.setCheckState(Qt.CheckState.Checked if stop.account_id in self.locked
                           else Qt.CheckState.Unchecked)
        lock.setData(_ROW_ID, stop.account_id)
        lock.setToolTip("Lock: keep this stop first, in this order, when re-optimising")
        notes = []
        if stop.appointment:
            at = self.appointments().get(stop.account_id, stop.start)
            notes.append(f"appt {at:%H:%M}")
        if stop.account_id in self.done:
            notes.append("done")
        if stop.account_id in self.locked:
            notes.append("locked")
        name = _item(stop.name)
        name.setToolTip(stop.name)
        items = [first, lock, _item(f"{stop.arrival:%H:%M}"),
                 _item(f"{stop.start:%H:%M}–{stop.end:%H:%M}"), name,
                 _item(f"{stop.leg_metres / 1000:.1f} km · {stop.leg_seconds // 60} min",
                       align_right=True),
                 _item(f"{stop.wait_minutes} min" if stop.wait_minutes else "",
                       align_right=True),
                 _item(" · ".join(notes))]
        if stop.account_id in self.done:  # a visit made: greyed, the rest of the day stands out
            for item in items:
                item.setForeground(Qt.GlobalColor.gray)
        return items

    @staticmethod
    def _place_row(number: str, at: str, text: str, leg: str = "") -> list[QTableWidgetItem]:
        items = [_item(number), _item(""), _item(at), _item(""), _item(text),
                 _item(leg, align_right=True), _item(""), _item("")]
        for item in items:
            item.setForeground(Qt.GlobalColor.darkGray)
        return items

    @staticmethod
    def _lunch_row(day: DayPlan) -> list[QTableWidgetItem]:
        assert day.lunch is not None
        items = [_item(""), _item(""), _item(""),
                 _item(f"{day.lunch[0]:%H:%M}–{day.lunch[1]:%H:%M}"), _item("Lunch break"),
                 _item(""), _item(""), _item("")]
        for item in items:
            item.setBackground(_colour("#eef6ee"))
        return items

    def _fill_dropped(self) -> None:
        self.dropped.clear()
        day = self.current_day()
        dropped = list(self.week_dropped) if self._kind == "week" else []
        if day is not None:
            dropped += list(day.dropped)
        seen = set()
        for d in dropped:
            if d.account_id in seen:
                continue
            seen.add(d.account_id)
            self.dropped.addItem(f"{d.name}: {d.reason}")
        self.dropped_label.setText(f"Left out ({len(seen)})")

    def timeline_ids(self) -> list[int]:
        """The account ids of the current day's stops, in the timeline's order."""
        day = self.current_day()
        return [] if day is None else [s.account_id for s in day.stops]

    def dropped_texts(self) -> list[str]:
        return [self.dropped.item(i).text() for i in range(self.dropped.count())]

    # -- lock, move, check ----------------------------------------------------------------
    def set_locked(self, account_id: int, locked: bool) -> None:
        """Lock (or unlock) a stop of the day shown."""
        for row in range(self.timeline.rowCount()):
            item = self.timeline.item(row, 1)
            if item is not None and item.data(_ROW_ID) == account_id:
                item.setCheckState(Qt.CheckState.Checked if locked else Qt.CheckState.Unchecked)
                return

    def _lock_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 1 or item.data(_ROW_ID) is None:
            return
        account_id = int(item.data(_ROW_ID))
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and account_id not in self.locked:
            self.locked.append(account_id)
        elif not checked and account_id in self.locked:
            self.locked.remove(account_id)
        notes = self.timeline.item(item.row(), 7)
        if notes is not None:
            parts = [p for p in notes.text().split(" · ") if p and p != "locked"]
            notes.setText(" · ".join(parts + (["locked"] if checked else [])))

    def selected_stop(self) -> int | None:
        rows = self.timeline.selectionModel().selectedRows() if self.timeline.model() else []
        if not rows:
            return None
        item = self.timeline.item(rows[0].row(), 0)
        value = item.data(_ROW_ID) if item is not None else None
        return int(value) if value is not None else None

    def select_stop(self, account_id: int) -> None:
        for row in range(self.timeline.rowCount()):
            item = self.timeline.item(row, 0)
            if item is not None and item.data(_ROW_ID) == account_id:
                self.timeline.selectRow(row)
                return

    def move_selected(self, step: int) -> Job | None:
        account_id = self.selected_stop()
        return None if account_id is None else self.move_stop(account_id, step)

    def move_stop(self, account_id: int, step: int) -> Job | None:
        """Move a stop ``step`` places (−1 earlier, +1 later) and check the new order."""
        order = self.timeline_ids()
        if account_id not in order:
            return None
        at = order.index(account_id)
        to = max(0, min(len(order) - 1, at + step))
        if to == at:
            return None
        order.insert(to, order.pop(at))
        return self.check_order(order, select=account_id)

    def check_order(self, order: Sequence[int], select: int | None = None) -> Job | None:
        """Work the day out in ``order`` (on the worker) and show what it breaks."""
        day = self.current_day()
        if day is None:
            return None
        store, options = self.store, self.map_options()
        order = list(order)
        appointments = _appointments(self.appointments(), order)
        locked = tuple(a for a in order if a in self.locked)
        path = self.map.next_page_path()
        index = self.day_tabs.currentIndex() if self._kind == "week" else 0
        others = [d for n, d in enumerate(self.days) if n != index]
        wanted = list(self.account_ids)

        def work(_job: Job) -> dict[str, Any]:
            request = day_request(store, day.day, order, start=day.start, end=day.end,
                                  appointments=appointments, locked=locked)
            plan = evaluate_day(request, order, make_travel_model(get_settings(store),
                                                                  store=store))
            plan = replace(plan, dropped=day.dropped)
            days = [*others[:index], plan, *others[index:]]
            return {"plan": plan, **_map_page(store, path, wanted, days, options)}

        self._generation += 1
        generation = self._generation
        self._set_busy(True, "Checking the new order…")

        def done(result: dict[str, Any]) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            days = list(self.days)
            days[index] = result["plan"]
            self._show_plan(days, self.week_dropped, self.travel_note, self._kind, index)
            self.map.load_page(result["page"])
            if select is not None:
                self.select_stop(select)
            if result["plan"].problems:
                self._show_info("The order was changed by hand: see the problems above.")
            else:
                self._show_info("The order was changed by hand; it works.")

        job = self.tasks.submit(work, done, lambda m: self._plan_failed(generation, m))
        self.job = job
        return job

    # -- mid-day: re-plan from a stop -----------------------------------------------------
    def replan_selected(self) -> Job | None:
        account_id = self.selected_stop()
        return None if account_id is None else self.replan_from_stop(account_id)

    def replan_from_stop(self, account_id: int, now: time | None = None) -> Job | None:
        """The rep is at this stop, its visit and those before it done: plan the rest of the
        day from here, from ``now`` (default: the end of this visit, or the clock if that is
        later today), and show the day with the done visits kept first."""
        day = self.current_day()
        order = self.timeline_ids()
        if day is None or account_id not in order:
            return None
        finished = day.stops[:order.index(account_id) + 1]
        here = finished[-1]
        position = self.located.get(account_id)
        if position is None:
            self._show_error(f"{here.name} has no location: it cannot be the start of the "
                             "rest of the day.")
            return None
        at = now or _now_after(day.day, here.end)
        done = [s.account_id for s in finished]
        if self._kind == "week":
            remaining = [a for a in order if a not in done]
        else:
            remaining = [a for a in self.account_ids if a not in done]
        appointments = _appointments(self.appointments(), remaining)
        locked = tuple(a for a in order if a in self.locked and a not in done)
        lunch_taken = day.lunch is not None and _seconds(day.lunch[1]) <= _seconds(at)
        store, options = self.store, self.map_options()
        path = self.map.next_page_path()
        index = self.day_tabs.currentIndex() if self._kind == "week" else 0
        others = [d for n, d in enumerate(self.days) if n != index]
        wanted = list(self.account_ids)
        label = f"{here.name} (here at {at:%H:%M})"

        def work(job: Job) -> dict[str, Any]:
            request = day_request(store, day.day, remaining, start=day.start, end=day.end,
                                  appointments=appointments, locked=locked)
            rest = replan_from(request, now=at, position_label=label, lat=position[0],
                               lon=position[1], done=done, lunch_taken=lunch_taken)
            plan = plan_day(rest, make_travel_model(get_settings(store), store=store),
                            time_limit=DAY_SECONDS, cancelled=job.cancelled)
            merged = _with_done(day, finished, plan, lunch_taken)
            days = [*others[:index], merged, *others[index:]]
            return {"plan": merged, "left": len(plan.stops),
                    **_map_page(store, path, wanted, days, options)}

        self._generation += 1
        generation = self._generation

        def finished_job(result: dict[str, Any]) -> None:
            if generation != self._generation:
                return
            self._set_busy(False)
            self.done = done
            self.locked = [*done, *(a for a in self.locked if a not in done)]
            days = list(self.days)
            days[index] = result["plan"]
            self._show_plan(days, self.week_dropped, self.travel_note, self._kind, index)
            self.located.update(result["located"])
            self.map.load_page(result["page"])
            self._show_info(f"Re-planned from {here.name} at {at:%H:%M}: {len(done)} visit"
                            f"{'s' if len(done) != 1 else ''} done, {result['left']} to go.")

        self._set_busy(True, f"Re-planning from {here.name}…")
        job = self.tasks.submit(work, finished_job,
                                lambda m: self._plan_failed(generation, m))
        self.job = job
        return job

    # -- the distance really driven -------------------------------------------------------
    def ask_driven(self) -> Job | None:
        """Ask how far the rep drove on the day shown of the saved plan, and record it."""
        day = self.current_day()
        if self.saved_id is None or day is None:
            self._show_error("Save the plan first: the distance driven is kept with it.")
            return None
        unit = get_settings(self.store).get("distance.unit") or "km"
        dialog = DrivenDialog(day.day, day.totals.distance_metres, unit, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if dialog.exec() != DrivenDialog.DialogCode.Accepted or dialog.metres is None:
            return None
        return self.record_driven(dialog.metres, unit)

    def record_driven(self, metres: int, unit: str = "km") -> Job | None:
        """Record ``metres`` driven on the day shown of the saved plan (on the worker)."""
        day, plan_id, store = self.current_day(), self.saved_id, self.store
        if day is None or plan_id is None:
            self._show_error("Save the plan first: the distance driven is kept with it.")
            return None
        per = METRES_PER.get(unit, 1000.0)

        def work(_job: Job) -> tuple[int | None, ...]:
            record_driven(store, plan_id, day.day, metres)
            return load_plan(store, plan_id).driven_metres

        def done(_driven: tuple[int | None, ...]) -> None:
            self._show_info(f"{day.day:%A %d %B}: {metres / per:.1f} {unit} driven, recorded "
                            f"in plan {plan_id} (planned {day.totals.distance_metres / per:.1f}"
                            f" {unit}).")

        return self.tasks.submit(
            work, done, lambda m: self._show_error(f"Could not record the distance: {m}"))

    def _show_problems(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        if problems:
            self.warnings.setText("This order has problems:\n"
                                  + "\n".join(f"• {p}" for p in problems))
        self.warnings.setVisible(bool(problems))

    # -- saved plans ----------------------------------------------------------------------
    def choose_saved_plan(self) -> Job | None:
        """Pick a saved plan (newest first) and show it."""
        plans = list_plans(self.store)
        if not plans:
            self._show_info("No plan saved yet: Optimise, then Save.")
            return None
        labels = [f"{first:%a %d %b %Y} · {'week' if kind == 'week' else 'day'} · {stops} "
                  f"stop{'s' if stops != 1 else ''} (plan {plan_id})"
                  for plan_id, kind, first, stops in plans]
        label, ok = QInputDialog.getItem(self, "Open a saved plan", "Plan:", labels, 0, False)
        if not ok:
            return None
        return self.open_plan(plans[labels.index(label)][0])

    def open_plan(self, plan_id: int) -> Job:
        """Show a saved plan as it was saved; the stops whose visit is logged are done."""
        store, options = self.store, self.map_options()
        path = self.map.next_page_path()
        self._generation += 1
        generation = self._generation

        def work(_job: Job) -> dict[str, Any]:
            saved = load_plan(store, plan_id)
            ids = [s.account_id for d in saved.days for s in d.stops]
            return {"saved": saved, "done": visited_in_plan(store, plan_id),
                    **_map_page(store, path, ids, saved.days, options)}

        def shown(result: dict[str, Any]) -> None:
            if generation != self._generation:
                return
            saved = result["saved"]
            self.account_ids = [s.account_id for d in saved.days for s in d.stops]
            self.names.update({s.account_id: s.name for d in saved.days for s in d.stops})
            self.located.update(result["located"])
            self.addresses.update(result["addresses"])
            self.done = sorted(result["done"])
            self.locked = list(self.done)
            self._fill_accounts()
            first = saved.days[0].day
            self.date.setDate(QDate(first))
            self._show_plan(saved.days, saved.dropped, saved.travel_note, saved.kind, 0)
            self.saved_id = saved.id
            self._update_buttons()
            self.map.load_page(result["page"])
            done = len(self.done)
            self._show_info(f"Plan {saved.id} as saved" + (
                f": {done} visit{'s' if done != 1 else ''} already logged (greyed)."
                if done else "."))

        job = self.tasks.submit(work, shown, lambda m: self._plan_failed(generation, m))
        self.job = job
        return job

    # -- save and export ------------------------------------------------------------------
    def save(self) -> Job | None:
        """Keep the plan shown (the day, or every day of the week) in the store."""
        if not self.days:
            self._show_error("Nothing to save yet: Optimise first.")
            return None
        store, days = self.store, list(self.days)
        dropped = list(self.week_dropped) if self._kind == "week" else []
        note = self.travel_note

        def done(plan_id: int) -> None:
            self.saved_id = plan_id
            self._update_buttons()
            self._show_info(f"Saved as plan {plan_id}. Driven… records the distance you "
                            "really drove.")
            self.message.emit(f"Plan {plan_id} saved")

        return self.tasks.submit(
            lambda _job: save_plan(store, days, dropped, travel_note=note), done,
            lambda m: self._show_error(f"Could not save the plan: {m}"))

    def choose_export_file(self) -> None:
        day = self.current_day()
        if day is None:
            self._show_error("Nothing to export yet: Optimise first.")
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export the day", str(Path.home() / f"fieldrep-{day.day.isoformat()}.ics"),
            "Calendar (*.ics);;GPX route (*.gpx);;Navigation links (*.txt)")
        if name:
            self.export_day(Path(name))

    def export_day(self, path: Path) -> Path | None:
        """Write the day shown (for a week, the selected day) as .ics, .gpx or .txt."""
        day = self.current_day()
        if day is None:
            self._show_error("Nothing to export yet: Optimise first.")
            return None
        try:
            written = write_day(day, self.located, Path(path), addresses=self.addresses)
        except (OSError, ValueError) as exc:
            self._show_error(f"Could not export: {exc}")
            return None
        self._show_info(f"{day.day:%A %d %B} written to {written}.")
        return written

    # -- the web page goes before the window ------------------------------------------------
    def _watch_window(self) -> None:
        """Watch the window: Qt WebEngine wants the map's page gone before the app ends
        (once the window that holds the page is built, so on the next turn)."""
        window = self.window()
        if window is not self and not self._watching:
            window.installEventFilter(self)
            self._watching = True

    def showEvent(self, event: QShowEvent) -> None:
        self._watch_window()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.window():
            self.map.release()  # the main window never refuses to close
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.map.release()
        super().closeEvent(event)

    # -- shared ---------------------------------------------------------------------------
    def _set_busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.busy, self.busy_label, self.cancel_button):
            widget.setVisible(busy)
        self.busy_label.setText(text)
        self.optimise_button.setEnabled(not busy)
        if not busy:
            self.job = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        if not hasattr(self, "reoptimise_button"):
            return
        idle = self.job is None
        has_plan = bool(self.days)
        stop = self.selected_stop() if has_plan else None
        for button in (self.up_button, self.down_button):
            button.setEnabled(idle and stop is not None)
        self.reoptimise_button.setEnabled(idle and has_plan)
        self.replan_button.setEnabled(idle and stop is not None)
        self.driven_button.setEnabled(idle and self.saved_id is not None)
        self.save_button.setEnabled(idle and has_plan)
        self.export_button.setEnabled(has_plan)
        self.remove_button.setEnabled(bool(self.account_ids))
        self.clear_button.setEnabled(bool(self.account_ids))

    def _failed(self, message: str) -> None:
        self._show_error(f"Could not load the accounts: {message}")

    def _show_error(self, text: str) -> None:
        self.status.setStyleSheet("color: #b91c1c; font-weight: bold")
        self.status.setText(text)

    def _show_info(self, text: str) -> None:
        self.status.setStyleSheet("color: #555")
        self.status.setText(text)


def next_working_day(settings: dict[str, str], today: date | None = None) -> date:
    """Tomorrow, or the first working day after it (``work.days``)."""
    try:
        working = set(parse_weekdays(settings.get("work.days") or "Mo-Fr")) or set(range(5))
    except ValueError:
        working = set(range(5))
    day = (today or date.today()) + timedelta(days=1)
    while day.weekday() not in working:
        day += timedelta(days=1)
    return day


def _seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


def _now_after(day: date, end: time) -> time:
    """When the rest of the day starts: the end of the visit, or now if later today."""
    now = datetime.now()
    if day == now.date() and now.time() > end:
        return time(now.hour, now.minute)
    return end


def _with_done(day: DayPlan, done: Sequence[Any], rest: DayPlan, lunch_taken: bool
               ) -> DayPlan:
    """The whole day: the visits done (as they were planned) then the new remainder."""
    lunch = day.lunch if lunch_taken else rest.lunch
    lunch_seconds = (_seconds(day.lunch[1]) - _seconds(day.lunch[0])
                     if lunch_taken and day.lunch else 0)
    t = rest.totals
    totals = Totals(
        drive_seconds=t.drive_seconds + sum(s.leg_seconds for s in done),
        distance_metres=t.distance_metres + sum(s.leg_metres for s in done),
        meeting_seconds=t.meeting_seconds + sum(_seconds(s.end) - _seconds(s.start)
                                                for s in done),
        idle_seconds=t.idle_seconds + 60 * sum(s.wait_minutes for s in done),
        break_seconds=t.break_seconds + lunch_seconds)
    return replace(rest, start=day.start, departure=day.departure,
                   stops=(*done, *rest.stops), totals=totals, lunch=lunch)


def _appointments(times: dict[int, time], ids: Sequence[int]) -> list[Appointment]:
    return [Appointment(a, at) for a, at in times.items() if a in ids]


def _colour(name: str) -> QColor:
    return QColor(name)


def _map_page(store: Store, path: Path, ids: Sequence[int], days: Sequence[DayPlan],
              options: MapOptions) -> dict[str, Any]:
    """Write the map of the planned accounts with each day's route (on the worker)."""
    wanted = {*ids, *(s.account_id for d in days for s in d.stops)}
    points = map_points(store, AccountFilter(ids=frozenset(wanted)))
    located = {p.id: (p.lat, p.lon) for p in points}
    accounts = list_accounts(store, where=AccountFilter(ids=frozenset(wanted)),
                             limit=len(wanted)) if wanted else []
    addresses = {a.id: ", ".join(p for p in (a.street, f"{a.postcode} {a.city}".strip()) if p)
                 for a in accounts if a.id is not None}
    routes = [route_line(d, located, DAY_COLOURS[n % len(DAY_COLOURS)])
              for n, d in enumerate(days)]
    write_map(path, points, (), options, routes)
    return {"page": path, "located": located, "addresses": addresses}

