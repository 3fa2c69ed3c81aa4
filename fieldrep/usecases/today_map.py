"""The Today view's map: every located account as a pin (a click adds it to the day or
takes it out), coloured by visit status, and the day's route with numbered stops."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldrep.maps.territory_map import MapOptions, RouteLine, map_points, write_map
from fieldrep.planning.export import DAY_COLOURS
from fieldrep.store import Store
from fieldrep.visits.due import due_statuses
from fieldrep.visits.today import StopState, TodayRoute


@dataclass(frozen=True)
class TodayMap:
    """The page as written, each account's visit status, and each stop's state by
    number ("done", "here", "next"; stops to go are not listed)."""

    page: Path
    due: dict[int, str]
    states: dict[int, str]


def route_line(route: TodayRoute) -> RouteLine | None:
    """The day's route as a line through its located stops (None without stops)."""
    stops = tuple((s.number, s.name, s.lat, s.lon, f"{s.start:%H:%M}–{s.end:%H:%M}",
                   s.account_id or 0)
                  for s in route.stops if s.lat is not None and s.lon is not None)
    if not stops:
        return None
    path = tuple((s[2], s[3]) for s in stops)
    if route.start is not None:
        path = ((route.start.lat, route.start.lon), *path)
    if route.end is not None:
        path = (*path, (route.end.lat, route.end.lon))
    return RouteLine(f"{route.day:%A %d %B}", DAY_COLOURS[0], path, stops)


def stop_states(route: TodayRoute) -> dict[int, str]:
    """Each stop's state for the map: done, here (arrived), or next."""
    states = {s.number: s.state.value for s in route.stops if s.state is not StopState.TO_GO}
    upcoming = route.next_stop
    if upcoming is not None and upcoming.state is StopState.TO_GO:
        states[upcoming.number] = "next"
    return states


def write_today_map(store: Store, path: Path, route: TodayRoute,
                    options: MapOptions) -> TodayMap:
    """Write the Today map to ``path``."""
    line = route_line(route)
    write_map(path, map_points(store), (), options, [line] if line else [])
    return TodayMap(path, {i: s.value for i, s in due_statuses(store, route.day).items()},
                    stop_states(route))
