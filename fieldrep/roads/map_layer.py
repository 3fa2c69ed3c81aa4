"""The imported roads and place names as a map background, for the map offline.

A map view asks for one bounding box at one zoom; the answer is GeoJSON the page draws
with Leaflet's own vector layers: the roads of the classes that matter at that zoom (the
motorways and main roads from afar, every residential street up close), simplified to
about a pixel (so a country-wide view carries a few points a road, a street view every
bend), one ``MultiLineString`` feature per road class; and the places worth naming at
that zoom (towns from afar, villages and hamlets closer).  Nothing is written: the
layer is computed on demand from the stored extract (``roads.npz``, ``places.json``),
read once and kept while the extract stays the same.

Everything drawn is © OpenStreetMap contributors (ODbL 1.0).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from fieldrep.common.paths import roads_dir
from fieldrep.roads.highways import CLASSES
from fieldrep.roads.storage import ATTRIBUTION, NoRoads, read_info

#: the lowest zoom at which a road class is drawn
CLASS_MIN_ZOOM: dict[str, int] = {
    "motorway": 0, "trunk": 0, "primary": 8, "secondary": 10, "tertiary": 11,
    "motorway_link": 11, "trunk_link": 11, "primary_link": 12, "secondary_link": 13,
    "tertiary_link": 13, "unclassified": 13, "residential": 14, "living_street": 15,
    "road": 14, "service": 16,
}
#: the lowest zoom at which a kind of place is named
PLACE_MIN_ZOOM: dict[str, int] = {"city": 6, "town": 9, "village": 11, "suburb": 13,
                                  "hamlet": 14}
TILE_PIXELS = 256
#: simplify to this many pixels: a line bends no more than that from the road it draws
TOLERANCE_PIXELS = 0.75
MAX_ZOOM = 19


def tolerance_degrees(zoom: int) -> float:
    """The simplification tolerance at ``zoom``, in degrees (of longitude at the equator;
    finer than that further north, which only keeps a little more)."""
    return TOLERANCE_PIXELS * 360.0 / (TILE_PIXELS * 2.0 ** zoom)


@dataclass(frozen=True)
class Box:
    """A map view's bounding box, in degrees."""

    south: float
    west: float
    north: float
    east: float

    def padded(self, fraction: float) -> Box:
        dlat, dlon = (self.north - self.south) * fraction, (self.east - self.west) * fraction
        return Box(self.south - dlat, self.west - dlon, self.north + dlat, self.east + dlon)


class RoadLayer:
    """The roads and places of one imported extract, ready to be cut by box and zoom."""

    def __init__(self, lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64],
                 way_start: npt.NDArray[np.int64], way_vertices: npt.NDArray[np.int32],
                 way_class: npt.NDArray[np.uint8], places: list[dict[str, Any]],
                 classes: tuple[str, ...] = CLASSES) -> None:
        self.classes = classes
        self.places = places
        self._way_class = way_class
        self._way_start = way_start
        vlat, vlon = lat[way_vertices], lon[way_vertices]
        starts = way_start[:-1]
        # each way's bounding box, for a quick cut by view
        self._south = np.minimum.reduceat(vlat, starts)
        self._north = np.maximum.reduceat(vlat, starts)
        self._west = np.minimum.reduceat(vlon, starts)
        self._east = np.maximum.reduceat(vlon, starts)
        self._coords = np.column_stack([vlon, vlat])
        self._min_zoom = np.array([CLASS_MIN_ZOOM.get(c, 14) for c in classes],
                                  dtype=np.int8)[way_class]

    @property
    def ways(self) -> int:
        return len(self._way_class)

    def way_ids(self, box: Box, zoom: int) -> npt.NDArray[np.intp]:
        """The ways drawn at ``zoom`` that cross ``box``."""
        keep = ((self._min_zoom <= zoom) & (self._north >= box.south)
                & (self._south <= box.north) & (self._east >= box.west)
                & (self._west <= box.east))
        return np.flatnonzero(keep)

    def roads(self, box: Box, zoom: int) -> list[dict[str, Any]]:
        """GeoJSON features, one ``MultiLineString`` a road class (``properties.road``),
        of the roads drawn at ``zoom`` in ``box``, simplified to about a pixel."""
        ids = self.way_ids(box, zoom)
        if not len(ids):
            return []
        begin, end = self._way_start[ids], self._way_start[ids + 1]
        lengths = end - begin
        rows = np.concatenate([np.arange(b, e) for b, e in zip(begin, end, strict=True)])
        lines = shapely.linestrings(self._coords[rows],
                                    indices=np.repeat(np.arange(len(ids)), lengths))
        simple = shapely.simplify(lines, tolerance_degrees(zoom), preserve_topology=False)
        digits = 6 if zoom >= 15 else 5
        by_class: dict[int, list[list[list[float]]]] = {}
        for way, line in zip(ids, simple, strict=True):
            points = np.round(shapely.get_coordinates(line), digits)
            if len(points) >= 2:
                by_class.setdefault(int(self._way_class[way]), []).append(points.tolist())
        return [{"type": "Feature", "properties": {"road": self.classes[c]},
                 "geometry": {"type": "MultiLineString", "coordinates": by_class[c]}}
                for c in sorted(by_class, reverse=True)]  # main roads last: drawn on top

    def place_features(self, box: Box, zoom: int) -> list[dict[str, Any]]:
        """GeoJSON points of the places named at ``zoom`` in ``box`` (name and kind)."""
        return [{"type": "Feature", "properties": {"name": p["name"], "kind": p["kind"]},
                 "geometry": {"type": "Point",
                              "coordinates": [round(p["lon"], 5), round(p["lat"], 5)]}}
                for p in self.places
                if PLACE_MIN_ZOOM.get(p["kind"], 99) <= zoom
                and box.south <= p["lat"] <= box.north and box.west <= p["lon"] <= box.east]

    def view(self, box: Box, zoom: int) -> dict[str, Any]:
        """What a map view at ``zoom`` of ``box`` draws: roads, then places."""
        zoom = max(0, min(MAX_ZOOM, zoom))
        return {"type": "FeatureCollection", "attribution": ATTRIBUTION,
                "features": self.roads(box, zoom) + self.place_features(box, zoom)}


def load_layer(folder: Path) -> RoadLayer:
    """The road layer of the extract imported in ``folder`` (:class:`NoRoads` if none)."""
    info = read_info(folder)
    if info is None:
        raise NoRoads("no road network is imported (fieldrep roads import FILE.osm.pbf)")
    try:
        with np.load(folder / "roads.npz") as data:
            arrays = {name: data[name] for name in
                      ("lat", "lon", "way_start", "way_vertices", "way_class")}
        places = json.loads((folder / "places.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise NoRoads(f"the imported roads in {folder} cannot be read ({exc}): import the "
                      "extract again") from None
    return RoadLayer(arrays["lat"], arrays["lon"], arrays["way_start"], arrays["way_vertices"],
                     arrays["way_class"], places, info.classes)


_lock = threading.Lock()
_cached: dict[tuple[str, float], RoadLayer] = {}


def imported_layer(folder: Path | None = None) -> RoadLayer | None:
    """The road layer of the imported extract, read once while it stays the same; None
    when nothing (readable) is imported."""
    where = folder or roads_dir()
    try:
        key = (str(where), (where / "extract.json").stat().st_mtime)
    except OSError:
        return None
    with _lock:
        if key not in _cached:
            try:
                layer = load_layer(where)
            except NoRoads:
                return None
            _cached.clear()
            _cached[key] = layer
        return _cached[key]
