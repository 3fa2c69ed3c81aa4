"""Mileage from saved plans when a day was planned more than once: the distance the rep
recorded wins, on whichever of the day's plans it was recorded."""

from __future__ import annotations

from datetime import date, time

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.expenses.mileage_service import MileageSource, driven_days
from fieldrep.planning.model import DayPlan, Place, PlannedStop, Totals
from fieldrep.planning.saved import record_driven, save_plan
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings

DAY = date(2026, 11, 24)
HOME = Place("Home", 45.764, 4.8357)


def _plan(metres: int, name: str) -> DayPlan:
    stop = PlannedStop(1, name, time(9), time(9), time(9, 30), 0, metres, 600)
    return DayPlan(DAY, HOME, HOME, time(8, 30), time(17), (stop,), (),
                   Totals(1200, 2 * metres, 1800, 0, 0), last_leg_metres=metres)


@pytest.fixture(autouse=True)
def _account(store: Store) -> None:
    assert add_account(store, AccountData(name="Clinique", lat=45.7, lon=4.8)).id == 1


def test_the_distance_recorded_on_the_older_plan_of_a_day_is_kept(store: Store) -> None:
    set_settings(store, {"home.lat": "45.764", "home.lon": "4.8357"})
    older = save_plan(store, [_plan(10_000, "Clinique")])
    record_driven(store, older, DAY, 83_500)
    save_plan(store, [_plan(4_000, "Pharmacie")])  # planned again later, nothing recorded
    (day,) = driven_days(store, DAY, DAY)
    assert day.source is MileageSource.DRIVEN and day.recorded_m == 83_500
    assert day.metres == 83_500 and day.stops == ("Clinique",)


def test_a_distance_recorded_on_the_newer_plan_wins_over_the_older(store: Store) -> None:
    older = save_plan(store, [_plan(10_000, "Clinique")])
    record_driven(store, older, DAY, 50_000)
    newer = save_plan(store, [_plan(4_000, "Pharmacie")])
    record_driven(store, newer, DAY, 12_300)
    (day,) = driven_days(store, DAY, DAY)
    assert day.recorded_m == 12_300 and day.stops == ("Pharmacie",)


def test_without_a_recorded_distance_the_newest_plan_is_taken(store: Store) -> None:
    save_plan(store, [_plan(10_000, "Clinique")])
    save_plan(store, [_plan(4_000, "Pharmacie")])
    (day,) = driven_days(store, DAY, DAY)
    assert day.source is MileageSource.PLAN and day.metres == 8_000
