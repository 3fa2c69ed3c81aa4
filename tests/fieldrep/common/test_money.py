"""Expense amounts typed by a rep, read exactly; conversion to the report currency."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fieldrep.common.money import (
    MoneyError,
    check_amount,
    check_currency,
    convert,
    parse_amount,
    parse_rate,
    total,
)


@pytest.mark.parametrize(("text", "amount"), [
    ("12.50", "12.50"), ("12,50", "12.50"), ("12", "12.00"), (" 7.5 ", "7.50"),
    ("0.10", "0.10"), ("1 234,50", "1234.50"), ("1\u00a0234.50", "1234.50"),
    ("1,234.50", "1234.50"), ("1.234,50", "1234.50"), ("1.000.000", "1000000.00"),
    ("1000000", "1000000.00"), ("0", "0.00"),
])
def test_amounts_are_read_exactly(text: str, amount: str) -> None:
    parsed = parse_amount(text)
    assert parsed == Decimal(amount) and str(parsed) == amount


@pytest.mark.parametrize(("text", "reason"), [
    ("-12.50", "cannot be negative"),
    ("1000000.01", "more than 1,000,000"),
    ("2500000", "more than 1,000,000"),
    ("12.5051", "more than two decimals"), ("1234,567", "more than two decimals"),
    # one mark before three digits reads two ways (1234 in the US, 1.234 in France)
    ("1,234", "ambiguous: 1234 in some countries, 1.234 in others; write 1234 "
              r"\(or 1,234.00 or 1.234,00\)"),
    ("12.505", "ambiguous"), ("1.500", "ambiguous"),
    ("NaN", "not an amount"), ("nan", "not an amount"), ("Infinity", "not an amount"),
    ("inf", "not an amount"), ("1e3", "not an amount"), ("12.50 EUR", "not an amount"),
    ("twelve", "not an amount"), ("1,2,3", "not an amount"), ("12.", "not an amount"),
    ("", "enter an amount"), ("   ", "enter an amount"), ("+5", "not an amount"),
])
def test_impossible_amounts_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        parse_amount(text)


def test_decimal_values_from_elsewhere_are_checked_too() -> None:
    assert str(check_amount(Decimal("3.5"))) == "3.50"
    for bad in (Decimal("NaN"), Decimal("Infinity"), Decimal("-1"), Decimal("0.001"),
                Decimal("1e7")):
        with pytest.raises(MoneyError):
            check_amount(bad)


def test_currencies_are_iso_codes_in_any_case() -> None:
    assert check_currency(" usd ") == "USD"
    with pytest.raises(MoneyError, match="not an ISO 4217 currency code"):
        check_currency("EURO")
    with pytest.raises(MoneyError, match="ISO 4217"):
        check_currency("XXX")  # the "no currency" code is not a currency one pays in


def test_conversion_rounds_half_up_to_the_cent() -> None:
    # 10.05 × 0.5 = 5.025: half-up gives 5.03 where banker's rounding would give 5.02.
    assert convert(Decimal("10.05"), "USD", "EUR", Decimal("0.5")) == Decimal("5.03")
    assert convert(Decimal("129.00"), "USD", "EUR", Decimal("0.9215")) == Decimal("118.87")
    assert convert(Decimal("10000"), "JPY", "EUR", Decimal("0.0061234")) == Decimal("61.23")


def test_an_amount_in_the_report_currency_is_kept_as_it_is() -> None:
    assert convert(Decimal("45.50"), "EUR", "EUR", None) == Decimal("45.50")
    assert convert(Decimal("45.50"), "EUR", "EUR", Decimal("1.08")) == Decimal("45.50")


def test_a_foreign_amount_needs_a_sensible_rate() -> None:
    with pytest.raises(MoneyError, match="needs an exchange rate to EUR"):
        convert(Decimal("10"), "USD", "EUR", None)
    for bad in (Decimal("0"), Decimal("-0.9"), Decimal("NaN"), Decimal("2e6")):
        with pytest.raises(MoneyError):
            convert(Decimal("10"), "USD", "EUR", bad)


def test_rates_are_typed_with_a_point_or_a_comma() -> None:
    assert parse_rate("0,9215") == Decimal("0.9215")
    assert parse_rate("1.0843") == Decimal("1.0843")
    for bad in ("", "-1", "0", "abc", "1e-3", "0.00000000001"):
        with pytest.raises(MoneyError):
            parse_rate(bad)


def test_totals_are_exact() -> None:
    assert total([Decimal("0.10")] * 3) == Decimal("0.30")  # 0.1 + 0.1 + 0.1 != 0.3 in float
    assert total([Decimal("0.01")] * 100_000) == Decimal("1000.00")
    assert str(total([])) == "0.00"
