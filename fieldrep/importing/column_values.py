"""What a column holds, told from its values: for columns whose header says nothing, and for
headers that mean a field only when the values fit (a CRM's ``Rating`` is a tier only when it
holds tiers — A/B/C, 1/2/3 or words such as Hot/Warm/Cold — not "Active" or "Normal").

Only the first :data:`SAMPLE_ROWS` non-empty values of a column are looked at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fieldrep.importing import values

#: How many non-empty values of a column are looked at.
SAMPLE_ROWS = 50
#: The share of values that must look alike for a column to be guessed.
AGREEING = 0.9

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s()./-]+$")
_POSTCODE = re.compile(
    r"^(\d{4,5}|\d{2}-\d{3}|\d{3} ?\d{2}|\d{4} ?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
    r"|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{5}-\d{4}|[A-Z]{1,2}-\d{4,5})$", re.IGNORECASE)
_DECIMAL = re.compile(r"^-?\d{1,3}[.,]\d{3,}$")


def column_values(rows: Sequence[tuple[int, Sequence[str]]], index: int) -> list[str]:
    """The first :data:`SAMPLE_ROWS` non-empty values of column ``index``."""
    found: list[str] = []
    for _line, cells in rows:
        value = cells[index].strip() if index < len(cells) else ""
        if value:
            found.append(value)
            if len(found) == SAMPLE_ROWS:
                break
    return found


def values_fit(field: str, sample: Sequence[str]) -> bool:
    """Whether most values of ``sample`` (at least half, and one) read as ``field`` (the
    others are then the rep's typos, named when the rows are read)."""
    if field != "tier" or not sample:
        return False
    return 2 * sum(1 for value in sample if _is_tier(value)) >= len(sample)


def _is_tier(value: str) -> bool:
    try:
        values.parse_tier(value)
    except ValueError:
        return False
    return True


def _mostly(sample: Sequence[str], pattern: re.Pattern[str]) -> bool:
    return bool(sample) and sum(1 for v in sample if pattern.match(v)) >= AGREEING * len(sample)


def _is_phone(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE.match(value)) and 7 <= digits <= 15 and value[0] in "+0("


def guess_field(sample: Sequence[str]) -> str | None:
    """The field values like ``sample`` belong to: ``contact_email``, ``postcode``,
    ``contact_phone``, or ``coordinate`` (a latitude or a longitude; see
    :func:`coordinate_pair`), else None."""
    if not sample:
        return None
    if _mostly(sample, _EMAIL):
        return "contact_email"
    if _mostly(sample, _DECIMAL):
        return "coordinate"
    if _mostly(sample, _POSTCODE) and len({len(v.replace(" ", "")) for v in sample}) <= 2:
        return "postcode"
    if sum(1 for v in sample if _is_phone(v)) >= AGREEING * len(sample):
        return "contact_phone"
    return None


def coordinate_pair(columns: Sequence[tuple[int, Sequence[str]]]) -> dict[int, str]:
    """Latitude and longitude among the coordinate-like ``columns`` ((index, sample)
    pairs): only two such columns are told apart (a value beyond ±90 is a longitude; else
    the latitude comes first, as it is written)."""
    if len(columns) != 2:
        return {}
    (first, first_sample), (second, second_sample) = columns
    first_beyond, second_beyond = _beyond_latitude(first_sample), _beyond_latitude(second_sample)
    if first_beyond and second_beyond:
        return {}
    if first_beyond:
        return {second: "lat", first: "lon"}
    return {first: "lat", second: "lon"}


def _beyond_latitude(sample: Sequence[str]) -> bool:
    return any(abs(float(v.replace(",", "."))) > 90 for v in sample if _DECIMAL.match(v))
