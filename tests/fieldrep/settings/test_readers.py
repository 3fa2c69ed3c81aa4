"""The features' typed readers on a real SQLite store: defaults, saved values parsed once,
and a stored value no longer right falling back to the default."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest

from fieldrep.expenses.categories import Category
from fieldrep.expenses.settings import expense_currency, expense_settings
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.maps.settings import OSM_TILES, MapSettings, map_settings
from fieldrep.planning.settings import HomeBase, WorkDay, distance_unit, home_base, work_day
from fieldrep.settings.spec import Scope
from fieldrep.store import Store
from fieldrep.store.models import Setting as SettingRow
from fieldrep.travel import StraightLineModel, travel_settings
from fieldrep.usecases.settings import CATALOGUE, set_settings
from fieldrep.visits.settings import Quotas, quotas

RATES = ('[{"from": "2026-01-01", "rate": "0.636", "unit": "km", "currency": "EUR", '
         '"label": "2026 rate"}]')


def test_the_working_day_is_read_typed(store: Store) -> None:
    assert work_day(store) == WorkDay(time(8, 30), time(18, 0), timedelta(minutes=45),
                                      frozenset(range(5)))
    set_settings(store, {"work.start": "7h45", "work.end": "17:00", "work.lunch_minutes": "30",
                         "work.days": "Mo,Tu,Th"})
    day = work_day(store)
    assert (day.start, day.end, day.lunch, day.days) == (
        time(7, 45), time(17, 0), timedelta(minutes=30), frozenset({0, 1, 3}))
    assert day.working_time == timedelta(hours=8, minutes=45)


def test_the_home_base_is_none_until_pinned(store: Store) -> None:
    assert home_base(store) is None
    set_settings(store, {"home.address": "12 rue de la République, Lyon",
                         "home.lat": "45,764", "home.lon": "4.8357"})
    assert home_base(store) == HomeBase("12 rue de la République, Lyon", 45.764, 4.8357,
                                        "manual")
    set_settings(store, {"home.address": ""})
    base = home_base(store)
    assert base is not None and (base.label, base.point) == ("Home", (45.764, 4.8357))


def test_map_geocoder_and_units(store: Store) -> None:
    assert map_settings(store) == MapSettings(tiles=True, tile_url=OSM_TILES)
    geocoder = geocoder_settings(store)
    assert (geocoder.provider, geocoder.min_delay, geocoder.timeout, geocoder.options,
            geocoder.default_country) == ("nominatim", 1.0, 10.0, {}, "")
    assert distance_unit(store) == "km"
    set_settings(store, {"map.tiles": "none", "geocoder.provider": "Photon",
                         "geocoder.options": '{"api_key": "k"}',
                         "geocoder.default_country": "fr", "distance.unit": "miles"})
    assert not map_settings(store).tiles
    geocoder = geocoder_settings(store)
    assert (geocoder.provider, geocoder.options, geocoder.default_country) == (
        "photon", {"api_key": "k"}, "FR")
    assert distance_unit(store) == "mi"


def test_travel_settings_build_the_straight_line(store: Store) -> None:
    travel = travel_settings(store)
    assert travel.osrm_url == "" and travel.osrm_max_table == 100
    assert vars(travel.straight_line) == vars(StraightLineModel())
    set_settings(store, {"travel.osrm_url": "http://localhost:5000/",
                         "travel.stop_overhead_s": "60"})
    travel = travel_settings(store)
    assert (travel.osrm_url, travel.straight_line.stop_overhead_s) == (
        "http://localhost:5000", 60)


def test_quotas_and_expense_rules(store: Store) -> None:
    assert quotas(store) == Quotas(0, Decimal(0))
    settings = expense_settings(store)
    assert (settings.currency, settings.rates.rates, settings.exclude_commute) == (
        "EUR", (), False)
    assert settings.policy.daily_limits == {} and settings.policy.receipt_required_above is None
    set_settings(store, {"quota.visits_per_month": "60", "quota.orders_per_month": "30 000",
                         "currency": "gbp", "rep.name": "Camille Martin",
                         "policy.meals_per_day": "35", "policy.receipt_above": "50",
                         "mileage.exclude_commute": "yes"})
    assert quotas(store) == Quotas(60, Decimal(30000))
    settings = expense_settings(store)
    assert (settings.currency, settings.rep_name, settings.exclude_commute) == (
        "GBP", "Camille Martin", True)
    assert settings.policy.daily_limits == {Category.MEALS: Decimal("35.00")}
    assert settings.policy.receipt_required_above == Decimal("50.00")
    assert expense_currency(store) == "GBP"
    set_settings(store, {"currency": "EUR", "mileage.rates": RATES})
    assert [str(rate.rate) for rate in expense_settings(store).rates.rates] == ["0.636"]


def test_a_stored_value_no_longer_right_reads_as_the_default(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(SettingRow(key="work.start", value="after breakfast"))
        uow.commit()
    assert work_day(store).start == time(8, 30)


def test_every_setting_is_declared_with_a_working_default_and_a_scope() -> None:
    for setting in CATALOGUE:
        assert setting.help and setting.label
        setting.check(setting.default)  # a default is a value the check lets through
        setting.value("")  # and reads as a typed value
        assert isinstance(setting.scope, Scope)
    scopes = {setting.key: setting.scope for setting in CATALOGUE}
    assert scopes["work.start"] is Scope.REP and scopes["geocoder.provider"] is Scope.TEAM


@pytest.mark.parametrize("key", ["geocoder.min_delay", "work.days", "currency"])
def test_a_value_reads_back_as_its_canonical_text(key: str) -> None:
    setting = CATALOGUE[key]
    assert setting.kind.format(setting.value("")) == setting.check(setting.default)
