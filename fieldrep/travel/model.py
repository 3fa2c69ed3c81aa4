"""What a travel model is: it turns points (lat, lon) into travel time and distance matrices.

Every model answers :meth:`TravelModel.matrix` with a :class:`Matrix`: row ``i``, column
``j`` is the leg from point ``i`` to point ``j``, in whole seconds and whole metres; the
diagonal and legs between two points at the same place are 0.  A model that cannot answer
raises :class:`TravelModelError` with a one-line reason a rep can read.

Models that can also answer a rectangular table (some sources × some destinations) follow
:class:`TableModel`; the store cache uses that to ask only for the legs it lacks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from fieldrep.common.errors import FieldRepError

Point = tuple[float, float]


@dataclass(frozen=True)
class Matrix:
    """Travel from each row point to each column point.

    ``durations`` are seconds, ``distances`` metres; ``source`` says where they come from
    (``"straight line"``, ``"osrm"``) and ``note`` explains, in a rep's words, anything
    worth knowing (e.g. that the road server was down and estimates were used).
    """

    durations: list[list[int]]
    distances: list[list[int]]
    source: str
    note: str = ""


class TravelModel(Protocol):
    """Anything that gives a square :class:`Matrix` for a list of points."""

    name: str

    def matrix(self, points: Sequence[Point]) -> Matrix:
        """Legs between every two of ``points`` (lat, lon in degrees)."""
        ...


class TableModel(TravelModel, Protocol):
    """A travel model that can also give legs from some points to others; ``source`` is
    what its matrices name as their source."""

    source: str

    def table(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Matrix:
        """Legs from each of ``sources`` (rows) to each of ``destinations`` (columns)."""
        ...


class TravelModelError(FieldRepError, RuntimeError):
    """A model could not give travel times; the message is one line a rep can read.

    ``pairs`` lists the (from, to) point indices that have no road between them, when that
    is the reason.
    """

    def __init__(self, reason: str, pairs: Sequence[tuple[int, int]] = ()) -> None:
        super().__init__(reason)
        self.pairs = tuple(pairs)


def check_points(points: Sequence[Point]) -> npt.NDArray[np.float64]:
    """``points`` as an (n, 2) array of lat, lon; :class:`ValueError` names the first one
    that is not a latitude and longitude in degrees."""
    for index, point in enumerate(points):
        try:
            lat, lon = (float(v) for v in point)
        except (TypeError, ValueError):
            raise ValueError(f"point {index} ({point!r}) is not a (lat, lon) pair") from None
        if not (math.isfinite(lat) and math.isfinite(lon)
                and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"point {index} ({lat}, {lon}) is not a latitude, longitude")
    return np.array(points, dtype=np.float64).reshape(len(points), 2)


def with_stop_overhead(matrix: Matrix, stop_overhead_s: int) -> Matrix:
    """``matrix`` with ``stop_overhead_s`` (parking, walking in) added to every leg that
    moves: legs of zero distance (same place) stay at 0."""
    if not stop_overhead_s:
        return matrix
    durations = np.array(matrix.durations, dtype=np.int64)
    moves = np.array(matrix.distances, dtype=np.int64) > 0
    durations[moves] += stop_overhead_s
    return replace(matrix, durations=durations.tolist())


class StopOverheadModel:
    """Adds a fixed time per leg (parking, walking to the door) to another model's answers,
    so road-server durations compare with straight-line estimates, which include it."""

    def __init__(self, inner: TravelModel, stop_overhead_s: int) -> None:
        self.inner = inner
        self.stop_overhead_s = stop_overhead_s
        self.name = inner.name

    def matrix(self, points: Sequence[Point]) -> Matrix:
        return with_stop_overhead(self.inner.matrix(points), self.stop_overhead_s)
