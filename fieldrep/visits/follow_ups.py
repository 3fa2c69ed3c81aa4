"""Follow-ups: tasks and appointments promised to accounts, and the day's list of them.

A follow-up with a time is an appointment: the planner pins that visit at that time.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from fieldrep.store import Store
from fieldrep.store.models import Account, FollowUp
from fieldrep.visits.logbook import MAX_APPOINTMENT_MINUTES
from fieldrep.visits.model import FollowUpData, VisitError


def add_follow_up(store: Store, account_id: int, due: date, *, at: time | None = None,
                  minutes: int | None = None, note: str = "",
                  today: date | None = None) -> FollowUpData:
    """Promise something to an account (an appointment when ``at`` is given)."""
    if due < (today or date.today()):
        raise VisitError(f"the follow-up date {due:%a %d %b %Y} is in the past", "due")
    if minutes is not None and not 5 <= minutes <= MAX_APPOINTMENT_MINUTES:
        raise VisitError(f"an appointment of {minutes} minutes is outside 5 to "
                         f"{MAX_APPOINTMENT_MINUTES}", "minutes")
    with store.unit_of_work() as uow:
        account = uow.session.get(Account, account_id)
        if account is None:
            raise VisitError(f"there is no account #{account_id}", "account_id")
        row = FollowUp(account_id=account.id, account_name=account.name, due=due, at=at,
                       minutes=minutes, note=note.strip())
        uow.session.add(row)
        uow.commit()
        return _data(row)


def open_follow_ups(store: Store, *, until: date | None = None,
                    account_id: int | None = None) -> list[FollowUpData]:
    """Open follow-ups, earliest first: those due by ``until`` and/or of one account."""
    stmt = select(FollowUp).where(FollowUp.closed_on.is_(None))
    if until is not None:
        stmt = stmt.where(FollowUp.due <= until)
    if account_id is not None:
        stmt = stmt.where(FollowUp.account_id == account_id)
    with store.unit_of_work() as uow:
        rows = uow.session.scalars(stmt.order_by(FollowUp.due, FollowUp.at, FollowUp.id))
        return [_data(row) for row in rows]


def appointments_on(store: Store, day: date) -> list[FollowUpData]:
    """The open appointments (follow-ups with a time) of one day, by time."""
    return [f for f in open_follow_ups(store, until=day)
            if f.due == day and f.at is not None and f.account_id is not None]


def close_follow_up(store: Store, follow_up_id: int, on: date | None = None) -> None:
    """Mark a follow-up done (or dropped): it leaves the day's list."""
    with store.unit_of_work() as uow:
        row = uow.session.get(FollowUp, follow_up_id)
        if row is None:
            raise VisitError(f"there is no follow-up #{follow_up_id}", "follow_up_id")
        row.closed_on = on or date.today()
        uow.commit()


def _data(row: FollowUp) -> FollowUpData:
    return FollowUpData(id=row.id, account_id=row.account_id, account_name=row.account_name,
                        due=row.due, at=row.at, minutes=row.minutes, note=row.note,
                        closed_on=row.closed_on, visit_id=row.visit_id)
