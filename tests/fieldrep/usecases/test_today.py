"""The Today view's use cases on a real SQLite store with real OR-Tools solves."""

from datetime import date, datetime, time, timedelta

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.planning.model import PlanError
from fieldrep.planning.saved import list_plans
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings
from fieldrep.usecases.today import (
    arrive,
    finish,
    plan_today,
    replan_rest,
    today_route,
    toggle_account,
    working_day_from,
)
from fieldrep.visits.logbook import list_visits, load_draft
from fieldrep.visits.today import StopState, late_by

MONDAY = date(2031, 3, 3)
SPOTS = [  # name, street, lat, lon
    ("Pharmacie Bellecour", "2 place Bellecour", 45.757, 4.832),
    ("Cave de Vaise", "5 rue de Bourgogne", 45.775, 4.805),
    ("Garage Villeurbanne", "12 cours Émile Zola", 45.767, 4.880),
    ("Boulangerie Croix-Rousse", "1 bd de la Croix-Rousse", 45.774, 4.832),
]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY, time(hour, minute))


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    found = {name: add_account(store, AccountData(
        name, street=street, postcode="69002", city="Lyon", lat=lat, lon=lon,
        meeting_minutes=30, geocode_precision="exact")).id
        for name, street, lat, lon in SPOTS}
    set_settings(store, {"home.lat": "45.764", "home.lon": "4.8357",
                         "home.address": "Home, Lyon"})
    return {name: i for name, i in found.items() if i}


def test_the_day_is_planned_from_the_accounts_due_and_saved(
        store: Store, ids: dict[str, int]) -> None:
    assert today_route(store, MONDAY).plan_id is None
    route = plan_today(store, MONDAY)
    assert route.plan_id is not None and [p[0] for p in list_plans(store)] == [route.plan_id]
    assert {s.account_id for s in route.stops} == set(ids.values())
    assert [s.number for s in route.stops] == [1, 2, 3, 4]
    first = route.stops[0]
    assert route.next_stop == first and first.state is StopState.TO_GO
    assert first.located and "Lyon" in first.address
    assert route.start is not None and route.start.label == "Home, Lyon"
    places = route.places_to_go()
    assert places[0].label == "Home, Lyon" and places[1].label == f"1. {first.name}"
    assert today_route(store, MONDAY) == route  # read back as saved


def test_arrived_then_done_logs_the_visit_with_the_clock_times(
        store: Store, ids: dict[str, int]) -> None:
    route = plan_today(store, MONDAY)
    first = route.stops[0]
    route = arrive(store, route, first.stop_id, time(9, 5))
    assert route.stops[0].state is StopState.HERE and route.stops[0].arrived == time(9, 5)
    assert route.next_stop == route.stops[0]
    route = arrive(store, route, first.stop_id, time(9, 2))  # corrected
    assert route.stops[0].arrived == time(9, 2)
    done = finish(store, route, first.stop_id, at(9, 31))
    (visit,) = list_visits(store)
    assert (visit.check_in, visit.check_out, visit.plan_stop_id) == (
        time(9, 2), time(9, 31), first.stop_id)
    assert visit.outcome.value == "completed" and visit.day == MONDAY
    assert load_draft(store, f"stop:{first.stop_id}") is None
    assert done.route.stops[0].state is StopState.DONE
    assert done.route.next_stop == done.route.stops[1]
    assert done.route.places_to_go()[0].label == f"1. {first.name}"


def test_a_late_visit_replans_the_rest_of_the_day_from_there(
        store: Store, ids: dict[str, int]) -> None:
    route = plan_today(store, MONDAY)
    first, second = route.stops[0], route.stops[1]
    route = arrive(store, route, first.stop_id, first.arrival)
    ended = (datetime.combine(MONDAY, first.end) + timedelta(minutes=50)).time()
    done = finish(store, route, first.stop_id, datetime.combine(MONDAY, ended))
    assert done.late_minutes >= 45 and done.replanned
    after = done.route
    assert after.stops[0].stop_id == first.stop_id  # the visit's stop is kept
    assert after.stops[0].visit is not None
    kept = {s.name for s in after.stops}
    assert kept | set(done.left_out) == set(ids) and not kept & set(done.left_out)
    assert after.stops[1].arrival > ended and after.stops[1].start > second.start
    assert late_by(after, datetime.combine(MONDAY, ended)) < 15


def test_a_visit_on_time_keeps_the_plan(store: Store, ids: dict[str, int]) -> None:
    route = plan_today(store, MONDAY)
    first = route.stops[0]
    done = finish(store, arrive(store, route, first.stop_id, first.arrival), first.stop_id,
                  datetime.combine(MONDAY, first.end))
    assert not done.replanned and done.late_minutes == 0
    assert [s.start for s in done.route.stops] == [s.start for s in route.stops]


def test_replanning_needs_a_visit_done(store: Store, ids: dict[str, int]) -> None:
    route = plan_today(store, MONDAY)
    with pytest.raises(PlanError, match="finish a visit first"):
        replan_rest(store, route, at(11))


def test_a_pin_adds_an_account_to_the_day_and_takes_it_out(
        store: Store, ids: dict[str, int]) -> None:
    extra = add_account(store, AccountData("Fleuriste Confluence", city="Lyon", lat=45.741,
                                           lon=4.818, meeting_minutes=30)).id
    assert extra is not None
    empty = today_route(store, MONDAY)
    first = toggle_account(store, empty, extra, at(8))
    assert first.added and first.route.account_ids == (extra,)
    two = toggle_account(store, first.route, ids["Cave de Vaise"], at(8))
    assert set(two.route.account_ids) == {extra, ids["Cave de Vaise"]}
    assert two.route.plan_id == first.route.plan_id  # the same plan, changed in place
    out = toggle_account(store, two.route, extra, at(8))
    assert not out.added and out.route.account_ids == (ids["Cave de Vaise"],)


def test_a_visited_stop_stays_and_later_pins_plan_from_it(
        store: Store, ids: dict[str, int]) -> None:
    route = plan_today(store, MONDAY)
    first = route.stops[0]
    done = finish(store, arrive(store, route, first.stop_id, first.arrival), first.stop_id,
                  datetime.combine(MONDAY, first.end)).route
    assert first.account_id is not None
    with pytest.raises(PlanError, match="already visited today"):
        toggle_account(store, done, first.account_id, at(11))
    other = done.stops[-1]
    assert other.account_id is not None
    out = toggle_account(store, done, other.account_id, at(11))
    assert other.account_id not in out.route.account_ids
    assert out.route.stops[0].stop_id == first.stop_id and out.route.stops[0].visit


def test_late_by_counts_from_the_plan(store: Store, ids: dict[str, int]) -> None:
    route = plan_today(store, MONDAY)
    first = route.stops[0]
    on_time = datetime.combine(MONDAY, first.arrival)
    assert late_by(route, on_time) == 0
    assert late_by(route, on_time + timedelta(minutes=20)) == 20
    assert late_by(route, on_time + timedelta(days=1, minutes=20)) == 0  # another day
    here = arrive(store, route, first.stop_id, first.arrival)
    assert late_by(here, datetime.combine(MONDAY, first.end) + timedelta(minutes=7)) == 7


def test_the_view_opens_on_a_working_day(store: Store) -> None:
    set_settings(store, {"work.days": "mon-fri"})
    assert working_day_from(store, MONDAY) == MONDAY
    assert working_day_from(store, MONDAY + timedelta(days=5)) == MONDAY + timedelta(days=7)


def test_an_account_that_does_not_fit_is_refused_with_the_reason(
        store: Store, ids: dict[str, int]) -> None:
    route = plan_today(store, MONDAY)
    extra = add_account(store, AccountData("Fleuriste Confluence", city="Lyon", lat=45.741,
                                           lon=4.818, meeting_minutes=30,
                                           opening_hours="Sa 09:00-12:00")).id
    assert extra is not None
    with pytest.raises(PlanError, match="Fleuriste Confluence does not fit in Mon 03 Mar"):
        toggle_account(store, route, extra, at(8))
    assert today_route(store, MONDAY) == route  # the saved day is as it was
