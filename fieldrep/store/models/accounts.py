"""Accounts, their tags and contacts, and the territories they belong to."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldrep.store.models.base import Base, owner_column, utcnow, version_column
from fieldrep.store.types import ExactDecimal


class Territory(Base):
    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = version_column()
    owner: Mapped[str] = owner_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    name: Mapped[str] = mapped_column(String(200), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(7), default="")
    #: GeoJSON geometry (Polygon or MultiPolygon, lon/lat) drawn on the map; "" if none.
    polygon: Mapped[str] = mapped_column(Text, default="")
    #: Postcodes ("69003"), postcode prefixes ("38*") and towns, one per line.
    areas: Mapped[str] = mapped_column(Text, default="")

    accounts: Mapped[list[Account]] = relationship(back_populates="territory")


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = version_column()
    owner: Mapped[str] = owner_column()
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    territory_id: Mapped[int | None] = mapped_column(
        ForeignKey("territories.id", ondelete="SET NULL"), index=True)
    #: The rep chose the territory by hand: automatic assignment leaves it alone.
    territory_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    street: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geocode_source: Mapped[str] = mapped_column(String(50), default="")
    geocode_precision: Mapped[str] = mapped_column(String(20), default="")
    tier: Mapped[str] = mapped_column(String(1), default="C")
    cadence_days: Mapped[int] = mapped_column(Integer, default=60)
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=30)
    annual_value: Mapped[Decimal | None] = mapped_column(ExactDecimal(2))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    territory: Mapped[Territory | None] = relationship(back_populates="accounts")
    tags: Mapped[list[AccountTag]] = relationship(
        cascade="all, delete-orphan", order_by="AccountTag.tag")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Contact.id")


class AccountTag(Base):
    __tablename__ = "account_tags"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")

    account: Mapped[Account] = relationship(back_populates="contacts")


Index("ix_accounts_postcode_country", Account.country, Account.postcode)
# In the "fieldrep" collation on SQLite (migration 0007), for the table's orders.
Index("ix_accounts_name_collated", Account.name)
Index("ix_accounts_city_collated", Account.city)
