"""Road travel when the road server answers, straight-line estimates when it does not.

A plan must never fail because a server is down or the laptop is offline: when the primary
model (OSRM) raises :class:`TravelModelError`, the matrix comes from the fallback (straight
line) and its ``note`` tells the rep why, e.g. "road server unreachable (connection refused
at osrm.example:5000): straight-line estimate used".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fieldrep.travel.model import Matrix, Point, TravelModel, TravelModelError


class FallbackModel:
    """``primary``'s answers, or ``fallback``'s with a note saying why."""

    def __init__(self, primary: TravelModel, fallback: TravelModel) -> None:
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name

    def matrix(self, points: Sequence[Point]) -> Matrix:
        try:
            return self.primary.matrix(points)
        except TravelModelError as exc:
            estimate = self.fallback.matrix(points)
            kind = self.fallback.name.replace(" ", "-")  # "straight-line estimate"
            note = f"{exc}: {kind} estimate used"
            if estimate.note:
                note += f" ({estimate.note})"
            return replace(estimate, note=note)
