"""The accounts map's options as the rep's settings give them: tiles and the home base."""

from __future__ import annotations

from fieldrep.maps.settings import map_settings
from fieldrep.maps.territory_map import MapOptions
from fieldrep.planning.settings import home_base
from fieldrep.store import Store


def map_options(store: Store, *, tiles: bool | None = None) -> MapOptions:
    """The map's options from the settings (``tiles`` overrides the ``map.tiles`` setting)."""
    shown, home = map_settings(store), home_base(store)
    return MapOptions(tiles=shown.tiles if tiles is None else tiles, tile_url=shown.tile_url,
                      home=home.point if home else None,
                      home_label=home.address if home else "")
