"""Mileage priced at each day's rate, with the commute left out when asked."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from fieldrep.expenses.mileage import (
    DrivingLeg,
    MileageError,
    MileageRate,
    RateTable,
    commute_metres,
    metres_to_unit,
    mileage_days,
    parse_rate_table,
    price_distance,
    rate_table_to_json,
)

RATES_JSON = json.dumps([
    {"from": "2025-01-01", "to": "2025-12-31", "rate": "0.603", "unit": "km",
     "currency": "EUR", "label": "2025 government rate"},
    {"from": "2026-01-01", "rate": 0.636, "unit": "km", "currency": "EUR",
     "label": "2026 government rate"},
])


def rate(start: str, end: str | None, value: str, unit: str = "km", label: str = "") -> MileageRate:
    return MileageRate(date.fromisoformat(start), date.fromisoformat(end) if end else None,
                       Decimal(value), unit, "EUR", label)


def test_the_rate_valid_on_a_day_is_picked() -> None:
    table = parse_rate_table(RATES_JSON)
    assert table.rate_on(date(2025, 12, 31)).label == "2025 government rate"
    assert table.rate_on(date(2026, 1, 1)).rate == Decimal("0.636")
    assert table.rate_on(date(2031, 6, 1)).label == "2026 government rate"  # open-ended
    with pytest.raises(MileageError, match=r"no mileage rate applies on 2024-12-31.*"
                                           r"2025-01-01 to 2025-12-31, 2026-01-01 on"):
        table.rate_on(date(2024, 12, 31))
    with pytest.raises(MileageError, match="no mileage rate is set"):
        RateTable(()).rate_on(date(2026, 1, 1))


def test_distances_in_metres_become_tenths_of_km_or_miles() -> None:
    assert metres_to_unit(42_349, "km") == Decimal("42.3")
    assert metres_to_unit(42_350, "km") == Decimal("42.4")  # half-up
    assert metres_to_unit(160_934, "mi") == Decimal("100.0")
    assert metres_to_unit(0, "mi") == Decimal("0.0")
    with pytest.raises(MileageError, match="km or mi"):
        metres_to_unit(1000, "leagues")


def test_a_distance_is_priced_at_its_rate_to_the_cent() -> None:
    assert price_distance(18_300, rate("2025-01-01", None, "0.603")) == Decimal("11.03")
    # 100 miles at 0.725 USD a mile (the 2026 US figure)
    per_mile = MileageRate(date(2026, 1, 1), None, Decimal("0.725"), "mi", "USD")
    assert price_distance(160_934, per_mile) == Decimal("72.50")


def test_a_trip_across_a_rate_change_is_priced_day_by_day() -> None:
    table = parse_rate_table(RATES_JSON)
    legs = [DrivingLeg(date(2025, 12, 30), 250_000), DrivingLeg(date(2025, 12, 31), 80_000),
            DrivingLeg(date(2026, 1, 1), 90_000), DrivingLeg(date(2026, 1, 2), 260_000)]
    log = mileage_days(reversed(legs), table)
    assert [d.day.day for d in log] == [30, 31, 1, 2]
    assert [d.rate.rate for d in log] == [Decimal("0.603")] * 2 + [Decimal("0.636")] * 2
    assert [d.amount for d in log] == [Decimal("150.75"), Decimal("48.24"), Decimal("57.24"),
                                       Decimal("165.36")]
    # the whole trip at a single rate would be wrong either way
    assert sum(d.amount for d in log) == Decimal("421.59")
    assert sum(d.amount for d in log) not in (price_distance(680_000, table.rates[0]),
                                              price_distance(680_000, table.rates[1]))


def test_a_day_with_no_rate_is_named() -> None:
    table = RateTable((rate("2026-01-01", "2026-06-30", "0.6"),))
    with pytest.raises(MileageError, match="2026-07-01"):
        mileage_days([DrivingLeg(date(2026, 7, 1), 1000)], table)


def test_the_commute_is_left_out_only_when_asked() -> None:
    table = RateTable((rate("2026-01-01", None, "0.5"),))
    day = date(2026, 3, 2)
    legs = [DrivingLeg(day, 30_000, from_home=True), DrivingLeg(day, 12_000),
            DrivingLeg(day, 8_000), DrivingLeg(day, 25_000, to_home=True)]
    kept = mileage_days(legs, table)[0]
    assert (kept.driven_m, kept.commute_m, kept.distance, kept.amount) == (
        75_000, 0, Decimal("75.0"), Decimal("37.50"))
    excluded = mileage_days(legs, table, exclude_commute=True)[0]
    assert (excluded.commute_m, excluded.claimed_m, excluded.distance, excluded.amount) == (
        55_000, 20_000, Decimal("20.0"), Decimal("10.00"))


def test_only_a_first_leg_from_home_and_a_last_leg_to_home_are_commute() -> None:
    day = date(2026, 3, 2)
    assert commute_metres([DrivingLeg(day, 10_000), DrivingLeg(day, 5_000, from_home=True),
                           DrivingLeg(day, 7_000)]) == 0  # home is not where the day started
    assert commute_metres([DrivingLeg(day, 10_000, from_home=True),
                           DrivingLeg(day, 7_000)]) == 10_000  # ended at a hotel
    assert commute_metres([DrivingLeg(day, 9_000, from_home=True, to_home=True)]) == 9_000
    assert commute_metres([]) == 0


def test_a_negative_distance_is_refused() -> None:
    with pytest.raises(MileageError, match="cannot be negative"):
        DrivingLeg(date(2026, 1, 1), -5)
    with pytest.raises(MileageError, match="whole number of metres"):
        DrivingLeg(date(2026, 1, 1), 12.5)  # type: ignore[arg-type]


def test_the_rate_table_round_trips_through_json_exactly() -> None:
    table = parse_rate_table(RATES_JSON)
    again = parse_rate_table(rate_table_to_json(table))
    assert again == table
    assert json.loads(rate_table_to_json(table))[1] == {
        "from": "2026-01-01", "to": None, "rate": "0.636", "unit": "km", "currency": "EUR",
        "label": "2026 government rate"}
    assert parse_rate_table("") == RateTable(())


def test_rates_are_kept_in_date_order() -> None:
    table = RateTable((rate("2026-01-01", None, "0.636"), rate("2025-01-01", "2025-12-31", "0.6")))
    assert [r.valid_from.year for r in table.rates] == [2025, 2026]


@pytest.mark.parametrize(("rates", "message"), [
    ([{"from": "2025-01-01", "to": "2025-12-31", "rate": "0.6", "unit": "km", "currency": "EUR",
       "label": "2025"},
      {"from": "2025-12-01", "rate": "0.63", "unit": "km", "currency": "EUR", "label": "2026"}],
     "2025 and 2026 overlap: on 2025-12-01 both would apply"),
    ([{"from": "2025-01-01", "rate": "0.6", "unit": "km", "currency": "EUR"},
      {"from": "2026-01-01", "rate": "0.63", "unit": "km", "currency": "EUR"}],
     "overlap: on 2026-01-01"),  # an open-ended rate runs into the next one
    ([{"from": "2026-01-01", "rate": "-0.5", "unit": "km", "currency": "EUR"}],
     "mileage rate 1: .*cannot be negative"),
    ([{"from": "2026-02-30", "rate": "0.5", "unit": "km", "currency": "EUR"}],
     "mileage rate 1: from '2026-02-30' is not a date"),
    ([{"from": "2026-06-01", "to": "2026-01-01", "rate": "0.5", "unit": "km",
       "currency": "EUR"}], "ends .* before it starts"),
    ([{"from": "2026-01-01", "rate": "abc", "unit": "km", "currency": "EUR"}],
     "'abc' is not a number"),
    ([{"from": "2026-01-01", "rate": "NaN", "unit": "km", "currency": "EUR"}],
     "must be a number"),
    ([{"from": "2026-01-01", "rate": "0.5", "unit": "furlong", "currency": "EUR"}],
     "km or mi"),
    ([{"from": "2026-01-01", "rate": "0.5", "unit": "km", "currency": "EURO"}],
     "not an ISO 4217"),
    ([{"from": "2026-01-01", "unit": "km", "currency": "EUR"}], "rate missing"),
    ([{"from": "2026-01-01", "rate": "0.5", "unit": "km", "currency": "EUR", "per": "km"}],
     "unknown field per"),
    ({"from": "2026-01-01"}, "JSON list"),
])
def test_a_bad_rate_table_is_refused_with_a_reason(rates: object, message: str) -> None:
    with pytest.raises(MileageError, match=message):
        parse_rate_table(json.dumps(rates))


def test_text_that_is_not_json_says_where() -> None:
    with pytest.raises(MileageError, match=r"not valid JSON.*line 1"):
        parse_rate_table("[{from: 2026}]")
