"""A working day the lunch break cannot fit in is refused before any search, in one
sentence naming the day, the break, the hours and what to change (real OR-Tools solves
where the day is possible)."""

from datetime import date, time

import pytest

from fieldrep.planning.day import plan_day
from fieldrep.planning.model import Candidate, DayRequest, LunchBreak, Place, PlanError
from fieldrep.planning.week import WeekRequest, WorkDay, plan_week
from fieldrep.travel.straight_line import StraightLineModel

TUESDAY = date(2026, 11, 24)
HOME = Place("Home", 45.7700, 4.8520)
LUNCH = LunchBreak(time(11, 45), time(14, 0), 45)
SHOP = Candidate(1, "Pharmacie Gros", 45.7640, 4.8357, 30)


def day_from(start: time, end: time, lunch: LunchBreak | None = LUNCH) -> DayRequest:
    return DayRequest(day=TUESDAY, start=HOME, end=HOME, start_time=start, end_time=end,
                      candidates=(SHOP,), lunch=lunch)


def refusal(request: DayRequest) -> str:
    with pytest.raises(PlanError) as refused:
        plan_day(request, StraightLineModel(), time_limit=0.2)
    return str(refused.value)


def test_a_day_ending_before_lunch_can_start_says_when_to_end_it() -> None:
    assert refusal(day_from(time(8, 30), time(11, 0))) == (
        "Tuesday 24 November 2026: the 45-minute lunch break, which starts between 11:45 "
        "and 14:00, does not fit in your working hours 08:30–11:00: end the day at 12:30 "
        "or later, or set the lunch break to 0 minutes (none) in Settings")


def test_a_day_ending_during_lunch_also_offers_a_shorter_break() -> None:
    message = refusal(day_from(time(8, 30), time(12, 15)))
    assert "working hours 08:30–12:15: end the day at 12:30 or later, shorten the lunch " \
           "break to 30 minutes, or set" in message


def test_a_day_starting_after_the_last_lunch_start_says_when_to_start_it() -> None:
    message = refusal(day_from(time(14, 30), time(18, 0)))
    assert "working hours 14:30–18:00: start the day at 14:00 or earlier" in message
    assert "break 0" not in message and "vehicle" not in message


def test_a_day_the_break_just_fits_is_planned_with_it() -> None:
    plan = plan_day(day_from(time(8, 30), time(12, 30)), StraightLineModel(), time_limit=0.2)
    assert plan.lunch == (time(11, 45), time(12, 30))
    assert [s.name for s in plan.stops] == ["Pharmacie Gros"]


def test_without_a_lunch_break_a_short_day_is_planned() -> None:
    plan = plan_day(day_from(time(8, 30), time(11, 0), lunch=None), StraightLineModel(),
                    time_limit=0.2)
    assert plan.lunch is None and len(plan.stops) == 1


def test_a_week_names_the_first_day_the_break_cannot_fit() -> None:
    days = (WorkDay(TUESDAY, HOME, HOME, time(8, 30), time(18, 0), LUNCH),
            WorkDay(date(2026, 11, 25), HOME, HOME, time(8, 30), time(11, 0), LUNCH))
    with pytest.raises(PlanError, match=r"^Wednesday 25 November 2026: the 45-minute lunch "
                                        r"break.* end the day at 12:30 or later"):
        plan_week(WeekRequest(days, (SHOP,)), StraightLineModel(), time_limit=0.2)
