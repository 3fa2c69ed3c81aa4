"""A small table to edit the mileage rate periods (the ``mileage.rates`` setting's JSON): a
Qt model over the periods' texts, shown in a table view with Add and Remove."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.kit.table_model import Index, TableModel

#: Column heading → the JSON key it edits; headings short enough to show whole in the
#: settings dialog, with the longer explanation as their tooltip.
COLUMNS = (("From", "from"), ("To", "to"), ("Rate", "rate"), ("Per", "unit"),
           ("Currency", "currency"), ("Label", "label"))
TIPS = {"from": "The first day the rate applies (YYYY-MM-DD)",
        "to": "The last day it applies (empty: until a later period starts)",
        "rate": "The amount per km or mile, e.g. 0.636",
        "unit": "km or mi", "currency": "ISO code, e.g. EUR",
        "label": "What the rate is called on expense reports, e.g. 2026 rate"}
#: What a new period starts with.
NEW_PERIOD = {"unit": "km", "currency": "EUR"}


class RatesModel(TableModel):
    """The periods as typed, one row each; checking is left to the setting's own check,
    which names the faulty rate."""

    HEADERS = tuple(heading for heading, _key in COLUMNS)

    def __init__(self) -> None:
        super().__init__()
        self.periods: list[dict[str, str]] = []

    def row_count(self) -> int:
        return len(self.periods)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.EditRole):
            return None
        return self.periods[index.row()].get(COLUMNS[index.column()][1], "")

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return TIPS[COLUMNS[section][1]]
        return super().headerData(section, orientation, role)

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self.periods[index.row()][COLUMNS[index.column()][1]] = str(value).strip()
        self.dataChanged.emit(index, index, [role])
        return True

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEditable

    def add(self, period: dict[str, str]) -> None:
        row = len(self.periods)
        self.beginInsertRows(QModelIndex(), row, row)
        self.periods.append({key: period.get(key) or "" for _heading, key in COLUMNS})
        self.endInsertRows()

    def remove(self, rows: set[int]) -> None:
        for row in sorted(rows, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.periods[row]
            self.endRemoveRows()

    def replace(self, periods: list[dict[str, str]]) -> None:
        self.beginResetModel()
        self.periods = [{key: period.get(key) or "" for _heading, key in COLUMNS}
                        for period in periods]
        self.endResetModel()


class RatesEditor(QWidget):
    """One row per period: from, to, rate, unit, currency, label."""

    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RatesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Each heading and each value is shown whole; the label takes what is left.
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None,
                                                header) + 8
        for number, (heading, key) in enumerate(COLUMNS[:-1]):
            sample = {"from": "2026-12-31", "to": "2026-12-31", "rate": "0.6360"}.get(key, "")
            width = max(header.fontMetrics().horizontalAdvance(heading),
                        self.table.fontMetrics().horizontalAdvance(sample)) + margin
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(number, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(120)
        for signal in (self.model.dataChanged, self.model.rowsInserted,
                       self.model.rowsRemoved, self.model.modelReset):
            signal.connect(lambda *_args: self.value_changed.emit())
        add = QPushButton("Add a period")
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, values: dict[str, str] | None = None) -> None:
        """A period at the end (by default an empty one in km and EUR)."""
        self.model.add(values or NEW_PERIOD)

    def remove_selected(self) -> None:
        self.model.remove({index.row() for index in self.table.selectedIndexes()})

    def value_text(self) -> str:
        """The periods as the setting's JSON ("" when there is none)."""
        rates: list[dict[str, str | None]] = []
        for period in self.model.periods:
            if not any(period.values()):
                continue
            rates.append({**period, "to": period["to"] or None})
        return json.dumps(rates, ensure_ascii=False) if rates else ""

    def set_value_text(self, text: str) -> None:
        """Fill the table from the setting's JSON (left empty if it cannot be read)."""
        try:
            items = json.loads(text) if text.strip() else []
        except json.JSONDecodeError:
            items = []
        self.model.replace([
            {key: "" if item.get(key) is None else str(item.get(key))
             for _heading, key in COLUMNS}
            for item in (items if isinstance(items, list) else []) if isinstance(item, dict)])
