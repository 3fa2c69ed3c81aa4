"""The account fields a rep can import a column as: what each is called and in what order.

The import wizard lists these in its "Import as" choices and names them in its preview and
its problems; a file's own numbered contacts beyond the usual three are offered as found.
"""

from __future__ import annotations

from collections.abc import Iterable

from fieldrep.importing.columns import CONTACT_PARTS, FIELDS, contact_slot

#: Contacts 1 to 3 are always offered; a file's "contact 4" columns and beyond are added.
CONTACT_SLOTS = 3

#: Fields whose values are numbers (shown right-aligned).
NUMERIC_FIELDS = frozenset({"lat", "lon", "cadence_days", "meeting_minutes", "annual_value"})

FIELD_LABELS: dict[str, str] = {
    "name": "Account name",
    "external_id": "External id (CRM)",
    "street": "Street",
    "postcode": "Postcode",
    "city": "City",
    "region": "Region / state",
    "country": "Country",
    "lat": "Latitude",
    "lon": "Longitude",
    "geocode_source": "Location source",
    "geocode_precision": "Location precision",
    "tier": "Tier (A, B, C)",
    "cadence_days": "Visit every (days)",
    "opening_hours": "Opening hours",
    "meeting_minutes": "Meeting length (min)",
    "annual_value": "Annual value",
    "tags": "Tags",
    "notes": "Notes",
    "active": "Active",
    "territory": "Territory",
}
_CONTACT_PART_LABELS = {"name": "name", "role": "role", "phone": "phone", "email": "e-mail"}


def field_label(field: str) -> str:
    """What a rep calls an account field: ``contact2_email`` → "Contact 2: e-mail"."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    slot = contact_slot(field)
    if slot is not None:
        number, part = slot
        who = "Contact" if number == 1 else f"Contact {number}"
        return f"{who}: {_CONTACT_PART_LABELS[part]}"
    return field.replace("_", " ").capitalize()


def field_choices(extra: Iterable[str] = ()) -> list[str]:
    """The fields a column can be imported as, in the order they are offered: the account
    name first, the other account fields, contacts 1 to 3, then any ``extra`` field (a
    file's own numbered contacts) not among them, sorted."""
    fields = [f for f in FIELDS if contact_slot(f) is None]
    fields.insert(0, fields.pop(fields.index("name")))
    for number in range(1, CONTACT_SLOTS + 1):
        prefix = "contact_" if number == 1 else f"contact{number}_"
        fields += [prefix + part for part in CONTACT_PARTS]
    fields += sorted(f for f in set(extra) if f not in fields)
    return fields
