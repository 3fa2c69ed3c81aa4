"""The orders the accounts list can be sorted by, worked out in the store (SQL): texts in
the language's order (:mod:`fieldrep.store.collation`), and the orders by last visit, next
due date and status from each account's last completed visit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from fieldrep.store.collation import collated, days_after
from fieldrep.store.models import Account, Territory, Visit

#: The day of each account's last completed visit (in person or remote), for the orders by
#: visits; "completed" is the stored value of fieldrep.visits' Outcome.COMPLETED.
LAST_VISIT = (select(Visit.account_id.label("account_id"), func.max(Visit.day).label("day"))
              .where(Visit.outcome == "completed", Visit.account_id.is_not(None))
              .group_by(Visit.account_id).subquery("last_visit"))
_NEXT_DUE = (LAST_VISIT.c.day.is_not(None), days_after(LAST_VISIT.c.day, Account.cadence_days))

#: Orders a list can be sorted by (the table's sortable columns); texts in the language's
#: order (fieldrep.store.collation), in SQL.  By next due date (or status), the accounts
#: never visited come first: they are due at once.
SORT_KEYS: dict[str, tuple[Any, ...]] = {
    "name": (collated(Account.name),),
    "street": (collated(Account.street),),
    "postcode": (Account.postcode,),
    "city": (collated(Account.city),),
    "tier": (Account.tier,),
    "cadence_days": (Account.cadence_days,),
    "meeting_minutes": (Account.meeting_minutes,),
    "annual_value": (Account.annual_value,),
    "location": (Account.lat.is_(None), Account.geocode_precision),
    "territory": (collated(Territory.name),),
    "last_visit": (LAST_VISIT.c.day.is_not(None), LAST_VISIT.c.day),
    "next_due": _NEXT_DUE,
    "status": _NEXT_DUE,
}
#: The sort keys that need the last visit joined.
BY_VISITS = {"last_visit", "next_due", "status"}


def ordering(sort: str, descending: bool) -> list[Any]:
    """The ``ORDER BY`` of a list in ``sort`` order (then by name and id)."""
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort accounts by {sort!r}; known: {', '.join(SORT_KEYS)}")
    # Empty values sort as the smallest on every database (PostgreSQL's default is the
    # largest): an account without a value comes last when sorting by value, descending.
    keys = [k.desc().nulls_last() if descending else k.asc().nulls_first()
            for k in SORT_KEYS[sort]]
    return [*keys, collated(Account.name).asc(), Account.id.asc()]
