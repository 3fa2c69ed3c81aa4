"""The accounts map's options (tiles, home base) as the store's settings give them."""

from __future__ import annotations

from fieldrep.maps.territory_map import OSM_TILES, MapOptions
from fieldrep.settings.registry import get_settings
from fieldrep.store import Store


def map_options(settings: dict[str, str], *, tiles: bool | None = None) -> MapOptions:
    """The map's options from the store's settings (``tiles`` overrides the setting)."""
    home = None
    try:
        if settings.get("home.lat") and settings.get("home.lon"):
            home = (float(settings["home.lat"]), float(settings["home.lon"]))
    except ValueError:
        home = None
    use_tiles = settings.get("map.tiles", "osm") != "none" if tiles is None else tiles
    return MapOptions(tiles=use_tiles, tile_url=settings.get("map.tile_url") or OSM_TILES,
                      home=home, home_label=settings.get("home.address", ""))


def stored_map_options(store: Store, *, tiles: bool | None = None) -> MapOptions:
    """Read the settings and make the map's options of them (a store job: on the worker)."""
    return map_options(get_settings(store), tiles=tiles)
