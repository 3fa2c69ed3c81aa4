"""The stops of the plan saved for a day, each with the visit logged for it (if any).

Logging a planned stop links the visit to the stop, so the day's list shows which stops are
done and the planner can start again from the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from fieldrep.store import Store
from fieldrep.store.models import Plan, PlanDay, PlanStop
from fieldrep.store.owners import current_login
from fieldrep.visits.logbook import visits_of_stops
from fieldrep.visits.model import VisitData


@dataclass(frozen=True)
class PlannedVisit:
    """A stop of a saved plan, and what was logged for it."""

    stop_id: int
    plan_id: int
    position: int
    account_id: int | None
    name: str
    start: time
    end: time
    appointment: bool
    visit: VisitData | None

    @property
    def done(self) -> bool:
        """A visit was logged for the stop (whatever its outcome)."""
        return self.visit is not None


def planned_visits(store: Store, day: date) -> list[PlannedVisit]:
    """The stops of the newest plan saved for ``day``, in order (empty when none)."""
    with store.unit_of_work() as uow:
        plan_day = uow.session.execute(
            select(PlanDay.id, PlanDay.plan_id).join(Plan, Plan.id == PlanDay.plan_id)
            .where(PlanDay.day == day, Plan.owner == current_login())
            .order_by(Plan.created_at.desc(), Plan.id.desc())
            .limit(1)).first()
        if plan_day is None:
            return []
        stops = uow.session.scalars(select(PlanStop).where(PlanStop.plan_day_id == plan_day[0])
                                    .order_by(PlanStop.position)).all()
        rows = [(s.id, s.position, s.account_id, s.name, s.start, s.end, s.appointment)
                for s in stops]
    logged = visits_of_stops(store, [row[0] for row in rows])
    return [PlannedVisit(stop_id, plan_day[1], position, account_id, name, start, end,
                         appointment, logged.get(stop_id))
            for stop_id, position, account_id, name, start, end, appointment in rows]


def visited_in_plan(store: Store, plan_id: int) -> set[int]:
    """The accounts of a saved plan whose stop has a visit logged."""
    with store.unit_of_work() as uow:
        stop_ids = list(uow.session.scalars(
            select(PlanStop.id).join(PlanDay, PlanDay.id == PlanStop.plan_day_id)
            .where(PlanDay.plan_id == plan_id)))
    return {v.account_id for v in visits_of_stops(store, stop_ids).values()
            if v.account_id is not None}
