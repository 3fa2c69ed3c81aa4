"""The account as plain values: what services hand to the CLI and the UI (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

TIERS = ("A", "B", "C")
DEFAULT_CADENCE_DAYS = {"A": 14, "B": 30, "C": 60}
DEFAULT_MEETING_MINUTES = 30

#: Ends the ``geocode_source`` of an account placed among namesakes with nothing to decide
#: between them (no postcode, no region): the rep is asked to check it.  Any other placement
#: (a pin, an online lookup, coordinates imported or typed) writes its own source and so
#: clears it; an edit that keeps the location keeps it.
TO_CHECK_MARK = " (to check)"


def marked_to_check(source: str) -> str:
    """``source`` marked as a location the rep should check (``gazetteer (to check)``)."""
    return source if source.endswith(TO_CHECK_MARK) else source + TO_CHECK_MARK


class Precision(StrEnum):
    """How exactly an account's coordinates place it.

    ``EXACT`` came with the data or from a pin the rep set; ``ADDRESS`` and ``STREET`` come
    from an online geocoder; ``POSTCODE`` and ``TOWN`` are approximate (offline fallback or a
    geocoder that could only find the town) and the UI shows them as such.
    """

    EXACT = "exact"
    MANUAL = "manual"
    ADDRESS = "address"
    STREET = "street"
    POSTCODE = "postcode"
    TOWN = "town"
    NOT_FOUND = "not_found"

    @property
    def approximate(self) -> bool:
        return self in (Precision.POSTCODE, Precision.TOWN)


@dataclass(frozen=True)
class ContactData:
    """A person at an account."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class AccountData:
    """Everything FieldRep knows about one account, as immutable plain values.

    ``id`` is None for an account not stored yet.  ``opening_hours`` is the canonical text
    of :mod:`fieldrep.common.hours` ("" when unknown).
    """

    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    geocode_source: str = ""
    geocode_precision: str = ""
    external_id: str | None = None
    tier: str = "C"
    cadence_days: int = DEFAULT_CADENCE_DAYS["C"]
    opening_hours: str = ""
    meeting_minutes: int = DEFAULT_MEETING_MINUTES
    annual_value: Decimal | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    active: bool = True
    territory: str = ""
    #: The territory was chosen by the rep (an import column, an edit, a map selection):
    #: territories drawn on the map or defined by postcodes do not reassign the account.
    territory_locked: bool = False
    contacts: tuple[ContactData, ...] = field(default=())
    id: int | None = None
    #: The stored version this copy was read at (None: not stored, or not to be checked):
    #: saving it when the store holds a newer one is refused, never a silent overwrite.
    version: int | None = None
    #: The rep the account belongs to: a database login on a team's server, '' on a SQLite
    #: file (one rep).  Read from the store; never written from here (the manager's
    #: :func:`~fieldrep.usecases.team.assign_territory` gives accounts to a rep).
    owner: str = ""

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def location_to_check(self) -> bool:
        """Placed offline among namesakes, not found, or not located at all: the rep should
        look at it."""
        return (self.geocode_source.endswith(TO_CHECK_MARK)
                or self.geocode_precision == Precision.NOT_FOUND.value or not self.located)

    @property
    def address(self) -> str:
        """One-line postal address, the parts that are known."""
        town = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (self.street, town, self.region, self.country) if p)
