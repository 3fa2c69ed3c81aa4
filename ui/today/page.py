"""The Today page: the day's route on the map beside its stops, the next one highlighted.

It opens on a working day (today, or the next one) with the plan saved for it, or offers
to plan it from the accounts due.  Per stop: Navigate (directions in Google Maps, Apple
Maps or Waze, in the browser), Arrived and Done (one click each, the time is the clock's
and can be changed), then the visit's outcome and notes.  A rep who finishes a visit late
gets the rest of the day planned again from there.  A click on a pin adds that account to
the day, a click on a stop's number takes it out.  The work is
:mod:`fieldrep.usecases.today`; every store job runs on the window's worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTime, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QVBoxLayout, QWidget

from fieldrep.maps.map_types import safe_json
from fieldrep.store import Store
from fieldrep.visits.model import VisitData
from fieldrep.visits.navigation import MapService, directions_url
from fieldrep.visits.today import TodayRoute, TodayStop, late_by
from fieldrep.visits.today_lines import route_line, stop_states
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.today.layout import TodayLayout
from ui.today.qr_dialog import RouteQrDialog

if TYPE_CHECKING:  # the use cases (the store's models, the planner) load on the worker,
    # the visit form (with the store's models) when first opened
    from fieldrep.usecases.today import Finished, Toggled
    from fieldrep.usecases.today_map import TodayMap
    from ui.visits.dialog import VisitDialog

CLOCK_MS = 15_000


class TodayPage(QWidget):
    """The rep's day: route, stops and the actions at each."""

    #: Something the window tells in its status bar.
    message = Signal(str)
    #: A visit was logged or the day's plan changed (other pages refresh).
    changed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 tiles: bool = True, now: Callable[[], datetime] = datetime.now,
                 map_now: bool = True) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.tiles, self.now = store, tasks, tiles, now
        self.route: TodayRoute | None = None
        self.opened_urls: list[str] = []
        self.check_out: VisitDialog | None = None
        #: The last job the page started, and the one drawing the map (tests wait on them).
        self.job: Job | None = None
        self.map_job: Job | None = None
        #: Draw the map as soon as the day is read (False: when :meth:`draw_map` is called).
        self._map_wanted = map_now
        self._map_drawn = False
        self.ui = TodayLayout(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.ui)
        self.map, self.timeline, self.card = self.ui.map, self.ui.timeline, self.ui.card
        self.date = self.ui.date
        self._wire()
        self._clock = QTimer(self, interval=CLOCK_MS)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._tick()
        self.load_job: Job | None = self.load()

    def _wire(self) -> None:
        self.timeline.stop_chosen.connect(lambda _id: self._show_card())
        self.card.navigate.connect(self.navigate)
        self.card.arrived.connect(lambda at: self.arrive(at.toPython()))
        self.card.done.connect(lambda at: self.finish(at.toPython()))
        self.card.edit_visit.connect(self._edit_current)
        self.ui.plan_button.clicked.connect(self.plan)
        self.ui.replan_button.clicked.connect(self.replan)
        self.ui.qr_button.clicked.connect(self.show_qr)
        self.date.dateChanged.connect(lambda day: self.load(day.toPython()))
        self.map.bridge.account_clicked.connect(lambda account_id, _more:
                                                self.toggle(account_id))

    def _start(self, operation: Operation[Any]) -> Job:
        self.job = operation.run()
        return self.job

    def _tick(self) -> None:
        now = self.now()
        self.card.set_clock(QTime(now.hour, now.minute))
        if self.route is not None:
            self.ui.show_lateness(self.route, late_by(self.route, now))

    # -- loading --------------------------------------------------------------------------
    def load(self, day: date | None = None) -> Job:
        """Read the day (``None``: the working day from today), then draw its map."""
        store, today = self.store, self.now().date()
        self.ui.tell("Reading the day…")
        return self._start(Operation(
            self.tasks,
            lambda _job: _today().today_route(store,
                                              day or _today().working_day_from(store, today)),
            self._loaded, parent=self, on_failure=self.ui.fail))

    def _loaded(self, route: TodayRoute) -> None:
        self._show(route, keep=None)
        self.ui.tell(self._summary(route))
        if self._map_wanted:
            self.draw_map()

    def draw_map(self) -> Job | None:
        """Write and show the map (every account, the day's route), on its own thread:
        the stops are readable before it, and the other pages' short jobs keep flowing."""
        self._map_wanted = True
        if self.route is None or self._map_drawn:
            return None
        self._map_drawn = True
        store, tiles, path = self.store, self.tiles, self.map.next_page_path()
        route = self.route

        def drawn(result: TodayMap) -> None:
            self.map.load_page(result.page)
            self.map.run(f"FieldRep.colourByDue({safe_json(result.due)})")
            if self.route is not None:
                self._show_on_map(self.route)

        def write(_job: Job) -> TodayMap:
            from fieldrep.planning.map_options import map_options  # read on the worker

            return _today_map().write_today_map(store, path, route,
                                                map_options(store, tiles=tiles,
                                                            selection_tools=False))

        self.map_job = Operation(
            self.tasks, write,
            drawn, parent=self, on_failure=self.ui.fail, long=True).run()
        return self.map_job

    def _show(self, route: TodayRoute, keep: int | None) -> None:
        """Show ``route``: timeline, card, buttons, the route on the map."""
        self.route = route
        self.date.blockSignals(True)
        self.date.setDate(QDate(route.day))
        self.date.blockSignals(False)
        self.ui.show_day(route)
        self.timeline.show_route(route, keep)
        self._show_card()
        self._show_on_map(route)
        self._tick()

    def _show_on_map(self, route: TodayRoute) -> None:
        line = route_line(route)
        self.map.run(f"FieldRep.setRoutes({safe_json([line.as_json()] if line else [])})")
        self.map.run(f"FieldRep.markStops({safe_json(stop_states(route))})")

    def _show_card(self) -> None:
        self.card.show_stop(self.current_stop())

    def current_stop(self) -> TodayStop | None:
        """The stop chosen in the timeline (the next one, unless the rep picked another)."""
        chosen = self.timeline.current_stop_id()
        if self.route is None or chosen is None:
            return None
        return next((s for s in self.route.stops if s.stop_id == chosen), None)

    def _summary(self, route: TodayRoute) -> str:
        if route.plan_id is None:
            return (f"Nothing planned for {route.day:%A %d %B} yet: plan it from the accounts "
                    "due, or click pins on the map to add them.")
        upcoming = route.next_stop
        if upcoming is None:
            return f"All {len(route.stops)} visits of the day are done."
        return (f"{len(route.to_go)} of {len(route.stops)} stops to go; next: "
                f"{upcoming.number}. {upcoming.name} at {upcoming.start:%H:%M}.")

    # -- actions --------------------------------------------------------------------------
    def _run(self, work: Callable[[Job], TodayRoute], told: Callable[[TodayRoute], str],
             keep: int | None = None) -> Job:
        def done(route: TodayRoute) -> None:
            self._show(route, keep)
            self.ui.tell(told(route))
            self.changed.emit()

        return self._start(Operation(self.tasks, work, done, parent=self,
                                     on_failure=self.ui.fail))

    def plan(self) -> Job | None:
        """Plan the day shown from the accounts due, and save it."""
        if self.route is None:
            return None
        store, day = self.store, self.route.day
        self.ui.tell("Planning the day from the accounts due…")
        return self._run(lambda _job: _today().plan_today(store, day),
                         lambda route: "Planned: " + self._summary(route))

    def arrive(self, at: time) -> Job | None:
        """Record the arrival at the stop chosen."""
        stop, route, store = self.current_stop(), self.route, self.store
        if stop is None or route is None:
            return None
        return self._run(lambda _job: _today().arrive(store, route, stop.stop_id, at),
                         lambda _r: f"Arrived at {stop.name} at {at:%H:%M}.", stop.stop_id)

    def finish(self, at: time) -> Job | None:
        """Log the chosen stop's visit as done, then ask for its outcome and notes."""
        stop, route, store, now = self.current_stop(), self.route, self.store, self.now()
        if stop is None or route is None:
            return None

        def finished(result: Finished) -> None:
            self._show(result.route, None)
            self.ui.tell(self._finished_text(stop, result))
            self.changed.emit()
            self.open_check_out(result.visit)

        def work(_job: Job) -> Finished:
            return _today().finish(store, route, stop.stop_id, now, at=at)

        return self._start(Operation(self.tasks, work, finished, parent=self,
                                     on_failure=self.ui.fail))

    def _finished_text(self, stop: TodayStop, result: Finished) -> str:
        text = f"Visit to {stop.name} logged ({result.visit.check_in:%H:%M}–" \
               f"{result.visit.check_out:%H:%M})."
        if result.replanned:
            text += (f" You were {result.late_minutes} min behind: the rest of the day is "
                     "planned again from there.")
            if result.left_out:
                text += " No time left for: " + ", ".join(result.left_out) + "."
        return text

    def open_check_out(self, visit: VisitData) -> VisitDialog:
        """The outcome and notes of the visit just logged."""
        from ui.today.check_out import check_out_dialog

        dialog = check_out_dialog(self.store, self.tasks, visit, self, now=self.now)
        dialog.saved.connect(lambda _visit: self.reload())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.check_out = dialog
        dialog.open()
        return dialog

    def _edit_current(self) -> None:
        stop = self.current_stop()
        if stop is not None and stop.visit is not None:
            self.open_check_out(stop.visit)

    def reload(self) -> Job | None:
        """Read the day shown again (after the visit form saved)."""
        if self.route is None:
            return None
        store, day, keep = self.store, self.route.day, self.timeline.current_stop_id()
        return self._start(Operation(self.tasks, lambda _job: _today().today_route(store, day),
                         lambda route: self._show(route, keep), parent=self,
                         on_failure=self.ui.fail))

    def replan(self) -> Job | None:
        """Plan the stops still to go again from the last visit done, from now."""
        route, store, now = self.route, self.store, self.now()
        if route is None:
            return None
        return self._run(lambda _job: _today().replan_rest(store, route, now),
                         lambda r: "Re-planned from here: " + self._summary(r))

    def toggle(self, account_id: int) -> Job | None:
        """Add the account to the day, or take it out (a pin or a stop clicked)."""
        route, store, now = self.route, self.store, self.now()
        if route is None:
            return None

        def toggled(result: Toggled) -> None:
            self._show(result.route, None)
            verb = "Added" if result.added else "Took"
            where = "to" if result.added else "out of"
            room = (" To make room: " + ", ".join(result.left_out) + " left out."
                    if result.left_out else "")
            self.ui.tell(f"{verb} {result.name} {where} the day.{room} "
                         + self._summary(result.route))
            self.changed.emit()

        def work(_job: Job) -> Toggled:
            return _today().toggle_account(store, route, account_id, now)

        return self._start(Operation(self.tasks, work, toggled, parent=self,
                                     on_failure=self.ui.fail))

    def navigate(self, service: str) -> str | None:
        """Open directions to the chosen stop in the browser; returns the link."""
        stop = self.current_stop()
        target = stop.destination() if stop is not None else None
        if stop is None or target is None:
            return None
        url = directions_url(MapService(service), target)
        self.opened_urls.append(url)
        QDesktopServices.openUrl(QUrl(url))
        self.ui.tell(f"Directions to {stop.name} opened in {MapService(service).label}.")
        return url

    def show_qr(self) -> RouteQrDialog | None:
        """The rest of the route as QR codes for the phone."""
        if self.route is None or len(self.route.places_to_go()) < 2:
            self.ui.tell("No route to send to the phone: plan the day first.")
            return None
        dialog = RouteQrDialog(self.route.places_to_go(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def _today() -> ModuleType:
    """The Today use cases, loaded with the first of them (on the worker)."""
    import fieldrep.usecases.today

    return fieldrep.usecases.today


def _today_map() -> ModuleType:
    import fieldrep.usecases.today_map

    return fieldrep.usecases.today_map
