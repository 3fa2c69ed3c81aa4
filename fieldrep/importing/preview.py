"""A preview of an import: the first rows of a plan as the import would read them, each
mapped cell with the value it would store or the reason it is rejected.  Nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from fieldrep.accounts.model import AccountData
from fieldrep.common.phones import PhoneError, normalise_phone
from fieldrep.importing.columns import contact_slot
from fieldrep.importing.joining import column_joins
from fieldrep.importing.plan import ImportPlan, checked_rows
from fieldrep.importing.rows import RowError, parse_cell

#: How many rows a preview shows.
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class PreviewCell:
    """One mapped cell as the import would read it.

    ``text`` is the value the import stores, written out (``"gold"`` → ``"A"``,
    ``"2 weeks"`` → ``"14"``), or the cell as written when it has a problem; ``error``
    gives the reasons ("" when the cell is fine).  ``warning``: the row is imported all the
    same, with this cell left empty (or kept as typed).
    """

    text: str
    error: str = ""
    warning: bool = False


@dataclass(frozen=True)
class PreviewRow:
    """One file row under a mapping: its mapped cells by column index, and its problems."""

    line: int
    cells: dict[int, PreviewCell]
    errors: list[RowError]

    @property
    def valid(self) -> bool:
        return not self.errors


def preview_import(plan: ImportPlan, limit: int = PREVIEW_ROWS,
                   default_country: str = "") -> list[PreviewRow]:
    """The first ``limit`` rows of ``plan`` as the import would read them.

    Every mapped cell comes with its stored value or its problem, so a rep can check a
    mapping before importing.  Phones and postcodes show as they will be stored: read for
    the row's country or, when it names none, for ``default_country`` (as the import reads
    them).  Raises :class:`~fieldrep.importing.columns.MappingError`
    when the mapping cannot be imported (see :meth:`ImportPlan.with_mapping`).
    """
    plan = plan.with_mapping(plan.mapping)
    headers = plan.table.headers
    cells_of = dict(plan.table.rows[:limit])
    preview: list[PreviewRow] = []
    joins = column_joins(tuple(plan.mapping.items()), tuple(headers))
    for row in islice(checked_rows(plan, default_country), limit):
        cells = cells_of[row.line]
        if joins is not None:  # a joined field shows its whole text in its first column
            cells = joins.row(cells)
        reasons: dict[int, list[str]] = {}
        for error in [*row.errors, *row.warnings]:
            reasons.setdefault(_error_column(error, plan.mapping, headers, cells), []).append(
                error.reason)
        shown: dict[int, PreviewCell] = {}
        for index, name in sorted(plan.mapping.items()):
            text = cells[index] if index < len(cells) else ""
            if index in reasons:
                shown[index] = PreviewCell(text, "; ".join(reasons[index]),
                                           warning=row.account is not None)
            else:
                stored = _stored_value(row.account, name, text, default_country)
                shown[index] = PreviewCell(
                    stored if stored is not None else value_text(parse_cell(name, text)))
        preview.append(PreviewRow(row.line, shown, row.errors))
    return preview


def _stored_value(account: AccountData | None, name: str, text: str,
                  default_country: str) -> str | None:
    """What the import stores for field ``name`` once the whole row is read (a postcode with
    its leading zeros back, a phone in international form), where that can differ from the
    cell read alone; None to read the cell alone."""
    if account is None:
        return None
    if name == "postcode":
        return account.postcode or ""
    slot = contact_slot(name)
    if slot is not None and slot[1] == "phone" and text.strip():
        try:
            return normalise_phone(text.strip(), account.country or default_country)
        except PhoneError:
            return None
    return None


def _error_column(
    error: RowError, mapping: dict[int, str], headers: list[str], cells: list[str]
) -> int:
    """The mapped column an error names (by header; by value too when headers repeat)."""
    named = [i for i in sorted(mapping) if headers[i] == error.column]
    exact = [i for i in named if i < len(cells) and cells[i] == error.value]
    return (exact or named or [min(mapping)])[0]


def value_text(value: Any) -> str:
    """A stored value written out for a rep: amounts in plain digits, tags joined, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
