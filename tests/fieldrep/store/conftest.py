"""The store's tests run on both kinds of database: a SQLite file and real PostgreSQL."""

from collections.abc import Iterator

import pytest

from fieldrep.store import Store, open_store


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every store test of this folder runs once on SQLite, once on PostgreSQL."""
    return any_db_url


@pytest.fixture
def two(db_url: str) -> Iterator[tuple[Store, Store]]:
    """Two clients of one store, each with its own engine and connections."""
    first = open_store(db_url)
    second = open_store(db_url)
    yield first, second
    first.close()
    second.close()
