"""What the Plan page asks the planner for, in the background: the accounts to plan and
their map, a plan (optimise, re-optimise), an order made by hand, the rest of a day.

Each job calls a use case of :mod:`fieldrep.usecases` and draws the plan's map on the
worker; its typed result is shown by the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Generic, TypeVar

from fieldrep.planning.model import DayPlan, Lock
from fieldrep.planning.route_map import PlanMap, map_options, write_plan_map
from fieldrep.planning.settings import home_base
from fieldrep.usecases.plan_changes import (
    OrderCheck,
    Replanned,
    ReplanRequest,
    check_order,
    replan_from_stop,
)
from fieldrep.usecases.planning import (
    DayPlanRequest,
    PlannedDays,
    WeekPlanRequest,
    account_names,
    plan_a_day,
    plan_a_week,
)
from ui.kit.operations import Operation
from ui.kit.tasks import Job
from ui.kit.words import plural

if TYPE_CHECKING:
    from ui.plan.page import PlanPage

T = TypeVar("T")

NO_ACCOUNTS = ("Choose the accounts to plan first: select them in the Accounts table (or "
               "draw a lasso on its map) and use Accounts ▸ Plan the selected accounts.")


NO_HOME = ("Plans start and end at your home base, which is not set yet: give it in the "
           "setup assistant, or type where to start.")


def starts_or_ends_at_home(start: str, end: str) -> bool:
    """Whether a day typed so starts or ends at the home base (an empty start is home)."""
    return start.strip().lower() in ("", "home") or end.strip().lower() == "home"


@dataclass(frozen=True)
class WithMap(Generic[T]):
    """A job's result and the map page drawn for it."""

    value: T
    map: PlanMap


def replaced(days: Sequence[DayPlan], index: int, day: DayPlan) -> list[DayPlan]:
    """``days`` with the one at ``index`` replaced by ``day`` (just ``day`` if none)."""
    return [*days[:index], day, *days[index + 1:]] if days else [day]


def better_plans(job: Job) -> Callable[[int], None]:
    """A progress callback that counts the better plans found, in words."""
    found = [0]

    def progress(_cost: int) -> None:
        found[0] += 1
        job.report(found[0], 0, plural(found[0], "better plan"))

    return progress


class PlanJobs:
    """The page's planning jobs (the page shows what they give)."""

    def __init__(self, page: PlanPage) -> None:
        self.page = page

    def drawer(self) -> Callable[[Sequence[int], Sequence[DayPlan]], PlanMap]:
        """Draws the map of some accounts and the days' routes into the map's next page
        (call it on the worker)."""
        store, tiles, path = self.page.store, self.page.tiles, self.page.map.next_page_path()
        return lambda ids, days: write_plan_map(
            store, path, days, map_options(store, tiles=tiles, selection_tools=False), list(ids))

    def set_accounts(self, ids: Sequence[int]) -> Job:
        """The accounts to plan: their names, and a map of them."""
        page = self.page
        page.accounts_model.set_accounts([int(i) for i in ids])
        store, wanted, draw = page.store, page.accounts_model.ids(), self.drawer()

        newest = page.newest()

        def shown(result: WithMap[Mapping[int, str]]) -> None:
            page.accounts_model.set_names(result.value)
            if newest():
                page.map.load_page(result.map.page)

        return Operation(page.tasks, lambda _job: WithMap(account_names(store, wanted),
                                                          draw(wanted, ())), shown,
                         parent=page, on_failure=lambda m: page.summary.show_error(
                             f"Could not load the accounts: {m}")).run()

    def optimise(self) -> Job | None:
        """Plan the chosen accounts for the day (or week)."""
        page = self.page
        if not page.account_ids:
            page.summary.show_error(NO_ACCOUNTS)
            return None
        page.locked, page.done = [], []
        return self._plan(locks=())

    def reoptimise(self) -> Job | None:
        """Plan again around the locked stops, each at its place in the day shown (and at
        its time when the rep set one)."""
        page = self.page
        day = page.current_day()
        if day is None:
            return self.optimise()
        return self._plan(page.stops.locks(), only=day if page.kind == "week" else None,
                          shown=page.timeline_ids())

    def _plan(self, locks: Sequence[Lock], only: DayPlan | None = None,
              shown: Sequence[int] = ()) -> Job:
        """Plan the request (``only``: again, that one day of the week shown; ``shown``:
        the order of the day shown, kept if the search finds no plan around its locks)."""
        page, model, bar = self.page, self.page.accounts_model, self.page.request
        store, ids, index = page.store, model.ids(), page.day_panel.current_index()
        request: DayPlanRequest | WeekPlanRequest
        if only is not None:
            ids = [s.account_id for s in only.stops]
            request = DayPlanRequest(only.day, tuple(ids), only.start, only.end,
                                     model.appointments_of(ids), locks=tuple(locks),
                                     shown=tuple(shown))
        elif bar.is_week():
            request = WeekPlanRequest(bar.first_day(), bar.week_days.value(), tuple(ids),
                                      bar.start.text(), bar.end.text(),
                                      model.dated_appointments())
        else:
            request = DayPlanRequest(bar.first_day(), tuple(ids), bar.start.text(),
                                     bar.end.text(), model.appointments_of(ids),
                                     locks=tuple(locks), shown=tuple(shown))
        others, draw = list(page.days), self.drawer()
        at_home = only is None and starts_or_ends_at_home(bar.start.text(), bar.end.text())

        def work(job: Job) -> WithMap[PlannedDays] | None:
            if at_home and home_base(store) is None:
                return None  # the setup assistant asks for it first
            progress = better_plans(job)
            planned = (plan_a_week(store, request, progress=progress, cancelled=job.cancelled)
                       if isinstance(request, WeekPlanRequest) else
                       plan_a_day(store, request, progress=progress, cancelled=job.cancelled))
            days = planned.days if only is None else replaced(others, index, planned.days[0])
            return WithMap(planned, draw(ids, days))

        def shown(result: WithMap[PlannedDays] | None) -> None:
            if result is None:
                page.summary.show_info(NO_HOME)
                page.home_needed.emit()
                return
            planned = result.value
            if only is not None:
                page.show_plan(replaced(page.days, index, planned.days[0]), page.week_dropped,
                               planned.travel_note, "week", index)
            else:
                page.show_plan(planned.days, planned.week_dropped, planned.travel_note,
                               planned.kind)
            page.show_map(result.map)
            text = f"Planned {plural(sum(len(d.stops) for d in page.days), 'visit')}"
            if only is None and planned.kind == "week":
                text += f" over {len(page.days)} days"
            if planned.stopped_early:
                text += " (stopped early: the best plan found so far)"
            page.summary.show_info(text + ".")

        page.summary.warnings.setVisible(False)
        return page.run(work, shown, "Optimising…", long=True)

    def move_selected(self, step: int) -> Job | None:
        """Move the selected stop ``step`` places (−1 earlier, +1 later) and check the
        new order."""
        page = self.page
        account_id, order = page.selected_stop(), page.timeline_ids()
        if account_id is None or account_id not in order:
            return None
        at = order.index(account_id)
        to = max(0, min(len(order) - 1, at + step))
        if to == at:
            return None
        order.insert(to, order.pop(at))
        return self.check_order(order, select=account_id)

    def replan_selected(self) -> Job | None:
        account_id = self.page.selected_stop()
        return None if account_id is None else self.replan_from_stop(account_id)

    def check_order(self, order: Sequence[int], select: int | None = None) -> Job | None:
        """Work the day out in ``order`` and show what it breaks."""
        page = self.page
        day = page.current_day()
        if day is None:
            return None
        check = OrderCheck(day, tuple(order), page.accounts_model.appointments_of(order),
                           page.stops.locks(order))
        store, index, others = page.store, page.day_panel.current_index(), list(page.days)
        wanted, draw = page.account_ids, self.drawer()

        def work(_job: Job) -> WithMap[DayPlan]:
            plan = check_order(store, check)
            return WithMap(plan, draw(wanted, replaced(others, index, plan)))

        def shown(result: WithMap[DayPlan]) -> None:
            page.show_plan(replaced(page.days, index, result.value), page.week_dropped,
                           page.travel_note, page.kind, index)
            page.show_map(result.map)
            if select is not None:
                page.select_stop(select)
            page.summary.show_info("The order was changed by hand: see the problems above."
                                   if result.value.problems else
                                   "The order was changed by hand; it works.")

        return page.run(work, shown, "Checking the new order…")

    def replan_from_stop(self, account_id: int, now: time | None = None) -> Job | None:
        """The rep is at this stop, its visit and those before it done: plan the rest of the
        day from here, from ``now`` (default: the end of this visit, or the clock if that
        is later today), and show the day with the visits done kept first."""
        page = self.page
        day, order = page.current_day(), page.timeline_ids()
        if day is None or account_id not in order:
            return None
        ids = order if page.kind == "week" else page.account_ids
        request = ReplanRequest(day, account_id, tuple(ids),
                                page.accounts_model.appointments_of(ids),
                                page.stops.locks(), now)
        store, index, others = page.store, page.day_panel.current_index(), list(page.days)
        wanted, draw = page.account_ids, self.drawer()

        def work(job: Job) -> WithMap[Replanned]:
            rest = replan_from_stop(store, request, cancelled=job.cancelled)
            return WithMap(rest, draw(wanted, replaced(others, index, rest.day)))

        def shown(result: WithMap[Replanned]) -> None:
            rest = result.value
            page.done = list(rest.done)
            page.locked = [*rest.done, *(a for a in page.locked if a not in rest.done)]
            page.show_plan(replaced(page.days, index, rest.day), page.week_dropped,
                           page.travel_note, page.kind, index)
            page.show_map(result.map)
            page.summary.show_info(f"Re-planned from {rest.here} at {rest.at:%H:%M}: "
                                   f"{plural(len(rest.done), 'visit')} done, {rest.to_go} "
                                   "to go.")

        name = day.stops[order.index(account_id)].name
        return page.run(work, shown, f"Re-planning from {name}…", long=True)
