"""The travel model "roads": times and distances on the imported OpenStreetMap roads.

Each point is snapped to the nearest drivable road; a leg is the fastest time and the
shortest distance between the two places where its points join the road (whole seconds
and metres, with no stop time: :func:`fieldrep.travel.make_travel_model` adds it as for
OSRM).  A point too far from the roads, or outside the extract, makes the model refuse
with :class:`~fieldrep.travel.model.TravelModelError` saying which point and why, so the
planner falls back to the straight-line estimate with that reason shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from fieldrep.roads.index import UNREACHABLE
from fieldrep.roads.network import FarFromRoad, RoadNetwork, road_network
from fieldrep.roads.storage import ATTRIBUTION, NoRoads, read_info
from fieldrep.travel.model import Matrix, Point, TableModel, TravelModelError, check_points

NAME = "roads"


class RoadsModel:
    """Legs on the imported road network (a :class:`~fieldrep.travel.model.TableModel`)."""

    def __init__(self, network: RoadNetwork) -> None:
        info = network.info
        self.network = network
        # the name keys the store cache: a new import is a new road network
        self.name = f"{NAME} {info.source} {info.imported_at.isoformat()}"
        self.source = f"{NAME}, {info.described}"
        self.note = f"road times from the {info.described} ({ATTRIBUTION})"

    def matrix(self, points: Sequence[Point]) -> Matrix:
        """Legs between every two of ``points``."""
        return self.table(points, points)

    def table(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Matrix:
        """Legs from each of ``sources`` (rows) to each of ``destinations`` (columns)."""
        every = [tuple(p) for p in check_points([*sources, *destinations]).tolist()]
        here = [(p[0], p[1]) for p in every]
        try:
            legs = self.network.legs(here[:len(sources)], here[len(sources):])
        except FarFromRoad as exc:
            raise TravelModelError(f"point {exc.index + 1}: {exc}") from None
        missing = np.argwhere(legs.millis == UNREACHABLE)
        if len(missing):
            pairs = [(int(i), int(j)) for i, j in missing]
            raise TravelModelError(
                f"no road joins point {pairs[0][0] + 1} to point "
                f"{len(sources) + pairs[0][1] + 1} in the {self.network.info.described}",
                pairs)
        seconds = np.rint(legs.millis / 1000).astype(np.int64)
        metres = np.rint(legs.decimetres / 10).astype(np.int64)
        return Matrix(seconds.tolist(), metres.tolist(), self.source, self.note)

    def lines(self, points: Sequence[Point]) -> list[tuple[Point, ...]]:
        """The road line of each leg from one of ``points`` to the next."""
        here = [(float(lat), float(lon)) for lat, lon in points]
        return [self.network.line(a, b) for a, b in pairwise(here)]


class UnreadableRoads:
    """Stands for imported roads that cannot be read: every answer is that reason."""

    source = NAME

    def __init__(self, reason: str) -> None:
        self.name = f"{NAME} (unreadable)"
        self.reason = reason

    def matrix(self, points: Sequence[Point]) -> Matrix:
        raise TravelModelError(self.reason)

    def table(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Matrix:
        raise TravelModelError(self.reason)


def imported_roads_model() -> TableModel | None:
    """The roads model on the imported extract; None when nothing is imported."""
    try:
        if read_info() is None:
            return None
        return RoadsModel(road_network())
    except NoRoads as exc:
        return UnreadableRoads(str(exc))
