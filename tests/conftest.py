"""Shared fixtures: a real SQLite store file per test, and private user folders.

Tests never touch the user's folders or environment: before anything of FieldRep is
imported, every ``FIELDREP_*`` variable is cleared and the data, config and cache folders
(XDG) point into a folder of this test session, removed at its end.  The offline
gazetteer's index is built there once, at the start of the session, so no test waits on a
cold cache.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

#: A PostgreSQL server the ``postgres`` tests may use instead of starting their own.
POSTGRES_URL_OVERRIDE = os.environ.get("FIELDREP_TEST_POSTGRES_URL", "")
SESSION_HOME = Path(tempfile.mkdtemp(prefix="fieldrep-tests-"))
atexit.register(shutil.rmtree, SESSION_HOME, ignore_errors=True)
for _name in [name for name in os.environ if name.startswith("FIELDREP_")]:
    del os.environ[_name]
for _name, _folder in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                       ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
    os.environ[_name] = str(SESSION_HOME / _folder)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# FieldRep is imported only now, with the private folders in place.
from fieldrep.common.log import start_log_file, stop_log_file  # noqa: E402
from fieldrep.geocoding.gazetteer import index_file  # noqa: E402
from fieldrep.store import Store, open_store  # noqa: E402
from tests.nominatim_server import nominatim  # noqa: E402
from tests.osm_extracts import liechtenstein, liechtenstein_folder  # noqa: E402
from tests.postgres_server import start_server  # noqa: E402
from ui.widgets.roads_scheme import register_scheme  # noqa: E402

register_scheme()  # before pytest-qt creates the QApplication, as Qt WebEngine wants

__all__ = ["liechtenstein", "liechtenstein_folder", "nominatim"]


@pytest.fixture(scope="session", autouse=True)
def _gazetteer_index() -> Path:
    """The offline gazetteer's index, built once in the session's cache folder."""
    return index_file()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file (WAL, foreign keys) in the test's folder."""
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a database on the session's throw-away PostgreSQL server (started on
    first use, stopped at the end), or of ``FIELDREP_TEST_POSTGRES_URL`` when set.  A
    server that cannot be started fails the tests that need it: they never skip."""
    if POSTGRES_URL_OVERRIDE:
        yield POSTGRES_URL_OVERRIDE
        return
    server = start_server()
    try:
        yield server.url
    finally:
        server.stop()


_databases = itertools.count(1)


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:
    """URL of a fresh, empty database on the test PostgreSQL server (dropped after)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fieldrep_test_{os.getpid()}_{next(_databases)}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(postgres_server).set(database=name).render_as_string(
            hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def new_rep(pg_url: str) -> Iterator[Callable[[], str]]:
    """Make logins of the test database, ``rep_…``, who may read and write the tables
    (within the row-level rules) but are no managers: each call gives one's URL; all are
    dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from fieldrep.store import open_store

    open_store(pg_url).close()  # the tables, created by the superuser
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"rep_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(text(f"CREATE ROLE {name} LOGIN"))
            connection.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}"))
            connection.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}"))
        made.append(name)
        return make_url(pg_url).set(username=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f"DROP OWNED BY {name}"))
            connection.execute(text(f"DROP ROLE {name}"))
    admin.dispose()


@pytest.fixture
def rep_login(new_rep: Callable[[], str]) -> str:
    """The URL of a login who is a rep and no manager."""
    return new_rep()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL on each kind of database FieldRep runs on: a SQLite file, then a
    database on the real PostgreSQL test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An opened, migrated store on a real SQLite file."""
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _no_user_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the real user data folder (FIELDREP_DB points at the test's)."""
    monkeypatch.setenv("FIELDREP_DB", f"sqlite:///{tmp_path / 'env-store.sqlite3'}")


@pytest.fixture
def log_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The log file, started as the command line starts it, in the test's own state
    folder (closed after the test)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = start_log_file()
    assert path is not None and path.is_relative_to(tmp_path)
    yield path
    stop_log_file()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a test file and return its path."""
    path.write_text(text, encoding=encoding, newline="")
    return path


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path: Path) -> Iterator[None]:
    """Window state and app preferences (QSettings) go to the test's folder, as INI files."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # the core tests run without Qt too
        yield
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    yield
