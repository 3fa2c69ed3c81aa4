"""The column names real exports and everyday sales files use for each account field.

The names are data, kept with their sources in ``headers/*.toml`` (one file per CRM, address
book or language; see ``headers/README.md``), and compared folded (:func:`header_key`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from importlib import resources
from typing import Any

from fieldrep.common.text import fold

#: The pseudo-field of the data files naming a house-number column (it fills ``street``).
STREET_NUMBER = "street_number"


class Strength(IntEnum):
    """How surely a name means its field (a lower value wins)."""

    #: a name a product writes in its exports
    PRODUCT = 0
    #: an everyday word of a sales file typed by hand
    WORD = 1
    #: the field only if the column's values are readable as it
    IF_VALUES_FIT = 2
    #: the field only if no other column fills it
    FALLBACK = 3


@dataclass(frozen=True)
class HeaderName:
    """What one folded column name means."""

    field: str
    strength: Strength
    house_number: bool = False


class HeaderDataError(ValueError):
    """The packaged header lists contradict themselves (a name meaning two fields)."""


def header_key(header: str) -> str:
    """The comparable form of a header: ``"Code_Postal"`` → ``"code postal"``."""
    return fold(header)


@lru_cache(maxsize=1)
def header_names() -> dict[str, HeaderName]:
    """Every known column name (folded) → what it means, from the packaged data files."""
    folder = resources.files("fieldrep.importing") / "headers"
    files = sorted((item for item in folder.iterdir() if item.name.endswith(".toml")),
                   key=lambda item: item.name)
    return merge_header_lists((item.name, tomllib.loads(item.read_text("utf-8")))
                              for item in files)


def merge_header_lists(lists: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, HeaderName]:
    """Merge parsed data files (``(file name, TOML table)`` pairs) into one look-up.

    A name listed by several files must mean the same field everywhere; it keeps its
    strongest meaning, except that a product's name which is also an everyday word (Odoo's
    "Street", Outlook's "Company") counts as the everyday word.  Raises
    :class:`HeaderDataError` naming the contradiction.
    """
    names: dict[str, tuple[HeaderName, str]] = {}
    for file_name, data in lists:
        base = Strength.PRODUCT if data.get("kind") == "product" else Strength.WORD
        if not data.get("sources"):
            raise HeaderDataError(f"{file_name}: no sources")
        tables = ((data.get("fields", {}), base), (data.get("if_values_fit", {}),
                  Strength.IF_VALUES_FIT), (data.get("fallback", {}), Strength.FALLBACK))
        for table, strength in tables:
            for field, headers in table.items():
                number = field == STREET_NUMBER
                meaning = HeaderName("street" if number else field, strength, number)
                for header in headers:
                    key = header_key(header)
                    known = names.get(key)
                    if known is not None and (known[0].field, known[0].house_number) != (
                            meaning.field, meaning.house_number):
                        raise HeaderDataError(
                            f"{file_name}: {header!r} means {field}, but {known[1]} says "
                            f"{known[0].field}")
                    if known is None or _merged(known[0].strength, strength) != known[0].strength:
                        names[key] = (meaning, file_name)
    return {key: meaning for key, (meaning, _file) in names.items()}


def _merged(first: Strength, second: Strength) -> Strength:
    """The strength of a name listed twice."""
    if {first, second} == {Strength.PRODUCT, Strength.WORD}:
        return Strength.WORD
    return min(first, second)


def is_house_number(header: str) -> bool:
    """Whether a column named ``header`` holds house numbers (``Hausnummer``, ``Numero``)."""
    meaning = header_names().get(header_key(header))
    return meaning is not None and meaning.house_number
