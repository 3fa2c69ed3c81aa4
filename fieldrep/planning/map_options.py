"""How the app's maps are drawn, from the settings: online tiles or not, the home base, the
imported roads under them.  Light to import (no roads network, no plan export): the
window reads it while it starts."""

from __future__ import annotations

from fieldrep.maps.map_types import MapOptions
from fieldrep.maps.settings import OSM_TILES, map_settings
from fieldrep.planning.settings import home_base
from fieldrep.roads.extract import NoRoads, read_info
from fieldrep.store import Store


def map_options(store: Store, *, tiles: bool = True,
                selection_tools: bool = True) -> MapOptions:
    """How to draw a map (the accounts' or a plan's) from the settings: tiles only if
    ``tiles`` and the settings allow them; the home base marked; the imported roads drawn
    under the tiles (shown where tiles do not load) when an extract is imported; the tools
    that draw a selection only where a drawn shape does something."""
    drawn, home = map_settings(store), home_base(store)
    return MapOptions(tiles=tiles and drawn.tiles, tile_url=drawn.tile_url or OSM_TILES,
                      home=home.point if home else None,
                      home_label=home.address if home else "", roads=_roads_imported(),
                      selection_tools=selection_tools)


def _roads_imported() -> bool:
    try:
        return read_info() is not None
    except NoRoads:  # unreadable: the map keeps its plain background
        return False


#: what an exported route map says on itself: its background is online tiles only
EXPORTED_NOTE = ("No background map offline: the map tiles come from OpenStreetMap and "
                 "show only with a network connection.")


def exported_map_options() -> MapOptions:
    """How a route map written to a file is drawn: online tiles, and a note on the map
    (gone once tiles load) that it has no background without them."""
    return MapOptions(tiles=True, background_note=EXPORTED_NOTE)
