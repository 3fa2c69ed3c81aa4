"""The travel legs a travel model computed, kept so none is asked twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldrep.store.models.base import Base, utcnow


class TravelCacheEntry(Base):
    """One leg a travel model computed (e.g. an OSRM road time), so it is never asked twice.

    Points are kept as whole units of 1e-5 degree (about a metre), so they compare exactly.
    """

    __tablename__ = "travel_cache"

    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    from_lat: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_lon: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_lat: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_lon: Mapped[int] = mapped_column(Integer, primary_key=True)
    duration: Mapped[int] = mapped_column(Integer)  # seconds
    distance: Mapped[int] = mapped_column(Integer)  # metres
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
