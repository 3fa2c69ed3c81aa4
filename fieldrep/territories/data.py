"""A territory and its account count as plain values (light to import: no shapely, no
store models)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TerritoryData:
    """A territory as plain values; ``polygon`` is a GeoJSON geometry (lon/lat) or None."""

    name: str
    color: str = ""
    polygon: dict[str, Any] | None = None
    areas: tuple[str, ...] = ()
    notes: str = ""
    id: int | None = None
    #: The stored version this copy was read at (a save over a newer one is refused).
    version: int | None = None

    @property
    def has_rule(self) -> bool:
        """Whether accounts fall into it by themselves (a shape or areas)."""
        return self.polygon is not None or bool(self.areas)


@dataclass(frozen=True)
class TerritoryCount:
    """How many accounts a territory holds (``territory`` None: outside every territory)."""

    territory: TerritoryData | None
    accounts: int
