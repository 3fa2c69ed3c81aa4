"""Two versions of one visit: the rep's form and the visit saved meanwhile, field by field.

A visit form opened on a copy that someone else changed since (another window, the same
rep on another device) is refused at saving with :class:`StaleVisit`; the window shows the
fields that differ, the rep chooses a side per field and the merge
(:meth:`~fieldrep.store.conflicts.StaleRecord.merged`) is saved over the stored version.
Both sides are :class:`~fieldrep.visits.model.VisitInput` values, so the merge is a form
the rep could have typed and goes through the same checks.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, time

from fieldrep.store.conflicts import StaleRecord, differences
from fieldrep.visits.model import Mode, Outcome, Result, VisitData, VisitError, VisitInput

#: What the rep calls each field of the form that can differ.
LABELS = {
    "day": "Day", "mode": "How", "outcome": "Outcome", "check_in": "Check-in",
    "check_out": "Check-out", "results": "What came of it", "order_value": "Order value",
    "contact_name": "Met", "notes": "Notes", "next_step": "Next step", "needs": "Needs",
    "competitors": "Competitors", "follow_up_date": "Follow up on",
    "follow_up_at": "Appointment at", "follow_up_minutes": "Appointment (minutes)",
}
MERGED_FIELDS = tuple(LABELS)


class StaleVisit(StaleRecord[VisitInput], VisitError):
    """The visit was changed elsewhere since the form opened: nothing was saved."""


def as_input(visit: VisitData) -> VisitInput:
    """The stored visit as the form would hold it (what a merge starts from)."""
    return VisitInput(**{f.name: getattr(visit, f.name) for f in fields(VisitInput)})


def stale_visit(mine: VisitInput, stored: VisitData, mine_version: int) -> StaleVisit:
    """The refusal of saving the form ``mine`` (opened at ``mine_version``) over ``stored``."""
    theirs = as_input(stored)
    return StaleVisit(f"the visit to {stored.account_name}", mine, theirs, mine_version,
                      stored.version, differences(vars(mine), vars(theirs), LABELS,
                                                  MERGED_FIELDS, shown=_SHOWN))


def _label(value: object) -> str:
    if isinstance(value, Mode | Outcome | Result):
        return value.label
    if isinstance(value, tuple):
        return ", ".join(_label(v) for v in value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, date):
        return f"{value:%a %d %b %Y}"
    return "" if value is None else str(value)


_SHOWN = {name: _label for name in ("mode", "outcome", "results", "competitors", "day",
                                    "check_in", "check_out", "follow_up_date",
                                    "follow_up_at")}
