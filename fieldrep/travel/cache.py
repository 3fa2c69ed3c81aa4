"""Travel legs cached in the store, so a road server is never asked for the same leg twice.

Each leg is one ``travel_cache`` row: the model's name (which says which server and
profile), the two points rounded to 1e-5° (about a metre), seconds and metres.  The inner
model is asked with the rounded points, so a stored leg is exactly the leg of its key.

:class:`CachedModel` reads what the store already knows and asks the inner model only for
the legs it lacks, in at most two rectangular tables rather than leg by leg (a road server
answers a table of legs for about the price of one).  The usual gap is a few new points
among known ones (today's plan adds two accounts to yesterday's): for those ``P`` it asks
``P × all points`` and ``others × P``, about ``2 × |P| × n`` legs instead of ``n²``.  The
points are chosen greedily, the one missing most legs first, until every missing leg
touches one; when that takes half of the points or more, asking for the whole matrix costs
no more, so that is what happens.  What arrives is stored at once, so a failure later in
the same call keeps what was already fetched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from sqlalchemy import String, insert, select

from fieldrep.store import Store
from fieldrep.store.models import TravelCacheEntry, utcnow
from fieldrep.travel.model import Matrix, Point, TableModel, check_points

SCALE = 100_000  # points are cached in units of 1e-5 degree
_CHUNK = 500  # source latitudes per cache lookup

IntArray = npt.NDArray[np.int64]


@dataclass
class _Table:
    """The legs between the distinct points of one request; -1 where still unknown."""

    keys: IntArray  # (m, 2) lat, lon in 1e-5 degree units
    durations: IntArray
    distances: IntArray

    @property
    def points(self) -> list[Point]:
        return [(lat / SCALE, lon / SCALE) for lat, lon in self.keys.tolist()]

    def missing(self) -> npt.NDArray[np.bool_]:
        return self.durations < 0


class CachedModel:
    """``inner``'s answers, kept in ``store`` and reused (see the module docstring)."""

    def __init__(self, inner: TableModel, store: Store) -> None:
        self.inner = inner
        self.store = store
        self.name = inner.name
        self.source = inner.source
        self.note: str = getattr(inner, "note", "")
        self._key = cache_key(inner.name)

    def matrix(self, points: Sequence[Point]) -> Matrix:
        """Legs between every two of ``points``, from the store where it has them."""
        keys = np.rint(check_points(points) * SCALE).astype(np.int64)
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        size = len(unique)
        table = _Table(unique, np.full((size, size), -1, np.int64),
                       np.full((size, size), -1, np.int64))
        np.fill_diagonal(table.durations, 0)
        np.fill_diagonal(table.distances, 0)
        self._load(table)
        if table.missing().any():
            self._fetch(table)
        chosen = np.ix_(inverse, inverse)
        return Matrix(table.durations[chosen].tolist(), table.distances[chosen].tolist(),
                      self.source, self.note)

    # -- store -----------------------------------------------------------------------------

    def _load(self, table: _Table) -> None:
        """Fill in the legs the store knows.  The lookup seeks the primary key by model and
        source latitude; rows to other points are dropped here, on arrays."""
        codes = _codes(table.keys)  # sorted, as np.unique sorts the keys
        entry = TravelCacheEntry
        latitudes = sorted(set(table.keys[:, 0].tolist()))
        found: list[Any] = []
        with self.store.unit_of_work() as uow:
            connection = uow.session.connection()
            for sources in _chunks(latitudes, _CHUNK):
                found += connection.execute(
                    select(entry.from_lat, entry.from_lon, entry.to_lat, entry.to_lon,
                           entry.duration, entry.distance)
                    .where(entry.model == self._key, entry.from_lat.in_(sources),
                           entry.to_lat.in_(latitudes))).all()
        if not found:
            return
        rows = np.array([tuple(r) for r in found], dtype=np.int64).reshape(-1, 6)
        i = _positions(codes, _codes(rows[:, 0:2]))
        j = _positions(codes, _codes(rows[:, 2:4]))
        known = (i >= 0) & (j >= 0)
        table.durations[i[known], j[known]] = rows[known, 4]
        table.distances[i[known], j[known]] = rows[known, 5]

    def _save(self, table: _Table, cells: npt.NDArray[np.bool_]) -> None:
        rows, cols = np.nonzero(cells)
        if not len(rows):
            return
        now = utcnow()
        keys = table.keys
        values = [
            {"model": self._key, "from_lat": a, "from_lon": b, "to_lat": c, "to_lon": d,
             "duration": s, "distance": m, "created_at": now}
            for a, b, c, d, s, m in zip(
                keys[rows, 0].tolist(), keys[rows, 1].tolist(), keys[cols, 0].tolist(),
                keys[cols, 1].tolist(), table.durations[rows, cols].tolist(),
                table.distances[rows, cols].tolist(), strict=True)]
        with self.store.unit_of_work() as uow:
            connection = uow.session.connection()  # Core executemany: the ORM bulk path is
            connection.execute(_insert_new(connection.dialect.name), values)  # far slower
            uow.commit()

    # -- asking the inner model ------------------------------------------------------------

    def _fetch(self, table: _Table) -> None:
        missing = table.missing()
        points = table.points
        hub = _cover(missing)
        if hub is None:
            self._take(table, np.arange(len(points)), np.arange(len(points)),
                       self.inner.matrix(points))
            return
        everyone = np.arange(len(points))
        self._take(table, hub, everyone,
                   self.inner.table([points[i] for i in hub], points))
        still = table.missing()
        rows = np.flatnonzero(still.any(axis=1))
        cols = np.flatnonzero(still.any(axis=0))
        if len(rows):
            self._take(table, rows, cols, self.inner.table(
                [points[i] for i in rows], [points[j] for j in cols]))

    def _take(self, table: _Table, rows: IntArray, cols: IntArray, answer: Matrix) -> None:
        """Keep the legs of ``answer`` (``rows`` × ``cols`` of the table) that were missing,
        and store them."""
        block = np.ix_(rows, cols)
        wanted = np.zeros_like(table.missing())
        wanted[block] = table.missing()[block]
        durations = np.array(answer.durations, dtype=np.int64).reshape(len(rows), len(cols))
        distances = np.array(answer.distances, dtype=np.int64).reshape(len(rows), len(cols))
        table.durations[block] = np.where(wanted[block], durations, table.durations[block])
        table.distances[block] = np.where(wanted[block], distances, table.distances[block])
        self._save(table, wanted)


def cache_key(name: str) -> str:
    """The ``model`` column value for a model called ``name`` (long names end in a hash so
    they fit the column and stay distinct)."""
    limit = cast(String, TravelCacheEntry.__table__.c.model.type).length or 200
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"{name[:limit - 33]}#{digest}"


def _cover(missing: npt.NDArray[np.bool_]) -> IntArray | None:
    """Points that together touch every missing leg, the one missing most legs first;
    None when that takes half of the points or more (then the whole matrix is asked)."""
    size = len(missing)
    touching = missing | missing.T
    degree = touching.sum(axis=1)
    chosen: list[int] = []
    while degree.max(initial=0) > 0:
        if 2 * (len(chosen) + 1) >= size:
            return None
        point = int(degree.argmax())
        chosen.append(point)
        degree[touching[point]] -= 1
        degree[point] = 0
        touching[point, :] = False
        touching[:, point] = False
    return np.array(sorted(chosen), dtype=np.int64)


def _insert_new(dialect: str) -> Any:
    """An INSERT that skips legs another process stored meanwhile (same key)."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(TravelCacheEntry).on_conflict_do_nothing()
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(TravelCacheEntry).on_conflict_do_nothing()
    return insert(TravelCacheEntry)


def _codes(keys: IntArray) -> IntArray:
    """One int64 per (lat, lon) key, in the same order as the keys sort."""
    return (keys[:, 0] + 90 * SCALE) * (360 * SCALE + 1) + (keys[:, 1] + 180 * SCALE)


def _positions(sorted_codes: IntArray, codes: IntArray) -> IntArray:
    """Index of each of ``codes`` in ``sorted_codes``, -1 where it is not there."""
    at = np.searchsorted(sorted_codes, codes).clip(0, len(sorted_codes) - 1)
    return np.where(sorted_codes[at] == codes, at, -1)


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
