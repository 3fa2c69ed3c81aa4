"""What a map page is made of, as plain values: the located accounts, the planned routes,
the page's options, and JSON safe inside a page.  Light to import (no shapely, no store
models): the window's first page needs them before the store is open."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")
#: One colour a day, for the routes of a week on the map.
DAY_COLOURS = ("#c2410c", "#1d4ed8", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207")


@dataclass(frozen=True)
class MapPoint:
    """One located account as the map needs it."""

    id: int
    lat: float
    lon: float
    tier: str
    approximate: bool
    name: str
    place: str
    territory_id: int | None = None

    def as_row(self) -> list[Any]:
        return [self.id, round(self.lat, 6), round(self.lon, 6), self.tier,
                int(self.approximate), self.name, self.place]


@dataclass(frozen=True)
class RouteLine:
    """A planned day drawn on the map: the road order as a line, numbered stops."""

    label: str
    color: str
    path: tuple[tuple[float, float], ...]  # start, each stop, end (or the roads between)
    #: number, name, lat, lon, time, account id (a click on the stop is one on the account)
    stops: tuple[tuple[int, str, float, float, str, int], ...]
    #: credit for the data the path was drawn from ("© OpenStreetMap contributors")
    attribution: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "color": self.color,
                "path": [[round(a, 6), round(b, 6)] for a, b in self.path],
                "stops": [list(s) for s in self.stops], "attribution": self.attribution}


@dataclass(frozen=True)
class MapOptions:
    """How the page is built: tiles (online) or a plain background, and the home base."""

    tiles: bool = True
    tile_url: str = OSM_TILES
    attribution: str = OSM_ATTRIBUTION
    home: tuple[float, float] | None = None
    home_label: str = ""
    #: Name the larger towns (from the offline gazetteer) until map tiles load.
    places: bool = True
    #: Draw the imported extract's roads and places under the tiles (served to the page by
    #: the desktop app's ``fieldrep-roads:`` scheme, see :mod:`fieldrep.roads.map_layer`).
    roads: bool = False
    #: A note shown on the map until map tiles load (an exported file says that it has no
    #: background of its own); empty for none.
    background_note: str = ""
    #: The drawing and lasso tools that pick accounts or draw a territory (the Accounts and
    #: Territories maps); off on the maps where a drawn shape would do nothing.
    selection_tools: bool = True


def safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever the strings in it hold."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
