"""The map's settings: whether it shows online tiles under the accounts, and from which tile
server; read typed with :func:`map_settings`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from fieldrep.maps.map_types import OSM_TILES as OSM_TILES
from fieldrep.settings.kinds import Choice
from fieldrep.settings.spec import Declarations, Kind, Scope, Setting, SettingError
from fieldrep.settings.stored import SettingValues, read_values
from fieldrep.store import Store

#: OpenStreetMap's public tile server (for light use, under its tile usage policy)


class TileUrl(Kind[str]):
    """An http(s) tile URL template with ``{z}``, ``{x}`` and ``{y}``."""

    def parse(self, key: str, text: str) -> str:
        parts = urlsplit(text)
        missing = [p for p in ("{z}", "{x}", "{y}") if p not in text]
        if parts.scheme not in ("http", "https") or not parts.netloc or missing:
            raise SettingError(
                f"{key} must be an http(s) URL template with {{z}}, {{x}} and {{y}}, like "
                f"{OSM_TILES}" + (f" ({', '.join(missing)} missing)" if missing else ""))
        return text


TILES = Setting(
    "map.tiles",
    Choice({"osm": "Show OpenStreetMap tiles when online",
            "none": "Never download tiles: always the plain offline map"},
           "must be osm (OpenStreetMap tiles when online) or none"),
    "osm", "osm: the map shows OpenStreetMap tiles when online; none: always the plain "
           "offline background", Scope.REP, "map tiles")
TILE_URL = Setting("map.tile_url", TileUrl(), OSM_TILES,
                   "tile URL template with {z}, {x} and {y} (a company's own tile server)",
                   Scope.TEAM, "tile URL")

MAP_SETTINGS = (TILES, TILE_URL)
DECLARATIONS = Declarations(settings=MAP_SETTINGS)


@dataclass(frozen=True)
class MapSettings:
    """What the map shows under the accounts."""

    #: online tiles when the network answers (else always the plain offline background)
    tiles: bool
    tile_url: str


def map_settings_of(values: SettingValues) -> MapSettings:
    """The map settings ``values`` describe."""
    return MapSettings(tiles=values[TILES] != "none", tile_url=values[TILE_URL])


def map_settings(store: Store) -> MapSettings:
    """The map settings of the store."""
    return map_settings_of(read_values(store, MAP_SETTINGS))
