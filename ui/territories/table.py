"""The territories table: one row per territory, the accounts outside all of them last."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from fieldrep.territories.service import TerritoryCount
from ui.territories.model import ACCOUNTS, DEFINITION, NAME, TerritoriesModel


class TerritoriesTable(QTableView):
    """A sortable, single-selection view of a :class:`TerritoriesModel`."""

    #: A row was double-clicked: its territory id (0: the outside row).
    activated_id = Signal(int)
    #: The selected row changed.
    selection_changed = Signal()

    def __init__(self, model: TerritoriesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setSortingEnabled(True)
        self.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DEFINITION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACCOUNTS, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(90)
        self.setColumnWidth(NAME, 260)
        self.setColumnWidth(ACCOUNTS, 110)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.doubleClicked.connect(self._double_clicked)
        self.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

    def selected_row(self) -> int:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_count(self) -> TerritoryCount | None:
        return self.counts.count_at(self.selected_row())

    def selected_id(self) -> int | None:
        """The selected territory's id, 0 for the outside row, None when nothing is."""
        return self.counts.id_at(self.selected_row())

    def select_id(self, territory_id: int) -> None:
        """Select a territory's row (0: the outside row); nothing when it is not shown."""
        row = self.counts.row_of(territory_id)
        if row >= 0:
            self.selectRow(row)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.activated_id.emit(int(self.counts.data(index, Qt.ItemDataRole.UserRole)))
