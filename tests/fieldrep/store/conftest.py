"""The store's tests run on both kinds of database: a SQLite file and real PostgreSQL."""

import pytest


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every store test of this folder runs once on SQLite, once on PostgreSQL."""
    return any_db_url
