"""A second PostgreSQL login for the team tests: a rep who is no manager."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, make_url, text

from fieldrep.store import open_store
from fieldrep.team.identity import MANAGER_ROLE


@pytest.fixture
def new_rep(pg_url: str) -> Iterator[Callable[[], str]]:
    """Make logins of the test database, ``rep_…``, who may read and write the tables
    (within the row-level rules) but are no managers: each call gives one's URL; all are
    dropped afterwards."""
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


def grant_manager(pg_url: str, url: str) -> None:
    """Make the login of ``url`` a member of the manager role (created if missing)."""
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                              {"r": MANAGER_ROLE}).first() is None:
            connection.execute(text(f"CREATE ROLE {MANAGER_ROLE}"))
        connection.execute(text(f"GRANT {MANAGER_ROLE} TO {make_url(url).username}"))
    admin.dispose()
