"""The imported road network, ready to answer: routes between points and tables of legs.

:func:`road_network` loads the imported extract once per process (and again after a new
import).  Points are snapped to the nearest drivable road; one farther than
:data:`SNAP_LIMIT_M` is refused with a sentence saying how far it is, as is a point outside
the extract.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fieldrep.common.errors import FieldRepError
from fieldrep.common.paths import roads_dir
from fieldrep.roads.index import UNREACHABLE, Legs, RoadIndex
from fieldrep.roads.snapping import Snapped, Snapper
from fieldrep.roads.storage import ExtractInfo, NoRoads, load, read_info

#: A point farther than this from any drivable road is not routed (metres).
SNAP_LIMIT_M = 1000.0
LatLon = tuple[float, float]


class FarFromRoad(FieldRepError):
    """A point is too far from the extract's roads; ``index`` says which."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


class NoRoute(FieldRepError):
    """Two points have no road between them in the extract."""


@dataclass(frozen=True)
class Route:
    """The fastest road route between two points: its time, its length (the shortest road
    distance, see :class:`~fieldrep.roads.index.Legs`), how far each point is from where it
    joins the road, and the road's line from point to point."""

    metres: int
    seconds: int
    snapped_metres: tuple[float, float]
    line: tuple[LatLon, ...]


class RoadNetwork:
    """The imported extract with its index and its snapper."""

    def __init__(self, folder: Path) -> None:
        stored = load(folder)
        self.info: ExtractInfo = stored.info
        self.graph = stored.graph
        self.ways = stored.ways
        self.index = RoadIndex(stored.graph, stored.order)
        self.snapper = Snapper(stored.graph)

    def snap(self, points: Sequence[LatLon]) -> Snapped:
        """Where each point joins the road; :class:`FarFromRoad` for the first one too far."""
        snapped = self.snapper.snap(points)
        for index, (point, metres) in enumerate(zip(points, snapped.metres, strict=True)):
            if metres > SNAP_LIMIT_M:
                raise FarFromRoad(self._far(index, point, float(metres)), index)
        return snapped

    def legs(self, sources: Sequence[LatLon], targets: Sequence[LatLon]) -> Legs:
        """Fastest times and shortest distances from each source to each target."""
        snapped = self.snap([*sources, *targets]).vertices
        return self.index.legs(snapped[:len(sources)].tolist(),
                               snapped[len(sources):].tolist())

    def route(self, start: LatLon, end: LatLon) -> Route:
        """The route from ``start`` to ``end``; :class:`FarFromRoad` or :class:`NoRoute`."""
        snapped = self.snap([start, end])
        legs = self.index.legs(snapped.vertices[:1].tolist(), snapped.vertices[1:].tolist())
        millis, decimetres = int(legs.millis[0, 0]), int(legs.decimetres[0, 0])
        if millis == UNREACHABLE or decimetres == UNREACHABLE:
            raise NoRoute(f"no road joins {_where(start)} to {_where(end)} in the "
                          f"{self.info.described}")
        return Route(round(decimetres / 10), round(millis / 1000),
                     (float(snapped.metres[0]), float(snapped.metres[1])),
                     self.line(start, end, snapped))

    def line(self, start: LatLon, end: LatLon, snapped: Snapped | None = None
             ) -> tuple[LatLon, ...]:
        """The fastest route's line from ``start`` to ``end`` (straight when none)."""
        if snapped is None:
            snapped = self.snap([start, end])
        path = self.index.fastest_path(int(snapped.vertices[0]), int(snapped.vertices[1]))
        if path is None:
            return (start, end)
        at = np.asarray(path, dtype=np.int64)
        road = zip(self.graph.lat[at].tolist(), self.graph.lon[at].tolist(), strict=True)
        return (start, *road, end)

    def _far(self, index: int, point: LatLon, metres: float) -> str:
        where = _where(point)
        if not self.info.covers(*point):
            return (f"{where} is outside the imported roads ({self.info.source}, "
                    f"{self.info.described})")
        return (f"{where} is {metres / 1000:.1f} km from the nearest drivable road of the "
                f"{self.info.described}")


_loaded: dict[Path, tuple[object, RoadNetwork]] = {}
_lock = threading.Lock()


def road_network(folder: Path | None = None) -> RoadNetwork:
    """The imported road network (loaded once per import); :class:`NoRoads` if none."""
    where = (folder or roads_dir()).resolve()
    info = read_info(where)
    if info is None:
        raise NoRoads("no road network is imported (fieldrep roads import FILE.osm.pbf)")
    with _lock:
        known = _loaded.get(where)
        if known is None or known[0] != info.imported_at:
            known = (info.imported_at, RoadNetwork(where))
            _loaded[where] = known
        return known[1]


def _where(point: LatLon) -> str:
    return f"{point[0]:.5f},{point[1]:.5f}"
