"""The rep's locks in words: a locked stop keeps its place in the order (and its time when
the rep set one); here, what makes a lock impossible before any search.

A lock is named as the rep sees it on the Plan page: "Stop 7 (Boulangerie Martin) locked
at 09:00", "Stop 3 (Cave de Vaise) locked in place".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from itertools import pairwise

from fieldrep.planning.model import Candidate, DayRequest, Lock, PlanError


def _hhmm(value: int) -> str:
    value = max(0, min(value, 24 * 3600 - 1))
    return f"{value // 3600:02d}:{value % 3600 // 60:02d}"


def _seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


def lock_label(lock: Lock | None, name: str) -> str:
    """``Stop 7 (Boulangerie Martin) locked at 09:00`` (or ``locked in place``)."""
    if lock is None:
        return name
    where = f"locked at {lock.at:%H:%M}" if lock.at is not None else "locked in place"
    return f"Stop {lock.position} ({name}) {where}"


def check_locks(request: DayRequest, names: Mapping[int, str]) -> None:
    """Raise :class:`PlanError` for locks that cannot be kept whatever the search does:
    an unknown account, two locks on one stop or one place, a place beyond the stops
    planned, a time outside the working day or other than the stop's appointment."""
    seen: dict[int, Lock] = {}
    places: dict[int, Lock] = {}
    appointments = {a.account_id: a.at for a in request.appointments}
    for lock in request.locks:
        if lock.account_id not in names:
            raise PlanError(f"locked stop #{lock.account_id} is not among the accounts")
        name = names[lock.account_id]
        label = lock_label(lock, name)
        if lock.account_id in seen:
            raise PlanError(f"{name} is locked twice")
        if lock.account_id in request.first:
            raise PlanError(f"{name} is both kept first and locked in place: choose one")
        if lock.position < 1:
            raise PlanError(f"{label}: a stop's place in the day starts at 1")
        if lock.position in places:
            other = places[lock.position]
            raise PlanError(f"{names[other.account_id]} and {name} are both locked as stop "
                            f"{lock.position}")
        if lock.position > len(request.candidates):
            raise PlanError(f"{label} cannot be kept: only {len(request.candidates)} "
                            "accounts are planned that day")
        booked = appointments.get(lock.account_id)
        if lock.at is not None and booked is not None and booked != lock.at:
            raise PlanError(f"{label} cannot be kept: it has an appointment at "
                            f"{booked:%H:%M}")
        if lock.at is not None and not request.start_time <= lock.at < request.end_time:
            raise PlanError(f"{label} is outside the working day "
                            f"{request.start_time:%H:%M}–{request.end_time:%H:%M}")
        seen[lock.account_id] = places[lock.position] = lock
    timed = sorted(lock.position for lock in request.locks if lock.at is not None)
    by_place = {lock.position: lock for lock in request.locks}
    for earlier, later in pairwise(timed):
        a, b = by_place[earlier], by_place[later]
        if a.at is not None and b.at is not None and b.at <= a.at:
            raise PlanError(f"{lock_label(b, names[b.account_id])} comes after "
                            f"{lock_label(a, names[a.account_id])}: its time must be later")


def time_lock_problem(lock: Lock, candidate: Candidate,
                      windows: tuple[tuple[int, int], ...], closed: str) -> str:
    """Why the meeting cannot start at the lock's time, given when it may start that day
    (``windows``; none: ``closed`` says why), in words; "" when it can."""
    assert lock.at is not None
    label = lock_label(lock, candidate.name)
    if not windows:
        return f"{label} cannot be kept: {closed}"
    at = _seconds(lock.at)
    if any(lo <= at <= hi for lo, hi in windows):
        return ""
    service = max(candidate.meeting_minutes, 1) * 60
    later = [lo for lo, _hi in windows if lo > at]
    earlier = [hi for _lo, hi in windows if hi < at]
    if not earlier:
        return f"{label} cannot be reached: it opens at {_hhmm(later[0])}"
    if later:
        return (f"{label} cannot be kept: a {candidate.meeting_minutes}-minute meeting must "
                f"end by {_hhmm(earlier[-1] + service)}; it opens again at "
                f"{_hhmm(later[0])}")
    return (f"{label} cannot be kept: a {candidate.meeting_minutes}-minute meeting there "
            f"must start by {_hhmm(earlier[-1])} (it closes at "
            f"{_hhmm(earlier[-1] + service)})")
