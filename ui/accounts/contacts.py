"""The account dialog's "Contacts" section: an editable table model and its view.

:class:`ContactsModel` holds the rows as typed (:class:`ContactFields`); a refused cell
shows a pale red background and its reason as tooltip.  :class:`ContactsSection` is the
table with its add and remove buttons.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.form import CONTACT_LIMITS, ContactFields, Problem, contact_key
from ui.accounts.form_parts import side_by_side
from ui.kit.colours import ERROR_BACKGROUND, qcolor
from ui.kit.table_model import Index, TableModel

COLUMNS = tuple(CONTACT_LIMITS)  # name, role, phone, email


class ContactsModel(TableModel):
    """Contact rows as typed.  :attr:`edited` says a cell was typed in (``rowsInserted``
    and ``rowsRemoved`` say the rest); problem marks are not an edit."""

    HEADERS = ("Name", "Role", "Phone", "E-mail")  # the headings of COLUMNS

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactFields] = []
        self._problems: dict[str, Problem] = {}

    def contacts(self) -> tuple[ContactFields, ...]:
        return tuple(self._rows)

    def append(self, contact: ContactFields) -> int:
        """Add a row at the end; returns its number."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(contact)
        self.endInsertRows()
        return row

    def remove(self, rows: set[int]) -> None:
        """Remove these rows (numbers out of range are ignored)."""
        for row in sorted((r for r in rows if 0 <= r < len(self._rows)), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def set_problems(self, problems: dict[str, Problem]) -> None:
        """Mark the refused cells (``problems`` by field key, others are ignored)."""
        marked = {k: p for k, p in problems.items() if k.startswith("contact:")}
        if marked == self._problems:
            return  # the usual keystroke: nothing to repaint
        self._problems = marked
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    # -- Qt model API -------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._rows)

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(self._rows[index.row()], column)
        problem = self._problems.get(contact_key(index.row(), column))
        if problem is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(qcolor(ERROR_BACKGROUND))
        if problem is not None and role == Qt.ItemDataRole.ToolTipRole:
            return str(problem)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or not 0 <= index.row() < len(self._rows)):
            return False
        column = COLUMNS[index.column()]
        self._rows[index.row()] = replace(self._rows[index.row()], **{column: str(value)})
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class ContactsSection(QGroupBox):
    """The contacts table with buttons to add and remove rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Contacts", parent)
        self.model = ContactsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        line = self.fontMetrics().height() + 10
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(line)
        # Tab leaves the table (no keyboard trap); Tab while typing in a cell goes to the next
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        trigger = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(trigger.DoubleClicked | trigger.EditKeyPressed
                                   | trigger.AnyKeyPressed | trigger.SelectedClicked)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.Interactive,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(1, 100)
        self.table.setMinimumHeight(5 * line)
        self.add_button = QPushButton("&Add contact")
        self.remove_button = QPushButton("&Remove contact")
        self.add_button.clicked.connect(self.add_contact)
        self.remove_button.clicked.connect(self.remove_contact)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addWidget(side_by_side(self.add_button, self.remove_button, stretch=1))

    def focus_chain(self) -> list[QWidget]:
        return [self.table, self.add_button, self.remove_button]

    def fill(self, contacts: tuple[ContactFields, ...]) -> None:
        for contact in contacts:
            self.model.append(contact)

    def add_contact(self) -> None:
        """Append an empty contact row and start typing its name."""
        index = self.model.index(self.model.append(ContactFields()), 0)
        self.table.setFocus()
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_contact(self) -> None:
        """Remove the selected contact rows (the current one if none is selected)."""
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        self.model.remove(rows)

    def focus_cell(self, row: int, column: str) -> None:
        """Put the cursor in one cell (a problem's ``contact:<row>:<column>``)."""
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(row, COLUMNS.index(column)))
