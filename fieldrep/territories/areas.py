"""The areas that place accounts in a territory: postcodes, postcode prefixes and towns.

The rep types them one per line or separated by commas (``69003, 38*, Annecy``); each is
read as a postcode (it has a digit), a postcode prefix (it ends with ``*``) or a town.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from fieldrep.common.text import plural

_SPLIT = re.compile(r"[\n,;]+")
#: How many characters of areas a one-line summary shows before "…".
SHOWN_AREAS_WIDTH = 30


class AreaKind(Enum):
    """How one area places accounts."""

    POSTCODE = "postcode"
    PREFIX = "postcode prefix"
    TOWN = "town"


def parse_areas(text: str) -> tuple[str, ...]:
    """Postcodes, postcode prefixes (``38*``) and towns, from text split by lines or commas."""
    seen: dict[str, None] = {}
    for part in _SPLIT.split(text):
        item = " ".join(part.split())
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def area_kind(area: str) -> AreaKind:
    """``38*`` is a prefix, ``69003`` (anything with a digit) a postcode, the rest towns."""
    code = area.replace(" ", "")
    if code.endswith("*") and len(code) > 1:
        return AreaKind.PREFIX
    if any(ch.isdigit() for ch in code):
        return AreaKind.POSTCODE
    return AreaKind.TOWN


def area_kinds(areas: Sequence[str]) -> str:
    """``2 postcodes, 1 postcode prefix and 1 town``: how many of each kind (none: "")."""
    kinds = [area_kind(area) for area in areas]
    parts = [plural(kinds.count(kind), kind.value, f"{kind.value}es"
                    if kind is AreaKind.PREFIX else None)
             for kind in AreaKind if kind in kinds]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def areas_reading(areas: Sequence[str], *, drawn: bool = False) -> str:
    """How the areas typed for a territory will be read (``drawn``: it also has a shape)."""
    if areas:
        return f"Read as {area_kinds(areas)}."
    if drawn:
        return "Empty: only the drawn shape places accounts here."
    return ("Empty: a list you fill by hand from the Accounts page (no account falls into it "
            "by itself).")


def areas_summary(areas: Sequence[str], width: int = SHOWN_AREAS_WIDTH) -> str:
    """``2 postcodes and 1 postcode prefix: 69001, 69002, 38*``: what and the first few."""
    shown: list[str] = []
    for area in areas:
        if shown and len(", ".join([*shown, area])) > width:
            break
        shown.append(area)
    more = "…" if len(shown) < len(areas) else ""
    return f"{area_kinds(areas)}: {', '.join(shown)}{more}"
