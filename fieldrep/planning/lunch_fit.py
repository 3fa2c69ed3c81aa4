"""Whether the lunch break fits in a working day, and if not, what to change, in words.

The engine takes the break within its window and inside the day's hours (it starts at the
later of the window's opening and the day's start, and ends before the day does).  A day
too short for it, or starting after its last possible start, is named here before any
search runs, with the day, the break's window and length, the working hours and the
change that makes it fit; no solver wording ("break 0", "vehicle 0") reaches the rep.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fieldrep.planning.model import LunchBreak, PlanError


def lunch_problem(day: date, start: time, end: time, lunch: LunchBreak) -> str:
    """Why ``lunch`` cannot be taken between ``start`` and ``end`` on ``day`` ("" when it
    can): one sentence naming the day, the break, the hours and what to change."""
    begin = datetime.combine(day, max(lunch.earliest, start))
    finish = datetime.combine(day, end)
    over = begin + timedelta(minutes=lunch.minutes)
    if begin.time() <= lunch.latest and over <= finish:
        return ""
    if begin.time() > lunch.latest:
        change = f"start the day at {lunch.latest:%H:%M} or earlier"
    else:
        change = f"end the day at {over:%H:%M} or later"
        room = int((finish - begin).total_seconds()) // 60
        if room > 0:
            change += f", shorten the lunch break to {room} minutes"
    return (f"{day:%A} {day.day} {day:%B %Y}: the {lunch.minutes}-minute lunch break, "
            f"which starts between {lunch.earliest:%H:%M} and {lunch.latest:%H:%M}, does not "
            f"fit in your working hours {start:%H:%M}–{end:%H:%M}: {change}, or set the "
            "lunch break to 0 minutes (none) in Settings")


def check_lunch(day: date, start: time, end: time, lunch: LunchBreak | None) -> None:
    """Raise :class:`PlanError` with :func:`lunch_problem`'s sentence when the break of
    ``day`` cannot fit (a day without one always passes)."""
    if lunch is None:
        return
    if lunch.latest < lunch.earliest:
        raise PlanError("the lunch break's latest start is before its earliest start")
    if lunch.minutes <= 0:
        raise PlanError("a lunch break lasts at least a minute (0 in Settings: none)")
    problem = lunch_problem(day, start, end, lunch)
    if problem:
        raise PlanError(problem)
