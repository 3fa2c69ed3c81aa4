"""What the rep reads before a stop, and an account's history as a timeline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, time

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import get_account
from fieldrep.store import Store
from fieldrep.visits.due import Due, due_on
from fieldrep.visits.follow_ups import open_follow_ups
from fieldrep.visits.logbook import list_visits
from fieldrep.visits.model import FollowUpData, VisitData

RECENT_VISITS = 3


@dataclass(frozen=True)
class Brief:
    """A short read before a stop: the account, where it stands, what was said lately."""

    account: AccountData
    due: Due
    recent: tuple[VisitData, ...]
    follow_ups: tuple[FollowUpData, ...]
    #: Needs heard in visits, newest first, each once.
    needs: tuple[str, ...]
    #: Competitors seen or named, most often mentioned first.
    competitors: tuple[str, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """One line of an account's history: a visit, or a follow-up (open or closed)."""

    day: date
    at: time | None
    kind: str  # "visit" or "follow-up"
    title: str
    text: str
    visit_id: int | None = None
    follow_up_id: int | None = None


def account_brief(store: Store, account_id: int, day: date | None = None) -> Brief:
    """The brief for ``account_id`` as of ``day`` (today by default)."""
    day = day or date.today()
    account = get_account(store, account_id)
    visits = list_visits(store, account_id=account_id)
    done = [v for v in visits if v.done and v.day <= day]
    due = due_on(done[0].day if done else None, account.cadence_days, day)
    needs = tuple(dict.fromkeys(v.needs.strip() for v in visits if v.needs.strip()))
    mentioned = Counter(c for v in visits for c in v.competitors)
    return Brief(account=account, due=due, recent=tuple(visits[:RECENT_VISITS]),
                 follow_ups=tuple(open_follow_ups(store, account_id=account_id)),
                 needs=needs, competitors=tuple(c for c, _n in mentioned.most_common()))


def account_timeline(store: Store, account_id: int) -> list[TimelineEntry]:
    """Visits and follow-ups of an account, newest first."""
    entries = []
    for visit in list_visits(store, account_id=account_id):
        title = visit.summary()
        if visit.contact_name:
            title += f" — met {visit.contact_name}"
        text = "\n".join(p for p in (visit.notes.strip(),
                                     f"Next step: {visit.next_step.strip()}"
                                     if visit.next_step.strip() else "") if p)
        entries.append(TimelineEntry(visit.day, visit.check_in, "visit", title, text,
                                     visit_id=visit.id))
    for item in open_follow_ups(store, account_id=account_id):
        entries.append(TimelineEntry(item.due, item.at, "follow-up",
                                     "Appointment" if item.is_appointment else "Follow-up",
                                     item.note, follow_up_id=item.id))
    entries.sort(key=lambda e: (e.day, e.at or time.min), reverse=True)
    return entries
