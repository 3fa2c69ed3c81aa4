"""The declarative base every table derives from, with the constraint naming rules."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

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
