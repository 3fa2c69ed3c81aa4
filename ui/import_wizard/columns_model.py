"""The file's columns as a table: each column's header, a few sample values, and the field
it is imported as (editable: the "Import as" choice).

A thin adapter over the file read (:class:`~fieldrep.importing.service.ImportPlan`): the
choices it holds are the mapping; the page checks them in the core and tells the model which
columns clash, to mark them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush

from fieldrep.importing.fields import field_label
from fieldrep.importing.mapping_check import header_name
from fieldrep.importing.opening import column_samples
from fieldrep.importing.service import ImportPlan
from ui.kit.colours import ERROR_BACKGROUND, MUTED, qcolor
from ui.kit.table_model import Index, TableModel
from ui.kit.words import one_line, plain_tooltip

NAME_COLUMN, SAMPLES_COLUMN, FIELD_COLUMN = range(3)
IGNORE_LABEL = "— ignore —"
SAMPLE_SEPARATOR = "   ·   "


class ColumnsModel(TableModel):
    """One row per column of ``source``'s file; starts from the guessed mapping."""

    HEADERS = ("Column in your file", "Sample values", "Import as")

    #: The rep chose another field for a column.
    mapping_changed = Signal()

    def __init__(self, source: ImportPlan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        headers = source.table.headers
        self._names = [header_name(headers, i) for i in range(len(headers))]
        self._samples = [column_samples(source, i) for i in range(len(headers))]
        self._fields = [source.mapping.get(i, "") for i in range(len(headers))]
        self._clashing: frozenset[int] = frozenset()

    def row_count(self) -> int:
        return len(self._fields)

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        if index.column() == FIELD_COLUMN:
            return Qt.ItemFlag.ItemIsEditable
        return Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == FIELD_COLUMN:
            field = self._fields[row]
            if role == Qt.ItemDataRole.EditRole:
                return field
            if role == Qt.ItemDataRole.DisplayRole:
                return field_label(field) if field else IGNORE_LABEL
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME_COLUMN:
                return self._names[row]
            return SAMPLE_SEPARATOR.join(one_line(s) for s in self._samples[row]) or "(empty)"
        if role == Qt.ItemDataRole.ToolTipRole and column == SAMPLES_COLUMN:
            return plain_tooltip("\n".join(self._samples[row])) or None
        if role == Qt.ItemDataRole.ForegroundRole and not self._fields[row]:
            return QBrush(qcolor(MUTED))  # an ignored column
        if role == Qt.ItemDataRole.BackgroundRole and row in self._clashing:
            return QBrush(qcolor(ERROR_BACKGROUND))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.column() != FIELD_COLUMN
                or role != Qt.ItemDataRole.EditRole):
            return False
        field = str(value or "")
        if field == self._fields[index.row()]:
            return True
        self._fields[index.row()] = field
        self.dataChanged.emit(self.index(index.row(), 0), index)
        self.mapping_changed.emit()
        return True

    def mapping(self) -> dict[int, str]:
        """Column index → field, as chosen now (ignored columns left out)."""
        return {index: field for index, field in enumerate(self._fields) if field}

    def set_field(self, column: int, field: str) -> None:
        """Import file column ``column`` as ``field`` ("" to ignore it)."""
        self.setData(self.index(column, FIELD_COLUMN), field)

    def mark_clashing(self, clashing: frozenset[int]) -> None:
        """Mark the columns given the same field as another (and unmark the others)."""
        if clashing == self._clashing:
            return
        self._clashing = clashing
        if self._fields:
            self.dataChanged.emit(self.index(0, NAME_COLUMN),
                                  self.index(len(self._fields) - 1, SAMPLES_COLUMN),
                                  [Qt.ItemDataRole.BackgroundRole])
