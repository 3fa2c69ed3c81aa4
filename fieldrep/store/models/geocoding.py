"""The geocoder's answers, kept so an address is never looked up twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Float,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from fieldrep.store.models.base import Base, utcnow


class GeocodeCacheEntry(Base):
    """One geocoder answer for one normalised address; ``lat`` None records "not found"."""

    __tablename__ = "geocode_cache"
    __table_args__ = (UniqueConstraint("provider", "query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(String(500))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(20), default="")
    display_name: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
