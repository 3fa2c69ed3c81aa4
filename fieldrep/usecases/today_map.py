"""The Today view's map: every located account as a pin (a click adds it to the day or
takes it out), coloured by visit status, and the day's route with numbered stops."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldrep.maps.territory_map import MapOptions, map_points, write_map
from fieldrep.store import Store
from fieldrep.visits.due import due_statuses
from fieldrep.visits.today import TodayRoute
from fieldrep.visits.today_lines import route_line, stop_states


@dataclass(frozen=True)
class TodayMap:
    """The page as written, each account's visit status, and each stop's state by
    number ("done", "here", "next"; stops to go are not listed)."""

    page: Path
    due: dict[int, str]
    states: dict[int, str]


def write_today_map(store: Store, path: Path, route: TodayRoute,
                    options: MapOptions) -> TodayMap:
    """Write the Today map to ``path``."""
    line = route_line(route)
    write_map(path, map_points(store), (), options, [line] if line else [])
    return TodayMap(path, {i: s.value for i, s in due_statuses(store, route.day).items()},
                    stop_states(route))
