"""The lines of a day's legs along the roads, when an OpenStreetMap extract is imported.

Each leg from one place of the day to the next follows the fastest road of the imported
extract (:mod:`fieldrep.roads`); a leg with an end outside the extract or far from its
roads stays a straight line.  With no extract imported every leg is straight.  Maps and
GPX tracks drawn from road lines carry the extract's attribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from fieldrep.roads.network import FarFromRoad
from fieldrep.roads.storage import ATTRIBUTION
from fieldrep.roads.travel_model import RoadsModel, imported_roads_model

LatLon = tuple[float, float]


@dataclass(frozen=True)
class DayPath:
    """The whole day as one line; ``attribution`` is set when any leg follows the roads."""

    points: tuple[LatLon, ...]
    attribution: str = ""


def day_path(places: Sequence[LatLon]) -> DayPath:
    """The line through ``places`` (start, each stop, end), along the roads where it can."""
    here = [(float(lat), float(lon)) for lat, lon in places]
    model = imported_roads_model()
    if not isinstance(model, RoadsModel) or len(here) < 2:
        return DayPath(tuple(here))
    path: list[LatLon] = [here[0]]
    on_roads = False
    for start, end in pairwise(here):
        try:
            leg = model.network.line(start, end)
            on_roads = True
        except FarFromRoad:
            leg = (start, end)
        path.extend(leg[1:])
    return DayPath(tuple(path), ATTRIBUTION if on_roads else "")
