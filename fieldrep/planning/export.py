"""A day plan out of FieldRep: a calendar file, a GPX route, links for the phone's maps.

- iCalendar (``.ics``, via the icalendar package): one event per visit, plus the lunch
  break, in the rep's time zone by name (``TZID=Europe/Paris`` with its ``VTIMEZONE``
  block, from zoneinfo), to the minute, so each day shows right in any calendar app, on
  either side of a change of the clocks.
- GPX (via gpxpy): the stops as waypoints, each day as a route, for a car's navigation or
  a GPS app, and as a track along the roads of the imported OpenStreetMap extract
  (:mod:`fieldrep.planning.road_lines`; straight legs where it has none).
- A route line for the map (along the roads likewise; numbered stops, one colour a day).
- Google Maps directions URLs: a link opens the whole day's driving in Maps; a URL takes
  at most ``MAX_WAYPOINTS`` stops between its origin and destination, so a longer day is
  split into several links that follow on from each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, time, tzinfo
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import gpxpy.gpx
from icalendar import Calendar, Event

from fieldrep import __version__
from fieldrep.common.errors import FieldRepError
from fieldrep.maps.map_types import DAY_COLOURS as DAY_COLOURS
from fieldrep.maps.territory_map import RouteLine
from fieldrep.planning.model import DayPlan
from fieldrep.planning.road_lines import day_path

MAX_WAYPOINTS = 9  # the waypoint limit of Google Maps URLs as documented for mobile browsers
Located = Mapping[int, tuple[float, float]]  # account id -> (lat, lon)


class ExportError(FieldRepError, ValueError):
    """A plan that cannot be written as asked (an unknown file type, a folder missing)."""


#: What each file type holds, by extension.
EXPORT_KINDS = {".ics": "calendar", ".gpx": "GPX route", ".txt": "navigation links"}


def check_export_path(path: Path) -> None:
    """Refuse, before anything is planned or saved, a file FieldRep cannot write."""
    suffix = path.suffix.lower()
    if suffix not in EXPORT_KINDS:
        raise ExportError(f"{path.name}: a plan exports as .ics (calendar), .gpx (GPX route) "
                          "or .txt (navigation links)")
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent}: no such folder")


def _at(plan: DayPlan, at: time, zone: tzinfo) -> datetime:
    """``at`` on the plan's day in ``zone``, to the minute (the plan shows minutes)."""
    return datetime.combine(plan.day, at.replace(second=0, microsecond=0), tzinfo=zone)


def to_ical(plans: Sequence[DayPlan], located: Located, *, zone: ZoneInfo,
            addresses: Mapping[int, str] | None = None) -> bytes:
    """The days as an iCalendar file: each visit and lunch break an event in ``zone``
    (``TZID`` with its ``VTIMEZONE`` block, so calendars keep the local times across a
    change of the clocks)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//FieldRep {__version__}//Day plan//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for plan in plans:
        for event in _events(plan, located, zone, addresses or {}):
            event.add("dtstamp", stamp)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def _events(plan: DayPlan, located: Located, zone: ZoneInfo,
            addresses: Mapping[int, str]) -> Iterator[Event]:
    for number, stop in enumerate(plan.stops, start=1):
        event = Event()
        event.add("uid", f"fieldrep-{plan.day.isoformat()}-{number}-{stop.account_id}")
        event.add("dtstart", _at(plan, stop.start, zone))
        event.add("dtend", _at(plan, stop.end, zone))
        event.add("summary", f"{number}. {stop.name}" + (" (appointment)"
                                                          if stop.appointment else ""))
        if addresses.get(stop.account_id):
            event.add("location", addresses[stop.account_id])
        if stop.account_id in located:
            event.add("geo", located[stop.account_id])
        event.add("description", f"Arrive {stop.arrival:%H:%M}, "
                  f"{stop.leg_metres / 1000:.1f} km and {stop.leg_seconds // 60} min from "
                  "the previous stop.")
        yield event
    if plan.lunch is not None:
        lunch = Event()
        lunch.add("uid", f"fieldrep-{plan.day.isoformat()}-lunch")
        lunch.add("dtstart", _at(plan, plan.lunch[0], zone))
        lunch.add("dtend", _at(plan, plan.lunch[1], zone))
        lunch.add("summary", "Lunch break")
        yield lunch


def to_gpx(plans: Sequence[DayPlan], located: Located) -> str:
    """The days as GPX: the start, each stop and the end as waypoints, one route a day, and
    each day's driving as a track (along the roads where an extract is imported)."""
    gpx = gpxpy.gpx.GPX()
    gpx.creator = f"FieldRep {__version__}"
    for plan in plans:
        route = gpxpy.gpx.GPXRoute(name=f"FieldRep {plan.day.isoformat()}")
        points = [(plan.start.label, plan.start.lat, plan.start.lon, plan.departure)]
        points += [(f"{n}. {s.name}", *located[s.account_id], s.start)
                   for n, s in enumerate(plan.stops, start=1) if s.account_id in located]
        points.append((plan.end.label, plan.end.lat, plan.end.lon, plan.return_time))
        prefix = f"{plan.day:%a} " if len(plans) > 1 else ""
        for name, lat, lon, at in points:
            gpx.waypoints.append(gpxpy.gpx.GPXWaypoint(lat, lon, name=prefix + name,
                                                       comment=at.strftime("%H:%M")))
            route.points.append(gpxpy.gpx.GPXRoutePoint(lat, lon, name=name))
        gpx.routes.append(route)
        path = day_path([(lat, lon) for _name, lat, lon, _at in points])
        segment = gpxpy.gpx.GPXTrackSegment(
            [gpxpy.gpx.GPXTrackPoint(lat, lon) for lat, lon in path.points])
        track = gpxpy.gpx.GPXTrack(name=f"FieldRep {plan.day.isoformat()}")
        track.segments.append(segment)
        gpx.tracks.append(track)
        if path.attribution:
            track.description = f"Roads {path.attribution}"
            gpx.copyright_author = "OpenStreetMap contributors"
            gpx.copyright_license = "https://opendatacommons.org/licenses/odbl/1-0/"
    return gpx.to_xml("1.1")


def navigation_links(plan: DayPlan, located: Located) -> list[str]:
    """Google Maps directions URLs for the day, split where the waypoint limit requires."""
    places = [(plan.start.lat, plan.start.lon)]
    places += [located[s.account_id] for s in plan.stops if s.account_id in located]
    places.append((plan.end.lat, plan.end.lon))
    links = []
    first = 0
    while first < len(places) - 1:
        last = min(first + MAX_WAYPOINTS + 1, len(places) - 1)
        params = {"api": "1", "travelmode": "driving",
                  "origin": _coords(places[first]), "destination": _coords(places[last])}
        middle = places[first + 1:last]
        if middle:
            params["waypoints"] = "|".join(_coords(p) for p in middle)
        links.append("https://www.google.com/maps/dir/?" + urlencode(params))
        first = last
    return links


def route_line(plan: DayPlan, located: Located, color: str) -> RouteLine:
    """A day plan as a line on the map with numbered stops."""
    stops = tuple((n, s.name, *located[s.account_id], f"{s.start:%H:%M}–{s.end:%H:%M}",
                   s.account_id)
                  for n, s in enumerate(plan.stops, start=1) if s.account_id in located)
    path = day_path([(plan.start.lat, plan.start.lon), *((s[2], s[3]) for s in stops),
                     (plan.end.lat, plan.end.lon)])
    return RouteLine(f"{plan.day:%A %d %B}", color, path.points, stops, path.attribution)


def _coords(point: tuple[float, float]) -> str:
    return f"{point[0]:.6f},{point[1]:.6f}"


def write_plan(plans: Sequence[DayPlan], located: Located, path: Path, *,
               zone: ZoneInfo, addresses: Mapping[int, str] | None = None) -> Path:
    """Write the days as ``.ics``, ``.gpx`` or ``.txt`` (navigation links, a heading a
    day when there are several), by extension; :class:`ExportError` says why not."""
    check_export_path(path)
    suffix = path.suffix.lower()
    if suffix == ".ics":
        data = to_ical(plans, located, zone=zone, addresses=addresses)
    elif suffix == ".gpx":
        data = to_gpx(plans, located).encode("utf-8")
    else:
        lines = []
        for plan in plans:
            if len(plans) > 1:
                lines.append(f"{plan.day:%A %d %B %Y}")
            lines += navigation_links(plan, located)
        data = ("\n".join(lines) + "\n").encode("utf-8")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"{path}: {exc.strerror or exc}") from None
    return path
