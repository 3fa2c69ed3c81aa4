"""The road graph: vertices where ways' nodes are, one directed edge per way segment that a
car may drive in that direction, weighted in milliseconds and in decimetres.

Integer weights make every shortest path exact and the same whichever algorithm finds it
(the many-to-many index and a plain Dijkstra agree to the unit).  Only the largest
strongly connected part of the network takes part in snapping: a car park whose exit is
mapped the wrong way round or a road cut at the extract's border can be entered but not
left, and a point snapped there would have no route to anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from fieldrep.roads.highways import Direction
from fieldrep.roads.reader import RoadWays

EARTH_RADIUS_M = 6_371_008.8
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class RoadGraph:
    """Directed edges ``tail[e] → head[e]`` taking ``millis[e]`` ms over ``decimetres[e]``;
    ``main[v]`` says whether vertex ``v`` is in the largest strongly connected part."""

    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    tail: npt.NDArray[np.int32]
    head: npt.NDArray[np.int32]
    millis: IntArray
    decimetres: IntArray
    main: npt.NDArray[np.bool_]

    @property
    def vertex_count(self) -> int:
        return len(self.lat)

    def csr(self, weights: IntArray) -> csr_matrix:
        """The graph as a sparse matrix of ``weights`` (the lightest of parallel edges), for
        scipy's shortest paths (every weight is at least 1: scipy drops zeros)."""
        order = np.lexsort((weights, self.head, self.tail))
        tail, head, weight = self.tail[order], self.head[order], weights[order]
        first = np.ones(len(tail), dtype=bool)
        first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
        size = self.vertex_count
        kept = weight[first].astype(np.float64)
        return csr_matrix((kept, (tail[first], head[first])), shape=(size, size))


def build_graph(ways: RoadWays) -> RoadGraph:
    """The directed graph of ``ways``."""
    start = ways.way_start
    lengths = np.diff(start)
    way_of_slot = np.repeat(np.arange(len(lengths)), lengths)
    # a segment joins slot i to slot i + 1 of the same way
    slots = np.arange(len(ways.way_vertices) - 1)
    same_way = way_of_slot[slots] == way_of_slot[slots + 1]
    slots = slots[same_way]
    a = ways.way_vertices[slots]
    b = ways.way_vertices[slots + 1]
    way = way_of_slot[slots]
    keep = a != b
    a, b, way = a[keep], b[keep], way[keep]
    metres = great_circle_m(ways.lat[a], ways.lon[a], ways.lat[b], ways.lon[b])
    # at least 1 each: two nodes mapped at the same spot still cost a step
    millis = np.maximum(np.rint(metres / (ways.way_kmh[way] / 3.6) * 1000), 1).astype(np.int64)
    decimetres = np.maximum(np.rint(metres * 10), 1).astype(np.int64)
    kind = ways.way_direction[way]
    forward = kind != Direction.BACKWARD
    backward = kind != Direction.FORWARD
    tail = np.concatenate([a[forward], b[backward]]).astype(np.int32)
    head = np.concatenate([b[forward], a[backward]]).astype(np.int32)
    graph = RoadGraph(
        lat=ways.lat, lon=ways.lon, tail=tail, head=head,
        millis=np.concatenate([millis[forward], millis[backward]]),
        decimetres=np.concatenate([decimetres[forward], decimetres[backward]]),
        main=np.zeros(len(ways.lat), dtype=bool))
    return RoadGraph(graph.lat, graph.lon, tail, head, graph.millis, graph.decimetres,
                     largest_component(graph))


def largest_component(graph: RoadGraph) -> npt.NDArray[np.bool_]:
    """Which vertices are in the largest strongly connected part of ``graph``."""
    _, labels = connected_components(graph.csr(graph.millis), directed=True,
                                     connection="strong")
    sizes = np.bincount(labels)
    return np.asarray(labels == sizes.argmax())


def great_circle_m(lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike,
                   lon2: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Metres between points along the earth's surface (haversine), elementwise."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1))))
