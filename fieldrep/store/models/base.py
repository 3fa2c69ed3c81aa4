"""The declarative base every table derives from, with the constraint naming rules."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import FetchedValue, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, timezone-aware in UTC: the default of every ``created_at``."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The tables' base; its metadata is what Alembic compares the migrations with."""

    metadata = MetaData(naming_convention=NAMING)


def version_column() -> Mapped[int]:
    """The row's version, for optimistic concurrency: 1 when made, one more at every
    change.  A table that declares it names it as ``version_id_col`` in its
    ``__mapper_args__``, so SQLAlchemy adds ``WHERE version = <the version read>`` to every
    UPDATE and DELETE of a row and refuses (``StaleDataError``) the save of a copy someone
    else changed in between."""
    return mapped_column(Integer, default=1, server_default="1")


def owner_column() -> Mapped[str]:
    """The rep a record belongs to: on PostgreSQL the database login that wrote it (the
    column's default is ``CURRENT_USER``, whatever tool writes the row), on a SQLite file
    '' (the one rep).  The manager moves a territory to another rep."""
    return mapped_column(String(200), server_default=FetchedValue())
