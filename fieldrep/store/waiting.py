"""Waiting for a busy SQLite store instead of failing.

SQLite lets one connection write at a time.  A write that meets another one waits inside
SQLite for :data:`BUSY_TIMEOUT_MS`; if the store is still busy, SQLite answers "database is
locked".  :class:`WaitingConnection` (the DB-API connection of every SQLite engine) then
tells the listeners "waiting for the store…" (a line on the CLI's stderr, the status bar of
the desktop app) and tries the statement again, backing off, for up to :data:`PATIENCE_S`
seconds, before giving up with :class:`StoreBusy` (a one-line refusal: nothing saved).

Retrying the statement is safe because it is the first write of its transaction (the
driver opens a transaction at the first INSERT/UPDATE/DELETE, so nothing was read under
an older snapshot and nothing is held), or a COMMIT, which SQLite documents as retryable.
A "busy snapshot" error (a transaction that read an older state of the store) is not
retried: it cannot succeed, and it rolls back as any failed write does.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fieldrep.common.errors import FieldRepError

#: How long SQLite itself waits for the lock before each "database is locked".
BUSY_TIMEOUT_MS = 1000
#: How long a write keeps trying before it gives up (seconds).
PATIENCE_S = 300.0
#: The pauses between two tries grow from the first to the last (seconds).
BACKOFF_S = (0.05, 0.1, 0.2, 0.4, 0.8, 1.0)
#: What the listeners are told, and the CLI prints.
WAITING_MESSAGE = "waiting for the store…"

#: Told the seconds waited so far while a write waits, then None once it got through.
Listener = Callable[[float | None], None]
T = TypeVar("T")

#: A transaction that read an older state of the store: trying again cannot help.
_BUSY_SNAPSHOT = getattr(sqlite3, "SQLITE_BUSY_SNAPSHOT", 517)
_listeners: list[Listener] = []
_lock = threading.Lock()


class StoreBusy(FieldRepError, RuntimeError):
    """Another program kept the store busy for longer than a write waits."""


def add_listener(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` while writes wait (from the thread that waits); returns the
    function that removes it again."""
    with _lock:
        _listeners.append(listener)

    def remove() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return remove


def _tell(waited: float | None) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(waited)


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" that waiting can cure."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:  # SQLITE_BUSY or one of its extended codes, but a stale snapshot
        return bool(code & 0xFF == sqlite3.SQLITE_BUSY and code != _BUSY_SNAPSHOT)
    return str(exc).startswith("database is locked")


def patiently(work: Callable[[], T], *, patience: float | None = None,
              sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``work``; while SQLite says the store is busy, tell the listeners and try again
    with growing pauses, for up to ``patience`` seconds (:data:`PATIENCE_S`)."""
    limit = PATIENCE_S if patience is None else patience
    start = time.monotonic()
    tries = 0
    while True:
        try:
            result = work()
        except sqlite3.OperationalError as exc:
            waited = time.monotonic() - start
            if not is_busy(exc):
                raise
            if waited >= limit:
                _tell(None)
                raise StoreBusy(
                    f"the store stayed busy for {waited:.0f} s (another program is writing "
                    "to it): nothing was saved, try again") from exc
            _tell(waited)
            sleep(BACKOFF_S[min(tries, len(BACKOFF_S) - 1)])
            tries += 1
            continue
        if tries:
            _tell(None)
        return result


class WaitingCursor(sqlite3.Cursor):
    """A cursor whose statements wait for a busy store (see :func:`patiently`)."""

    def execute(self, sql: str, parameters: Any = (), /) -> WaitingCursor:
        patiently(lambda: sqlite3.Cursor.execute(self, sql, parameters))
        return self

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> WaitingCursor:
        rows = seq_of_parameters if isinstance(seq_of_parameters, list | tuple) \
            else list(seq_of_parameters)  # a generator could not be replayed
        patiently(lambda: sqlite3.Cursor.executemany(self, sql, rows))
        return self


class WaitingConnection(sqlite3.Connection):
    """The SQLite connection of every engine: its cursors wait, and so does COMMIT."""

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or WaitingCursor)

    def commit(self) -> None:
        patiently(super().commit)
