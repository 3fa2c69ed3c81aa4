"""The shape of a tabular report, whatever it is about and whatever file it becomes.

A :class:`Report` has a title, a period line, summary lines (label and value) and one or
more :class:`Section` tables.  Each column says what kind of values it holds, so every
writer can show them properly: money with its currency and exactly two decimals, dates as
real dates in a spreadsheet, durations as hours and minutes.  Cells are checked when the
section is built: a float or a value of the wrong kind is a programming error caught at
once, never a wrong figure in a file handed to an accountant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from fieldrep.common.currencies import is_currency
from fieldrep.common.errors import FieldRepError


class ReportError(FieldRepError, ValueError):
    """A report that cannot be built or written; the message says why."""


class ColumnKind(StrEnum):
    """What a column holds, and so how it is written."""

    TEXT = "text"          # str
    INTEGER = "integer"    # int
    DECIMAL = "decimal"    # Decimal, shown with ``Column.places`` decimals (km, a rate per km)
    MONEY = "money"        # Decimal in ``Column.currency``, or Money with its own currency
    PERCENT = "percent"    # Decimal fraction: Decimal("0.25") is 25 %
    DATE = "date"          # datetime.date
    TIME = "time"          # datetime.time
    DURATION = "duration"  # datetime.timedelta, shown as hours:minutes


@dataclass(frozen=True)
class Money:
    """An exact amount with its ISO 4217 currency code."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise ReportError(f"money amount must be a finite Decimal, not {self.amount!r}")
        if not is_currency(self.currency):
            raise ReportError(f"{self.currency!r} is not an ISO 4217 currency code")


Cell = str | int | Decimal | Money | date | time | timedelta | None


@dataclass(frozen=True)
class Column:
    """A column heading and the kind of its values.

    ``currency`` is for MONEY columns whose cells are plain Decimals (one currency for the
    whole column, shown in the heading's number format); leave it empty when every cell is a
    :class:`Money`.  ``places`` is the number of decimals of a DECIMAL column.
    """

    heading: str
    kind: ColumnKind = ColumnKind.TEXT
    currency: str = ""
    places: int = 2

    def __post_init__(self) -> None:
        if self.currency and not is_currency(self.currency):
            raise ReportError(f"column {self.heading!r}: {self.currency!r} is not a currency")
        if not 0 <= self.places <= 6:
            raise ReportError(f"column {self.heading!r}: places must be 0 to 6")

    @property
    def is_numeric(self) -> bool:
        """Whether values are quantities that line up on the right."""
        return self.kind in _NUMERIC_KINDS


@dataclass(frozen=True)
class Section:
    """One table: columns, rows and optional total rows (shown bold, after the rows).

    A total row may hold a text label (``"Total"``) in a column of any kind.
    """

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]] = ()
    totals: Sequence[Sequence[Cell]] = ()
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(tuple(r) for r in self.rows))
        object.__setattr__(self, "totals", tuple(tuple(r) for r in self.totals))
        if not self.columns:
            raise ReportError(f"section {self.title!r} has no columns")
        for what, rows in (("row", self.rows), ("total row", self.totals)):
            for number, row in enumerate(rows, start=1):
                if len(row) != len(self.columns):
                    raise ReportError(
                        f"section {self.title!r}, {what} {number}: {len(row)} cells for "
                        f"{len(self.columns)} columns")
                for column, value in zip(self.columns, row, strict=True):
                    label = what == "total row" and isinstance(value, str)
                    problem = "" if label else cell_problem(column, value)
                    if problem:
                        raise ReportError(f"section {self.title!r}, {what} {number}, "
                                          f"column {column.heading!r}: {problem}")


@dataclass(frozen=True)
class SummaryLine:
    """A label and its value, shown above the tables (``Total``: ``1,234.50 EUR``)."""

    label: str
    value: Cell

    def __post_init__(self) -> None:
        problem = _summary_problem(self.value)
        if problem:
            raise ReportError(f"summary {self.label!r}: {problem}")


@dataclass(frozen=True)
class Report:
    """A whole report: ``period`` is a free line under the title (``1–31 March 2026``)."""

    title: str
    sections: Sequence[Section]
    period: str = ""
    summary: Sequence[SummaryLine] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "summary", tuple(self.summary))
        if not self.sections:
            raise ReportError(f"report {self.title!r} has no sections")


_NUMERIC_KINDS = frozenset({ColumnKind.INTEGER, ColumnKind.DECIMAL, ColumnKind.MONEY,
                            ColumnKind.PERCENT, ColumnKind.DURATION})
_KIND_TYPES: dict[ColumnKind, tuple[type, ...]] = {
    ColumnKind.TEXT: (str,),
    ColumnKind.INTEGER: (int,),
    ColumnKind.DECIMAL: (Decimal,),
    ColumnKind.MONEY: (Decimal, Money),
    ColumnKind.PERCENT: (Decimal,),
    ColumnKind.DATE: (date,),
    ColumnKind.TIME: (time,),
    ColumnKind.DURATION: (timedelta,),
}


def cell_problem(column: Column, value: Cell) -> str:
    """Why ``value`` cannot stand in ``column`` (empty when it can)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value!r} is a float; use Decimal so amounts stay exact"
    wanted = _KIND_TYPES[column.kind]
    wrong_type = (not isinstance(value, wanted) or isinstance(value, bool)
                  or (column.kind is ColumnKind.DATE and isinstance(value, datetime)))
    if wrong_type:
        return f"{value!r} is not a {column.kind.value} value"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"{value!r} is not a finite number"
    if column.kind is ColumnKind.MONEY and isinstance(value, Decimal) and not column.currency:
        return "a plain Decimal needs the column's currency (or give a Money)"
    return ""


def _summary_problem(value: Cell) -> str:
    if isinstance(value, float):
        return f"{value!r} is a float; use Decimal so amounts stay exact"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"{value!r} is not a finite number"
    if value is not None and not isinstance(
            value, str | int | Decimal | Money | date | time | timedelta):
        return f"{value!r} cannot be shown"
    return ""


@dataclass(frozen=True)
class ReportImage:
    """An image appended to a PDF report with its caption; ``path`` None (or a file that
    cannot be read as an image) prints the caption alone."""

    path: Path | None
    caption: str
