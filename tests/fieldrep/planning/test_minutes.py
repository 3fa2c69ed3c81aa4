"""A planned day reads in minutes: every time of it is a whole minute and each one follows
from the one before and the drive shown between them (real OR-Tools and PyVRP solves,
straight-line travel, whose legs are seconds: 4 min 46 s)."""

from datetime import date, time

import pytest

from fieldrep.planning.day import plan_day
from fieldrep.planning.evaluate import evaluate_day
from fieldrep.planning.minutes import whole_minutes
from fieldrep.planning.model import Appointment, Candidate, DayPlan, DayRequest, Place
from fieldrep.planning.week import WeekRequest, WorkDay, plan_week
from fieldrep.travel.straight_line import StraightLineModel

TUESDAY = date(2026, 11, 24)
HOME = Place("Home", 45.7640, 4.8357)
TRAVEL = StraightLineModel()


def around_lyon(count: int) -> tuple[Candidate, ...]:
    """Accounts at odd distances from each other (legs that are never whole minutes)."""
    return tuple(Candidate(n, f"Account {n}", 45.70 + (n * 37 % 23) * 0.0071,
                           4.78 + (n * 53 % 29) * 0.0063, 25 + n % 4 * 5)
                 for n in range(1, count + 1))


def seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


def assert_in_minutes(day: DayPlan) -> None:
    """Every time a whole minute; no stop reached sooner than its drive shown allows."""
    times = [day.departure, day.return_time, *(day.lunch or ())]
    times += [t for s in day.stops for t in (s.arrival, s.start, s.end)]
    assert [str(t) for t in times if t.second or t.microsecond] == []
    assert all(s.leg_seconds % 60 == 0 for s in day.stops) and day.last_leg_seconds % 60 == 0
    free = seconds(day.departure)
    for stop in day.stops:
        assert seconds(stop.arrival) >= free + stop.leg_seconds, stop.name
        assert stop.wait_minutes * 60 == seconds(stop.start) - seconds(stop.arrival)
        free = seconds(stop.end)
    assert seconds(day.return_time) >= free + day.last_leg_seconds


@pytest.mark.parametrize("leg, shown", [(0, 0), (20, 60), (89, 60), (90, 120), (286, 300)])
def test_a_leg_is_timed_to_the_nearest_minute_and_never_below_one(leg: int,
                                                                   shown: int) -> None:
    assert whole_minutes(leg) == shown


def test_a_day_with_an_appointment_is_timed_in_minutes() -> None:
    request = DayRequest(TUESDAY, HOME, HOME, candidates=around_lyon(9),
                         appointments=(Appointment(4, time(15, 0)),))
    day = plan_day(request, TRAVEL, time_limit=0.5)
    assert len(day.stops) >= 6 and day.lunch is not None
    assert_in_minutes(day)
    (appointment,) = [s for s in day.stops if s.appointment]
    assert appointment.start == time(15, 0)
    first = day.stops[0]  # leaving as late as the first meeting allows, lunch after it
    assert day.lunch[0] > first.arrival
    assert seconds(first.arrival) == seconds(day.departure) + first.leg_seconds


def test_a_long_day_searched_by_pyvrp_first_is_timed_in_minutes() -> None:
    day = plan_day(DayRequest(TUESDAY, HOME, HOME, candidates=around_lyon(24)), TRAVEL,
                   time_limit=1.0)
    assert len(day.stops) >= 8
    assert_in_minutes(day)


def test_an_order_made_by_hand_and_a_week_are_timed_in_minutes() -> None:
    accounts = around_lyon(6)
    request = DayRequest(TUESDAY, HOME, HOME, candidates=accounts)
    assert_in_minutes(evaluate_day(request, [6, 1, 5, 2, 4, 3], TRAVEL))
    days = tuple(WorkDay(date(2026, 11, 24 + n), HOME, HOME) for n in range(2))
    week = plan_week(WeekRequest(days, around_lyon(14)), TRAVEL, time_limit=1.0)
    assert sum(len(d.stops) for d in week.days) == 14
    for day in week.days:
        assert_in_minutes(day)
