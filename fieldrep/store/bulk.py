"""Bulk inserts turned into the driver's parameters before the write, run in one executemany.

For a large insert most of the time goes into converting values (decimals to integers,
datetimes to text, column defaults), not into the database.  :func:`prepare_insert` does
that work up front, outside any transaction, with the column types' own converters; the
write is then :meth:`PreparedInsert.run`: one ``executemany`` of ready rows, so a SQLite
store is held only as long as the database itself needs.  Values known only under the
write lock (the ids numbered there, the ids of rows inserted just before) are set with
:meth:`PreparedInsert.fill`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session


@dataclass
class PreparedInsert:
    """An INSERT statement and its rows of driver parameters, in the statement's order."""

    sql: str
    columns: list[str]
    rows: list[list[Any]]

    def fill(self, column: str, values: Sequence[Any]) -> None:
        """Set ``column`` of every row (a value per row, in order) — raw driver values."""
        index = self.columns.index(column)
        for row, value in zip(self.rows, values, strict=True):
            row[index] = value

    def run(self, session: Session) -> None:
        """Insert the rows in the session's transaction."""
        if self.rows:
            session.connection().exec_driver_sql(self.sql, [tuple(r) for r in self.rows])


def prepare_insert(dialect: Dialect, table: Table, rows: Sequence[Mapping[str, Any]],
                   placeholders: Sequence[str] = ()) -> PreparedInsert:
    """``rows`` (all with the same keys) ready to insert into ``table`` on ``dialect`` (a
    positional-parameter driver such as SQLite's); the ``placeholders`` columns are left
    None for :meth:`PreparedInsert.fill`.  Python-side column defaults are applied."""
    given = list(dict.fromkeys([*(rows[0] if rows else {}), *placeholders]))
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.key in given or default is None:
            continue
        if getattr(default, "is_scalar", False):
            defaults[column.key] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            defaults[column.key] = default.arg(None)  # type: ignore[attr-defined]
    compiled = insert(table).compile(dialect=dialect, column_keys=[*given, *defaults])
    order = list(compiled.positiontup or [])
    converters: list[Callable[[Any], Any] | None] = [
        table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in order]
    prepared = []
    for row in rows:
        values = []
        for key, convert in zip(order, converters, strict=True):
            value = row.get(key, defaults.get(key)) if key not in placeholders else None
            values.append(convert(value) if convert is not None and value is not None
                          else value)
        prepared.append(values)
    return PreparedInsert(compiled.string, order, prepared)
