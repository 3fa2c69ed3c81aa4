"""A day plan out of FieldRep: a calendar file, a GPX route, links for the phone's maps.

- iCalendar (``.ics``, via the icalendar package): one event per visit, plus the lunch
  break, in the rep's time zone, so the day shows in any calendar app.
- GPX (via gpxpy): the stops as waypoints, the day as a route, for a car's navigation or
  a GPS app, and as a track along the roads of the imported OpenStreetMap extract
  (:mod:`fieldrep.planning.road_lines`; straight legs where it has none).
- A route line for the map (along the roads likewise; numbered stops, one colour a day).
- Google Maps directions URLs: a link opens the whole day's driving in Maps; a URL takes
  at most ``MAX_WAYPOINTS`` stops between its origin and destination, so a longer day is
  split into several links that follow on from each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, tzinfo
from pathlib import Path
from urllib.parse import urlencode

import gpxpy.gpx
from icalendar import Calendar, Event

from fieldrep import __version__
from fieldrep.maps.territory_map import RouteLine
from fieldrep.planning.model import DayPlan
from fieldrep.planning.road_lines import day_path

#: One colour a day, for the routes of a week on the map.
DAY_COLOURS = ("#c2410c", "#1d4ed8", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207")
MAX_WAYPOINTS = 9  # the waypoint limit of Google Maps URLs as documented for mobile browsers
Located = Mapping[int, tuple[float, float]]  # account id -> (lat, lon)


def _at(plan: DayPlan, at: time, zone: tzinfo | None) -> datetime:
    return datetime.combine(plan.day, at, tzinfo=zone)


def to_ical(plan: DayPlan, located: Located, *, zone: tzinfo | None = None,
            addresses: Mapping[int, str] | None = None) -> bytes:
    """The day as an iCalendar file (events in ``zone``, local time when None)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//FieldRep {__version__}//Day plan//EN")
    calendar.add("version", "2.0")
    stamp = datetime.now().astimezone()
    for number, stop in enumerate(plan.stops, start=1):
        event = Event()
        event.add("uid", f"fieldrep-{plan.day.isoformat()}-{number}-{stop.account_id}")
        event.add("dtstamp", stamp)
        event.add("dtstart", _at(plan, stop.start, zone))
        event.add("dtend", _at(plan, stop.end, zone))
        event.add("summary", f"{number}. {stop.name}" + (" (appointment)"
                                                          if stop.appointment else ""))
        if addresses and addresses.get(stop.account_id):
            event.add("location", addresses[stop.account_id])
        if stop.account_id in located:
            event.add("geo", located[stop.account_id])
        event.add("description", f"Arrive {stop.arrival:%H:%M}, "
                  f"{stop.leg_metres / 1000:.1f} km and {stop.leg_seconds // 60} min from "
                  "the previous stop.")
        calendar.add_component(event)
    if plan.lunch is not None:
        lunch = Event()
        lunch.add("uid", f"fieldrep-{plan.day.isoformat()}-lunch")
        lunch.add("dtstamp", stamp)
        lunch.add("dtstart", _at(plan, plan.lunch[0], zone))
        lunch.add("dtend", _at(plan, plan.lunch[1], zone))
        lunch.add("summary", "Lunch break")
        calendar.add_component(lunch)
    ical: bytes = calendar.to_ical()
    return ical


def to_gpx(plan: DayPlan, located: Located) -> str:
    """The day as GPX: the start, each stop and the end as waypoints and as one route, and
    the day's driving as a track (along the roads where an extract is imported)."""
    gpx = gpxpy.gpx.GPX()
    gpx.creator = f"FieldRep {__version__}"
    route = gpxpy.gpx.GPXRoute(name=f"FieldRep {plan.day.isoformat()}")
    points = [(plan.start.label, plan.start.lat, plan.start.lon, plan.departure)]
    points += [(f"{n}. {s.name}", *located[s.account_id], s.start)
               for n, s in enumerate(plan.stops, start=1) if s.account_id in located]
    points.append((plan.end.label, plan.end.lat, plan.end.lon, plan.return_time))
    for name, lat, lon, at in points:
        gpx.waypoints.append(gpxpy.gpx.GPXWaypoint(lat, lon, name=name,
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


def write_day(plan: DayPlan, located: Located, path: Path, *,
              addresses: Mapping[int, str] | None = None) -> Path:
    """Write the plan as ``.ics``, ``.gpx`` or ``.txt`` (navigation links), by extension."""
    suffix = path.suffix.lower()
    if suffix == ".ics":
        path.write_bytes(to_ical(plan, located, zone=datetime.now().astimezone().tzinfo,
                                 addresses=addresses))
    elif suffix == ".gpx":
        path.write_text(to_gpx(plan, located), encoding="utf-8")
    elif suffix == ".txt":
        path.write_text("\n".join(navigation_links(plan, located)) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"cannot export a day plan as {suffix or 'a file without extension'}:"
                         " use .ics, .gpx or .txt (navigation links)")
    return path
