"""Forcing two clients of one store into a given interleaving.

Each client is its own :class:`~fieldrep.store.Store` (its own engine and connections) on
the same SQLite file or PostgreSQL database.  :class:`Pause` stops one client's unit of
work at a session event (``before_flush``: it has read and decided, nothing is written
yet; ``before_commit``: its statements ran, the commit has not) until the test lets it go,
while the other client runs in between.  :class:`Client` runs a service call on a thread
and keeps its result or the error it raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from fieldrep.store import Store

#: How long a step may take before the test gives up on it (never reached when it works).
STEP = 30.0
#: How long a client that the other one blocks is given to show it is blocked.
BLOCKED = 1.5


class Pause:
    """Hold ``store``'s next unit of work at ``when`` (a session event) until released."""

    def __init__(self, store: Store, when: str) -> None:
        self.reached = threading.Event()
        self._go = threading.Event()
        self._armed = True
        self._store, self._when = store, when
        event.listen(store.sessions, when, self._hold)

    def _hold(self, session: Session, *_args: Any) -> None:
        if not self._armed or (self._when == "before_flush" and not (
                session.new or session.dirty or session.deleted)):
            return
        self._armed = False
        self.reached.set()
        if not self._go.wait(STEP):
            raise TimeoutError("the paused client was never released")

    def release(self) -> None:
        self._go.set()

    def remove(self) -> None:
        self.release()
        event.remove(self._store.sessions, self._when, self._hold)


class Reached:
    """Set when ``store`` first sends a statement starting with ``prefix`` (e.g. its first
    UPDATE): the client has done everything before it."""

    def __init__(self, store: Store, prefix: str) -> None:
        self.event = threading.Event()
        self._prefix = prefix.upper()
        self._engine = store.engine
        event.listen(store.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(self._prefix):
            self.event.set()

    def wait(self) -> bool:
        return self.event.wait(STEP)

    def remove(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._seen)


@dataclass
class Client:
    """A service call running on its own thread: its result, or what it raised."""

    call: Callable[[], Any]
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Client:
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            self.result = self.call()
        except BaseException as exc:  # handed to the test's assertions
            self.error = exc
        finally:
            self.done.set()

    def finish(self) -> Client:
        assert self.done.wait(STEP), "the client never finished"
        return self


def commit_order(*stores: tuple[str, Store]) -> list[str]:
    """A list that gets each client's name when one of its units of work commits."""
    order: list[str] = []
    for name, store in stores:
        event.listen(store.sessions, "after_commit",
                     lambda _session, name=name: order.append(name))
    return order
