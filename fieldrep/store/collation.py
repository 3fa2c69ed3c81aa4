"""Orders the store works out itself.  Text sorted as a rep reads it: ``Écully`` before
``Vénissieux``, ``Łódź`` among the L's, upper and lower case together.

SQLite compares bytes by default (every accented capital after ``Z``).  FieldRep
registers a collation named ``fieldrep`` on each SQLite connection (the engine's connect
event): texts compare by :func:`fieldrep.common.text.collation_key` (transliterated to
ASCII, then case-folded), ties by the text itself, so the order is total and stable.  On
PostgreSQL the ICU root collation ``und-x-icu`` (the Unicode collation algorithm) does
the same job.  Other databases keep their own order.

:func:`collated` wraps a column for ``ORDER BY`` (and window ``ORDER BY``): the paging
table sorts in SQL, never in Python.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from fieldrep.common.text import collation_key

SQLITE_COLLATION = "fieldrep"
POSTGRES_COLLATION = "und-x-icu"


# SQLite calls the collation for every comparison an index or a sort makes (about 24 per
# row inserted into a collated index of 10,000 rows): the keys are remembered.
_key = lru_cache(maxsize=1 << 16)(collation_key)


def compare(first: str, second: str) -> int:
    """The ``fieldrep`` collation: -1, 0 or 1 as ``first`` sorts before, with or after."""
    if first == second:
        return 0
    a, b = (_key(first), first), (_key(second), second)
    return (a > b) - (a < b)


def register_sqlite_collation(dbapi_connection: Any) -> None:
    """Make ``COLLATE fieldrep`` known to a new SQLite connection."""
    dbapi_connection.create_collation(SQLITE_COLLATION, compare)


class collated(FunctionElement[str]):
    """``column`` in the language's order (see the module's docstring)."""

    type = String()
    inherit_cache = True
    name = "collated"


def _inner(element: collated, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return str(compiler.process(column, **kw))


@compiles(collated)
def _plain(element: collated, compiler: SQLCompiler, **kw: Any) -> str:
    return _inner(element, compiler, **kw)


@compiles(collated, "sqlite")
def _sqlite(element: collated, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{_inner(element, compiler, **kw)} COLLATE {SQLITE_COLLATION}"


@compiles(collated, "postgresql")
def _postgresql(element: collated, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{_inner(element, compiler, **kw)} COLLATE "{POSTGRES_COLLATION}"'


class days_after(FunctionElement[Any]):
    """``day`` plus ``days`` as a value that sorts in date order (a Julian day number on
    SQLite, a date on PostgreSQL): the next due date of an account, in SQL."""

    inherit_cache = True
    name = "days_after"


@compiles(days_after)
def _days_after(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"({day} + {days})"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({day}) + {days})"
