"""Locks that make a check and the write it allows one step, on SQLite and PostgreSQL.

A service that reads something to decide whether it may write (is the report still a
draft?) must keep what it read true until it commits, or a second client could change it
in between.  On PostgreSQL the rows read are locked (``SELECT ... FOR UPDATE``, which
SQLAlchemy's ``with_for_update()`` emits; SQLite ignores it).  SQLite has one writer at a
time: :func:`begin_write` takes the store's write lock before the first read, so the
reads see the newest data and nobody writes until this unit of work ends (others wait
for the busy timeout).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

#: The start of the message the database's guards raise (migration 0007).
GUARD_MESSAGE = "locked report line"


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer (SQLite: take the write lock now).

    Call it first in the unit of work, before anything is read.
    """
    if session.get_bind().dialect.name == "sqlite":
        # A write that changes nothing: SQLite takes the write lock for any UPDATE.
        session.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0"))


def refused_by_guard(exc: BaseException) -> bool:
    """Whether a database error is a guard trigger refusing to touch a locked line."""
    return isinstance(exc, DBAPIError) and GUARD_MESSAGE in str(exc.orig)
