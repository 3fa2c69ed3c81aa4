"""Open a store from a SQLAlchemy URL: SQLite gets WAL, foreign keys and connections that
wait for a busy store (:mod:`fieldrep.store.waiting`); migrations run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from fieldrep.common.errors import FieldRepError
from fieldrep.store.collation import register_sqlite_collation
from fieldrep.store.owners import guard_owners
from fieldrep.store.unit_of_work import UnitOfWork
from fieldrep.store.waiting import BUSY_TIMEOUT_MS, WaitingConnection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(FieldRepError, RuntimeError):
    """The store cannot be opened (bad URL, unreachable server, unreadable file)."""


@dataclass
class Store:
    """An opened store: the engine and the session factory every service works through."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()
    register_sqlite_collation(dbapi_connection)


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get WAL, foreign keys and their folder."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot open the store in {folder}: {exc.strerror}") from exc
        # A write that meets a busy store waits and tries again instead of failing.
        engine = create_engine(parsed, connect_args={"factory": WaitingConnection})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except Exception as exc:  # missing driver and the like
        raise StoreError(f"cannot use {parsed.render_as_string()}: {exc}") from exc


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # Alembic loads when a store is opened, not before

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is already there)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def head_revision() -> str | None:
    """The newest migration's revision, read from the migration files' text: the one no
    other names as the one before it (None when that is not a single one)."""
    revisions: set[str] = set()
    before: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if name == "revision" else before).update(
                re.findall(r"[\"']([^\"']+)[\"']", value))
    heads = revisions - before
    return next(iter(heads)) if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """Whether the store's schema is at the newest migration already."""
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in versions] == [head]
    except (OperationalError, ProgrammingError):  # no version table yet: a new store
        return False


def open_store(url: str, *, upgrade: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``."""
    store = unopened_store(url)
    connect_store(store, upgrade=upgrade)
    return store


def unopened_store(url: str) -> Store:
    """The store at ``url``, not connected yet: nothing is read or written until
    :func:`connect_store` (the desktop app shows its window meanwhile)."""
    engine = make_engine(url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    guard_owners(sessions)  # a rep changes only their own records (on a team's server)
    return Store(url=url, engine=engine, sessions=sessions)


def connect_store(store: Store, *, upgrade: bool = True) -> None:
    """Connect to the store and by default bring its schema to the newest migration;
    :class:`StoreError` (the engine disposed) when it cannot be opened.  A store already
    at the newest migration is only asked its version (Alembic is not even loaded)."""
    try:
        if upgrade and not at_head(store.engine):
            migrate(store.engine)
        else:
            inspect(store.engine).get_table_names()
    except DatabaseError as exc:  # OperationalError, or a file that is not a database
        store.engine.dispose()
        reason = str(exc.orig).strip() if exc.orig else str(exc)
        raise StoreError(f"cannot open the store {display_url(store.url)}: {reason}")\
            from exc


def store_url(text: str) -> str:
    """The store URL a rep typed, checked: any SQLAlchemy URL, or the full path of a SQLite
    file (which becomes a ``sqlite:///`` URL); empty stays empty ("the default store").
    Raise :class:`StoreError` saying what is wrong; nothing is opened."""
    text = text.strip()
    if not text:
        return ""
    if "://" not in text:
        path = Path(text).expanduser()
        if not path.is_absolute():
            raise StoreError(f"{text!r}: give the full path of the SQLite file, or a URL "
                             "such as postgresql+psycopg://user@host/fieldrep")
        text = f"sqlite:///{path}"
    try:
        parsed = make_url(text)
        parsed.get_dialect()
    except NoSuchModuleError:  # an ArgumentError too: first
        raise StoreError(f"unknown kind of database {parsed.drivername!r} (e.g. sqlite, "
                         "postgresql+psycopg)") from None
    except ArgumentError:
        raise StoreError(f"not a database URL: {text!r} (expected dialect+driver://"
                         "user@host/database)") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise StoreError("an in-memory SQLite store would be lost at exit: give a file")
        if not Path(database).expanduser().is_absolute():
            raise StoreError(f"{database!r}: give the full path of the SQLite file")
    return text


def display_url(url: str) -> str:
    """``url`` fit to show: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def probe_store(url: str) -> str:
    """Connect to ``url`` without changing it (no migration) and say what is there, in one
    line; raise :class:`StoreError` with the one-line reason when it cannot be used."""
    try:
        store = open_store(url, upgrade=False)
    except StoreError as exc:  # drivers explain on several lines: the first says it
        raise StoreError(str(exc).strip().splitlines()[0]) from exc
    except SQLAlchemyError as exc:  # e.g. a file that is not a database
        raise _one_line_error(url, exc) from exc
    try:
        tables = set(inspect(store.engine).get_table_names())
        if "accounts" in tables and "settings" in tables:
            with store.engine.connect() as connection:
                count = connection.scalar(select(func.count()).select_from(table("accounts")))
            return f"a FieldRep store with {count} accounts"
        if tables:
            return (f"the database answers; it holds {len(tables)} other tables, FieldRep "
                    "will add its own at the next start")
        return "the database answers and is empty: FieldRep will set it up at the next start"
    except SQLAlchemyError as exc:
        raise _one_line_error(url, exc) from exc
    finally:
        store.close()


def _one_line_error(url: str, exc: SQLAlchemyError) -> StoreError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return StoreError(f"cannot use the store {display_url(url)}: {reason}")
