"""The planning use cases on a real SQLite store with real OR-Tools solves (small days)."""

from datetime import date, time

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.planning.model import Appointment, Place, PlanError
from fieldrep.planning.saved import save_plan
from fieldrep.planning.settings import distance_unit
from fieldrep.planning.week import DatedAppointment
from fieldrep.store import Store
from fieldrep.usecases.plan_changes import (
    OrderCheck,
    ReplanRequest,
    check_order,
    replan_from_stop,
)
from fieldrep.usecases.planning import (
    DayPlanRequest,
    WeekPlanRequest,
    plan_a_day,
    plan_a_week,
    plan_defaults,
)
from fieldrep.usecases.saved_plans import open_saved_plan
from fieldrep.usecases.settings import set_settings

MONDAY = date(2031, 3, 3)
SPOTS = [  # name, lat, lon, opening hours
    ("Pharmacie Bellecour", 45.757, 4.832, "Mo-Fr 08:30-19:00"),
    ("Cave de Vaise", 45.775, 4.805, "Mo-Sa 09:00-19:00"),
    ("Garage Villeurbanne", 45.767, 4.880, ""),
    ("Boulangerie Croix-Rousse", 45.774, 4.832, "Mo-Sa 07:00-19:30"),
    ("Fleuriste Confluence", 45.741, 4.818, ""),
]


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """Five accounts in Lyon and a home base in the middle of them."""
    found = {name: add_account(store, AccountData(
        name, city="Lyon", lat=lat, lon=lon, opening_hours=hours, meeting_minutes=30,
        geocode_precision="exact")).id for name, lat, lon, hours in SPOTS}
    set_settings(store, {"home.lat": "45.764", "home.lon": "4.8357",
                         "home.address": "Home, Lyon"})
    return {name: account_id for name, account_id in found.items() if account_id}


def test_a_planned_day_starts_and_ends_at_home_and_keeps_the_appointment(
    store: Store, ids: dict[str, int]
) -> None:
    garage = ids["Garage Villeurbanne"]
    planned = plan_a_day(store, DayPlanRequest(
        MONDAY, tuple(ids.values()), appointments=(Appointment(garage, time(11, 0)),)))
    (day,) = planned.days
    assert planned.kind == "day" and day.day == MONDAY
    assert day.start.label == day.end.label == "Home, Lyon"
    assert {s.account_id for s in day.stops} == set(ids.values())
    (appointment,) = [s for s in day.stops if s.appointment]
    assert appointment.account_id == garage and appointment.start == time(11, 0)
    assert day.lunch is not None and not planned.stopped_early
    assert planned.left_out == ()


def test_a_day_can_start_at_a_town_and_end_at_a_place(store: Store, ids: dict[str, int]
                                                      ) -> None:
    hotel = Place("Hotel", 45.75, 4.85)
    (day,) = plan_a_day(store, DayPlanRequest(MONDAY, tuple(ids.values()), start="45.77,4.83",
                                              end=hotel)).days
    assert day.start.label == "45.77,4.83" and day.end == hotel


def test_without_a_list_of_accounts_the_nearest_are_planned(store: Store, ids: dict[str, int]
                                                         ) -> None:
    (day,) = plan_a_day(store, DayPlanRequest(MONDAY)).days
    assert {s.account_id for s in day.stops} == set(ids.values())
    (empty,) = plan_a_day(store, DayPlanRequest(MONDAY, ())).days  # none named: none
    assert empty.stops == () and empty.start == empty.end


def test_a_start_that_cannot_be_placed_is_refused_in_words(store: Store) -> None:
    with pytest.raises(PlanError, match="cannot place 'Atlantis City' offline"):
        plan_a_day(store, DayPlanRequest(MONDAY, start="Atlantis City"))


def test_a_week_puts_each_appointment_on_its_day_and_no_account_twice(
    store: Store, ids: dict[str, int]
) -> None:
    wednesday = date(2031, 3, 5)
    cave = ids["Cave de Vaise"]
    planned = plan_a_week(store, WeekPlanRequest(
        MONDAY, 3, tuple(ids.values()),
        appointments=(DatedAppointment(cave, wednesday, time(10, 0)),), seconds=1.0))
    assert planned.kind == "week"
    assert [d.day for d in planned.days] == [MONDAY, date(2031, 3, 4), wednesday]
    seen = [s.account_id for d in planned.days for s in d.stops]
    assert sorted(seen) == sorted(ids.values())
    (visit,) = [s for s in planned.days[2].stops if s.account_id == cave]
    assert visit.start == time(10, 0)


def test_a_hand_made_order_is_evaluated_with_its_lateness(store: Store, ids: dict[str, int]
                                                          ) -> None:
    garage = ids["Garage Villeurbanne"]
    appointments = (Appointment(garage, time(9, 0)),)
    (day,) = plan_a_day(store, DayPlanRequest(MONDAY, tuple(ids.values()),
                                              appointments=appointments)).days
    assert day.stops[0].account_id == garage and not day.problems
    order = [s.account_id for s in day.stops]
    order.append(order.pop(0))  # the 09:00 appointment last
    checked = check_order(store, OrderCheck(day, tuple(order), appointments))
    assert [s.account_id for s in checked.stops] == order
    assert any("Garage Villeurbanne" in p and "late for the 09:00 appointment" in p
               for p in checked.problems)
    assert checked.stops[-1].arrival > time(9, 0)


def test_replanning_from_a_stop_keeps_the_visits_done_and_takes_lunch_once(
    store: Store, ids: dict[str, int]
) -> None:
    (day,) = plan_a_day(store, DayPlanRequest(MONDAY, tuple(ids.values()))).days
    assert day.lunch is not None
    done = [s.account_id for s in day.stops[:2]]
    after_lunch = time(15, 0)
    replanned = replan_from_stop(store, ReplanRequest(day, done[-1], tuple(ids.values()),
                                                      now=after_lunch))
    whole = replanned.day
    assert replanned.done == tuple(done) and replanned.at == after_lunch
    assert [s.account_id for s in whole.stops[:2]] == done
    assert whole.stops[:2] == day.stops[:2]  # as they were planned
    assert sorted(s.account_id for s in whole.stops) == sorted(ids.values())
    assert all(s.arrival >= after_lunch for s in whole.stops[2:])
    assert replanned.to_go == len(whole.stops) - 2
    assert whole.lunch == day.lunch  # the lunch already taken, not a second one
    assert whole.totals.break_seconds == day.totals.break_seconds
    assert whole.start == day.start and whole.departure == day.departure


def test_replanning_during_the_planned_lunch_keeps_it_and_resumes_after_it(
    store: Store, ids: dict[str, int]
) -> None:
    morning_and_afternoon = (Appointment(ids["Garage Villeurbanne"], time(9, 0)),
                             Appointment(ids["Cave de Vaise"], time(15, 0)))
    (day,) = plan_a_day(store, DayPlanRequest(MONDAY, tuple(ids.values()),
                                              appointments=morning_and_afternoon)).days
    assert day.lunch is not None
    before = [s for s in day.stops if s.end <= day.lunch[0]]
    assert before, "the test needs a visit before lunch"
    begin, end = day.lunch
    during = time(begin.hour, begin.minute + 1) if begin.minute < 59 else end
    replanned = replan_from_stop(store, ReplanRequest(
        day, before[-1].account_id, tuple(ids.values()), now=during,
        appointments=(morning_and_afternoon[1],)))
    whole = replanned.day
    assert len(whole.stops) > len(before)  # something is left for the afternoon
    assert whole.lunch == day.lunch  # the lunch under way is the day's, not dropped
    assert replanned.at == end  # the rest of the day starts once it is over
    assert all(s.arrival >= end for s in whole.stops[len(before):])


def test_replanning_before_lunch_still_plans_lunch(store: Store, ids: dict[str, int]) -> None:
    (day,) = plan_a_day(store, DayPlanRequest(MONDAY, tuple(ids.values()))).days
    first = day.stops[0]
    replanned = replan_from_stop(store, ReplanRequest(day, first.account_id,
                                                      tuple(ids.values()), now=time(9, 30)))
    assert replanned.day.lunch is not None
    assert replanned.day.lunch[0] >= time(11, 45)


def test_replanning_from_an_account_not_in_the_day_is_refused(
    store: Store, ids: dict[str, int]
) -> None:
    (day,) = plan_a_day(store, DayPlanRequest(MONDAY, (ids["Cave de Vaise"],))).days
    with pytest.raises(PlanError, match="is not a stop"):
        replan_from_stop(store, ReplanRequest(day, ids["Garage Villeurbanne"], ()))


def test_a_saved_plan_opens_as_it_was_saved(store: Store, ids: dict[str, int]) -> None:
    planned = plan_a_day(store, DayPlanRequest(MONDAY, tuple(ids.values())))
    plan_id = save_plan(store, planned.days)
    opened = open_saved_plan(store, plan_id)
    assert opened.plan.id == plan_id and opened.done == frozenset()
    assert opened.account_ids == tuple(s.account_id for s in planned.days[0].stops)


def test_the_plan_page_starts_on_the_next_working_day(store: Store, ids: dict[str, int]
                                                      ) -> None:
    friday = date(2031, 2, 28)
    defaults = plan_defaults(store, today=friday)
    assert defaults.first_day == MONDAY and defaults.has_home
    set_settings(store, {"distance.unit": "mi"})
    assert distance_unit(store) == "mi"
