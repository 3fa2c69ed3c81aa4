"""The rules of the account form, without Qt: what the rep typed → an account, or the reasons.

The dialog keeps the rep's texts as :class:`AccountFields` (nothing is rewritten while they
type) and asks :func:`check_account` after every change.  The answer is either the
:class:`~fieldrep.accounts.model.AccountData` to save or a list of :class:`Problem` in the order
of the form, each naming the field and why it is refused.  The same parsers as the
spreadsheet import are used, so "12 500,50", "45,7489" or "lundi-vendredi 8h-12h" are read
the same way everywhere.

Location rules: coordinates typed by hand become a manual pin (source and precision
"manual"); coordinates left as they were keep their origin, except that an address change
clears a location the geocoder found, so "Locate accounts" places the account again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from fieldrep.accounts.model import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_MEETING_MINUTES,
    AccountData,
    ContactData,
    Precision,
)
from fieldrep.common.countries import country_code
from fieldrep.common.hours import OpeningHoursError, parse_opening_hours
from fieldrep.importing import values
from fieldrep.importing.rows import TEXT_LIMITS

MANUAL_SOURCE = "manual"
MIN_MEETING_MINUTES = 5
MAX_MEETING_MINUTES = 480
MAX_AMOUNT = Decimal(10) ** 12
CONTACT_LIMITS = {"name": 200, "role": 200, "phone": 50, "email": 200}
CONTACT_LABELS = {"name": "name", "role": "role", "phone": "phone", "email": "e-mail"}
TAG_LIMIT = 100

#: The form's fields in the dialog's order, with the label a problem is named by.
FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "external_id": "External id",
    "territory": "Territory",
    "tags": "Tags",
    "annual_value": "Annual value",
    "street": "Street",
    "postcode": "Postcode",
    "city": "City",
    "region": "Region",
    "country": "Country",
    "lat": "Latitude",
    "lon": "Longitude",
    "notes": "Notes",
    "tier": "Tier",
    "cadence_days": "Visit every",
    "meeting_minutes": "Meeting length",
    "opening_hours": "Opening hours",
}
ADDRESS_FIELDS = ("street", "postcode", "city", "region", "country")
#: Precisions a geocoder gives: such a location follows the address.
AUTOMATIC_PRECISIONS = frozenset(
    p.value for p in (Precision.ADDRESS, Precision.STREET, Precision.POSTCODE, Precision.TOWN,
                      Precision.NOT_FOUND))


@dataclass(frozen=True)
class ContactFields:
    """One contact row as typed."""

    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""

    @property
    def blank(self) -> bool:
        return not any(s.strip() for s in (self.name, self.role, self.phone, self.email))


@dataclass(frozen=True)
class AccountFields:
    """The account form as the rep typed it: texts, except the tier, numbers and flags
    that the dialog's widgets already hold as values."""

    name: str = ""
    external_id: str = ""
    territory: str = ""
    tags: str = ""
    annual_value: str = ""
    active: bool = True
    street: str = ""
    postcode: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    lat: str = ""
    lon: str = ""
    notes: str = ""
    tier: str = "C"
    cadence_days: int = DEFAULT_CADENCE_DAYS["C"]
    meeting_minutes: int = DEFAULT_MEETING_MINUTES
    opening_hours: str = ""
    contacts: tuple[ContactFields, ...] = field(default=())

    @classmethod
    def from_account(cls, account: AccountData) -> AccountFields:
        """The form showing ``account``; unchanged, it checks back to the same account
        (for an account stored in the usual form: country code, canonical hours)."""
        return cls(
            name=account.name, external_id=account.external_id or "",
            territory=account.territory, tags=", ".join(account.tags),
            annual_value=format_amount(account.annual_value), active=account.active,
            street=account.street, postcode=account.postcode, city=account.city,
            region=account.region, country=account.country,
            lat=format_coordinate(account.lat), lon=format_coordinate(account.lon),
            notes=account.notes, tier=account.tier, cadence_days=account.cadence_days,
            meeting_minutes=account.meeting_minutes, opening_hours=account.opening_hours,
            contacts=tuple(ContactFields(c.name, c.role, c.phone, c.email)
                           for c in account.contacts),
        )


@dataclass(frozen=True)
class Problem:
    """Why one field is refused.  ``field`` is a key of :data:`FIELD_LABELS`, or
    ``contact:<row>:<column>`` for a cell of the contacts table (row from 0)."""

    field: str
    label: str
    reason: str

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(frozen=True)
class Location:
    """Where the edited account will be, and where that location comes from."""

    lat: float | None = None
    lon: float | None = None
    source: str = ""
    precision: str = ""

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class FormResult:
    """The account to save, or the problems that prevent it (in the form's order)."""

    account: AccountData | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, field_name: str) -> Problem | None:
        """The problem of one field, if any."""
        return next((p for p in self.problems if p.field == field_name), None)


def contact_key(row: int, column: str) -> str:
    """The :attr:`Problem.field` of a contacts table cell."""
    return f"contact:{row}:{column}"


def format_coordinate(value: float | None) -> str:
    """Degrees as the form shows them; reading the text back gives the same float."""
    return "" if value is None else repr(float(value))


def format_amount(value: Decimal | None) -> str:
    """An amount as the form shows it: plain digits, a point before the cents if any."""
    if value is None:
        return ""
    text = f"{value:.2f}"
    return text.removesuffix(".00")


def readable_amount(value: Decimal) -> str:
    """An amount grouped by thousands with thin spaces (``12 500.50``), never ambiguous."""
    return f"{value:,.2f}".replace(",", "\u202f").removesuffix(".00")


def automatic_location(account: AccountData | None) -> bool:
    """Whether the account's location came from a geocoder (so it follows its address)."""
    return account is not None and account.geocode_precision in AUTOMATIC_PRECISIONS


def address_changed(fields: AccountFields, original: AccountData | None) -> bool:
    """Whether the typed address differs from the original account's."""
    if original is None:
        return False
    before = (original.street, original.postcode, original.city, original.region,
              country_code(original.country))
    after = (fields.street, fields.postcode, fields.city, fields.region,
             country_code(fields.country))
    return tuple(" ".join(s.split()).casefold() for s in before) != tuple(
        " ".join(s.split()).casefold() for s in after)


def cadence_after_tier_change(
    old_tier: str, new_tier: str, cadence_days: int, edited: bool
) -> int:
    """The cadence once the tier changes: the new tier's default, unless the rep chose one
    (``edited``) or the account already had a cadence of its own."""
    if edited or cadence_days != DEFAULT_CADENCE_DAYS.get(old_tier):
        return cadence_days
    return DEFAULT_CADENCE_DAYS.get(new_tier, cadence_days)


def resolve_location(fields: AccountFields, original: AccountData | None) -> Location | None:
    """The location the form gives the account (None while a coordinate is unreadable).

    Both coordinates empty: no location ("not found" is kept while the address stays the
    same, so the geocoder is not asked again).  The original coordinates: their origin is
    kept, unless the address changed and the geocoder had placed the account — then it is
    cleared, to be located again.  Any other coordinates: a manual pin.
    """
    try:
        lat = _parse_coordinate(fields.lat, -90, 90, "latitude")
        lon = _parse_coordinate(fields.lon, -180, 180, "longitude")
    except ValueError:
        return None
    moved = address_changed(fields, original)
    if lat is None or lon is None:
        if original is not None and not original.located and not moved:
            return Location(source=original.geocode_source, precision=original.geocode_precision)
        return Location()
    if original is not None and original.located and _same_place(
            (lat, lon), (original.lat, original.lon)):
        if moved and automatic_location(original):
            return Location()
        return Location(original.lat, original.lon, original.geocode_source,
                        original.geocode_precision)
    return Location(lat, lon, MANUAL_SOURCE, Precision.MANUAL.value)


def check_account(fields: AccountFields, original: AccountData | None = None) -> FormResult:
    """Read the form; ``original`` is the account being edited (None for a new one).

    The result keeps the original's id and, unless the rules above say otherwise, its
    location's origin.
    """
    problems: list[Problem] = []
    out: dict[str, Any] = {}

    def fail(name: str, reason: str) -> None:
        label = FIELD_LABELS[name]
        if reason.lower().startswith(label.lower() + " "):  # "Latitude: latitude 91 is…"
            reason = reason[len(label) + 1:]
        problems.append(Problem(name, label, reason))

    name = " ".join(fields.name.split())
    if not name:
        fail("name", "the account name is empty")
    out["name"] = name
    for key in ("external_id", "territory", "street", "postcode", "city", "region", "country"):
        text = " ".join(getattr(fields, key).split())
        limit = TEXT_LIMITS[key]
        if len(text) > limit:
            fail(key, f"longer than {limit} characters ({len(text)})")
        out[key] = text
    if len(name) > TEXT_LIMITS["name"]:
        fail("name", f"longer than {TEXT_LIMITS['name']} characters ({len(name)})")
    out["external_id"] = out["external_id"] or None  # unique: "" would collide
    out["country"] = country_code(str(out["country"]))

    tags = values.parse_tags(fields.tags)
    long_tags = [t for t in tags if len(t) > TAG_LIMIT]
    if long_tags:
        fail("tags", f"a tag is longer than {TAG_LIMIT} characters ('{long_tags[0][:20]}…')")
    out["tags"] = tags

    out["annual_value"] = None
    if fields.annual_value.strip():
        try:
            amount = values.parse_amount(fields.annual_value)
            if amount >= MAX_AMOUNT:
                raise ValueError(f"{fields.annual_value.strip()!r} is too large")
            out["annual_value"] = amount
        except ValueError as exc:
            fail("annual_value", str(exc))

    lat = _coordinate(fields.lat, -90, 90, "latitude", "lat", fail)
    lon = _coordinate(fields.lon, -180, 180, "longitude", "lon", fail)
    lat_text, lon_text = fields.lat.strip(), fields.lon.strip()
    if lat_text and not lon_text:
        fail("lon", "missing: give both coordinates, or clear the latitude")
    elif lon_text and not lat_text:
        fail("lat", "missing: give both coordinates, or clear the longitude")
    elif lat == 0 and lon == 0:
        fail("lat", "0, 0 is not a real location (an empty value saved as zero?)")

    tier = fields.tier
    try:
        tier = values.parse_tier(fields.tier)
    except ValueError as exc:
        fail("tier", str(exc))
    if not 1 <= fields.cadence_days <= values.MAX_CADENCE_DAYS:
        fail("cadence_days", f"{fields.cadence_days} days is outside "
                             f"1..{values.MAX_CADENCE_DAYS}")
    if not MIN_MEETING_MINUTES <= fields.meeting_minutes <= MAX_MEETING_MINUTES:
        fail("meeting_minutes", f"{fields.meeting_minutes} minutes is outside "
                                f"{MIN_MEETING_MINUTES}..{MAX_MEETING_MINUTES}")
    hours = ""
    try:
        hours = parse_opening_hours(fields.opening_hours).to_text()
    except OpeningHoursError as exc:
        fail("opening_hours", str(exc))

    contacts = _contacts(fields.contacts, problems)
    problems.sort(key=_order)
    if problems:
        return FormResult(None, tuple(problems))

    base = original or AccountData(name="")
    territory = str(out["territory"])
    locked = (bool(territory) if original is None or territory != original.territory
              else original.territory_locked)
    place = resolve_location(fields, original) or Location()
    account = replace(
        base, **out, lat=place.lat, lon=place.lon, geocode_source=place.source,
        geocode_precision=place.precision, notes=fields.notes.rstrip(), active=fields.active,
        tier=tier, cadence_days=fields.cadence_days, meeting_minutes=fields.meeting_minutes,
        opening_hours=hours, contacts=contacts, territory_locked=locked)
    return FormResult(account)


def _parse_coordinate(text: str, low: float, high: float, what: str) -> float | None:
    return values.parse_coordinate(text, low, high, what) if text.strip() else None


def _coordinate(
    text: str, low: float, high: float, what: str, key: str, fail: Callable[[str, str], None]
) -> float | None:
    try:
        return _parse_coordinate(text, low, high, what)
    except ValueError as exc:
        fail(key, str(exc))
        return None


def _contacts(rows: tuple[ContactFields, ...], problems: list[Problem]) -> tuple[
        ContactData, ...]:
    contacts: list[ContactData] = []
    for row, typed in enumerate(rows):
        if typed.blank:
            continue  # an empty row the rep added and did not fill
        cleaned = {col: " ".join(getattr(typed, col).split()) for col in CONTACT_LIMITS}
        for col, limit in CONTACT_LIMITS.items():
            if len(cleaned[col]) > limit:
                problems.append(Problem(contact_key(row, col),
                                        f"Contact {row + 1} {CONTACT_LABELS[col]}",
                                        f"longer than {limit} characters"))
        if cleaned["email"] and len(cleaned["email"]) <= CONTACT_LIMITS["email"]:
            try:
                values.parse_email(cleaned["email"])
            except ValueError as exc:
                problems.append(Problem(contact_key(row, "email"),
                                        f"Contact {row + 1} e-mail", str(exc)))
        contacts.append(ContactData(**cleaned))
    return tuple(contacts)


def _order(problem: Problem) -> tuple[int, int, int]:
    """Problems in the dialog's order: the fields, then the contacts row by row."""
    if problem.field.startswith("contact:"):
        _, row, col = problem.field.split(":")
        return (len(FIELD_LABELS), int(row), list(CONTACT_LIMITS).index(col))
    return (list(FIELD_LABELS).index(problem.field), 0, 0)


def _same_place(a: tuple[float, float], b: tuple[float | None, float | None]) -> bool:
    return all(y is not None and abs(x - y) < 1e-9 for x, y in zip(a, b, strict=True))

