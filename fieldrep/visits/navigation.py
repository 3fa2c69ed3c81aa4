"""Directions to a stop, or along the day's route, in the rep's maps app; QR codes of them.

Each service takes its own URL (none needs a key):

- Google Maps URLs (``https://www.google.com/maps/dir/?api=1``): an origin, a destination
  and waypoints between them.  How many waypoints a link may carry "varies by the platform
  where the link opens": up to three in mobile browsers, nine otherwise (Google Maps URLs
  guide, directions action).  A link for the phone therefore carries at most
  :data:`PHONE_WAYPOINTS`, one opened on the desktop at most :data:`DESKTOP_WAYPOINTS`.
- Apple Maps links (``https://maps.apple.com/?saddr=…&daddr=…&dirflg=d``): a start and one
  destination, no waypoints.
- Waze deep links (``https://waze.com/ul?ll=LAT,LON&navigate=yes``): one destination, from
  where the phone is.

A day's route is therefore split into links that follow on from each other: each one
starts where the one before ends.  Coordinates go in the links, not names, so an account's
name never leaves the machine in a URL.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

import segno

#: Waypoints (between origin and destination) of one Google Maps link opened on a phone
#: (the mobile-browser limit, so the link works with or without the app installed) and on
#: the desktop.
PHONE_WAYPOINTS = 3
DESKTOP_WAYPOINTS = 9


class MapService(StrEnum):
    """The maps apps a rep can be sent to."""

    GOOGLE = "google"
    APPLE = "apple"
    WAZE = "waze"

    @property
    def label(self) -> str:
        return {"google": "Google Maps", "apple": "Apple Maps", "waze": "Waze"}[self]

    def waypoints(self, *, phone: bool) -> int:
        """How many stops one link can pass through between its origin and destination."""
        if self is MapService.GOOGLE:
            return PHONE_WAYPOINTS if phone else DESKTOP_WAYPOINTS
        return 0


@dataclass(frozen=True)
class Destination:
    """A place to drive to (or from): a stop, the home base."""

    label: str
    lat: float
    lon: float

    @property
    def coords(self) -> str:
        return f"{self.lat:.6f},{self.lon:.6f}"


@dataclass(frozen=True)
class RouteLink:
    """One link of a route: from ``places[first]`` to ``places[last]`` through those
    between, and what the rep is told it covers."""

    url: str
    first: int
    last: int
    label: str


def directions_url(service: MapService, to: Destination,
                   origin: Destination | None = None,
                   via: Sequence[Destination] = ()) -> str:
    """Driving directions to ``to`` (from ``origin``, or from where the device is when
    None), through ``via`` where the service takes waypoints."""
    if via and len(via) > service.waypoints(phone=False):
        raise ValueError(f"{service.label} takes at most {service.waypoints(phone=False)} "
                         f"stops on the way, not {len(via)}")
    if service is MapService.GOOGLE:
        params = {"api": "1", "travelmode": "driving"}
        if origin is not None:
            params["origin"] = origin.coords
        params["destination"] = to.coords
        if via:
            params["waypoints"] = "|".join(p.coords for p in via)
        return "https://www.google.com/maps/dir/?" + urlencode(params)
    if service is MapService.APPLE:
        params = {"saddr": origin.coords} if origin is not None else {}
        params |= {"daddr": to.coords, "dirflg": "d"}
        return "https://maps.apple.com/?" + urlencode(params)
    return "https://waze.com/ul?" + urlencode({"ll": to.coords, "navigate": "yes"})


def route_links(service: MapService, places: Sequence[Destination], *,
                phone: bool = True) -> list[RouteLink]:
    """The route through ``places`` (start, stops, end) as links that follow on from each
    other, each within the service's waypoint limit."""
    if len(places) < 2:
        return []
    step = service.waypoints(phone=phone) + 1
    links = []
    first = 0
    while first < len(places) - 1:
        last = min(first + step, len(places) - 1)
        url = directions_url(service, places[last], places[first],
                             places[first + 1:last])
        links.append(RouteLink(url, first, last, _covers(places, first, last)))
        first = last
    return links


def _covers(places: Sequence[Destination], first: int, last: int) -> str:
    return f"{places[first].label} → {places[last].label}"


def qr_png(text: str, *, scale: int = 4) -> bytes:
    """``text`` (a link) as a QR code in a PNG, with the quiet zone scanners need."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
