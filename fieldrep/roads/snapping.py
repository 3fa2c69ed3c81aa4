"""Snapping points to the nearest drivable road: the nearest vertex of the graph's largest
strongly connected part (see :mod:`fieldrep.roads.graph`), with how far it is.

Vertices are every mapped node of a road, so on most roads the nearest one is within a few
metres of the nearest point of the road itself.  The search runs on unit vectors in 3D (a
k-d tree), so it is right at any latitude and across the antimeridian.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from fieldrep.roads.graph import RoadGraph, great_circle_m


@dataclass(frozen=True)
class Snapped:
    """Where each point joins the road: ``vertices[i]`` at ``metres[i]`` from point ``i``."""

    vertices: npt.NDArray[np.int64]
    metres: npt.NDArray[np.float64]


class Snapper:
    """Finds the nearest routable vertex of a graph."""

    def __init__(self, graph: RoadGraph) -> None:
        self.graph = graph
        self._vertices = np.flatnonzero(graph.main)
        self._tree = cKDTree(_unit(graph.lat[self._vertices], graph.lon[self._vertices]))

    def snap(self, points: Sequence[tuple[float, float]]) -> Snapped:
        """The nearest routable vertex of each (lat, lon) point and its distance."""
        if not len(points):
            return Snapped(np.zeros(0, np.int64), np.zeros(0))
        where = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        _, found = self._tree.query(_unit(where[:, 0], where[:, 1]))
        vertices = self._vertices[np.asarray(found, dtype=np.int64)]
        metres = great_circle_m(where[:, 0], where[:, 1], self.graph.lat[vertices],
                                self.graph.lon[vertices])
        return Snapped(vertices.astype(np.int64), metres)


def _unit(lat: npt.ArrayLike, lon: npt.ArrayLike) -> npt.NDArray[np.float64]:
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam),
                            np.sin(phi)])
