"""The arithmetic of a day re-planned from a stop: when the rest starts, lunch once, the
visits done kept before the new rest with the day's totals adding up."""

from datetime import date, datetime, time

from fieldrep.planning.model import DayPlan, Place, PlannedStop, Totals
from fieldrep.planning.replan import after_lunch, lunch_taken, rest_starts_at, with_done
from fieldrep.planning.requests import next_working_day

MONDAY = date(2031, 3, 3)
HOME = Place("Home", 45.76, 4.83)
HERE = Place("Cave (here at 13:30)", 45.77, 4.80)


def stop(account_id: int, arrival: time, start: time, end: time, *, wait: int = 0,
         metres: int = 1000, seconds: int = 300) -> PlannedStop:
    return PlannedStop(account_id, f"Account {account_id}", arrival, start, end, wait,
                       metres, seconds)


def day_plan(stops: tuple[PlannedStop, ...], lunch: tuple[time, time] | None,
             totals: Totals, start: Place = HOME, departure: time = time(8, 30)) -> DayPlan:
    return DayPlan(MONDAY, start, HOME, departure, time(17, 0), stops, (), totals, lunch)


MORNING = day_plan(
    (stop(1, time(8, 35), time(9, 0), time(9, 30), wait=25),
     stop(2, time(9, 40), time(9, 40), time(10, 10), metres=2000, seconds=600),
     stop(3, time(13, 0), time(13, 0), time(13, 30))),
    (time(12, 0), time(12, 45)), Totals(1800, 5000, 5400, 3000, 2700))


def test_the_rest_starts_when_the_visit_ends_or_now_if_later_that_day() -> None:
    assert rest_starts_at(MONDAY, time(10, 10), datetime(2031, 3, 3, 9, 0)) == time(10, 10)
    assert rest_starts_at(MONDAY, time(10, 10), datetime(2031, 3, 3, 11, 7, 30)) == \
        time(11, 7)
    assert rest_starts_at(MONDAY, time(10, 10), datetime(2031, 3, 2, 23, 0)) == time(10, 10)


def test_lunch_is_taken_once_its_break_has_begun_and_the_rest_waits_for_its_end() -> None:
    assert not lunch_taken(MORNING, time(11, 59))
    assert lunch_taken(MORNING, time(12, 30)) and lunch_taken(MORNING, time(12, 45))
    assert not lunch_taken(day_plan((), None, Totals(0, 0, 0, 0, 0)), time(15, 0))
    assert after_lunch(MORNING, time(12, 30)) == time(12, 45)  # finishes the lunch first
    assert after_lunch(MORNING, time(11, 0)) == time(11, 0)
    assert after_lunch(MORNING, time(13, 0)) == time(13, 0)


def test_the_visits_done_come_first_and_the_totals_add_up_with_lunch_once() -> None:
    rest = day_plan((stop(4, time(13, 40), time(13, 40), time(14, 10)),), None,
                    Totals(900, 3000, 1800, 0, 0), start=HERE, departure=time(13, 30))
    whole = with_done(MORNING, MORNING.stops, rest, taken=True)
    assert [s.account_id for s in whole.stops] == [1, 2, 3, 4]
    assert whole.start == HOME and whole.departure == time(8, 30)
    assert whole.lunch == (time(12, 0), time(12, 45))
    assert whole.totals == Totals(drive_seconds=900 + 300 + 600 + 300,
                                  distance_metres=3000 + 1000 + 2000 + 1000,
                                  meeting_seconds=1800 + 3 * 1800,
                                  idle_seconds=25 * 60, break_seconds=45 * 60)


def test_a_lunch_not_taken_yet_is_the_rests() -> None:
    rest = day_plan((stop(3, time(10, 30), time(10, 30), time(11, 0)),),
                    (time(12, 0), time(12, 45)), Totals(600, 2000, 1800, 0, 2700))
    whole = with_done(MORNING, MORNING.stops[:2], rest, taken=False)
    assert whole.lunch == (time(12, 0), time(12, 45))
    assert whole.totals.break_seconds == 2700  # the rest's own, not counted twice


def test_the_next_working_day_skips_the_days_off() -> None:
    friday = date(2031, 2, 28)
    assert next_working_day(range(5), friday) == MONDAY
    assert next_working_day(range(6), friday) == date(2031, 3, 1)
    assert next_working_day((), friday) == MONDAY
