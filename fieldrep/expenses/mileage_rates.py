"""Mileage allowance rates and the periods they apply to, kept as JSON text in a setting.

A rate table is a list of periods, each with a rate per kilometre or per mile in a
currency and an optional label (``2026 government rate``).  Periods may leave gaps but
never overlap, so exactly one rate (or none) applies on any day.  The JSON form is a list
of objects::

    [{"from": "2026-01-01", "to": "2026-12-31", "rate": "0.636", "unit": "km",
      "currency": "EUR", "label": "2026 barème"}]

``to`` may be left out or null (open-ended); ``rate`` is a string or a JSON number, read
as an exact decimal either way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from fieldrep.common.currencies import is_currency
from fieldrep.common.errors import FieldRepError
from fieldrep.common.units import DISTANCE_UNITS

#: Rates are kept to the thousandth of a currency unit (0.636 EUR/km; 72.5 cents/mi).
RATE_PLACES = 4


class MileageError(FieldRepError, ValueError):
    """A rate table or trip that cannot be right; the message names the rate or day."""


#: No mileage rate is this much per km or mile.
MAX_RATE = Decimal(1000)


@dataclass(frozen=True)
class MileageRate:
    """``rate`` ``currency`` per ``unit`` driven, from ``valid_from`` to ``valid_to``
    (both included; ``valid_to`` None: no end)."""

    valid_from: date
    valid_to: date | None
    rate: Decimal
    unit: str
    currency: str
    label: str = ""

    def __post_init__(self) -> None:
        name = self.describe()
        if not isinstance(self.rate, Decimal) or not self.rate.is_finite():
            raise MileageError(f"{name}: the rate must be a number")
        if self.rate < 0:
            raise MileageError(f"{name}: the rate cannot be negative ({self.rate})")
        if self.rate >= MAX_RATE:
            raise MileageError(f"{name}: a rate of {self.rate} per {self.unit} cannot be "
                               f"right (under {MAX_RATE})")
        if self.rate != self.rate.quantize(Decimal(1).scaleb(-RATE_PLACES)):
            raise MileageError(f"{name}: the rate has more than {RATE_PLACES} decimals")
        if self.unit not in DISTANCE_UNITS:
            raise MileageError(f"{name}: the unit must be km or mi, not {self.unit!r}")
        if not is_currency(self.currency):
            raise MileageError(f"{name}: {self.currency!r} is not an ISO 4217 currency code")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise MileageError(f"{name}: ends ({self.valid_to}) before it starts "
                               f"({self.valid_from})")

    def covers(self, day: date) -> bool:
        """Whether this rate applies on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def describe(self) -> str:
        """The rate's label, or its period when it has none."""
        end = self.valid_to.isoformat() if self.valid_to else "onwards"
        return self.label or f"rate from {self.valid_from.isoformat()} to {end}"


@dataclass(frozen=True)
class RateTable:
    """Mileage rates in date order, no two overlapping (checked when built)."""

    rates: tuple[MileageRate, ...]

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.rates, key=lambda r: r.valid_from))
        for earlier, later in pairwise(ordered):
            if earlier.valid_to is None or later.valid_from <= earlier.valid_to:
                raise MileageError(
                    f"{earlier.describe()} and {later.describe()} overlap: on "
                    f"{later.valid_from.isoformat()} both would apply")
        object.__setattr__(self, "rates", ordered)

    def rate_on(self, day: date) -> MileageRate:
        """The rate that applies on ``day``; :class:`MileageError` when none does."""
        for rate in self.rates:
            if rate.covers(day):
                return rate
        if not self.rates:
            raise MileageError("no mileage rate is set: add one in the settings")
        raise MileageError(f"no mileage rate applies on {day.isoformat()}: the rates cover "
                           f"{self.coverage()}")

    def coverage(self) -> str:
        """The periods covered, for messages (``2025-01-01 to 2025-12-31, 2026-01-01 on``)."""
        return ", ".join(
            f"{r.valid_from.isoformat()} to {r.valid_to.isoformat()}" if r.valid_to
            else f"{r.valid_from.isoformat()} on" for r in self.rates) or "no period"


def parse_rate_table(text: str) -> RateTable:
    """The rate table kept as JSON ``text`` (empty text: no rates)."""
    if not text.strip():
        return RateTable(())
    try:
        items = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as exc:
        raise MileageError(f"the mileage rates are not valid JSON: {exc.msg} "
                           f"(line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(items, list):
        raise MileageError("the mileage rates must be a JSON list of rates")
    return RateTable(tuple(_rate_from_json(n, item) for n, item in enumerate(items, 1)))


def rate_table_to_json(table: RateTable | Sequence[MileageRate]) -> str:
    """``table`` as the JSON text :func:`parse_rate_table` reads back."""
    rates = table.rates if isinstance(table, RateTable) else RateTable(tuple(table)).rates
    return json.dumps([
        {"from": r.valid_from.isoformat(),
         "to": r.valid_to.isoformat() if r.valid_to else None,
         "rate": str(r.rate), "unit": r.unit, "currency": r.currency, "label": r.label}
        for r in rates], ensure_ascii=False, indent=1)


def _rate_from_json(number: int, item: Any) -> MileageRate:
    if not isinstance(item, dict):
        raise MileageError(f"mileage rate {number}: must be an object with from, rate, "
                           "unit and currency")
    name = f"mileage rate {number}"
    unknown = set(item) - {"from", "to", "rate", "unit", "currency", "label"}
    if unknown:
        raise MileageError(f"{name}: unknown field {', '.join(sorted(unknown))}")
    missing = [k for k in ("from", "rate", "unit", "currency") if item.get(k) in (None, "")]
    if missing:
        raise MileageError(f"{name}: {', '.join(missing)} missing")
    try:
        rate = Decimal(str(item["rate"]).strip().replace(",", "."))
    except InvalidOperation:
        raise MileageError(f"{name}: the rate {item['rate']!r} is not a number") from None
    try:
        return MileageRate(
            valid_from=_date("from", item["from"]),
            valid_to=_date("to", item["to"]) if item.get("to") else None,
            rate=rate, unit=str(item["unit"]).strip().lower(),
            currency=str(item["currency"]).strip().upper(), label=str(item.get("label") or ""))
    except MileageError as exc:
        raise MileageError(f"{name}: {exc}") from None


def _date(field: str, value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise MileageError(f"{field} {str(value)!r} is not a date like 2026-01-31") from None
