"""Cell parsers: European and US number formats, tiers, cadences, lengths, countries."""

from decimal import Decimal

import pytest

from fieldrep.common.countries import country_code
from fieldrep.importing import values


@pytest.mark.parametrize(("text", "expected"), [
    ("45.7489", 45.7489), ("45,7489", 45.7489), (" 4,8357 ", 4.8357), ("-0,5794", -0.5794),
])
def test_coordinates_accept_decimal_comma(text: str, expected: float) -> None:
    assert values.parse_coordinate(text, -90, 90, "latitude") == pytest.approx(expected)


@pytest.mark.parametrize("text", ["95", "abc", "45.1.2"])
def test_bad_latitudes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="latitude"):
        values.parse_coordinate(text, -90, 90, "latitude")


@pytest.mark.parametrize(("text", "expected"), [
    ("85000", "85000.00"), ("85 000 €", "85000.00"), ("1.234,56", "1234.56"),
    ("$1,234.56", "1234.56"), ("12,5", "12.50"), ("1,250.00", "1250.00"),
    ("85.000.000", "85000000.00"), ("EUR 3 200,10", "3200.10"),
])
def test_amounts_in_common_formats(text: str, expected: str) -> None:
    assert values.parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["-5", "lots", "NaN"])
def test_bad_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        values.parse_amount(text)


def test_tiers_cadences_and_lengths() -> None:
    assert [values.parse_tier(t) for t in ("a", "B", "3", "Gold")] == ["A", "B", "C", "A"]
    assert [values.parse_cadence(t) for t in ("30", "2 weeks", "monthly", "every 10 days")] == \
        [30, 14, 30, 10]
    assert [values.parse_minutes(t) for t in ("45", "1h30", "1:15", "20 min")] == [45, 90, 75, 20]
    with pytest.raises(ValueError, match="tier"):
        values.parse_tier("D")
    with pytest.raises(ValueError, match="outside"):
        values.parse_cadence("0")
    with pytest.raises(ValueError, match="outside"):
        values.parse_minutes("600")


def test_countries_by_code_or_name_and_tags() -> None:
    assert country_code("France") == "FR"
    assert country_code("fr") == "FR"
    assert country_code("Deutschland") == "DE"
    assert country_code("Atlantis") == "Atlantis"
    assert values.parse_tags("Pharmacy; key-account|pharmacy, ") == ("pharmacy", "key-account")


def test_absurd_amounts_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="a typing slip"):
        values.parse_amount("9 999 999 999 999 999")


@pytest.mark.parametrize(("text", "days"), [
    ("14 Tage", 14), ("alle 2 Wochen", 14), ("monatlich", 30), ("wöchentlich", 7),
    ("14-tägig", 14), ("vierteljährlich", 91), ("every 2 weeks", 14), ("fortnightly", 14),
    ("monthly", 30), ("Quarterly", 91), ("3 months", 90), ("quinzaine", 14), ("mensuel", 30),
    ("toutes les 2 semaines", 14), ("tous les mois", 30), ("mensile", 30), ("ogni 2 settimane", 14),
    ("cada 15 días", 15), ("mensual", 30), ("co tydzień", 7), ("co 2 tygodnie", 14),
    ("miesięcznie", 30), ("maandelijks", 30), ("elke 2 weken", 14), ("30", 30),
])
def test_visit_rhythms_in_words(text: str, days: int) -> None:
    assert values.parse_cadence(text) == days


@pytest.mark.parametrize(("text", "tier"), [
    ("Hot", "A"), ("Warm", "B"), ("Cold", "C"), ("High", "A"), ("Medium", "B"), ("Low", "C"),
    ("1", "A"), ("2", "B"), ("3", "C"), ("a", "A"), ("B", "B"), ("c", "C"), ("Gold", "A"),
    ("hoch", "A"), ("mittel", "B"), ("niedrig", "C"), ("élevée", "A"), ("froid", "C"),
])
def test_tier_words_of_crm_ratings(text: str, tier: str) -> None:
    assert values.parse_tier(text) == tier


@pytest.mark.parametrize("text", ["Active", "Normal", "D", "Prospect"])
def test_words_that_say_no_tier_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="says no tier: use A, B or C"):
        values.parse_tier(text)


@pytest.mark.parametrize("text", ["1,500", "1.500", "€ 2.500", "85,000 USD"])
def test_imported_amounts_that_read_two_ways_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        values.parse_amount(text)


@pytest.mark.parametrize(("text", "amount"), [
    ("1,234.50", "1234.50"), ("1 234,50", "1234.50"), ("1234,5", "1234.50"),
    ("1.500,00", "1500.00"), ("1500", "1500.00"), ("CHF 1'234.50", "1234.50"),
    ("0,500", "0.50"),
])
def test_imported_amounts_that_read_one_way(text: str, amount: str) -> None:
    assert values.parse_amount(text) == Decimal(amount)
