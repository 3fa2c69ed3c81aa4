"""Saved plans as the Plan page opens them: the plan as it was saved, the visits done, and
the unit the rep records the distance driven in."""

from __future__ import annotations

from dataclasses import dataclass

from fieldrep.planning.saved import SavedPlan, load_plan
from fieldrep.store import Store
from fieldrep.visits.planned import visited_in_plan


@dataclass(frozen=True)
class OpenedPlan:
    """A saved plan, with the accounts whose planned visit is logged."""

    plan: SavedPlan
    done: frozenset[int]

    @property
    def account_ids(self) -> tuple[int, ...]:
        """The accounts of every stop, day after day."""
        return tuple(s.account_id for d in self.plan.days for s in d.stops)



def open_saved_plan(store: Store, plan_id: int) -> OpenedPlan:
    """The saved plan ``plan_id`` and its visits logged (``PlanNotFound`` if none)."""
    return OpenedPlan(load_plan(store, plan_id), frozenset(visited_in_plan(store, plan_id)))
