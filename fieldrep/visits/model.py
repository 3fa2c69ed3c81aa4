"""What a logged visit and a follow-up are, as plain values, and the words shown for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from fieldrep.common.errors import FieldRepError

E = TypeVar("E", bound=StrEnum)


class VisitError(FieldRepError, ValueError):
    """A visit or follow-up that cannot be right; ``field`` names the faulty input."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class Mode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "phone": "Phone call", "video": "Video call"}[self]

    @property
    def remote(self) -> bool:
        """A remote contact never enters a route but counts for the cadence."""
        return self is not Mode.IN_PERSON


class Outcome(StrEnum):
    COMPLETED = "completed"
    NO_ONE_THERE = "no_one_there"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"completed": "Completed", "no_one_there": "No one there",
                "rescheduled": "Rescheduled", "cancelled": "Cancelled"}[self]


class Result(StrEnum):
    ORDER = "order"
    DEMO = "demo"
    SAMPLE = "sample"
    FOLLOW_UP = "follow_up"
    LOST = "lost"

    @property
    def label(self) -> str:
        return {"order": "Order taken", "demo": "Demo given", "sample": "Sample left",
                "follow_up": "Follow-up needed", "lost": "Lost"}[self]


def parse_enum(kind: type[E], text: str, what: str) -> E:
    """``text`` as a member of ``kind`` (by value or label, any case, spaces or dashes)."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for member in kind:
        label = str(getattr(member, "label", member.value))
        if key in (member.value, label.lower().replace(" ", "_").replace("-", "_")):
            return member
    if key in _ALIASES and _ALIASES[key] in {m.value for m in kind}:
        return kind(_ALIASES[key])
    choices = ", ".join(m.value for m in kind)
    article = "an" if what[0] in "aeiou" else "a"
    raise VisitError(f"{text!r} is not {article} {what}: use one of {choices}", what)


_ALIASES = {"done": "completed", "absent": "no_one_there", "nobody": "no_one_there",
            "visit": "in_person", "call": "phone", "orders": "order", "samples": "sample"}


@dataclass(frozen=True)
class VisitInput:
    """What the rep enters to log a visit (or a call)."""

    account_id: int
    day: date
    outcome: Outcome = Outcome.COMPLETED
    mode: Mode = Mode.IN_PERSON
    check_in: time | None = None
    check_out: time | None = None
    results: tuple[Result, ...] = ()
    order_value: Decimal | None = None
    contact_name: str = ""
    notes: str = ""
    next_step: str = ""
    needs: str = ""
    competitors: tuple[str, ...] = ()
    follow_up_date: date | None = None
    #: With a time the follow-up is an appointment the planner pins; without, a task.
    follow_up_at: time | None = None
    follow_up_minutes: int | None = None
    plan_stop_id: int | None = None


@dataclass(frozen=True)
class VisitData:
    """A logged visit as stored."""

    id: int
    account_id: int | None
    account_name: str
    day: date
    outcome: Outcome
    mode: Mode
    check_in: time | None
    check_out: time | None
    results: tuple[Result, ...]
    order_value: Decimal | None
    contact_name: str
    notes: str
    next_step: str
    needs: str
    competitors: tuple[str, ...]
    follow_up_date: date | None
    plan_stop_id: int | None
    #: Earlier versions (notes, next step) of an edited visit, oldest first.
    revisions: tuple[tuple[str, str], ...] = field(default=())
    #: The time of the appointment its follow-up booked, if any.
    follow_up_at: time | None = None
    follow_up_minutes: int | None = None
    #: The stored version this copy was read at (an edit over a newer one is refused).
    version: int = 0

    @property
    def done(self) -> bool:
        """The rep met or spoke with the account: counts for the cadence."""
        return self.outcome is Outcome.COMPLETED

    def summary(self) -> str:
        """One line: how it went and what came of it."""
        parts = [self.mode.label if self.mode.remote else "", self.outcome.label]
        parts += [r.label for r in self.results]
        if self.order_value is not None:
            parts.append(f"order {self.order_value:,.2f}")
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class FollowUpData:
    id: int
    account_id: int | None
    account_name: str
    due: date
    at: time | None
    minutes: int | None
    note: str
    closed_on: date | None
    visit_id: int | None

    @property
    def is_appointment(self) -> bool:
        return self.at is not None

    def describe(self) -> str:
        """"appointment Tue 24 Nov 10:00: demo of the new range" or "follow-up promised for…"."""
        when = self.due.strftime("%a %d %b")
        text = (f"appointment {when} {self.at:%H:%M}" if self.at is not None
                else f"follow-up promised for {when}")
        return f"{text}: {self.note}" if self.note else text


class DueStatus(StrEnum):
    NEVER = "never"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"

    @property
    def label(self) -> str:
        return {"never": "Never visited", "overdue": "Overdue", "due_soon": "Due soon",
                "on_time": "On time"}[self]
