"""Log, edit and read visits; keep drafts of the visit form while the rep types.

Visit notes are the rep's work of the day: a draft is saved as typed (one row per form,
see :func:`save_draft`) and removed only in the same transaction that saves the visit; an
edit keeps what the notes said before (:class:`VisitRevision`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from fieldrep.store import Store
from fieldrep.store.models import Account, FollowUp, PlanStop, Visit, VisitDraft, VisitRevision
from fieldrep.store.owners import current_login
from fieldrep.visits.conflicts import stale_visit
from fieldrep.visits.model import (
    Mode,
    Outcome,
    Result,
    VisitData,
    VisitError,
    VisitInput,
)

MAX_ORDER_VALUE = Decimal("100000000")
#: Outcomes that say what happened there: never for a visit still to come.
HAPPENED = (Outcome.COMPLETED, Outcome.NO_ONE_THERE)
MAX_APPOINTMENT_MINUTES = 600
#: Longest texts the store keeps in these columns.
MAX_CONTACT, MAX_COMPETITORS = 200, 500


def check_visit(visit: VisitInput, now: datetime, *,
                kept_follow_up: date | None = None) -> VisitInput:
    """The visit as it will be saved, or :class:`VisitError` naming what is wrong.

    A visit completed or with no one there cannot be in the future (it can only be
    planned), a check-out comes after its check-in, a follow-up is not in the past (unless
    it is ``kept_follow_up``, the date an edited visit already had); an order value implies
    "order taken", a follow-up date "follow-up needed".
    """
    today = now.date()
    if visit.check_in and visit.check_out and visit.check_out < visit.check_in:
        raise VisitError(f"check-out {visit.check_out:%H:%M} is before check-in "
                         f"{visit.check_in:%H:%M}", "check_out")
    if visit.outcome in HAPPENED:
        marked = f"marked {visit.outcome.label.lower()} once it has happened"
        if visit.day > today:
            raise VisitError(f"{visit.day:%a %d %b %Y} is in the future: a visit can be "
                             f"{marked} (plan it for that day instead)", "day")
        started = visit.check_in or visit.check_out
        if visit.day == today and started and started > now.time():
            raise VisitError(f"check-in {started:%H:%M} is later than now "
                             f"({now:%H:%M}): a visit can be {marked}", "check_in")
    new_follow_up = visit.follow_up_date != kept_follow_up  # an edit may keep a past one
    if visit.follow_up_date is not None and new_follow_up and visit.follow_up_date < today:
        raise VisitError(f"the follow-up date {visit.follow_up_date:%a %d %b %Y} is in the "
                         "past", "follow_up_date")
    if visit.follow_up_date is None and visit.follow_up_at is not None:
        raise VisitError("a follow-up time needs a follow-up date", "follow_up_date")
    if visit.follow_up_minutes is not None and visit.follow_up_at is None:
        raise VisitError("an appointment's length needs its time (the follow-up time)",
                         "follow_up_minutes")
    minutes = visit.follow_up_minutes
    if minutes is not None and not 5 <= minutes <= MAX_APPOINTMENT_MINUTES:
        raise VisitError(f"an appointment of {minutes} minutes is outside 5 to "
                         f"{MAX_APPOINTMENT_MINUTES}", "follow_up_minutes")
    value = visit.order_value
    if value is not None and (not value.is_finite() or value < 0 or value > MAX_ORDER_VALUE):
        raise VisitError(f"an order value of {value} cannot be right (0 to "
                         f"{MAX_ORDER_VALUE:,})", "order_value")
    if value is not None and value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise VisitError(f"{value} has more than two decimals", "order_value")
    results = list(visit.results)
    if value and Result.ORDER not in results:
        results.append(Result.ORDER)
    if visit.follow_up_date is not None and Result.FOLLOW_UP not in results:
        results.append(Result.FOLLOW_UP)
    competitors = tuple(dict.fromkeys(c.strip() for c in visit.competitors if c.strip()))
    if len(visit.contact_name.strip()) > MAX_CONTACT:
        raise VisitError(f"the contact's name is longer than {MAX_CONTACT} characters",
                         "contact_name")
    if len(", ".join(competitors)) > MAX_COMPETITORS:
        raise VisitError(f"the competitors take more than {MAX_COMPETITORS} characters: "
                         "name the main ones, the rest can go in the notes", "competitors")
    return replace(visit, results=tuple(dict.fromkeys(results)), competitors=competitors)


def log_visit(store: Store, visit: VisitInput, *, now: datetime | None = None,
              draft_key: str = "") -> VisitData:
    """Save a visit (and its follow-up, if it has a date); the draft goes in the same step."""
    visit = check_visit(visit, now or datetime.now())
    with store.unit_of_work() as uow:
        session = uow.session
        account = _account(session, visit.account_id)
        if visit.plan_stop_id is not None and session.get(PlanStop, visit.plan_stop_id) is None:
            raise VisitError(f"there is no planned stop #{visit.plan_stop_id}", "plan_stop_id")
        row = Visit(account_id=account.id, account_name=account.name)
        _fill(row, visit)
        session.add(row)
        session.flush()
        _sync_follow_up(session, row, visit)
        _close_fulfilled(session, row)
        if draft_key:
            session.execute(delete(VisitDraft).where(VisitDraft.key == draft_key))
        uow.commit()
        return _data(session, row)


def update_visit(store: Store, visit_id: int, visit: VisitInput, *,
                 now: datetime | None = None, draft_key: str = "",
                 expected_version: int | None = None) -> VisitData:
    """Change a logged visit; what its notes and next step said before is kept.  With
    ``expected_version`` (the version the form was opened on) a visit changed elsewhere
    since is refused with :class:`~fieldrep.visits.conflicts.StaleVisit` (the form as
    checked, the stored visit and the fields they differ on)."""
    with store.unit_of_work() as uow:
        session = uow.session
        row = _visit(session, visit_id)
        visit = check_visit(visit, now or datetime.now(), kept_follow_up=row.follow_up_date)
        if expected_version is not None and row.version != expected_version:
            raise stale_visit(visit, _data(session, row), expected_version)
        with session.no_autoflush:  # the visit's row is written at the commit, checked
            if (row.notes, row.next_step) != (visit.notes, visit.next_step) and (
                    row.notes or row.next_step):
                session.add(VisitRevision(visit_id=row.id, notes=row.notes,
                                          next_step=row.next_step))
            if visit.account_id != row.account_id:
                account = _account(session, visit.account_id)
                row.account_id, row.account_name = account.id, account.name
            _fill(row, visit)
            _sync_follow_up(session, row, visit)
            if draft_key:
                session.execute(delete(VisitDraft).where(VisitDraft.key == draft_key))
        try:
            uow.commit()
        except StaleDataError:  # changed by another client between the read and the write
            uow.rollback()
            raise stale_visit(visit, get_visit(store, visit_id),
                              expected_version or 0) from None
        return _data(session, row)


def delete_visit(store: Store, visit_id: int) -> VisitData:
    """Remove a visit (its open follow-up too); returns it, e.g. to log it again on undo."""
    with store.unit_of_work() as uow:
        row = _visit(uow.session, visit_id)
        data = _data(uow.session, row)
        uow.session.execute(delete(FollowUp).where(FollowUp.visit_id == visit_id,
                                                   FollowUp.closed_on.is_(None)))
        uow.session.delete(row)
        uow.commit()
        return data


def get_visit(store: Store, visit_id: int) -> VisitData:
    with store.unit_of_work() as uow:
        return _data(uow.session, _visit(uow.session, visit_id))


def list_visits(store: Store, *, account_id: int | None = None, first: date | None = None,
                last: date | None = None) -> list[VisitData]:
    """Visits, newest first, of one account (by the whole team: its history) and/or
    between two days (inclusive; the user's own, when no account is given)."""
    stmt = select(Visit)
    if account_id is not None:
        stmt = stmt.where(Visit.account_id == account_id)
    else:
        stmt = stmt.where(Visit.owner == current_login())
    if first is not None:
        stmt = stmt.where(Visit.day >= first)
    if last is not None:
        stmt = stmt.where(Visit.day <= last)
    with store.unit_of_work() as uow:
        rows = uow.session.scalars(stmt.order_by(Visit.day.desc(), Visit.check_in.desc(),
                                                 Visit.id.desc()))
        return [_data(uow.session, row, revisions=False) for row in rows]


def visits_of_stops(store: Store, stop_ids: Sequence[int]) -> dict[int, VisitData]:
    """The visit logged for each of these planned stops (the latest, if several)."""
    if not stop_ids:
        return {}
    with store.unit_of_work() as uow:
        rows = uow.session.scalars(select(Visit).where(Visit.plan_stop_id.in_(stop_ids))
                                   .order_by(Visit.id))
        return {row.plan_stop_id: _data(uow.session, row, revisions=False)
                for row in rows if row.plan_stop_id is not None}


def save_draft(store: Store, key: str, payload: dict[str, Any]) -> None:
    """Keep the visit form as typed so far under ``key`` (e.g. ``stop:12``)."""
    text = json.dumps(payload, ensure_ascii=False, default=str)
    with store.unit_of_work() as uow:
        row = uow.session.get(VisitDraft, key)
        if row is None:
            uow.session.add(VisitDraft(key=key, payload=text))
        else:
            row.payload = text
            row.updated_at = datetime.now().astimezone()
        uow.commit()


def load_draft(store: Store, key: str) -> dict[str, Any] | None:
    with store.unit_of_work() as uow:
        row = uow.session.get(VisitDraft, key)
        return None if row is None else json.loads(row.payload)


def discard_draft(store: Store, key: str) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(delete(VisitDraft).where(VisitDraft.key == key))
        uow.commit()


def _account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise VisitError(f"there is no account #{account_id}", "account_id")
    return account


def _visit(session: Session, visit_id: int) -> Visit:
    row = session.get(Visit, visit_id)
    if row is None:
        raise VisitError(f"there is no visit #{visit_id}", "visit_id")
    return row


def _fill(row: Visit, visit: VisitInput) -> None:
    row.plan_stop_id = visit.plan_stop_id
    row.day, row.mode, row.outcome = visit.day, visit.mode.value, visit.outcome.value
    row.check_in, row.check_out = visit.check_in, visit.check_out
    row.results = ",".join(r.value for r in visit.results)
    row.order_value = visit.order_value
    row.contact_name, row.notes = visit.contact_name.strip(), visit.notes
    row.next_step, row.needs = visit.next_step, visit.needs
    row.competitors = ", ".join(visit.competitors)
    row.follow_up_date = visit.follow_up_date


def _sync_follow_up(session: Session, row: Visit, visit: VisitInput) -> None:
    """The visit's follow-up date becomes (or updates, or drops) its open follow-up."""
    open_one = session.scalar(select(FollowUp).where(FollowUp.visit_id == row.id,
                                                     FollowUp.closed_on.is_(None)))
    if visit.follow_up_date is None:
        if open_one is not None:
            session.delete(open_one)
        return
    if open_one is None:
        open_one = FollowUp(visit_id=row.id)
        session.add(open_one)
    open_one.account_id, open_one.account_name = row.account_id, row.account_name
    open_one.due, open_one.at = visit.follow_up_date, visit.follow_up_at
    open_one.minutes = visit.follow_up_minutes
    open_one.note = visit.next_step.strip()


def _close_fulfilled(session: Session, row: Visit) -> None:
    """A completed visit fulfils the account's follow-ups due by its day."""
    if row.outcome != Outcome.COMPLETED.value or row.account_id is None:
        return
    fulfilled = session.scalars(select(FollowUp).where(
        FollowUp.account_id == row.account_id, FollowUp.closed_on.is_(None),
        FollowUp.due <= row.day, FollowUp.visit_id.is_distinct_from(row.id)))
    for follow_up in fulfilled:
        follow_up.closed_on = row.day


def _data(session: Session, row: Visit, *, revisions: bool = True) -> VisitData:
    """The visit as plain values; with ``revisions``, also its earlier notes and its
    follow-up's appointment time (two more queries)."""
    history: tuple[tuple[str, str], ...] = ()
    booked: tuple[time | None, int | None] = (None, None)
    if revisions:
        booked = session.execute(
            select(FollowUp.at, FollowUp.minutes).where(FollowUp.visit_id == row.id)
            .order_by(FollowUp.id.desc()).limit(1)).first() or (None, None)
        history = tuple((notes, step) for notes, step in session.execute(
            select(VisitRevision.notes, VisitRevision.next_step)
            .where(VisitRevision.visit_id == row.id).order_by(VisitRevision.id)))
    return VisitData(
        id=row.id, account_id=row.account_id, account_name=row.account_name, day=row.day,
        outcome=Outcome(row.outcome), mode=Mode(row.mode), check_in=row.check_in,
        check_out=row.check_out,
        results=tuple(Result(r) for r in row.results.split(",") if r),
        order_value=row.order_value, contact_name=row.contact_name, notes=row.notes,
        next_step=row.next_step, needs=row.needs,
        competitors=tuple(c.strip() for c in row.competitors.split(",") if c.strip()),
        follow_up_date=row.follow_up_date, plan_stop_id=row.plan_stop_id, revisions=history,
        follow_up_at=booked[0], follow_up_minutes=booked[1], version=row.version)

