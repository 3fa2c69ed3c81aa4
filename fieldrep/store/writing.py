"""Short write transactions: take SQLite's write lock up front when ids must be counted on.

SQLite's driver opens a transaction at the first INSERT/UPDATE/DELETE, so what a unit of
work reads before it is read outside the transaction.  A bulk insert that numbers its own
rows (much faster than asking the store for each id back) must read the highest id and
insert under one lock: :func:`take_write_lock` starts the transaction as the writer
(``BEGIN IMMEDIATE``, which waits like any write for a busy store).  Other backends hand
out ids from a sequence and need no such lock.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.orm import Session


def is_sqlite(session: Session) -> bool:
    """Whether the session works on a SQLite store."""
    return session.get_bind().dialect.name == "sqlite"


def take_write_lock(session: Session) -> None:
    """On SQLite, make the session's transaction the store's writer now (a no-op when a
    transaction is already open, and on other backends)."""
    if not is_sqlite(session):
        return
    connection = session.connection()
    dbapi = connection.connection.dbapi_connection
    if isinstance(dbapi, sqlite3.Connection) and not dbapi.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
