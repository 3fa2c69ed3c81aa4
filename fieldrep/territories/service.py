"""Territories: drawn on the map as a polygon or listed as postcodes and towns.

Accounts fall into a territory automatically: the first territory (oldest first) whose
polygon holds the account's location, or whose areas list its postcode (``69003``), a
postcode prefix (``38*``) or its town.  An account whose territory the rep chose by hand
(``territory_locked``), or put in a territory that has no shape and no areas (a plain
list), is left where the rep put it.  Accounts outside every territory have none, so they
are easy to find.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from fieldrep.common.text import fold
from fieldrep.store import Store
from fieldrep.store.models import Account, Territory
from fieldrep.store.owners import refuse_others
from fieldrep.territories.areas import AreaKind, area_kind, parse_areas
from fieldrep.territories.conflicts import StaleTerritory as StaleTerritory
from fieldrep.territories.conflicts import TerritoryError as TerritoryError
from fieldrep.territories.conflicts import stale_territory
from fieldrep.territories.data import TerritoryCount as TerritoryCount
from fieldrep.territories.data import TerritoryData as TerritoryData

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class _Matcher:
    id: int
    geometry: Any = None
    postcodes: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    towns: set[str] = field(default_factory=set)

    def matches_area(self, code: str, town: str) -> bool:
        """``code``: postcode without spaces, in capitals; ``town``: folded town name."""
        if code and (code in self.postcodes or code.startswith(self.prefixes)):
            return True
        return bool(town) and town in self.towns


def clean_polygon(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A valid Polygon/MultiPolygon GeoJSON geometry from a drawn one (lasso loops repaired)."""
    if geometry is None:
        return None
    try:
        geom = shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
        raise TerritoryError(f"the drawn shape is not a GeoJSON geometry ({exc})") from None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon | MultiPolygon)]
    polygons = [p for g in parts for p in getattr(g, "geoms", [g]) if not p.is_empty]
    if not polygons or sum(p.area for p in polygons) == 0:
        raise TerritoryError("the drawn shape encloses no area: draw at least three corners")
    for p in polygons:
        minx, miny, maxx, maxy = p.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise TerritoryError("the drawn shape goes beyond the world's coordinates")
    merged = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    cleaned: dict[str, Any] = mapping(merged)
    return cleaned


def list_territories(store: Store) -> list[TerritoryData]:
    """Every territory, by name."""
    with store.unit_of_work() as uow:
        rows = uow.session.scalars(select(Territory).order_by(Territory.name))
        return [_to_data(row) for row in rows]


def save_territory(store: Store, territory: TerritoryData) -> TerritoryData:
    """Create or change a territory, then place the accounts again; returns it with its id.

    A change to a territory someone else changed since ``territory`` was read (its
    ``version`` is no longer the stored one) is refused with :class:`StaleTerritory`."""
    name = " ".join(territory.name.split())
    if not name:
        raise TerritoryError("a territory needs a name")
    if len(name) > 200:
        raise TerritoryError("a territory name is at most 200 characters")
    color = territory.color.strip()
    if color and not _HEX.match(color):
        raise TerritoryError(f"colour {color!r} is not like #1f77b4")
    polygon = clean_polygon(territory.polygon)
    areas = parse_areas("\n".join(territory.areas))
    with store.unit_of_work() as uow:
        clash = uow.session.scalar(select(Territory).where(
            func.lower(Territory.name) == name.lower(), Territory.id != (territory.id or -1)))
        if clash is not None:
            raise TerritoryError(f"there is already a territory called {clash.name!r}")
        if territory.id is None:
            row = Territory(name=name, notes="")
            uow.session.add(row)
        else:
            found = uow.session.get(Territory, territory.id)
            if found is None:
                raise TerritoryError(f"no territory with id {territory.id}")
            if territory.version is not None and found.version != territory.version:
                raise stale_territory(territory, _to_data(found))
            row = found
        count = uow.session.scalar(select(func.count(Territory.id))) or 0
        row.name = name
        row.color = color or row.color or PALETTE[count % len(PALETTE)]
        row.polygon = json.dumps(polygon) if polygon else ""
        row.areas = "\n".join(areas)
        row.notes = territory.notes
        try:
            uow.session.flush()
        except StaleDataError:  # changed by another client between the read and the write
            uow.rollback()
            raise stale_territory(territory, _stored(store, territory.id or 0)) from None
        saved = _to_data(row)
        assign_territories(uow.session)
        uow.commit()
    return saved


def delete_territory(store: Store, territory_id: int) -> None:
    """Remove a territory; its accounts fall into another territory or none."""
    with store.unit_of_work() as uow:
        row = uow.session.get(Territory, territory_id)
        if row is None:
            raise TerritoryError(f"no territory with id {territory_id}")
        uow.session.execute(update(Account).where(Account.territory_id == territory_id)
                            .values(territory_id=None, territory_locked=False,
                                    version=Account.version + 1))
        uow.session.delete(row)
        uow.session.flush()
        assign_territories(uow.session)
        uow.commit()


def set_territory(store: Store, account_ids: Sequence[int], name: str | None) -> int:
    """Put accounts into the territory ``name`` by hand (created if new).

    ``None`` hands them back to the automatic rules.  Returns how many accounts changed.
    """
    with store.unit_of_work() as uow:
        changed = put_in_territory(uow.session, account_ids, name)
        uow.commit()
    return changed


def put_in_territory(session: Session, account_ids: Sequence[int], name: str | None) -> int:
    """:func:`set_territory` in the caller's transaction."""
    ids = list(account_ids)
    refuse_others(session, Account, ids)
    if name is None:
        values: dict[str, Any] = {"territory_id": None, "territory_locked": False}
    else:
        clean = " ".join(name.split())
        if not clean:
            raise TerritoryError("a territory needs a name")
        row = session.scalar(select(Territory).where(
            func.lower(Territory.name) == clean.lower()))
        if row is None:
            count = session.scalar(select(func.count(Territory.id))) or 0
            row = Territory(name=clean, notes="", color=PALETTE[count % len(PALETTE)])
            session.add(row)
            session.flush()
        values = {"territory_id": row.id, "territory_locked": True}
    changed = 0
    for start in range(0, len(ids), 500):
        result = cast(CursorResult[Any], session.execute(
            update(Account).where(Account.id.in_(ids[start:start + 500]))
            .values(**values, version=Account.version + 1)))
        changed += result.rowcount or 0
    if name is None:
        assign_territories(session, ids)
    return changed


def assign_territories(session: Session, account_ids: Iterable[int] | None = None) -> int:
    """Place the accounts not placed by hand into their territories; returns how many moved.

    Runs in the caller's transaction.  ``account_ids`` limits the work to those accounts.
    """
    matchers = [_matcher(row) for row in session.scalars(
        select(Territory).where((Territory.polygon != "") | (Territory.areas != ""))
        .order_by(Territory.id))]
    ids = None if account_ids is None else list(account_ids)
    if not matchers:
        return 0
    # A territory without rules is a list the rep made by hand: its accounts stay in it.
    stmt = (select(Account.id, Account.version, Account.lat, Account.lon, Account.postcode,
                   Account.city, Account.territory_id)
            .outerjoin(Territory, Account.territory_id == Territory.id)
            .where(Account.territory_locked.is_(False),
                   or_(Account.territory_id.is_(None), Territory.polygon != "",
                       Territory.areas != "")))
    rows = []
    if ids is None:
        rows = list(session.execute(stmt))
    else:
        for start in range(0, len(ids), 500):
            rows.extend(session.execute(stmt.where(Account.id.in_(ids[start:start + 500]))))
    if not rows:
        return 0
    chosen: list[int | None] = [None] * len(rows)
    lats = np.array([r.lat if r.lat is not None else np.nan for r in rows], dtype=float)
    lons = np.array([r.lon if r.lon is not None else np.nan for r in rows], dtype=float)
    inside = {m.id: shapely.contains_xy(m.geometry, lons, lats) if m.geometry is not None
              else None for m in matchers}
    for i, row in enumerate(rows):
        code, town = row.postcode.replace(" ", "").upper(), fold(row.city)
        for m in matchers:
            hit = inside[m.id]
            if (hit is not None and hit[i]) or m.matches_area(code, town):
                chosen[i] = m.id
                break
    changes = [{"id": row.id, "version": row.version, "territory_id": new}
               for row, new in zip(rows, chosen, strict=True) if row.territory_id != new]
    for start in range(0, len(changes), 500):
        session.execute(update(Account), changes[start:start + 500])
    return len(changes)


def territory_counts(store: Store) -> list[TerritoryCount]:
    """Accounts per territory (every territory, by name), then those outside all of them."""
    with store.unit_of_work() as uow:
        counts = dict(uow.session.execute(
            select(Account.territory_id, func.count(Account.id)).group_by(Account.territory_id)
        ).all())
        territories = [_to_data(t) for t in
                       uow.session.scalars(select(Territory).order_by(Territory.name))]
    result = [TerritoryCount(t, counts.get(t.id, 0)) for t in territories]
    result.append(TerritoryCount(None, counts.get(None, 0)))
    return result


def accounts_in_shape(store: Store, geometry: dict[str, Any]) -> list[int]:
    """Ids of the located accounts inside a drawn shape (a lasso or a box on the map)."""
    polygon = shape(clean_polygon(geometry))
    minx, miny, maxx, maxy = polygon.bounds
    with store.unit_of_work() as uow:
        rows = uow.session.execute(
            select(Account.id, Account.lat, Account.lon).where(and_(
                Account.lat.between(miny, maxy), Account.lon.between(minx, maxx)))
            .order_by(Account.id)).all()
    if not rows:
        return []
    lons = np.array([r.lon for r in rows], dtype=float)
    lats = np.array([r.lat for r in rows], dtype=float)
    hits = shapely.contains_xy(polygon, lons, lats)
    return [row.id for row, hit in zip(rows, hits, strict=True) if hit]


def _matcher(row: Territory) -> _Matcher:
    geometry = None
    if row.polygon:
        geometry = shape(json.loads(row.polygon))
        shapely.prepare(geometry)
    matcher = _Matcher(row.id, geometry)
    for item in parse_areas(row.areas):
        code = item.replace(" ", "").upper()
        kind = area_kind(item)
        if kind is AreaKind.PREFIX:
            matcher.prefixes += (code[:-1],)
        elif kind is AreaKind.POSTCODE:
            matcher.postcodes.add(code)
        else:
            matcher.towns.add(fold(item))
    return matcher


def _stored(store: Store, territory_id: int) -> TerritoryData:
    with store.unit_of_work() as uow:
        return _to_data(uow.session.get_one(Territory, territory_id))


def _to_data(row: Territory) -> TerritoryData:
    return TerritoryData(
        name=row.name, color=row.color, polygon=json.loads(row.polygon) if row.polygon else None,
        areas=parse_areas(row.areas), notes=row.notes, id=row.id, version=row.version)
