"""The map of a plan: the accounts planned, each day's route in its colour, the home base.

The Plan page and ``fieldrep plan --map`` both draw a plan through here; the page also
keeps where each account is (for exports and re-planning) and its address (for exports).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldrep.accounts.service import AccountFilter, list_accounts
from fieldrep.maps.territory_map import MapOptions, map_points, write_map
from fieldrep.planning.export import DAY_COLOURS, Located, route_line
from fieldrep.planning.map_options import EXPORTED_NOTE as EXPORTED_NOTE
from fieldrep.planning.map_options import exported_map_options as exported_map_options
from fieldrep.planning.map_options import map_options as map_options
from fieldrep.planning.model import DayPlan
from fieldrep.store import Store


@dataclass(frozen=True)
class PlanMap:
    """A plan's map page as written, with where its accounts are and their addresses."""

    page: Path
    located: Mapping[int, tuple[float, float]]
    addresses: Mapping[int, str]


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
