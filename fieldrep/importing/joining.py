"""Fields built from several columns: street + house number, address lines 1 to 3.

The columns of one field are joined in the file's order (", " between address lines), except
a house-number column, placed as the account's country writes an address: before the street
name in France, the UK, the US… ("12 rue de la Paix"), after it elsewhere and when the
country is unknown ("Hauptstraße 5").  A street cell written on several lines (Salesforce's
``Billing Street``) becomes one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from fieldrep.common.countries import country_code
from fieldrep.importing.columns import MULTI_COLUMN_FIELDS
from fieldrep.importing.header_names import is_house_number

#: Countries whose addresses put the house number before the street name.
NUMBER_FIRST = frozenset({"FR", "GB", "IE", "US", "CA", "AU", "NZ", "LU", "MC", "IN", "ZA"})


@dataclass(frozen=True)
class Join:
    """One field's columns: the lines in file order, the house numbers, and where the
    joined text goes (the field's first column)."""

    field: str
    lines: tuple[int, ...]
    numbers: tuple[int, ...]

    @property
    def target(self) -> int:
        return min(self.lines + self.numbers)

    def text(self, cells: Sequence[str], country: str) -> str:
        """The field's text in a row whose country (code or name, "" if unknown) is
        ``country``."""
        lines = [_one_line(cells[i]) for i in self.lines if i < len(cells)]
        lines = [line for line in lines if line]
        number = " ".join(cells[i].strip() for i in self.numbers
                          if i < len(cells) and cells[i].strip())
        if number and lines:
            first_code = country_code(country.strip()) if country.strip() else ""
            lines[0] = (f"{number} {lines[0]}" if first_code in NUMBER_FIRST
                        else f"{lines[0]} {number}")
        elif number:
            lines = [number]
        return ", ".join(lines)


@dataclass(frozen=True)
class Joins:
    """How a mapping's multi-column fields are joined, and the mapping left to read a row
    by once they are (each joined field in its first column only)."""

    joins: tuple[Join, ...]
    mapping: dict[int, str]
    country: int | None

    def row(self, cells: Sequence[str]) -> list[str]:
        """``cells`` with each joined field's text in its first column (the other columns
        of the field keep their own text)."""
        joined = list(cells)
        while len(joined) <= max(join.target for join in self.joins):
            joined.append("")
        country = cells[self.country] if self.country is not None and self.country < len(
            cells) else ""
        for join in self.joins:
            joined[join.target] = join.text(cells, country)
        return joined


@lru_cache(maxsize=64)
def column_joins(mapping: tuple[tuple[int, str], ...], headers: tuple[str, ...]) -> Joins | None:
    """The joins ``mapping`` (``(column, field)`` pairs) needs for a file with ``headers``,
    or None when no field is built from several columns or lines."""
    joins: list[Join] = []
    for field in sorted(MULTI_COLUMN_FIELDS):
        columns = sorted(index for index, name in mapping if name == field)
        if not columns:
            continue
        numbers = tuple(i for i in columns if i < len(headers) and is_house_number(headers[i]))
        lines = tuple(i for i in columns if i not in numbers)
        joins.append(Join(field, lines, numbers))
    if not joins:
        return None
    left = {index: name for index, name in mapping
            if name not in MULTI_COLUMN_FIELDS or any(index == j.target for j in joins)}
    country = next((index for index, name in mapping if name == "country"), None)
    return Joins(tuple(joins), left, country)


def _one_line(text: str) -> str:
    """A cell written on several lines, as one line (``"Bât. B\\n12 rue X"`` →
    ``"Bât. B, 12 rue X"``)."""
    text = text.strip()
    if "\n" not in text:
        return text
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())
