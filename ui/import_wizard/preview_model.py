"""The first rows of the file under the chosen mapping, as a table: one column per mapped
file column, the value the import would store in each cell, and each problem in red with
its reason in the tooltip.

While the mapping has problems the rows are shown as written, greyed: nothing says yet
which of them can be imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from fieldrep.importing.fields import NUMERIC_FIELDS, field_label
from fieldrep.importing.mapping_check import header_name
from fieldrep.importing.service import PreviewCell, PreviewRow
from ui.import_wizard.rows_panel import LONG_TEXT
from ui.kit.colours import (
    ERROR,
    ERROR_BACKGROUND,
    MUTED,
    WARNING,
    WARNING_BACKGROUND,
    qcolor,
)
from ui.kit.table_model import Index, TableModel
from ui.kit.words import one_line, plain_tooltip

RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class _Row:
    line: int
    problems: str  # the row's reasons ("" when it is valid or not checked)
    cells: list[PreviewCell]  # in the order of the mapped columns


class PreviewModel(TableModel):
    """A "Line" column, then one column per mapped file column (in the file's order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: list[str] = []
        self._sources: list[str] = []  # the file header each column comes from
        self._rows: list[_Row] = []
        self._checked = False

    def show_checked(self, headers: Sequence[str], mapping: Mapping[int, str],
                     rows: Sequence[PreviewRow]) -> None:
        """Show ``rows`` as the import reads them under ``mapping``."""
        columns = sorted(mapping)
        self._reset(headers, mapping, checked=True, rows=[
            _Row(row.line, "\n".join(str(e) for e in row.errors),
                 [row.cells[index] for index in columns])
            for row in rows])

    def show_raw(self, headers: Sequence[str], mapping: Mapping[int, str],
                 rows: Sequence[tuple[int, list[str]]]) -> None:
        """Show ``rows`` as written in the file, unchecked."""
        columns = sorted(mapping)
        self._reset(headers, mapping, checked=False, rows=[
            _Row(line, "", [PreviewCell(cells[i] if i < len(cells) else "") for i in columns])
            for line, cells in rows])

    def _reset(self, headers: Sequence[str], mapping: Mapping[int, str], *, checked: bool,
               rows: list[_Row]) -> None:
        self.beginResetModel()
        columns = sorted(mapping)
        self._fields = [mapping[index] for index in columns]
        self._sources = [header_name(headers, index) for index in columns]
        self._rows, self._checked = rows, checked
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return ("Line", *(field_label(field) for field in self._fields))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 < section <= len(self._sources)):
            return plain_tooltip(f"From the column “{self._sources[section - 1]}”")
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if index.column() == 0:
            return self._line_data(row, role)
        cell = row.cells[index.column() - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(cell.text)
        if not self._checked:
            return QBrush(qcolor(MUTED)) if role == Qt.ItemDataRole.ForegroundRole else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGNED if self._fields[index.column() - 1] in NUMERIC_FIELDS else None
        if role == Qt.ItemDataRole.ForegroundRole and cell.error:
            return QBrush(qcolor(WARNING if cell.warning else ERROR))
        if role == Qt.ItemDataRole.BackgroundRole and cell.error:
            return QBrush(qcolor(WARNING_BACKGROUND if cell.warning else ERROR_BACKGROUND))
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell.error:
                return plain_tooltip(cell.error)
            if len(cell.text) > LONG_TEXT or "\n" in cell.text:
                return plain_tooltip(cell.text)
        return None

    @staticmethod
    def _line_data(row: _Row, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row.line)
        if row.problems and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(qcolor(ERROR))
        if row.problems and role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row.problems)
        return None
