"""A second PostgreSQL login for the team tests: a rep who is no manager."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text

from fieldrep.store import open_store


@pytest.fixture
def rep_login(pg_url: str) -> Iterator[str]:
    """A URL of the test database for a second login, ``rep_…``, who may read and write
    the tables but is no manager; dropped afterwards."""
    open_store(pg_url).close()  # the tables, created by the superuser
    name = f"rep_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {name} LOGIN"))
        connection.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}"))
        connection.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}"))
    yield make_url(pg_url).set(username=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP OWNED BY {name}"))
        connection.execute(text(f"DROP ROLE {name}"))
    admin.dispose()
