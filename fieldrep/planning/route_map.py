"""The map of a plan: the accounts planned, each day's route in its colour, the home base.

The Plan page and ``fieldrep plan --map`` both draw a plan through here; the page also
keeps where each account is (for exports and re-planning) and its address (for exports).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldrep.accounts.service import AccountFilter, list_accounts
from fieldrep.maps.settings import OSM_TILES, map_settings
from fieldrep.maps.territory_map import MapOptions, map_points, write_map
from fieldrep.planning.export import DAY_COLOURS, Located, route_line
from fieldrep.planning.model import DayPlan
from fieldrep.planning.settings import home_base
from fieldrep.roads.storage import NoRoads, read_info
from fieldrep.store import Store


@dataclass(frozen=True)
class PlanMap:
    """A plan's map page as written, with where its accounts are and their addresses."""

    page: Path
    located: Mapping[int, tuple[float, float]]
    addresses: Mapping[int, str]


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


def stop_locations(store: Store, days: Sequence[DayPlan]) -> Located:
    """Where each planned account is, read in one query."""
    ids = frozenset(s.account_id for d in days for s in d.stops)
    return {p.id: (p.lat, p.lon) for p in map_points(store, AccountFilter(ids=ids))}


def stop_addresses(store: Store, days: Sequence[DayPlan]) -> dict[int, str]:
    """The address of each planned account, one line each (for a calendar's events)."""
    return _addresses(store, AccountFilter(ids=frozenset(s.account_id for d in days
                                                         for s in d.stops)))


def write_plan_map(store: Store, path: Path, days: Sequence[DayPlan], options: MapOptions,
                   account_ids: Collection[int] | None = None) -> PlanMap:
    """Write the map of ``account_ids`` and every planned stop (all the located accounts
    when None) with each day's route, one colour a day."""
    where = (None if account_ids is None else
             AccountFilter(ids=frozenset({*account_ids,
                                          *(s.account_id for d in days for s in d.stops)})))
    points = map_points(store, where)
    located = {p.id: (p.lat, p.lon) for p in points}
    routes = [route_line(d, located, DAY_COLOURS[n % len(DAY_COLOURS)])
              for n, d in enumerate(days)]
    write_map(path, points, (), options, routes)
    return PlanMap(path, located, _addresses(store, where) if where is not None else {})


def _addresses(store: Store, where: AccountFilter) -> dict[int, str]:
    """Street, postcode and town of the accounts, as one line each."""
    if not where.ids:
        return {}
    accounts = list_accounts(store, where=where, limit=len(where.ids))
    return {a.id: ", ".join(p for p in (a.street, f"{a.postcode} {a.city}".strip()) if p)
            for a in accounts if a.id is not None}
