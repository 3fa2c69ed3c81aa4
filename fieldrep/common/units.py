"""Distance units a rep works in, and how many metres each holds (exactly)."""

from __future__ import annotations

from decimal import Decimal

#: Metres in one unit, exact: the mile is the international mile.
METRES_PER_UNIT = {"km": Decimal(1000), "mi": Decimal("1609.344")}
DISTANCE_UNITS = tuple(METRES_PER_UNIT)
