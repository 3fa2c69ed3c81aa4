"""Export accounts to CSV or XLSX in a layout the importer reads back unchanged.

Text cells that a spreadsheet would take for a formula (see
:mod:`fieldrep.common.spreadsheet_text`) are neutralised: a leading quote in CSV (the
importer removes it again), a text cell with Excel's quote prefix in XLSX, where the control
characters a workbook cannot hold are dropped.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import list_accounts
from fieldrep.common.errors import FieldRepError
from fieldrep.common.spreadsheet_text import looks_like_formula, neutralise, workbook_text
from fieldrep.importing.columns import CONTACT_PARTS
from fieldrep.store import Store

BASE_COLUMNS = (
    "external_id", "name", "street", "postcode", "city", "region", "country", "lat", "lon",
    "geocode_source", "geocode_precision", "tier", "cadence_days", "opening_hours",
    "meeting_minutes", "annual_value", "tags", "notes", "active", "territory",
)
_NUMERIC = {"lat", "lon", "cadence_days", "meeting_minutes", "annual_value"}


class ExportError(FieldRepError, ValueError):
    """The export target cannot be written (unknown format, unwritable folder)."""


def export_columns(accounts: Sequence[AccountData]) -> list[str]:
    """The header: base columns, then four columns per contact up to the most any has."""
    most = max((len(a.contacts) for a in accounts), default=0)
    contact_columns = [
        f"contact_{part}" if n == 1 else f"contact{n}_{part}"
        for n in range(1, max(most, 1) + 1) for part in CONTACT_PARTS
    ]
    return [*BASE_COLUMNS, *contact_columns]


def account_cells(account: AccountData, columns: Sequence[str]) -> list[object]:
    """One account as typed cell values in ``columns`` order (None for empty)."""
    values: dict[str, object] = {c: getattr(account, c, None) for c in BASE_COLUMNS}
    values["tags"] = ",".join(account.tags)
    values["active"] = "yes" if account.active else "no"
    for n, contact in enumerate(account.contacts, start=1):
        for part in CONTACT_PARTS:
            values[f"contact_{part}" if n == 1 else f"contact{n}_{part}"] = getattr(contact, part)
    return [values.get(c) for c in columns]


def export_accounts(store: Store, path: Path) -> int:
    """Write every account to ``path`` (.csv or .xlsx); return how many were written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"{path.name}: export to .csv or .xlsx")
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent}: no such folder")
    accounts = list_accounts(store)
    columns = export_columns(accounts)
    rows = [account_cells(a, columns) for a in accounts]
    tmp = path.with_name(path.name + ".part")
    try:
        if suffix == ".csv":
            _write_csv(tmp, columns, rows)
        else:
            _write_xlsx(tmp, columns, rows)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{path}: {exc.strerror or exc}") from exc
    return len(accounts)


def _csv_text(column: str, value: object) -> str:
    if value is None:
        return ""
    if column in _NUMERIC:
        return str(value)
    return neutralise(str(value))


def _write_csv(path: Path, columns: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_text(c, v) for c, v in zip(columns, row, strict=True)])


def _write_xlsx(path: Path, columns: list[str], rows: list[list[object]]) -> None:
    from openpyxl import Workbook  # loads with the first Excel export, not with the app
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Accounts"
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=r, column=c)
            if column in _NUMERIC:
                cell.value = float(value) if isinstance(value, Decimal) else value
                if column == "annual_value":
                    cell.number_format = "#,##0.00"
            else:
                text = workbook_text(str(value))
                cell.value = text
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.quotePrefix = looks_like_formula(text)
    sheet.freeze_panes = "A2"
    for c, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(10, min(40, len(column) + 4))
    workbook.save(path)
