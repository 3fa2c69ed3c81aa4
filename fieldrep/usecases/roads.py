"""Offline roads: import an OpenStreetMap extract, say what is imported, route two points.

The one way the command line and the Settings ▸ Travel page reach :mod:`fieldrep.roads`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fieldrep.common.paths import roads_dir
from fieldrep.roads.importer import Progress, import_extract
from fieldrep.roads.network import Route, road_network
from fieldrep.roads.storage import ATTRIBUTION, ExtractInfo, read_info

__all__ = [
    "ATTRIBUTION",
    "ExtractInfo",
    "RoadsStatus",
    "Route",
    "import_roads",
    "road_route",
    "roads_status",
]


@dataclass(frozen=True)
class RoadsStatus:
    """What road network is imported (``info`` None: none) and where it is kept."""

    info: ExtractInfo | None
    folder: Path

    def describe(self) -> str:
        """One line for a rep: the extract, its date and size, or how to import one."""
        if self.info is None:
            return ("No roads imported: travel times are straight-line estimates. Import an "
                    "OpenStreetMap extract (.osm.pbf) to plan on real roads offline.")
        info = self.info
        return (f"{info.source}, {info.described}: {info.ways:,} roads, "
                f"{info.vertices:,} road points, {info.places:,} places "
                f"(imported {info.imported_at:%Y-%m-%d %H:%M} UTC). {ATTRIBUTION}")


def roads_status() -> RoadsStatus:
    """The imported road network, if any."""
    return RoadsStatus(read_info(), roads_dir())


def import_roads(path: Path, progress: Progress = lambda done, total, text: None,
                 cancelled: Callable[[], bool] = lambda: False) -> ExtractInfo:
    """Import the extract at ``path`` (replacing the one before once it is all read)."""
    return import_extract(path, progress, cancelled)


def road_route(start: tuple[float, float], end: tuple[float, float]) -> Route:
    """The road route from ``start`` to ``end`` (lat, lon) on the imported roads."""
    return road_network().route(start, end)
