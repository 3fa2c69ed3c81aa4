"""Offline postcodes: postcode → locality, region and (for some countries) coordinates.

The data is the ``countrystatecity-postal-codes`` package (ODbL, from the
countries-states-cities database: about 116 countries, one JSON file each).  A country's
file is read on first use and kept boiled down to a dict (a few MB; Portugal, the largest,
loads in about 0.3 s).  Where the data has no coordinates (Germany, France…), the
*neighbourhood* of a postcode still says where it lies: the towns of the postcodes sharing
its first digits, found in the gazetteer, give an anchor that decides between namesakes
(85457 is the Wörth near Munich, not Wörth am Rhein).
"""

from __future__ import annotations

import json
import threading
from importlib.resources import files
from sys import intern
from typing import Any, NamedTuple, cast

from fieldrep.geocoding.gazetteer import Gazetteer, Town
from fieldrep.travel.straight_line import great_circle_km

_MIN_PREFIX = 2
_MIN_NEIGHBOURS = 3
NAMESAKES_APART_KM = 25.0  # namesakes closer than this count as one place


class PostcodePlace(NamedTuple):
    """One line of the postcode data (a tuple: a country holds up to 200,000 of them)."""

    code: str
    locality: str
    #: the region's code in the data (ISO 3166-2 style: "BY", "ME")
    state: str
    lat: float | None
    lon: float | None


def normalise_postcode(code: str) -> str:
    """The comparable form of a postcode: upper case, no spaces or dashes."""
    return "".join(c for c in code.upper() if c.isalnum())


def one_place(towns: list[Town]) -> Town | None:
    """The town when all of ``towns`` are the same place (namesakes close together)."""
    if not towns:
        return None
    first = towns[0]
    far = any(great_circle_km((first.lat, first.lon), (t.lat, t.lon)) > NAMESAKES_APART_KM
              for t in towns[1:])
    return None if far else first


class _Country:
    """One country's postcodes, and (computed on first need) its prefix anchors."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.places: dict[str, list[PostcodePlace]] = {}
        for row in rows:
            place = PostcodePlace(str(row.get("code") or ""),
                                  intern(str(row.get("localityName") or "")),
                                  intern(str(row.get("stateCode") or "")),
                                  _float(row.get("latitude")), _float(row.get("longitude")))
            self.places.setdefault(normalise_postcode(place.code), []).append(place)
        self.anchors: dict[str, tuple[float, float]] | None = None

    def compute_anchors(self, gazetteer: Gazetteer, country: str) -> dict[str, tuple[float, float]]:
        sums: dict[str, list[float]] = {}
        for code, places in self.places.items():
            point = _point_of(places, gazetteer, country)
            if point is None:
                continue
            for length in range(_MIN_PREFIX, len(code)):
                total = sums.setdefault(code[:length], [0.0, 0.0, 0.0])
                total[0] += point[0]
                total[1] += point[1]
                total[2] += 1
        return {prefix: (lat / n, lon / n) for prefix, (lat, lon, n) in sums.items()
                if n >= _MIN_NEIGHBOURS}


def _point_of(places: list[PostcodePlace], gazetteer: Gazetteer, country: str
              ) -> tuple[float, float] | None:
    for place in places:
        if place.lat is not None and place.lon is not None:
            return place.lat, place.lon
    for place in places:
        town = one_place(gazetteer.namesakes(place.locality, country)) if place.locality else None
        if town is not None:
            return town.lat, town.lon
    return None


def _float(value: object) -> float | None:
    return float(cast(float, value)) if isinstance(value, (int, float)) else None


class PostcodeBook:
    """The postcodes of every country the data covers, each loaded on first use."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._countries: dict[str, _Country] = {}
        self._lock = threading.Lock()

    def _country(self, country: str) -> _Country:
        with self._lock:
            loaded = self._countries.get(country)
            if loaded is None:
                loaded = self._countries[country] = _Country(_read(country))
            return loaded

    def places(self, country: str, postcode: str) -> list[PostcodePlace]:
        """The data's lines for ``postcode`` in ``country``: the exact code, else the area it
        starts with (a British outward code, a Canadian FSA)."""
        code = normalise_postcode(postcode)
        if len(country) != 2 or not code:
            return []
        known = self._country(country.upper()).places
        for length in range(len(code), _MIN_PREFIX - 1, -1):
            found = known.get(code[:length])
            if found:
                return found
        return []

    def anchor(self, country: str, postcode: str) -> tuple[float, float] | None:
        """The centre of the towns whose postcodes share the longest beginning with
        ``postcode`` (None when too few of them are known)."""
        code = normalise_postcode(postcode)
        if len(country) != 2 or len(code) <= _MIN_PREFIX:
            return None
        data = self._country(country.upper())
        with self._lock:
            if data.anchors is None:
                data.anchors = data.compute_anchors(self._gazetteer, country.upper())
            anchors = data.anchors
        for length in range(len(code) - 1, _MIN_PREFIX - 1, -1):
            found = anchors.get(code[:length])
            if found is not None:
                return found
        return None


def _read(country: str) -> list[dict[str, Any]]:
    if not country.isascii() or not country.isalpha():
        return []
    path = files("countrystatecity_postal_codes") / "data" / "by-country" / country / (
        "postcodes.json")
    try:
        with path.open(encoding="utf-8") as handle:
            return cast(list[dict[str, Any]], json.load(handle))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return []
