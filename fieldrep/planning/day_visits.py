"""A day's request as visits: the check of what the rep asked, and when each account can
be seen that day.

The request is checked first and what cannot work is named in the rep's words
(appointments that overlap or fall outside the day, an end before the start, a lock that
cannot be kept).  Each wanted account then becomes a visit with the windows its meeting
may start in (its opening hours inside the working day, its appointment, or the time the
rep locked it at), or is left out with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from itertools import pairwise

from fieldrep.common.hours import DAY_CODES, OpeningHoursError, parse_opening_hours
from fieldrep.planning.locks import check_locks, lock_label, time_lock_problem
from fieldrep.planning.lunch_fit import check_lunch
from fieldrep.planning.model import (
    Candidate,
    DayRequest,
    DroppedAccount,
    Lock,
    PlanError,
)

DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
             "Sundays")
START, END = 0, 1  # matrix indices of the day's start and end places


def seconds(at: time) -> int:
    """Seconds since midnight."""
    return at.hour * 3600 + at.minute * 60 + at.second


def clock(value: int) -> time:
    """The wall-clock time of ``value`` seconds since midnight (capped at 23:59:59)."""
    value = max(0, min(value, 24 * 3600 - 1))
    return time(value // 3600, value % 3600 // 60, value % 60)


def hhmm(value: int) -> str:
    return clock(value).strftime("%H:%M")


@dataclass(frozen=True)
class DayVisit:
    """An account to see that day: when its meeting may start, how long it lasts, and
    whether it is an appointment (``appointment_at``) or a stop the rep locked."""

    candidate: Candidate
    windows: tuple[tuple[int, int], ...]
    service: int
    appointment: bool
    lock: Lock | None = None

    @property
    def appointment_at(self) -> time | None:
        return clock(self.windows[0][0]) if self.appointment else None


def first_overlap(slots: Sequence[tuple[int, int, str]]) -> str:
    """The first two fixed times (start, end, what) that overlap, in words; "" if none."""
    ordered = sorted(slots)
    for (a_start, a_end, a_name), (b_start, _b_end, b_name) in pairwise(ordered):
        if b_start < a_end:
            return (f"the appointments with {a_name} at {hhmm(a_start)} and with {b_name} at "
                    f"{hhmm(b_start)} overlap")
    return ""


def check_request(request: DayRequest) -> None:
    """Raise :class:`PlanError` naming what makes the request impossible as given."""
    start, end = seconds(request.start_time), seconds(request.end_time)
    if end <= start:
        raise PlanError(f"the day ends ({hhmm(end)}) before it starts ({hhmm(start)})")
    check_lunch(request.day, request.start_time, request.end_time, request.lunch)
    names = {c.account_id: c for c in request.candidates}
    timed = []
    for appointment in request.appointments:
        candidate = names.get(appointment.account_id)
        if candidate is None:
            raise PlanError(f"the appointment at {appointment.at:%H:%M} is with account "
                            f"#{appointment.account_id}, which is not among the accounts")
        if candidate.lat is None or candidate.lon is None:
            raise PlanError(f"{candidate.name} has an appointment but no location")
        minutes = appointment.minutes or candidate.meeting_minutes
        begin = seconds(appointment.at)
        if begin < start or begin + minutes * 60 > end:
            raise PlanError(f"the appointment with {candidate.name} at {appointment.at:%H:%M} "
                            f"({minutes} min) is outside the working day "
                            f"{hhmm(start)}–{hhmm(end)}")
        timed.append((begin, begin + minutes * 60, candidate.name))
    clash = first_overlap(timed)
    if clash:
        raise PlanError(clash)
    if len(set(request.first)) != len(request.first):
        raise PlanError("a stop kept first is listed twice")
    unknown = [i for i in request.first if i not in names]
    if unknown:
        raise PlanError(f"the stop kept first, account #{unknown[0]}, is not among the "
                        "accounts")
    check_locks(request, {i: c.name for i, c in names.items()})


def opening_windows(
    candidate: Candidate, weekday: int, day_start: int, day_end: int
) -> tuple[tuple[tuple[int, int], ...], str]:
    """When a meeting with ``candidate`` may start on ``weekday`` within the working day
    (seconds since midnight), or no window and the reason, in the rep's words."""
    service = max(candidate.meeting_minutes, 1) * 60
    try:
        hours = parse_opening_hours(candidate.opening_hours)
    except OpeningHoursError:
        hours = parse_opening_hours("")
    if not hours.known:
        if day_end - service < day_start:
            return (), (f"a {candidate.meeting_minutes}-minute meeting does not fit in the "
                        "working day")
        return ((day_start, day_end - service),), ""
    intervals = hours.intervals(weekday)
    if not intervals:
        return (), f"closed on {DAY_NAMES[weekday]} ({DAY_CODES[weekday]})"
    fitting = [iv for iv in intervals if (iv.end - iv.start) * 60 >= service]
    if not fitting:
        return (), (f"its opening hours that day ({', '.join(map(str, intervals))}) leave "
                    f"no slot for a {candidate.meeting_minutes}-minute meeting")
    windows = tuple(
        (max(iv.start * 60, day_start), min(iv.end * 60, day_end) - service)
        for iv in fitting
        if max(iv.start * 60, day_start) <= min(iv.end * 60, day_end) - service)
    if not windows:
        return (), f"open only outside your working hours ({', '.join(map(str, intervals))})"
    return windows, ""


def day_visits(request: DayRequest) -> tuple[list[DayVisit], list[DroppedAccount]]:
    """The visits possible that day, and the accounts left out with their reason; a stop
    the rep fixed (appointment, kept first, locked) that cannot be made raises
    :class:`PlanError` naming it and why."""
    weekday = request.day.weekday()
    day_start, day_end = seconds(request.start_time), seconds(request.end_time)
    appointments = {a.account_id: a for a in request.appointments}
    locks = {lock.account_id: lock for lock in request.locks}
    visits: list[DayVisit] = []
    dropped: list[DroppedAccount] = []
    for c in request.candidates:
        lock = locks.get(c.account_id)
        if c.lat is None or c.lon is None:
            if lock is not None or c.account_id in request.first:
                raise PlanError(f"{lock_label(lock, c.name)} has no location: locate it on "
                                "the map first" if lock else
                                f"{c.name} is kept first but has no location")
            dropped.append(DroppedAccount(c.account_id, c.name,
                                          "no location yet: locate the account first"))
            continue
        appointment = appointments.get(c.account_id)
        if appointment is not None:
            minutes = appointment.minutes or c.meeting_minutes
            at = seconds(appointment.at)
            visits.append(DayVisit(c, ((at, at),), minutes * 60, True, lock))
            continue
        windows, reason = opening_windows(c, weekday, day_start, day_end)
        if lock is not None and lock.at is not None:
            problem = time_lock_problem(lock, c, windows, reason)
            if problem:
                raise PlanError(problem)
            at = seconds(lock.at)
            windows = ((at, at),)
        if not windows:
            if lock is not None or c.account_id in request.first:
                who = lock_label(lock, c.name) if lock else f"{c.name}, kept first,"
                raise PlanError(f"{who} cannot be visited that day: {reason}")
            dropped.append(DroppedAccount(c.account_id, c.name, reason))
            continue
        visits.append(DayVisit(c, windows, max(c.meeting_minutes, 1) * 60, False, lock))
    return visits, dropped
