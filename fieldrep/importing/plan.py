"""A file read and mapped, ready to preview or import: its columns matched to account fields
(guessed, chosen by the rep or given on the command line) and its rows read as accounts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from fieldrep.importing.columns import apply_overrides, guess_mapping
from fieldrep.importing.mapping_check import check_mapping, mapping_refused
from fieldrep.importing.reader import Table, read_table
from fieldrep.importing.rows import RowError, RowResult, read_row


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

        Raises :class:`~fieldrep.importing.columns.MappingError` naming every problem
        :func:`~fieldrep.importing.mapping_check.check_mapping` finds in it.
        """
        check = check_mapping(self.table.headers, mapping)
        if not check.ok:
            raise mapping_refused(self.path.name, self.table.headers, check)
        return replace(self, mapping=dict(mapping))


def read_plan(path: Path, *, sheet: str | None = None) -> ImportPlan:
    """Read ``path`` and guess its columns, even when no column is the account name.

    For a rep who chooses the mapping next (the import wizard); its ``mapping`` may not
    be importable yet: check it with :meth:`ImportPlan.with_mapping`.  Raises
    :class:`~fieldrep.importing.reader.ImportFileError` when the file cannot be read.
    """
    table = read_table(Path(path), sheet)
    mapping = guess_mapping(table.headers, table.rows)
    return ImportPlan(path=Path(path), table=table, mapping=mapping)


def plan_import(
    path: Path, *, sheet: str | None = None, overrides: Mapping[str, str] | None = None
) -> ImportPlan:
    """Read ``path`` and match its columns (explicit ``overrides`` win over the guesses).

    Raises :class:`~fieldrep.importing.columns.MappingError` when the result cannot be
    imported (no column holds the account name, say).
    """
    plan = read_plan(path, sheet=sheet)
    mapping = plan.mapping
    if overrides:
        mapping = apply_overrides(plan.table.headers, mapping, overrides)
    return plan.with_mapping(mapping)


def checked_rows(plan: ImportPlan, default_country: str = "") -> Iterator[RowResult]:
    """Each row of ``plan`` read and validated, in file order (a report's footer lines
    skipped); a row repeating an earlier row's external id is rejected (the first one
    wins).  Rows without a country have their phones and postcodes read for
    ``default_country`` (see :func:`~fieldrep.importing.rows.read_row`)."""
    seen_ids: dict[str, int] = {}
    ext_index = next((i for i, f in plan.mapping.items() if f == "external_id"), None)
    for line, cells in plan.table.rows:
        row = read_row(line, cells, plan.mapping, plan.table.headers, default_country)
        if row.skipped:
            continue
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
