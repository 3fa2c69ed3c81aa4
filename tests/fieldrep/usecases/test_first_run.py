"""The first-run setup and the start of the app's store, on a real SQLite file."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from fieldrep.expenses.mileage_rates import parse_rate_table
from fieldrep.expenses.settings import expense_settings
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.planning.settings import distance_unit, home_base, work_day
from fieldrep.store import Store
from fieldrep.store.database import StoreError, unopened_store
from fieldrep.usecases.first_run import (
    SetupAnswers,
    SetupError,
    save_setup,
    setup_answers,
    setup_problems,
)
from fieldrep.usecases.settings import get_settings, set_setting
from fieldrep.usecases.startup import (
    is_new_store,
    load_start_demo,
    open_at_start,
    start_housekeeping,
    start_store,
)

TODAY = date(2031, 3, 3)
LYON = SetupAnswers(
    address="12 rue de la République, 69001 Lyon", lat="45.7640", lon="4.8357",
    country="FR", currency="EUR", distance_unit="km", work_days="Mo-Th",
    work_start="8h00", work_end="17:30", lunch_minutes="60", rate="0,636",
    rate_from="2031-01-01")


def test_the_answers_are_saved_through_the_typed_settings(store: Store) -> None:
    save_setup(store, LYON, TODAY)

    home = home_base(store)
    assert home is not None and home.point == (45.764, 4.8357)
    assert home.precision == "manual"  # a pin typed or clicked, not looked up
    day = work_day(store)
    assert (day.start.isoformat(), day.end.isoformat(), day.days) == (
        "08:00:00", "17:30:00", frozenset({0, 1, 2, 3}))
    assert distance_unit(store) == "km"
    assert geocoder_settings(store).default_country == "FR"
    rate = expense_settings(store).rates.rate_on(TODAY)
    assert (rate.rate, rate.unit, rate.currency, rate.valid_to) == (
        Decimal("0.636"), "km", "EUR", None)


def test_the_answers_read_back_as_they_were_saved(store: Store) -> None:
    save_setup(store, LYON, TODAY)

    again = setup_answers(store, TODAY)
    assert (again.lat, again.work_start, again.rate, again.rate_from, again.country) == (
        "45.764", "08:00", "0.636", "2031-01-01", "FR")


def test_each_faulty_field_gets_one_sentence_and_nothing_is_saved(store: Store) -> None:
    bad = replace(LYON, lat="95", currency="EURO", work_end="07:00", rate="cheap",
                  country="France!")

    problems = setup_problems(store, bad, TODAY)

    assert set(problems) == {"lat", "currency", "rate", "country"}
    assert problems["lat"] == "Latitude must be between -90 and 90, not '95'."
    assert "currency code" in problems["currency"]
    assert problems["rate"].startswith("The mileage rate must be an amount above zero")
    assert all(message.count(". ") == 0 and message.endswith(".")
               for message in problems.values())
    with pytest.raises(SetupError) as refused:
        save_setup(store, bad, TODAY)
    assert refused.value.problems == problems
    assert get_settings(store)["home.lat"] == ""  # nothing saved


def test_values_that_disagree_are_named_at_the_field_that_breaks_them(store: Store) -> None:
    problems = setup_problems(store, replace(LYON, work_end="07:00"), TODAY)
    assert problems == {"work_end": "End (07:00) must be after start (08:00)."}
    problems = setup_problems(store, replace(LYON, rate_to="2030-06-30"), TODAY)
    assert problems == {"rate_to": "The rate's last day (2030-06-30) is before its first "
                                   "day (2031-01-01)."}


def test_a_new_rate_closes_the_one_before_and_keeps_older_periods(store: Store) -> None:
    set_setting(store, "mileage.rates", (
        '[{"from": "2029-01-01", "to": "2029-12-31", "rate": "0.60", "unit": "km", '
        '"currency": "EUR"}, {"from": "2030-01-01", "rate": "0.62", "unit": "km", '
        '"currency": "EUR"}]'))

    save_setup(store, LYON, TODAY)

    table = parse_rate_table(get_settings(store)["mileage.rates"])
    assert [(r.valid_from.isoformat(), r.valid_to and r.valid_to.isoformat(), str(r.rate))
            for r in table.rates] == [("2029-01-01", "2029-12-31", "0.60"),
                                      ("2030-01-01", "2030-12-31", "0.62"),
                                      ("2031-01-01", None, "0.636")]


def test_without_a_home_or_a_rate_the_rest_is_still_saved(store: Store) -> None:
    save_setup(store, replace(LYON, address="", lat="", lon="", rate=""), TODAY)
    assert home_base(store) is None
    assert get_settings(store)["mileage.rates"] == ""
    assert distance_unit(store) == "km" and work_day(store).days == frozenset(range(4))


def test_miles_and_dollars_go_into_the_rate(store: Store) -> None:
    save_setup(store, replace(LYON, country="US", currency="usd", distance_unit="miles",
                              rate="0.70"), TODAY)
    rate = expense_settings(store).rates.rate_on(TODAY)
    assert (rate.unit, rate.currency, distance_unit(store)) == ("mi", "USD", "mi")


def test_a_new_store_is_new_until_a_setting_or_an_account_is_in_it(db_url: str) -> None:
    store = unopened_store(db_url)
    started = start_store(store, demo=False)
    assert started.new and not started.demo_loaded and is_new_store(store)
    set_setting(store, "currency", "GBP")
    assert not is_new_store(store)
    store.close()


def test_the_start_loads_the_demo_and_the_housekeeping_places_the_rest(db_url: str) -> None:
    from fieldrep.accounts.service import count_accounts
    from fieldrep.maps.territory_map import map_points

    store = unopened_store(db_url)
    started = start_store(store)
    assert started.new and started.demo_loaded
    total, placed = count_accounts(store), len(map_points(store))
    assert placed < total  # the few without coordinates wait for the housekeeping

    report = start_housekeeping(store, place=True)

    assert report is not None and len(map_points(store)) > placed
    assert not start_store(store).new  # the second start finds the demo there
    store.close()


def test_the_demo_is_due_on_an_empty_store_and_loads_apart(db_url: str) -> None:
    from fieldrep.accounts.service import count_accounts

    store = unopened_store(db_url)
    opened = open_at_start(store)
    assert opened.new and opened.demo_due and not opened.demo_loaded
    assert count_accounts(store) == 0  # the first page can read the store before it

    assert load_start_demo(store) and count_accounts(store) == 220
    again = open_at_start(store)
    assert not again.new and not again.demo_due
    assert not load_start_demo(store) and count_accounts(store) == 220
    assert not open_at_start(store, demo=False).demo_due
    store.close()


def test_a_store_that_cannot_open_says_why(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "notes.txt").write_text("not a database\n" * 100)
    store = unopened_store(f"sqlite:///{folder / 'notes.txt'}")
    with pytest.raises(StoreError, match="file is not a database"):
        start_store(store)
