"""The imported road network on disk, in the user data folder (``common.paths.roads_dir``).

One folder holds one extract, replaced whole by the next import (written beside it, then
swapped in, so a failed or cancelled import leaves the previous one as it was):

- ``extract.json``: what was imported (:class:`ExtractInfo`: file, date of its data, counts,
  bounding box, the road classes' names, the attribution);
- ``roads.npz`` (numpy): the vertices (``lat``, ``lon``, OSM ``node_ids``), the drivable
  ways as polylines (``way_start``, ``way_vertices``, ``way_class`` indexing
  ``extract.json``'s ``classes``, ``way_kmh``, ``way_direction``), the directed edges
  (``tail``, ``head``, ``millis``, ``decimetres``), ``main`` (vertices of the largest
  strongly connected part) and the index's contraction ``order``;
- ``places.json``: the named places, ``[{"name", "kind", "lat", "lon"}, …]``.

Everything derived from the extract is © OpenStreetMap contributors (ODbL 1.0).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from fieldrep.common.paths import roads_dir
from fieldrep.roads.extract import ATTRIBUTION as ATTRIBUTION
from fieldrep.roads.extract import FORMAT as FORMAT
from fieldrep.roads.extract import LICENCE as LICENCE
from fieldrep.roads.extract import ExtractInfo as ExtractInfo
from fieldrep.roads.extract import NoRoads as NoRoads
from fieldrep.roads.extract import read_info as read_info
from fieldrep.roads.graph import RoadGraph
from fieldrep.roads.reader import Place, RoadWays

_WAY_ARRAYS = ("lat", "lon", "node_ids", "way_start", "way_vertices", "way_class", "way_kmh",
               "way_direction")


@dataclass(frozen=True)
class StoredRoads:
    """An extract as read back: its description, ways, graph and contraction order."""

    info: ExtractInfo
    ways: RoadWays
    graph: RoadGraph
    order: npt.NDArray[np.int32]


def save(info: ExtractInfo, ways: RoadWays, graph: RoadGraph,
         order: npt.NDArray[np.int32], folder: Path | None = None) -> Path:
    """Write the extract to ``folder`` (the roads folder by default), replacing whatever
    was there only once all is written."""
    target = folder or roads_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    arrays = {name: getattr(ways, name) for name in _WAY_ARRAYS}
    np.savez(fresh / "roads.npz", **arrays, tail=graph.tail, head=graph.head,
             millis=graph.millis, decimetres=graph.decimetres, main=graph.main, order=order)
    (fresh / "places.json").write_text(
        json.dumps([asdict(p) for p in ways.places], ensure_ascii=False), encoding="utf-8")
    described = asdict(info) | {"data_date": info.data_date.isoformat(),
                                "imported_at": info.imported_at.isoformat()}
    (fresh / "extract.json").write_text(json.dumps(described, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def load(folder: Path | None = None) -> StoredRoads:
    """The imported extract; :class:`NoRoads` when there is none."""
    where = folder or roads_dir()
    info = read_info(where)
    if info is None:
        raise NoRoads("no road network is imported (fieldrep roads import FILE.osm.pbf)")
    try:
        with np.load(where / "roads.npz") as data:
            arrays = {name: data[name] for name in data.files}
        places = tuple(Place(**p) for p in
                       json.loads((where / "places.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NoRoads(f"the imported roads in {where} cannot be read ({exc}): import the "
                      "extract again") from None
    ways = RoadWays(**{name: arrays[name] for name in _WAY_ARRAYS}, places=places,
                    newest_edit=None)
    graph = RoadGraph(lat=arrays["lat"], lon=arrays["lon"], tail=arrays["tail"],
                      head=arrays["head"], millis=arrays["millis"],
                      decimetres=arrays["decimetres"], main=arrays["main"])
    return StoredRoads(info, ways, graph, arrays["order"])
