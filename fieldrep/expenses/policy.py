"""Expense policy checks: warnings to look at before sending a report, never refusals.

A company's policy caps some categories per day (meals at 60 EUR a day, say), asks for a
receipt above an amount, and frowns on the same expense claimed twice.  Each check gives
a :class:`PolicyWarning` naming the entries concerned by their position in the list
checked; the rep may still have a good reason, so nothing is blocked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fieldrep.common.money import check_amount, check_currency, total
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry


class WarningKind(StrEnum):
    OVER_DAILY_LIMIT = "over_daily_limit"
    RECEIPT_MISSING = "receipt_missing"
    PROBABLE_DUPLICATE = "probable_duplicate"
    RECEIPT_REUSED = "receipt_reused"
    RATE_MISSING = "rate_missing"
    MILEAGE_TWICE = "mileage_twice"


@dataclass(frozen=True)
class ExpensePolicy:
    """Limits in ``currency`` (the report currency): ``daily_limits`` caps a category's
    total per day; a receipt is expected for any expense above ``receipt_required_above``
    (None: never).  Mileage never needs a receipt."""

    currency: str
    daily_limits: Mapping[Category, Decimal] = field(default_factory=dict)
    receipt_required_above: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", check_currency(self.currency))
        object.__setattr__(self, "daily_limits", {
            Category(c): check_amount(limit) for c, limit in self.daily_limits.items()})
        if self.receipt_required_above is not None:
            object.__setattr__(self, "receipt_required_above",
                               check_amount(self.receipt_required_above))


@dataclass(frozen=True)
class PolicyWarning:
    """Something to look at: ``entries`` are positions in the list given to
    :func:`check_policy`."""

    kind: WarningKind
    day: date
    entries: tuple[int, ...]
    message: str


def check_policy(entries: Sequence[ExpenseEntry], policy: ExpensePolicy) -> list[PolicyWarning]:
    """Every warning about ``entries`` under ``policy``, by day then kind.  Amounts in
    another currency are compared after conversion with each entry's own rate."""
    warnings = [*_daily_limits(entries, policy), *_missing_receipts(entries, policy),
                *_duplicates(entries), *_reused_receipts(entries),
                *_missing_rates(entries, policy), *_mileage_twice(entries)]
    return sorted(warnings, key=lambda w: (w.day, list(WarningKind).index(w.kind), w.entries))


def _daily_limits(entries: Sequence[ExpenseEntry],
                  policy: ExpensePolicy) -> list[PolicyWarning]:
    by_day: dict[tuple[date, Category], list[int]] = defaultdict(list)
    for n, entry in enumerate(entries):
        if entry.category in policy.daily_limits and _convertible(entry, policy):
            by_day[entry.day, entry.category].append(n)
    warnings = []
    for (day, category), positions in by_day.items():
        spent = total(entries[n].amount_in(policy.currency) for n in positions)
        limit = policy.daily_limits[category]
        if spent > limit:
            warnings.append(PolicyWarning(
                WarningKind.OVER_DAILY_LIMIT, day, tuple(positions),
                f"{day.isoformat()}: {category.label} total {spent} {policy.currency}, "
                f"over the daily limit of {limit} {policy.currency} by {spent - limit} "
                f"{policy.currency}"))
    return warnings


def _missing_receipts(entries: Sequence[ExpenseEntry],
                      policy: ExpensePolicy) -> list[PolicyWarning]:
    threshold = policy.receipt_required_above
    if threshold is None:
        return []
    warnings = []
    for n, entry in enumerate(entries):
        if entry.receipts or entry.category is Category.MILEAGE:
            continue
        if not _convertible(entry, policy):
            continue
        amount = entry.amount_in(policy.currency)
        if amount > threshold:
            warnings.append(PolicyWarning(
                WarningKind.RECEIPT_MISSING, entry.day, (n,),
                f"{entry.day.isoformat()}: {_describe(entry)} has no receipt; one is "
                f"needed above {threshold} {policy.currency}"))
    return warnings


def _duplicates(entries: Sequence[ExpenseEntry]) -> list[PolicyWarning]:
    """Same day, amount and currency, and the same merchant (or, when neither names one,
    the same category)."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for n, entry in enumerate(entries):
        merchant = " ".join(entry.merchant.casefold().split())
        who = ("merchant", merchant) if merchant else ("category", entry.category)
        groups[entry.day, entry.amount, entry.currency, who].append(n)
    return [PolicyWarning(
        WarningKind.PROBABLE_DUPLICATE, entries[positions[0]].day, tuple(positions),
        f"{entries[positions[0]].day.isoformat()}: {_describe(entries[positions[0]])} "
        f"is entered {len(positions)} times")
        for positions in groups.values() if len(positions) > 1]


def _mileage_twice(entries: Sequence[ExpenseEntry]) -> list[PolicyWarning]:
    """More than one mileage expense on a day: the same driving may be claimed twice."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for n, entry in enumerate(entries):
        if entry.category is Category.MILEAGE:
            by_day[entry.day].append(n)
    return [PolicyWarning(
        WarningKind.MILEAGE_TWICE, day, tuple(positions),
        f"{day.isoformat()}: {len(positions)} mileage expenses on one day; check the same "
        "driving is not claimed twice")
        for day, positions in by_day.items() if len(positions) > 1]


def _reused_receipts(entries: Sequence[ExpenseEntry]) -> list[PolicyWarning]:
    """The same stored receipt file (same content) attached to more than one entry."""
    holders: dict[str, list[int]] = defaultdict(list)
    for n, entry in enumerate(entries):
        for receipt in dict.fromkeys(entry.receipts):
            holders[receipt].append(n)
    return [PolicyWarning(
        WarningKind.RECEIPT_REUSED, entries[positions[0]].day, tuple(positions),
        f"the same receipt is attached to {len(positions)} expenses: "
        + "; ".join(f"{entries[n].day.isoformat()} {_describe(entries[n])}" for n in positions))
        for positions in holders.values() if len(positions) > 1]


def _missing_rates(entries: Sequence[ExpenseEntry],
                   policy: ExpensePolicy) -> list[PolicyWarning]:
    return [PolicyWarning(
        WarningKind.RATE_MISSING, entry.day, (n,),
        f"{entry.day.isoformat()}: {_describe(entry)} has no exchange rate to "
        f"{policy.currency}; it cannot be checked or totalled")
        for n, entry in enumerate(entries) if not _convertible(entry, policy)]


def _convertible(entry: ExpenseEntry, policy: ExpensePolicy) -> bool:
    return entry.currency == policy.currency or entry.rate_to_report is not None


def _describe(entry: ExpenseEntry) -> str:
    where = f" at {entry.merchant}" if entry.merchant else ""
    return f"{entry.category.label.lower()}{where} ({entry.amount} {entry.currency})"
