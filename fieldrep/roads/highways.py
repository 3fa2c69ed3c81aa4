"""Which OpenStreetMap ways a car may drive, in which direction and how fast.

Pure rules on a way's tags, in the spirit of OSRM's car profile but simpler (no turn
costs, no traffic): a way is drivable when its ``highway`` class is one a car uses and no
access tag forbids cars; its speed is ``maxspeed`` when that is a number (km/h, or mph
when it says so), slowed a little for bends and junctions, else the usual speed of its
class; ``oneway`` (and roundabouts, motorways) say which way it may be driven.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import IntEnum

#: km/h a car averages on a road of each class with no maxspeed.  The order is the order
#: of importance (the road class index stored with an import).
CLASS_SPEEDS: dict[str, float] = {
    "motorway": 100, "trunk": 80, "primary": 65, "secondary": 55, "tertiary": 45,
    "motorway_link": 55, "trunk_link": 45, "primary_link": 40, "secondary_link": 35,
    "tertiary_link": 30, "unclassified": 35, "residential": 25, "living_street": 10,
    "service": 15, "road": 25,
}
CLASSES: tuple[str, ...] = tuple(CLASS_SPEEDS)
#: a signed maxspeed is driven at this fraction on average (bends, junctions, traffic)
MAXSPEED_FACTOR = 0.8
_MPH = 1.609344
_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(mph|km/h|kmh|kph)?\s*$", re.IGNORECASE)
_FORBIDDEN = frozenset({"no", "private", "agricultural", "forestry", "delivery", "emergency",
                        "use_sidepath"})
# a rep visits businesses: their customers' roads are theirs too
_ALLOWED = frozenset({"yes", "permissive", "designated", "destination", "customers"})
_SERVICE_SKIPPED = frozenset({"parking_aisle", "drive-through", "emergency_access"})


class Direction(IntEnum):
    """Which way a way may be driven, relative to the order of its nodes."""

    BOTH = 0
    FORWARD = 1
    BACKWARD = -1


def road_class(tags: Mapping[str, str]) -> str | None:
    """The way's road class when a car may drive it, else None."""
    highway = tags.get("highway", "")
    if highway not in CLASS_SPEEDS or tags.get("area") == "yes":
        return None
    if highway == "service" and tags.get("service") in _SERVICE_SKIPPED:
        return None
    if tags.get("oneway") == "reversible":
        return None
    for key in ("motorcar", "motor_vehicle", "vehicle", "access"):
        value = tags.get(key)
        if value in _ALLOWED:
            return highway
        if value in _FORBIDDEN:
            return None
    return highway


def speed_kmh(road: str, tags: Mapping[str, str]) -> float:
    """Average km/h on a way of class ``road``: a fraction of a numeric ``maxspeed`` when
    there is one, else the class's speed."""
    signed = maxspeed_kmh(tags.get("maxspeed", ""))
    if signed is None:
        return CLASS_SPEEDS[road]
    return max(5.0, signed * MAXSPEED_FACTOR)


def maxspeed_kmh(text: str) -> float | None:
    """``maxspeed`` in km/h, or None when it is not a number ("none", "walk", "CH:urban")."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    value = float(match.group(1).replace(",", "."))
    if value <= 0:
        return None
    return value * _MPH if (match.group(2) or "").lower() == "mph" else value


def direction(road: str, tags: Mapping[str, str]) -> Direction:
    """Which way the way may be driven: ``oneway`` first, then roundabouts and motorways
    (one-way unless tagged otherwise)."""
    oneway = tags.get("oneway", "")
    if oneway in ("yes", "true", "1"):
        return Direction.FORWARD
    if oneway in ("-1", "reverse"):
        return Direction.BACKWARD
    if oneway == "no":
        return Direction.BOTH
    if tags.get("junction") in ("roundabout", "circular") or road == "motorway":
        return Direction.FORWARD
    return Direction.BOTH
