"""Mileage: the distance a rep drove for work, priced at the rate of each day.

Distances come in metres (from the route planner or typed in) and are claimed in the
unit of the day's rate, rounded half-up to a tenth of a kilometre or mile; the day's
amount is that distance times the rate, rounded half-up to the cent, so anyone can check
a line of the mileage log with a calculator.  A trip across a rate change is priced day
by day, each day at its own rate.

Commute exclusion (an option): where the first drive of a day leaves from home, or the
last one comes back home, those drives are the rep's commute, not business mileage, and
are left out of the claim (and shown as such).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from fieldrep.common.money import to_cents
from fieldrep.common.units import DISTANCE_UNITS, METRES_PER_UNIT
from fieldrep.expenses.mileage_rates import (
    MileageError,
    MileageRate,
    RateTable,
    parse_rate_table,
    rate_table_to_json,
)

__all__ = [
    "DISTANCE_UNITS", "DrivingLeg", "MileageDay", "MileageError",
    "MileageRate", "RateTable", "commute_metres", "metres_to_unit", "mileage_days",
    "parse_rate_table", "price_distance", "rate_table_to_json",
]

_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class DrivingLeg:
    """One drive of a working day, in the order driven; ``from_home`` / ``to_home`` say
    whether it starts or ends at the rep's home."""

    day: date
    metres: int
    from_home: bool = False
    to_home: bool = False
    label: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.metres, bool) or not isinstance(self.metres, int):
            raise MileageError(f"{self.day.isoformat()}: a distance is a whole number of "
                               f"metres, not {self.metres!r}")
        if self.metres < 0:
            raise MileageError(f"{self.day.isoformat()}: a distance cannot be negative")


@dataclass(frozen=True)
class MileageDay:
    """A day of the mileage log: what was driven, what is claimed, at which rate."""

    day: date
    driven_m: int
    commute_m: int
    distance: Decimal
    rate: MileageRate
    amount: Decimal

    @property
    def claimed_m(self) -> int:
        """Metres claimed: driven less the commute."""
        return self.driven_m - self.commute_m

    @property
    def unit(self) -> str:
        """``km`` or ``mi``: the unit of ``distance`` (the rate's)."""
        return self.rate.unit

    @property
    def currency(self) -> str:
        """The currency of ``amount`` (the rate's)."""
        return self.rate.currency


def metres_to_unit(metres: int, unit: str) -> Decimal:
    """``metres`` in kilometres or miles, rounded half-up to a tenth."""
    if unit not in DISTANCE_UNITS:
        raise MileageError(f"the distance unit must be km or mi, not {unit!r}")
    per_unit = METRES_PER_UNIT[unit]
    return (Decimal(metres) / per_unit).quantize(_TENTH, rounding=ROUND_HALF_UP)


def price_distance(metres: int, rate: MileageRate) -> Decimal:
    """What ``metres`` are worth at ``rate``, in the rate's currency, to the cent."""
    return to_cents(metres_to_unit(metres, rate.unit) * rate.rate)


def commute_metres(legs: Sequence[DrivingLeg]) -> int:
    """The commute in one day's ``legs`` (in the order driven): the first leg when it
    leaves from home, and the last when it comes back home (once if they are one leg)."""
    if not legs:
        return 0
    first, last = legs[0], legs[-1]
    commute = first.metres if first.from_home else 0
    if last.to_home and (last is not first or not first.from_home):
        commute += last.metres
    return commute


def mileage_days(legs: Iterable[DrivingLeg], table: RateTable,
                 exclude_commute: bool = False) -> list[MileageDay]:
    """The mileage log of ``legs``: one priced line per day, in date order.  Each day's
    legs keep the order given.  :class:`MileageError` names a day no rate covers."""
    ordered = sorted(legs, key=lambda leg: leg.day)  # stable: keeps each day's order
    log = []
    for day, day_legs in groupby(ordered, key=lambda leg: leg.day):
        driven = list(day_legs)
        rate = table.rate_on(day)
        driven_m = sum(leg.metres for leg in driven)
        commute_m = commute_metres(driven) if exclude_commute else 0
        claimed = driven_m - commute_m
        log.append(MileageDay(day=day, driven_m=driven_m, commute_m=commute_m,
                              distance=metres_to_unit(claimed, rate.unit), rate=rate,
                              amount=price_distance(claimed, rate)))
    return log
