"""Road distances from one place to many (the due ranking's "how far"), when an extract is
imported: the shortest road from the day's start to each account, in km."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fieldrep.roads.index import UNREACHABLE
from fieldrep.roads.network import SNAP_LIMIT_M, FarFromRoad, road_network
from fieldrep.roads.storage import NoRoads, read_info


def road_km_from(start: tuple[float, float],
                 points: Sequence[tuple[float, float] | None]) -> list[float | None] | None:
    """Road km from ``start`` to each of ``points``; None for a point that is not located,
    far from the roads or unreachable, and None for all when no extract is imported or
    ``start`` is not on its roads."""
    try:
        if read_info() is None:
            return None
        network = road_network()
        origin = network.snap([start]).vertices
    except (NoRoads, FarFromRoad):
        return None
    located = [i for i, p in enumerate(points) if p is not None]
    found: list[float | None] = [None] * len(points)
    if not located:
        return found
    snapped = network.snapper.snap([points[i] for i in located])  # type: ignore[misc]
    near = snapped.metres <= SNAP_LIMIT_M
    targets = snapped.vertices[near]
    legs = network.index.legs(origin.tolist(), targets.tolist()).decimetres[0]
    for index, decimetres in zip(np.asarray(located)[near].tolist(), legs.tolist(),
                                 strict=True):
        found[index] = None if decimetres == UNREACHABLE else decimetres / 10_000
    return found
