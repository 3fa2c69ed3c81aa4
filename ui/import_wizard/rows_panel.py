"""A read-only table of texts under a line saying what they are (the rejected rows, the
suspected duplicates), or a note when there are none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QStackedWidget, QTableView, QVBoxLayout, QWidget

from ui.kit.colours import MUTED
from ui.kit.labels import plain_label, set_colour
from ui.kit.table_model import Index, TableModel
from ui.kit.words import one_line, plain_tooltip

#: Texts longer than this (or of several lines) are shown whole in a tooltip.
LONG_TEXT = 30


class TextTableModel(TableModel):
    """Rows of texts (shown as plain text; long or multi-line ones in a tooltip)."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> list[str]:
        return self._headers

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(text) if len(text) > LONG_TEXT or "\n" in text else None
        return None

    def text(self, row: int, column: int) -> str:
        """A cell's text as given (not on one line)."""
        return self._rows[row][column]


class RowsPanel(QWidget):
    """A table of texts under ``intro``, or the ``empty`` note when there are none."""

    def __init__(self, intro: str, headers: Sequence[str], widths: Sequence[int],
                 empty: str) -> None:
        super().__init__()
        self._headers, self._widths = tuple(headers), tuple(widths)
        self.intro = plain_label(intro)
        self.view = QTableView()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.empty = plain_label(empty)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_colour(self.empty, MUTED)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.rows_layout = QVBoxLayout(self)
        self.rows_layout.addWidget(self.intro)
        self.rows_layout.addWidget(self.stack, 1)
        self.show_rows([])

    def show_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """List ``rows`` (a new model each time), or the note when there are none."""
        old_model, old_selection = self.view.model(), self.view.selectionModel()
        self.view.setModel(TextTableModel(self._headers, rows, self.view))
        for old in (old_model, old_selection):
            if old is not None:
                old.deleteLater()
        for column, width in enumerate(self._widths):
            self.view.setColumnWidth(column, width)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self.intro.setVisible(bool(rows))

    def model(self) -> TextTableModel:
        model = self.view.model()
        assert isinstance(model, TextTableModel)
        return model
