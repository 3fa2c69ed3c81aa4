"""The day's route as the Today map draws it: the line through its stops and each stop's
state.  Light to import (no store, no roads): the window shows the day with them before
the map's own page is written on the worker."""

from __future__ import annotations

from fieldrep.maps.map_types import DAY_COLOURS, RouteLine
from fieldrep.visits.today import StopState, TodayRoute


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
