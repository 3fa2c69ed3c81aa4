"""Open a store from a SQLAlchemy URL: SQLite gets WAL and foreign keys, migrations run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from fieldrep.store.unit_of_work import UnitOfWork

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(RuntimeError):
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
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


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
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except Exception as exc:  # missing driver and the like
        raise StoreError(f"cannot use {parsed.render_as_string()}: {exc}") from exc


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is already there)."""
    command.upgrade(alembic_config(engine), "head")


def open_store(url: str, *, upgrade: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``."""
    engine = make_engine(url)
    try:
        if upgrade:
            migrate(engine)
        else:
            inspect(engine).get_table_names()
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip() if exc.orig else str(exc)
        raise StoreError(f"cannot open the store {make_url(url).render_as_string()}: {reason}")\
            from exc
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
