"""Two versions of one territory: the rep's edit and the one saved meanwhile.

A territory edited from a copy that someone else changed since (renamed, given other
postcodes, a new shape drawn) is refused at saving with :class:`StaleTerritory`; the
window shows the fields that differ, the rep chooses a side per field and the merge
(:meth:`~fieldrep.store.conflicts.StaleRecord.merged`) is saved over the stored version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fieldrep.common.errors import FieldRepError
from fieldrep.store.conflicts import StaleRecord, as_text, differences
from fieldrep.territories.data import TerritoryData

#: What the rep calls each field that can differ.
LABELS = {"name": "Name", "color": "Colour", "polygon": "Shape",
          "areas": "Postcodes and towns", "notes": "Notes"}
MERGED_FIELDS = tuple(LABELS)


class TerritoryError(FieldRepError, ValueError):
    """A territory that cannot be saved as given (the message says why)."""


class StaleTerritory(StaleRecord[TerritoryData], TerritoryError):
    """The territory was changed elsewhere since the rep's copy was read: nothing saved."""


def stale_territory(mine: TerritoryData, theirs: TerritoryData) -> StaleTerritory:
    """The refusal of saving ``mine`` over ``theirs`` (the territory as stored now)."""
    return StaleTerritory(
        f"territory {theirs.name!r}", mine, theirs, mine.version or 0, theirs.version or 0,
        differences(vars(mine), vars(theirs), LABELS, MERGED_FIELDS,
                    shown={"polygon": describe_shape}))


def describe_shape(geometry: object) -> str:
    """A drawn shape in words the rep can tell apart: its corners and where it lies
    ("drawn, 5 corners around 45.7620, 4.8440"); "not drawn" for none."""
    if not isinstance(geometry, dict):
        return "not drawn" if geometry is None else as_text(geometry)
    rings = _outer_rings(geometry)
    points = [point for ring in rings for point in ring[:-1]]  # a ring repeats its start
    if not points:
        return "a shape"
    lon = sum(float(p[0]) for p in points) / len(points)
    lat = sum(float(p[1]) for p in points) / len(points)
    parts = f" in {len(rings)} parts" if len(rings) > 1 else ""
    return f"drawn, {len(points)} corners{parts} around {lat:.4f}, {lon:.4f}"


def _outer_rings(geometry: dict[str, Any]) -> list[Sequence[Sequence[float]]]:
    coordinates = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return list(coordinates[:1])
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in coordinates if polygon]
    return []
