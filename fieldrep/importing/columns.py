"""Match a spreadsheet's columns to account fields: by their headers (the names real exports
and everyday files use, :mod:`~fieldrep.importing.header_names`), by their values when the
header says nothing (:mod:`~fieldrep.importing.column_values`), or by an explicit mapping."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from fieldrep.common.errors import FieldRepError
from fieldrep.importing.column_values import (
    column_values,
    coordinate_pair,
    guess_field,
    values_fit,
)
from fieldrep.importing.header_names import Strength, header_key, header_names

CONTACT_PARTS = ("name", "role", "phone", "email")
IGNORE = "ignore"

#: The account fields a column can be imported as, in the order they are offered.
FIELDS: tuple[str, ...] = (
    "external_id", "name", "street", "postcode", "city", "region", "country", "lat", "lon",
    "geocode_source", "geocode_precision", "tier", "cadence_days", "opening_hours",
    "meeting_minutes", "annual_value", "tags", "notes", "active", "territory",
    "contact_name", "contact_role", "contact_phone", "contact_email")
#: Fields several columns can fill together, joined in order (street + house number…).
MULTI_COLUMN_FIELDS = frozenset({"street"})
_CONTACT_N = re.compile(r"^contact\s?(\d+)\s?(name|role|phone|email)$")


class MappingError(FieldRepError, ValueError):
    """An explicit mapping names a column or a field that does not exist."""


def is_field(name: str) -> bool:
    """Whether ``name`` is an account field a column can map to."""
    return name in FIELDS or _contact_field(name) is not None


def _contact_field(name: str) -> tuple[int, str] | None:
    match = _CONTACT_N.match(header_key(name))
    if not match:
        return None
    return int(match.group(1)), match.group(2)


def contact_slot(field: str) -> tuple[int, str] | None:
    """``contact_email`` → (1, "email"), ``contact2_phone`` → (2, "phone"), else None."""
    if field.startswith("contact_") and field[8:] in CONTACT_PARTS:
        return 1, field[8:]
    return _contact_field(field)


def guess_mapping(
    headers: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]] = ()
) -> dict[int, str]:
    """Column index → field, for every column whose header or values tell its field.

    A field filled by one column only goes to the surest header (a product's name before an
    everyday word), then the first; the street takes every column named so, in order.  A
    fallback name counts only when nothing else fills the field.
    A header that means a field only when its values fit it (``Rating``) is checked against
    ``rows`` (``(line, cells)`` pairs); a column whose header is unknown is guessed from its
    values (e-mails, postcodes, phones, coordinates).
    """
    names = header_names()
    found: dict[str, list[tuple[Strength, int]]] = {}
    unknown: list[int] = []
    for index, header in enumerate(headers):
        meaning = names.get(header_key(header))
        numbered = _contact_field(header)
        if meaning is not None:
            field, strength = meaning.field, meaning.strength
            if strength == Strength.IF_VALUES_FIT:
                if not values_fit(field, column_values(rows, index)):
                    continue
                strength = Strength.WORD
        elif numbered is not None:
            number, part = numbered
            field = f"contact_{part}" if number == 1 else f"contact{number}_{part}"
            strength = Strength.WORD
        else:
            unknown.append(index)
            continue
        found.setdefault(field, []).append((strength, index))
    mapping: dict[int, str] = {}
    for field, candidates in found.items():
        best = min(strength for strength, _index in candidates)
        if field in MULTI_COLUMN_FIELDS and best < Strength.FALLBACK:
            best = Strength.WORD  # every address line, whoever names it
        chosen = sorted(index for strength, index in candidates if strength <= best)
        for index in chosen if field in MULTI_COLUMN_FIELDS else chosen[:1]:
            mapping[index] = field
    mapping.update(_guess_from_values(unknown, rows, set(mapping.values())))
    return dict(sorted(mapping.items()))


def _guess_from_values(
    columns: Sequence[int], rows: Sequence[tuple[int, Sequence[str]]], taken: set[str]
) -> dict[int, str]:
    """Fields for the ``columns`` whose header says nothing, from their values (a field
    already ``taken`` is not given again)."""
    guessed: dict[int, str] = {}
    coordinates: list[tuple[int, list[str]]] = []
    for index in columns:
        sample = column_values(rows, index)
        field = guess_field(sample)
        if field == "coordinate":
            coordinates.append((index, sample))
        elif field is not None and field not in taken:
            guessed[index] = field
            taken.add(field)
    if not {"lat", "lon"} & taken:
        guessed.update(coordinate_pair(coordinates))
    return guessed


def apply_overrides(
    headers: Sequence[str], mapping: dict[int, str], overrides: Mapping[str, str]
) -> dict[int, str]:
    """Apply ``COLUMN=field`` overrides (``field`` empty or ``ignore`` drops the column)."""
    result = dict(mapping)
    keys = [header_key(h) for h in headers]
    for column, field in overrides.items():
        wanted = header_key(column)
        if wanted not in keys:
            raise MappingError(
                f"no column {column!r} in the file; its columns are: {', '.join(headers)}")
        index = keys.index(wanted)
        field = field.strip()
        if field in ("", IGNORE):
            result.pop(index, None)
            continue
        if not is_field(field):
            raise MappingError(f"{field!r} is not an account field; fields are: "
                               f"{', '.join(FIELDS)}")
        if field not in MULTI_COLUMN_FIELDS:
            for other, existing in list(result.items()):
                if existing == field:
                    del result[other]
        result[index] = field
    return result


def parse_overrides(items: Sequence[str]) -> dict[str, str]:
    """``["Firma=name", "Notes="]`` → ``{"Firma": "name", "Notes": ""}``."""
    result: dict[str, str] = {}
    for item in items:
        column, sep, field = item.partition("=")
        if not sep or not column.strip():
            raise MappingError(f"{item!r}: expected COLUMN=field")
        result[column.strip()] = field.strip()
    return result
