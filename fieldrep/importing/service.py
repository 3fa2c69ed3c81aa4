"""Import accounts from a spreadsheet: read, map, validate, spot duplicates, save atomically.

Valid rows are saved in one transaction: either all of them land or none does.  Rows with
an external id already in the store update that account (columns the file lacks are kept);
rejected rows are listed with their line, column and reason, and can be written to a
report a rep can fix and import again.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import save_accounts, to_data, with_relations
from fieldrep.common.errors import FieldRepError
from fieldrep.importing.columns import MappingError, apply_overrides, contact_slot, guess_mapping
from fieldrep.importing.duplicates import Candidate, Duplicate, find_duplicates
from fieldrep.importing.mapping_check import check_mapping, mapping_refused
from fieldrep.importing.reader import ImportFileError, Table, read_table
from fieldrep.importing.rows import RowError, RowResult, parse_cell, read_row
from fieldrep.store import Store
from fieldrep.store.models import Account

Progress = Callable[[int, int], None]
_ADDRESS = ("street", "postcode", "city", "country")
PREVIEW_ROWS = 20


class ImportCancelled(FieldRepError, RuntimeError):
    """The rep cancelled the import; nothing was saved."""


class ImportFailed(FieldRepError, RuntimeError):
    """The store refused the import; nothing was saved."""


@dataclass(frozen=True)
class ImportPlan:
    """A file read and mapped, ready to preview or import."""

    path: Path
    table: Table
    mapping: dict[int, str]

    @property
    def ignored_columns(self) -> list[str]:
        return [h for i, h in enumerate(self.table.headers) if i not in self.mapping and h]

    def mapped_columns(self) -> dict[str, str]:
        """Header → field, in the file's column order."""
        return {self.table.headers[i]: f for i, f in sorted(self.mapping.items())}

    def with_mapping(self, mapping: Mapping[int, str]) -> ImportPlan:
        """The same file read with ``mapping`` (column index → field) instead.

        Raises :class:`MappingError` naming every problem
        :func:`~fieldrep.importing.mapping_check.check_mapping` finds in it.
        """
        check = check_mapping(self.table.headers, mapping)
        if not check.ok:
            raise mapping_refused(self.path.name, self.table.headers, check)
        return replace(self, mapping=dict(mapping))


@dataclass
class ImportResult:
    """What an import did, row by row."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    rejected: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({e.line for e in self.rejected})

    def summary(self) -> str:
        text = (f"{self.rows} rows: {self.inserted} imported, {self.updated} updated, "
                f"{self.rejected_rows} rejected")
        if self.duplicates:
            text += f", {len(self.duplicates)} suspected duplicates"
        return text


def read_plan(path: Path, *, sheet: str | None = None) -> ImportPlan:
    """Read ``path`` and guess its columns, even when no column is the account name.

    For a rep who chooses the mapping next (the import wizard); its ``mapping`` may not
    be importable yet: check it with :meth:`ImportPlan.with_mapping`.  Raises
    :class:`ImportFileError` when the file cannot be read.
    """
    table = read_table(Path(path), sheet)
    return ImportPlan(path=Path(path), table=table, mapping=guess_mapping(table.headers))


def plan_import(
    path: Path, *, sheet: str | None = None, overrides: Mapping[str, str] | None = None
) -> ImportPlan:
    """Read ``path`` and match its columns (explicit ``overrides`` win over the guesses).

    Raises :class:`MappingError` when the result cannot be imported (no column holds the
    account name, say).
    """
    plan = read_plan(path, sheet=sheet)
    mapping = plan.mapping
    if overrides:
        mapping = apply_overrides(plan.table.headers, mapping, overrides)
    return plan.with_mapping(mapping)


def import_accounts(
    store: Store,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    dry_run: bool = False,
) -> ImportResult:
    """Validate every row of ``plan`` and save the valid ones in one transaction.

    With ``dry_run`` everything is checked (duplicates against the store included) and the
    result reported, but nothing is saved.
    """
    result = ImportResult(rows=len(plan.table.rows), ignored_columns=plan.ignored_columns)
    good: list[tuple[int, AccountData]] = []
    total = len(plan.table.rows)
    for done, row in enumerate(_checked_rows(plan), start=1):
        if row.account is None:
            result.rejected.extend(row.errors)
        else:
            good.append((row.line, row.account))
        if done % 1000 == 0 or done == total:
            if cancelled():
                raise ImportCancelled("import cancelled: nothing was saved")
            if progress:
                progress(done, total)

    fields = set(plan.mapping.values())
    try:
        with store.unit_of_work() as uow:
            external_ids = [a.external_id for _, a in good if a.external_id]
            stored = _stored_by_external_id(uow.session, external_ids)
            inserts, updates = [], []
            for _line, account in good:
                before = stored.get(account.external_id or "")
                if before is None:
                    inserts.append(account)
                else:
                    updates.append(_merge(before, account, fields))
            result.duplicates = find_duplicates(
                (Candidate(a, line=n) for n, a in good if a.external_id not in stored),
                _stored_candidates(uow.session),
            )
            if cancelled():
                raise ImportCancelled("import cancelled: nothing was saved")
            inserted, updated = save_accounts(uow.session, inserts, updates=updates)
            if not dry_run:
                uow.commit()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise ImportFailed(f"the store refused the import, nothing was saved: {reason}") from exc
    result.inserted, result.updated = len(inserted), len(updated)
    return result


def _checked_rows(plan: ImportPlan) -> Iterator[RowResult]:
    """Each row of ``plan`` read and validated, in file order; a row repeating an earlier
    row's external id is rejected (the first one wins)."""
    seen_ids: dict[str, int] = {}
    ext_index = next((i for i, f in plan.mapping.items() if f == "external_id"), None)
    for line, cells in plan.table.rows:
        row = read_row(line, cells, plan.mapping, plan.table.headers)
        external_id = row.account.external_id if row.account is not None else None
        if external_id and external_id in seen_ids:
            assert ext_index is not None
            yield RowResult(line, None, [RowError(
                line, plan.table.headers[ext_index], external_id,
                f"external id already used on line {seen_ids[external_id]}")])
            continue
        if external_id:
            seen_ids[external_id] = line
        yield row


@dataclass(frozen=True)
class PreviewCell:
    """One mapped cell as the import would read it.

    ``text`` is the value the import stores, written out (``"gold"`` → ``"A"``,
    ``"2 weeks"`` → ``"14"``), or the cell as written when it has a problem; ``error``
    gives the reasons ("" when the cell is fine).
    """

    text: str
    error: str = ""


@dataclass(frozen=True)
class PreviewRow:
    """One file row under a mapping: its mapped cells by column index, and its problems."""

    line: int
    cells: dict[int, PreviewCell]
    errors: list[RowError]

    @property
    def valid(self) -> bool:
        return not self.errors


def preview_import(plan: ImportPlan, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    """The first ``limit`` rows of ``plan`` as :func:`import_accounts` would read them.

    Every mapped cell comes with its stored value or its problem, so a rep can check a
    mapping before importing.  Nothing is written.  Raises :class:`MappingError` when the
    mapping cannot be imported (see :meth:`ImportPlan.with_mapping`).
    """
    plan = plan.with_mapping(plan.mapping)
    headers = plan.table.headers
    cells_of = dict(plan.table.rows[:limit])
    preview: list[PreviewRow] = []
    for row in islice(_checked_rows(plan), limit):
        cells = cells_of[row.line]
        reasons: dict[int, list[str]] = {}
        for error in row.errors:
            reasons.setdefault(_error_column(error, plan.mapping, headers, cells), []).append(
                error.reason)
        shown: dict[int, PreviewCell] = {}
        for index, name in sorted(plan.mapping.items()):
            text = cells[index] if index < len(cells) else ""
            if index in reasons:
                shown[index] = PreviewCell(text, "; ".join(reasons[index]))
            else:
                shown[index] = PreviewCell(value_text(parse_cell(name, text)))
        preview.append(PreviewRow(row.line, shown, row.errors))
    return preview


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


def _stored_by_external_id(session: Session, external_ids: list[str]) -> dict[str, AccountData]:
    found: dict[str, AccountData] = {}
    for start in range(0, len(external_ids), 500):
        chunk = external_ids[start:start + 500]
        stmt = with_relations(select(Account)).where(Account.external_id.in_(chunk))
        for row in session.scalars(stmt):
            found[cast(str, row.external_id)] = to_data(row)  # one of ``chunk``
    return found


def _stored_candidates(session: Session) -> list[Candidate]:
    columns = (Account.id, Account.name, Account.street, Account.postcode, Account.city,
               Account.lat, Account.lon, Account.external_id)
    return [
        Candidate(AccountData(name=name, street=street, postcode=postcode, city=city, lat=lat,
                              lon=lon, external_id=ext), account_id=account_id)
        for account_id, name, street, postcode, city, lat, lon, ext
        in session.execute(select(*columns))
    ]


def _merge(before: AccountData, row: AccountData, fields: set[str]) -> AccountData:
    """The stored account updated by a row: only the file's columns change.

    Coordinates in the row win; without them, a changed address drops the old geocode
    (so the account is geocoded again), unless the rep pinned it by hand.
    """
    changes = {f: getattr(row, f) for f in fields if hasattr(before, f) and f not in
               ("lat", "lon", "geocode_source", "geocode_precision")}
    if any(contact_slot(f) for f in fields):
        changes["contacts"] = row.contacts
    merged = replace(before, **changes)
    if row.located:
        return replace(merged, lat=row.lat, lon=row.lon, geocode_source=row.geocode_source,
                       geocode_precision=row.geocode_precision)
    moved = any(getattr(before, f) != getattr(merged, f) for f in _ADDRESS)
    if moved and before.geocode_source != "manual":
        return replace(merged, lat=None, lon=None, geocode_source="", geocode_precision="")
    return merged


def write_rejects(path: Path, plan: ImportPlan, rejected: list[RowError]) -> None:
    """Write one line per rejected row: its line number, its problems, then the row as it
    was, so the rep can fix the cells and import this file again (the first two columns
    are ignored on import)."""
    problems: dict[int, list[str]] = {}
    for error in rejected:
        problems.setdefault(error.line, []).append(
            f"{error.column}: {error.reason}" if error.column else error.reason)
    rows = dict(plan.table.rows)
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "problems", *plan.table.headers])
        for line, reasons in sorted(problems.items()):
            writer.writerow([line, "; ".join(reasons), *rows.get(line, [])])


__all__ = [
    "ImportCancelled", "ImportFailed", "ImportFileError", "ImportPlan",
    "ImportResult", "MappingError", "PreviewCell", "PreviewRow", "import_accounts",
    "plan_import", "preview_import", "read_plan", "write_rejects",
]
