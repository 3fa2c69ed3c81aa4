"""Turn one mapped spreadsheet row into an account, or into the reasons it is rejected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
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
from fieldrep.importing.columns import contact_slot
from fieldrep.importing.joining import column_joins

TEXT_LIMITS = {"name": 300, "street": 300, "postcode": 20, "city": 200, "region": 200,
               "country": 100, "external_id": 100, "territory": 200}


@dataclass(frozen=True)
class RowError:
    """Why one cell of one row was rejected."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class RowResult:
    """An account read from a row, or the errors that reject it."""

    line: int
    account: AccountData | None
    errors: list[RowError] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _canonical_hours(text: str) -> str:
    """Opening hours in canonical form (a file repeats the same few texts many times)."""
    return parse_opening_hours(text).to_text()


_PARSERS: dict[str, Callable[[str], Any]] = {
    "tier": values.parse_tier,
    "cadence_days": values.parse_cadence,
    "meeting_minutes": values.parse_minutes,
    "annual_value": values.parse_amount,
    "active": values.parse_bool,
    "tags": values.parse_tags,
    "country": country_code,
    "opening_hours": lambda text: _canonical_hours(text),
}


_Column = tuple[int, str, "tuple[int, str] | None"]


@lru_cache(maxsize=64)
def _plan(mapping: tuple[tuple[int, str], ...]) -> tuple[_Column, ...]:
    """Each mapped column with its field and, for contact fields, the contact slot."""
    return tuple((index, name, contact_slot(name)) for index, name in mapping)


def read_row(
    line: int, cells: Sequence[str], mapping: dict[int, str], headers: Sequence[str]
) -> RowResult:
    """Validate the row ``cells`` (file line ``line``) under ``mapping`` (index → field)."""
    joins = column_joins(tuple(mapping.items()), tuple(headers))
    if joins is not None:  # a field built from several columns: read from its first one
        cells, mapping = joins.row(cells), joins.mapping
    errors: list[RowError] = []
    failed: set[str] = set()
    fields: dict[str, Any] = {}
    contacts: dict[int, dict[str, str]] = {}
    index_of = {name: index for index, name in mapping.items()}

    def fail(name: str, reason: str) -> None:
        index = index_of[name]
        column = headers[index] if index < len(headers) else f"#{index + 1}"
        text = cells[index] if index < len(cells) else ""
        errors.append(RowError(line, column, text, reason))
        failed.add(name)

    for index, name, slot in _plan(tuple(mapping.items())):
        raw = values.strip_formula_guard(cells[index].strip()) if index < len(cells) else ""
        if not raw:
            continue
        try:
            value = _parse(name, slot, raw)
        except (ValueError, OpeningHoursError) as exc:
            fail(name, str(exc))
            continue
        if slot is not None:
            contacts.setdefault(slot[0], {})[slot[1]] = value
        else:
            fields[name] = value

    if "name" not in fields and "name" not in failed:
        fail("name", "the account name is empty")
    if not {"lat", "lon"} & failed:
        if "lat" in fields and "lon" not in fields:
            fail("lon" if "lon" in index_of else "lat",
                 "longitude missing: give both coordinates or neither")
        elif "lon" in fields and "lat" not in fields:
            fail("lat" if "lat" in index_of else "lon",
                 "latitude missing: give both coordinates or neither")
        elif fields.get("lat") == 0 and fields.get("lon") == 0:
            fail("lat", "0,0 is not a real location (an empty cell exported as zero?)")
    if errors:
        return RowResult(line, None, errors)
    return RowResult(line, _account(fields, contacts))


def parse_cell(field: str, text: str) -> Any:
    """The value an import stores for the cell ``text`` of a column mapped to ``field``.

    The cell is read as :func:`read_row` reads it (trimmed, the export's formula guard
    undone); an empty cell gives None.  A cell that cannot be read raises
    :class:`ValueError` with the reason.  Rules that need the whole row (an empty name, a
    lone coordinate) are :func:`read_row`'s.
    """
    raw = values.strip_formula_guard(text.strip())
    if not raw:
        return None
    return _parse(field, contact_slot(field), raw)


def _parse(name: str, slot: tuple[int, str] | None, raw: str) -> Any:
    """One non-empty cell's value for field ``name`` (``slot``: its contact slot, if any)."""
    if slot is not None:
        return values.parse_email(raw) if slot[1] == "email" else raw
    if name == "lat":
        return values.parse_coordinate(raw, -90, 90, "latitude")
    if name == "lon":
        return values.parse_coordinate(raw, -180, 180, "longitude")
    parser = _PARSERS.get(name)
    if parser is not None:
        return parser(raw)
    limit = TEXT_LIMITS.get(name)
    if limit and len(raw) > limit:
        raise ValueError(f"longer than {limit} characters")
    return raw


def _account(fields: dict[str, Any], contacts: dict[int, dict[str, str]]) -> AccountData:
    tier = fields.pop("tier", "C")
    if "lat" in fields:
        fields.setdefault("geocode_source", "import")
        fields.setdefault("geocode_precision", Precision.EXACT.value)
    else:
        fields.pop("geocode_source", None)
        fields.pop("geocode_precision", None)
    fields.setdefault("cadence_days", DEFAULT_CADENCE_DAYS[tier])
    fields.setdefault("meeting_minutes", DEFAULT_MEETING_MINUTES)
    return AccountData(
        **fields,
        tier=tier,
        contacts=tuple(
            ContactData(name=p.get("name", ""), role=p.get("role", ""),
                        phone=p.get("phone", ""), email=p.get("email", ""))
            for _, p in sorted(contacts.items())
        ),
    )
