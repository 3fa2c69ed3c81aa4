"""What the account form tells the rep as they type, beside the rules of :mod:`.form`.

Where the location will come from, what a pasted coordinate pair splits into, what the
coordinates become when the address changes, and whether the form differs from what it
showed at first.  No Qt: the dialog only shows these answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from fieldrep.accounts.form import (
    AccountFields,
    address_changed,
    automatic_location,
    format_coordinate,
    resolve_location,
)
from fieldrep.accounts.model import AccountData, Precision

#: "45.764, 4.8357" as copied from a web map: both coordinates pasted into one field.
_PAIRS = (re.compile(r"^\s*(-?\d+\.\d+)\s*(?:[,;]|\s)\s*(-?\d+\.\d+)\s*$"),
          re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*;\s*(-?\d+(?:[.,]\d+)?)\s*$"))

_FOUND_BY: dict[str, str] = {
    Precision.MANUAL: "Manual pin",
    Precision.EXACT: "Exact location (from the imported data)",
    Precision.ADDRESS: "Located by the geocoder at the address",
    Precision.STREET: "Located by the geocoder on the street",
    Precision.POSTCODE: "Approximate: placed at the postcode's centre",
    Precision.TOWN: "Approximate: placed at the town's centre",
}


class Tone(Enum):
    """How a note reads: plain, worth a look, or wrong."""

    PLAIN = "plain"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class LocationNote:
    """One sentence on where the account will be; ``cleared`` when an address change
    cleared the geocoded location."""

    text: str
    tone: Tone = Tone.PLAIN
    cleared: bool = False


def split_coordinate_pair(text: str) -> tuple[str, str] | None:
    """``("45.7640", "4.8357")`` from ``"45.7640, 4.8357"`` (or ``"45,76; 4,83"``), else None."""
    match = next((m for m in (p.match(text) for p in _PAIRS) if m), None)
    if match is None:
        return None
    lat, lon = match.groups()
    return lat, lon


def coordinates_after_address_change(
    fields: AccountFields, original: AccountData | None
) -> tuple[str, str] | None:
    """The coordinate texts once the address was edited, or None to leave them.

    A geocoded location follows the address: cleared when it changes, back when the change
    is undone.  (Coordinates the rep typed are never touched: the caller skips this.)"""
    if original is None or not original.located or not automatic_location(original):
        return None
    if address_changed(fields, original):
        return "", ""
    return format_coordinate(original.lat), format_coordinate(original.lon)


def fields_changed(fields: AccountFields, initial: AccountFields) -> bool:
    """Whether the rep changed anything (an empty contact row is no change)."""
    typed = tuple(c for c in fields.contacts if not c.blank)
    return replace(fields, contacts=typed) != initial


def location_note(fields: AccountFields, original: AccountData | None) -> LocationNote:
    """Where the account will be and where that comes from, in one sentence."""
    place = resolve_location(fields, original)
    if place is None:
        return LocationNote("The coordinates cannot be read.", Tone.ERROR)
    if not place.located:
        if (original is not None and original.located and automatic_location(original)
                and address_changed(fields, original)):
            return LocationNote(
                f"The address changed: the geocoded location ({original.lat:.5f}, "
                f"{original.lon:.5f}) is cleared, “Locate accounts” will place the account "
                "again.", Tone.WARNING, cleared=True)
        if place.precision == Precision.NOT_FOUND:
            return LocationNote("The geocoder did not find this address; type coordinates, "
                                "or correct the address.", Tone.WARNING)
        return LocationNote("No location yet: “Locate accounts” will find it from the address.")
    found_by = _FOUND_BY.get(place.precision, "Location given with the data")
    if place.precision in (Precision.POSTCODE, Precision.TOWN):
        return LocationNote(f"{found_by}.", Tone.WARNING)
    return LocationNote(f"{found_by}.")
