"""Reading the drivable roads and the place names of an OpenStreetMap extract (PBF).

pyosmium reads the file in C++: it keeps every node's location and hands Python only the
ways tagged ``highway`` and the nodes tagged ``place``.  Each drivable way (see
:mod:`fieldrep.roads.highways`) becomes a polyline of node references with its road class,
speed and direction; the references are turned into vertex numbers at the end in one
vectorised step (``numpy.unique``), so Python never keeps a dictionary of node ids.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
import osmium

from fieldrep.common.errors import FieldRepError
from fieldrep.roads.highways import CLASSES, direction, road_class, speed_kmh

#: the ``place`` values kept as place names, largest first
PLACE_KINDS = ("city", "town", "village", "suburb", "hamlet")
_CHECK_EVERY = 2000  # ways between two looks at ``cancelled``
CANCELLED = "road import cancelled: the roads imported before are kept"


class ExtractError(FieldRepError, ValueError):
    """The file is not an OpenStreetMap extract FieldRep can read (one line why)."""


class ImportCancelled(FieldRepError):
    """The rep cancelled the import; what was imported before is kept."""


@dataclass(frozen=True)
class Place:
    """A named place (town, village…) of the extract."""

    name: str
    kind: str
    lat: float
    lon: float


@dataclass(frozen=True)
class RoadWays:
    """The drivable ways of an extract, as arrays.

    Way ``w``'s vertices are ``way_vertices[way_start[w]:way_start[w + 1]]``; vertex ``v``
    is at ``lat[v], lon[v]`` and was OSM node ``node_ids[v]``.
    """

    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    node_ids: npt.NDArray[np.int64]
    way_start: npt.NDArray[np.int64]
    way_vertices: npt.NDArray[np.int32]
    way_class: npt.NDArray[np.uint8]  # index into highways.CLASSES
    way_kmh: npt.NDArray[np.float32]
    way_direction: npt.NDArray[np.int8]  # highways.Direction
    places: tuple[Place, ...]
    newest_edit: datetime | None


def read_extract(path: Path, cancelled: Callable[[], bool] = lambda: False,
                 on_ways: Callable[[int], None] = lambda n: None) -> RoadWays:
    """The drivable ways and places of the PBF file ``path``; ``on_ways`` hears how many
    ways were read now and then, and :class:`ImportCancelled` ends it when ``cancelled``."""
    if not path.is_file():
        raise ExtractError(f"{path} is not a file")
    refs, lats, lons = array("q"), array("d"), array("d")
    starts, classes, speeds, directions = array("q", [0]), array("B"), array("f"), array("b")
    places: list[Place] = []
    newest: datetime | None = None
    try:
        processor = (osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
                     .with_locations()
                     .with_filter(osmium.filter.KeyFilter("highway", "place")))
        for count, obj in enumerate(processor):
            if count % _CHECK_EVERY == 0:
                if cancelled():
                    raise ImportCancelled(CANCELLED)
                on_ways(len(classes))
            if isinstance(obj, osmium.osm.Node):
                place = _place(obj)
                if place is not None:
                    places.append(place)
                    newest = _later(newest, obj.timestamp)
                continue
            if not isinstance(obj, osmium.osm.Way):
                continue
            tags = dict(obj.tags)
            road = road_class(tags)
            if road is None or len(obj.nodes) < 2:
                continue
            nodes = [(n.ref, n.location) for n in obj.nodes]
            if not all(location.valid() for _, location in nodes):
                continue  # a way cut at the extract's border with its nodes left out
            for ref, location in nodes:
                refs.append(ref)
                lats.append(location.lat)
                lons.append(location.lon)
            starts.append(len(refs))
            classes.append(CLASSES.index(road))
            speeds.append(speed_kmh(road, tags))
            directions.append(int(direction(road, tags)))
            newest = _later(newest, obj.timestamp)
    except ImportCancelled:
        raise
    except (RuntimeError, osmium.InvalidLocationError) as exc:
        raise ExtractError(f"{path.name} is not a readable OpenStreetMap PBF extract "
                           f"({exc})") from None
    if not classes:
        raise ExtractError(f"{path.name} has no road a car may drive")
    node_refs = np.frombuffer(refs, dtype=np.int64)
    node_ids, first, inverse = np.unique(node_refs, return_index=True, return_inverse=True)
    return RoadWays(
        lat=np.frombuffer(lats, dtype=np.float64)[first].copy(),
        lon=np.frombuffer(lons, dtype=np.float64)[first].copy(),
        node_ids=node_ids, way_start=np.frombuffer(starts, dtype=np.int64).copy(),
        way_vertices=inverse.reshape(-1).astype(np.int32),
        way_class=np.frombuffer(classes, dtype=np.uint8).copy(),
        way_kmh=np.frombuffer(speeds, dtype=np.float32).copy(),
        way_direction=np.frombuffer(directions, dtype=np.int8).copy(),
        places=tuple(places), newest_edit=newest)


def _place(node: osmium.osm.Node) -> Place | None:
    kind = node.tags.get("place", "")
    name = node.tags.get("name", "")
    if kind not in PLACE_KINDS or not name or not node.location.valid():
        return None
    return Place(name, kind, node.location.lat, node.location.lon)


def _later(newest: datetime | None, stamp: datetime) -> datetime:
    return stamp if newest is None or stamp > newest else newest
