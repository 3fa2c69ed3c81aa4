"""Policy warnings a rep sees before sending the report; what an expense entry refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from fieldrep.common.money import MoneyError
from fieldrep.expenses.categories import Category, parse_category
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.policy import ExpensePolicy, WarningKind, check_policy

MONDAY, TUESDAY = date(2026, 3, 2), date(2026, 3, 3)
POLICY = ExpensePolicy("EUR", daily_limits={Category.MEALS: Decimal("60")},
                       receipt_required_above=Decimal("25"))
_RECEIPT_NUMBERS = count(1)


def a_receipt() -> str:
    """A stored receipt name of its own (receipts are named by their content's hash)."""
    return f"{next(_RECEIPT_NUMBERS):064x}.jpg"


def meal(amount: str, day: date = MONDAY, currency: str = "EUR", rate: str | None = None,
         merchant: str = "", receipts: tuple[str, ...] | None = None) -> ExpenseEntry:
    return ExpenseEntry(day, Category.MEALS, Decimal(amount), currency,
                        Decimal(rate) if rate else None, merchant=merchant,
                        receipts=(a_receipt(),) if receipts is None else receipts)


def kinds(entries: list[ExpenseEntry]) -> list[tuple[WarningKind, tuple[int, ...]]]:
    return [(w.kind, w.entries) for w in check_policy(entries, POLICY)]


def test_meals_over_the_daily_limit_are_flagged_with_the_excess() -> None:
    entries = [meal("35.00", merchant="Brasserie"), meal("30.50", merchant="Café"),
               meal("59.99", TUESDAY)]
    warnings = check_policy(entries, POLICY)
    assert [(w.kind, w.day, w.entries) for w in warnings] == [
        (WarningKind.OVER_DAILY_LIMIT, MONDAY, (0, 1))]
    assert "Meals total 65.50 EUR" in warnings[0].message
    assert "limit of 60.00 EUR by 5.50 EUR" in warnings[0].message


def test_the_limit_is_compared_in_the_report_currency() -> None:
    # 60 CHF at 1.0652 is 63.91 EUR: over; 55 CHF is 58.59 EUR: under.
    assert kinds([meal("60.00", currency="CHF", rate="1.0652")]) == [
        (WarningKind.OVER_DAILY_LIMIT, (0,))]
    assert kinds([meal("55.00", currency="CHF", rate="1.0652")]) == []


def test_exactly_the_limit_is_fine_and_other_categories_are_not_capped() -> None:
    parking = ExpenseEntry(MONDAY, Category.PARKING, Decimal("90.00"), "EUR",
                           receipts=(a_receipt(),))
    assert kinds([meal("60.00"), parking]) == []


def test_a_receipt_is_expected_above_the_threshold_but_never_for_mileage() -> None:
    entries = [meal("25.00", receipts=()), meal("25.01", TUESDAY, receipts=()),
               ExpenseEntry(MONDAY, Category.MILEAGE, Decimal("80.00"), "EUR")]
    warnings = check_policy(entries, POLICY)
    assert [(w.kind, w.entries) for w in warnings] == [(WarningKind.RECEIPT_MISSING, (1,))]
    assert "needed above 25.00 EUR" in warnings[0].message


def test_the_same_expense_entered_twice_is_a_probable_duplicate() -> None:
    entries = [meal("18.40", merchant="Brasserie Georges", receipts=()),
               meal("18.40", merchant="  brasserie   GEORGES ", receipts=("b" * 64 + ".png",)),
               meal("18.40", merchant="Café du Port"),
               meal("18.40", TUESDAY, merchant="Brasserie Georges")]
    assert kinds(entries) == [(WarningKind.PROBABLE_DUPLICATE, (0, 1))]


def test_without_merchants_the_same_category_makes_a_duplicate() -> None:
    parking = [ExpenseEntry(MONDAY, Category.PARKING, Decimal("4.00"), "EUR") for _ in range(3)]
    toll = ExpenseEntry(MONDAY, Category.TOLLS, Decimal("4.00"), "EUR")
    other_currency = ExpenseEntry(MONDAY, Category.PARKING, Decimal("4.00"), "CHF",
                                  Decimal("1.06"))
    warnings = check_policy([*parking, toll, other_currency], POLICY)
    assert [(w.kind, w.entries) for w in warnings] == [
        (WarningKind.PROBABLE_DUPLICATE, (0, 1, 2))]
    assert "entered 3 times" in warnings[0].message


def test_one_receipt_on_two_expenses_is_flagged() -> None:
    receipt = a_receipt()
    entries = [meal("12.00", merchant="A", receipts=(receipt,)),
               meal("14.00", TUESDAY, merchant="B", receipts=(receipt, receipt))]
    warnings = check_policy(entries, POLICY)
    assert [(w.kind, w.entries) for w in warnings] == [(WarningKind.RECEIPT_REUSED, (0, 1))]


def test_a_foreign_expense_without_a_rate_is_flagged_not_a_crash() -> None:
    entries = [meal("80.00", currency="USD", receipts=())]
    assert kinds(entries) == [(WarningKind.RATE_MISSING, (0,))]


def test_warnings_come_by_day() -> None:
    entries = [meal("99.00", TUESDAY, receipts=()), meal("70.00")]
    assert [(w.day, w.kind) for w in check_policy(entries, POLICY)] == [
        (MONDAY, WarningKind.OVER_DAILY_LIMIT),
        (TUESDAY, WarningKind.OVER_DAILY_LIMIT), (TUESDAY, WarningKind.RECEIPT_MISSING)]


def test_an_entry_refuses_what_cannot_be() -> None:
    with pytest.raises(MoneyError, match="tax part"):
        ExpenseEntry(MONDAY, Category.LODGING, Decimal("100"), "EUR", tax=Decimal("120"))
    with pytest.raises(MoneyError, match="not reimbursed to the rep"):
        ExpenseEntry(MONDAY, Category.LODGING, Decimal("100"), "EUR", paid_by=PaidBy.COMPANY)
    with pytest.raises(MoneyError, match="cannot be negative"):
        ExpenseEntry(MONDAY, Category.FUEL, Decimal("-5"), "EUR")
    with pytest.raises(MoneyError, match="ISO 4217"):
        ExpenseEntry(MONDAY, Category.FUEL, Decimal("5"), "euros")
    with pytest.raises(ValueError, match="'snacks' is not a valid Category"):
        ExpenseEntry(MONDAY, "snacks", Decimal("5"), "EUR")  # type: ignore[arg-type]


def test_an_entry_converts_amount_and_tax_to_the_report_currency() -> None:
    entry = ExpenseEntry(MONDAY, "lodging", Decimal("129.00"), "usd", Decimal("0.9215"),
                         tax=Decimal("11.73"), paid_by="company", reimbursable=False)
    assert entry.category is Category.LODGING and entry.currency == "USD"
    assert entry.amount_in("EUR") == Decimal("118.87")
    assert entry.tax_in("EUR") == Decimal("10.81")
    assert not entry.owed_to_rep


def test_categories_are_read_by_value_or_label() -> None:
    assert parse_category("Client entertainment") is Category.CLIENT_ENTERTAINMENT
    assert parse_category("car-rental") is Category.CAR_RENTAL
    assert parse_category(" MEALS ") is Category.MEALS
    assert [c.label for c in Category][:3] == ["Mileage", "Fuel", "Parking"]
    with pytest.raises(ValueError, match="use one of: Mileage, Fuel"):
        parse_category("snacks")
