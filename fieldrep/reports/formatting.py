"""Cell values as text: for people (PDF, column widths) and for CSV files.

Money is always shown to the cent, rounded half-up (amounts built by FieldRep are already
exact to the cent; rounding here only guards against a stray third decimal).  Display text
groups thousands (``1,234.50 EUR``); CSV text does not (``1234.50``), so a spreadsheet
reads it back as a number whatever its locale's grouping mark.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from fieldrep.common.money import to_cents
from fieldrep.reports.model import Cell, Column, ColumnKind, Money


def display_text(column: Column | None, value: Cell) -> str:
    """``value`` as a person reads it; ``column`` None for a summary value.  Money shows its
    currency unless the column heading already names it."""
    if value is None:
        return ""
    if isinstance(value, Money):
        amount = f"{to_cents(value.amount):,.2f}"
        same = column is not None and value.currency == column.currency
        return amount if same else f"{amount} {value.currency}"
    kind = column.kind if column is not None else None
    if isinstance(value, Decimal):
        if kind is ColumnKind.MONEY:
            return f"{to_cents(value):,.2f}"
        if kind is ColumnKind.PERCENT:
            return f"{_places(value * 100, 1):,.1f} %"
        exponent = cast(int, value.as_tuple().exponent)  # a finite Decimal's
        places = column.places if column is not None else max(0, -exponent)
        return f"{_places(value, places):,.{places}f}"
    if isinstance(value, int):
        return f"{value:,d}"
    return _plain_text(value)


def csv_text(column: Column, value: Cell) -> str:
    """``value`` as CSV text (not yet neutralised): numbers without grouping marks."""
    if value is None:
        return ""
    if isinstance(value, Money):
        amount = f"{to_cents(value.amount):.2f}"
        return amount if value.currency == column.currency else f"{amount} {value.currency}"
    if isinstance(value, Decimal):
        if column.kind is ColumnKind.MONEY:
            return f"{to_cents(value):.2f}"
        if column.kind is ColumnKind.PERCENT:
            return f"{_places(value * 100, 1):.1f}%"
        return f"{_places(value, column.places):.{column.places}f}"
    if isinstance(value, int):
        return str(value)
    return _plain_text(value)


def heading_text(column: Column) -> str:
    """A column heading, with the currency when the whole column is in one."""
    if column.kind is ColumnKind.MONEY and column.currency:
        return f"{column.heading} ({column.currency})"
    return column.heading


def _plain_text(value: str | date | time | timedelta) -> str:
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
        return f"{sign}{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _places(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
