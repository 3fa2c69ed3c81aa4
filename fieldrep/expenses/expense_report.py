"""The expense report of a period, in the report currency, exact to the cent.

:func:`build_expense_report` turns expense entries and the mileage log into a
:class:`~fieldrep.reports.Report` (write it with :func:`fieldrep.reports.write_report`):
a summary (totals, what is owed to the rep), every expense by day and category, totals
per category, the mileage log and, when given, the policy warnings.  Each line is
converted to the report currency and rounded to the cent on its own, so every total is
exactly the sum of the lines printed above it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import cast

from fieldrep.common.money import MoneyError, check_currency, total
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.mileage import MileageDay, metres_to_unit
from fieldrep.expenses.policy import PolicyWarning
from fieldrep.expenses.receipts import make_thumbnail, receipt_path
from fieldrep.reports import (
    Cell,
    Column,
    ColumnKind,
    Money,
    Report,
    ReportImage,
    Section,
    SummaryLine,
)

_T, _DATE, _INT = ColumnKind.TEXT, ColumnKind.DATE, ColumnKind.INTEGER


class ExpenseReportError(MoneyError):
    """The report cannot be made (an expense without an exchange rate, say); names it."""


@dataclass(frozen=True)
class ExpenseTotals:
    """A period's totals in ``currency``."""

    currency: str
    expenses: Decimal
    mileage: Decimal
    owed_to_rep: Decimal
    paid_by_company: Decimal
    tax: Decimal
    by_category: Mapping[Category, Decimal]

    @property
    def total(self) -> Decimal:
        """Expenses and mileage together."""
        return self.expenses + self.mileage


def in_period(entries: Sequence[ExpenseEntry], mileage: Sequence[MileageDay],
              start: date, end: date) -> tuple[list[ExpenseEntry], list[MileageDay]]:
    """The entries (by day, then category) and mileage days from ``start`` to ``end``."""
    kept = [e for e in entries if start <= e.day <= end]
    kept.sort(key=lambda e: (e.day, list(Category).index(e.category)))
    return kept, sorted((d for d in mileage if start <= d.day <= end), key=lambda d: d.day)


def expense_totals(entries: Sequence[ExpenseEntry], mileage: Sequence[MileageDay],
                   currency: str) -> ExpenseTotals:
    """The totals of ``entries`` and ``mileage`` in ``currency`` (all given, no period)."""
    currency = check_currency(currency)
    amounts = [_converted(e, currency) for e in entries]
    for day in mileage:
        if day.currency != currency:
            raise ExpenseReportError(
                f"{day.day.isoformat()}: the mileage rate {day.rate.describe()} is in "
                f"{day.currency}, the report in {currency}; use a rate in {currency}")
    by_category: dict[Category, Decimal] = {}
    for entry, amount in zip(entries, amounts, strict=True):
        by_category[entry.category] = by_category.get(entry.category, Decimal("0.00")) + amount
    mileage_total = total(d.amount for d in mileage)
    if mileage:
        by_category[Category.MILEAGE] = by_category.get(Category.MILEAGE, Decimal("0.00")) \
            + mileage_total
    return ExpenseTotals(
        currency=currency,
        expenses=total(amounts),
        mileage=mileage_total,
        owed_to_rep=total(a for e, a in zip(entries, amounts, strict=True) if e.owed_to_rep)
        + mileage_total,
        paid_by_company=total(a for e, a in zip(entries, amounts, strict=True)
                              if e.paid_by is PaidBy.COMPANY),
        tax=total(e.tax_in(currency) for e in entries),
        by_category={c: by_category[c] for c in Category if c in by_category})


def build_expense_report(entries: Sequence[ExpenseEntry], mileage: Sequence[MileageDay], *,
                         start: date, end: date, currency: str, rep_name: str = "",
                         warnings: Sequence[PolicyWarning] = ()) -> Report:
    """The expense report from ``start`` to ``end`` (both included) in ``currency``;
    entries, mileage days and warnings outside the period are left out."""
    if end < start:
        raise ExpenseReportError(f"the period ends ({end}) before it starts ({start})")
    entries, mileage = in_period(entries, mileage, start, end)
    warnings = [w for w in warnings if start <= w.day <= end]
    totals = expense_totals(entries, mileage, currency)
    period = f"{start.isoformat()} to {end.isoformat()}"
    sections = [_expense_section(entries, totals), _category_section(entries, mileage, totals)]
    if mileage:
        sections.append(_mileage_section(mileage, totals))
    if warnings:
        sections.append(Section("To check", [Column("Date", _DATE), Column("Warning")],
                                [(w.day, w.message) for w in warnings]))
    money = totals.currency
    summary = [
        *([SummaryLine("Rep", rep_name)] if rep_name else []),
        SummaryLine("Period", period),
        SummaryLine("Expenses", Money(totals.expenses, money)),
        SummaryLine("Mileage", Money(totals.mileage, money)),
        SummaryLine("Total", Money(totals.total, money)),
        SummaryLine("Owed to the rep", Money(totals.owed_to_rep, money)),
        SummaryLine("Paid by the company", Money(totals.paid_by_company, money)),
        SummaryLine("Tax included", Money(totals.tax, money)),
        *([SummaryLine("Warnings to check", len(warnings))] if warnings else []),
    ]
    title = "Expense report" + (f" — {rep_name}" if rep_name else "")
    return Report(title, sections, period=period, summary=summary)


def receipt_images(entries: Sequence[ExpenseEntry], attachments: Path, thumbnails: Path,
                   original_names: Mapping[str, str] | None = None) -> list[ReportImage]:
    """A thumbnail and caption for each receipt of ``entries`` (each receipt once), made
    in ``thumbnails`` from the files in ``attachments``; a missing file is captioned so."""
    thumbnails.mkdir(parents=True, exist_ok=True)
    names = original_names or {}
    images, seen = [], set()
    for entry in sorted(entries, key=lambda e: e.day):
        for stored in entry.receipts:
            if stored in seen:
                continue
            seen.add(stored)
            source = receipt_path(attachments, stored)
            caption = (f"{entry.day.isoformat()} · {entry.category.label} · "
                       + (f"{entry.merchant} · " if entry.merchant else "")
                       + f"{entry.amount:,.2f} {entry.currency}"
                       + (f" · {names[stored]}" if stored in names else ""))
            if not source.is_file():
                images.append(ReportImage(None, caption + " (receipt file missing)"))
                continue
            thumbnail = thumbnails / f"{Path(stored).stem}.jpg"
            if not thumbnail.is_file():
                make_thumbnail(source, thumbnail, caption=names.get(stored, ""))
            images.append(ReportImage(thumbnail, caption))
    return images


def _converted(entry: ExpenseEntry, currency: str) -> Decimal:
    try:
        return entry.amount_in(currency)
    except MoneyError as exc:
        where = f" at {entry.merchant}" if entry.merchant else ""
        raise ExpenseReportError(
            f"{entry.day.isoformat()}: {entry.category.label.lower()}{where} "
            f"({entry.amount} {entry.currency}): {exc}") from None


def _expense_section(entries: Sequence[ExpenseEntry], totals: ExpenseTotals) -> Section:
    money = totals.currency
    columns = [Column("Date", _DATE), Column("Category"), Column("Merchant"),
               Column("Details"), Column("Amount paid", ColumnKind.MONEY), Column("Rate"),
               Column("Amount", ColumnKind.MONEY, currency=money), Column("Paid by"),
               Column("Owed to rep"), Column("Receipts", _INT)]
    rows = [(e.day, e.category.label, e.merchant, _details(e), Money(e.amount, e.currency),
             "" if e.currency == money else str(e.rate_to_report), e.amount_in(money),
             e.paid_by.value.capitalize(), "yes" if e.owed_to_rep else "no", len(e.receipts))
            for e in entries]
    totals_row = ("Total", None, None, None, None, None, totals.expenses, None, None,
                  sum(len(e.receipts) for e in entries))
    return Section("Expenses", columns, rows, [totals_row],
                   note=f"Rate: {money} for one unit of the expense's currency, as entered.")


def _category_section(entries: Sequence[ExpenseEntry], mileage: Sequence[MileageDay],
                      totals: ExpenseTotals) -> Section:
    money = totals.currency
    counts = Counter(e.category for e in entries)
    counts[Category.MILEAGE] += len(mileage)
    owed: dict[Category, Decimal] = {}
    for e in entries:
        if e.owed_to_rep:
            owed[e.category] = owed.get(e.category, Decimal("0.00")) + e.amount_in(money)
    owed[Category.MILEAGE] = owed.get(Category.MILEAGE, Decimal("0.00")) + totals.mileage
    columns = [Column("Category"), Column("Lines", _INT),
               Column("Amount", ColumnKind.MONEY, currency=money),
               Column("Owed to rep", ColumnKind.MONEY, currency=money)]
    rows = [(c.label, counts[c], amount, owed.get(c, Decimal("0.00")))
            for c, amount in totals.by_category.items()]
    return Section("Totals by category", columns, rows,
                   [("Total", sum(counts.values()), totals.total, totals.owed_to_rep)])


def _mileage_section(mileage: Sequence[MileageDay], totals: ExpenseTotals) -> Section:
    """One line a day; distances in the rates' unit (a Unit column if the rates mix km
    and miles, and then no distance totals: they would add miles to kilometres)."""
    units = {d.unit for d in mileage}
    unit = next(iter(units)) if len(units) == 1 else ""
    places = max(2, *(-cast(int, d.rate.rate.normalize().as_tuple().exponent)
                      for d in mileage))
    suffix = f" ({unit})" if unit else ""
    distance = [Column(f"{name}{suffix}", ColumnKind.DECIMAL, places=1)
                for name in ("Driven", "Commute", "Claimed")]
    columns = [Column("Date", _DATE), *distance, *([] if unit else [Column("Unit")]),
               Column(f"Rate ({totals.currency}/{unit})" if unit else "Rate",
                      ColumnKind.DECIMAL, places=places),
               Column("Rate period"),
               Column("Amount", ColumnKind.MONEY, currency=totals.currency)]
    rows: list[tuple[Cell, ...]] = []
    for d in mileage:
        distances = (metres_to_unit(d.driven_m, d.unit), metres_to_unit(d.commute_m, d.unit),
                     d.distance)
        rows.append((d.day, *distances, *([] if unit else [d.unit]), d.rate.rate,
                     d.rate.describe(), d.amount))
    if unit:
        sums = tuple(total(cast(Decimal, row[i]) for row in rows) for i in (1, 2, 3))
        totals_row = ("Total", *sums, None, None, totals.mileage)
    else:
        totals_row = ("Total", None, None, None, None, None, None, totals.mileage)
    return Section("Mileage log", columns, rows, [totals_row],
                   note="Each day is priced at the rate in force that day.")


def _details(entry: ExpenseEntry) -> str:
    parts = [entry.notes] if entry.notes else []
    if entry.attendees:
        parts.append("with " + ", ".join(entry.attendees))
    return "; ".join(parts)
