"""The many-to-many index: customizable contraction hierarchies (RoutingKit's CCH).

A CCH is built once from the graph's shape and a nested-dissection order of its vertices
(RoutingKit's inertial flow, which uses the vertices' coordinates; the order is computed at
import and stored).  Each weighting (milliseconds, decimetres) is then a "metric",
customised in a fraction of a second.  A table of sources × targets is one sweep per source
over the targets' pinned search spaces: a 120 × 120 table takes milliseconds where one
Dijkstra per source over a region takes seconds (benchmarks/roads.py compares them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import routingkit_cch as rk

from fieldrep.roads.graph import RoadGraph

IntArray = npt.NDArray[np.int64]
UNREACHABLE = -1


def compute_order(graph: RoadGraph) -> npt.NDArray[np.int32]:
    """A contraction order of the graph's vertices (nested dissection by inertial flow)."""
    order = rk.compute_order_inertial(graph.vertex_count, _list(graph.tail),
                                      _list(graph.head), _list(graph.lat.astype(np.float32)),
                                      _list(graph.lon.astype(np.float32)))
    return np.asarray(order, dtype=np.int32)


@dataclass(frozen=True)
class Legs:
    """Milliseconds and decimetres from each source (rows) to each target (columns);
    :data:`UNREACHABLE` where there is no route.  The time is the fastest route's and the
    distance the shortest route's (what a mileage claim counts)."""

    millis: IntArray
    decimetres: IntArray


class RoadIndex:
    """Shortest routes on a :class:`RoadGraph`, by time and by distance."""

    def __init__(self, graph: RoadGraph, order: npt.NDArray[np.int32]) -> None:
        self.graph = graph
        self._cch = rk.CCH(_list(order), _list(graph.tail), _list(graph.head), False)
        self._time = rk.CCHMetric(self._cch, _list(graph.millis))
        self._distance = rk.CCHMetric(self._cch, _list(graph.decimetres))

    def legs(self, sources: Sequence[int], targets: Sequence[int]) -> Legs:
        """Fastest times and shortest distances from each vertex of ``sources`` to each of
        ``targets``."""
        return Legs(self._table(self._time, sources, targets),
                    self._table(self._distance, sources, targets))

    def fastest_path(self, source: int, target: int) -> list[int] | None:
        """The vertices of the fastest route from ``source`` to ``target`` (None: none)."""
        if source == target:
            return [source]
        result = rk.CCHQuery(self._time).run(source, target)
        return None if result.distance is None else list(result.node_path)

    @staticmethod
    def _table(metric: rk.CCHMetric, sources: Sequence[int], targets: Sequence[int]
               ) -> IntArray:
        table = np.full((len(sources), len(targets)), UNREACHABLE, dtype=np.int64)
        if not len(sources) or not len(targets):
            return table
        sweep = rk.CCHOneToMany(metric, [int(t) for t in targets])
        for row, source in enumerate(sources):
            found = sweep.distances_from(int(source))
            table[row] = [UNREACHABLE if d is None else d for d in found]
        return table


def _list(array: npt.NDArray[Any]) -> list[Any]:
    """``array`` as the bindings take it: they read numpy arrays as they are (typed as lists
    in their stubs), so millions of vertices are never copied into Python lists."""
    return cast(list[Any], array)
