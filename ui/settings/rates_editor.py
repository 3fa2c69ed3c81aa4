"""A small table to edit the mileage rate periods (the ``mileage.rates`` setting's JSON)."""

from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: Column heading → the JSON key it edits.
COLUMNS = (("From", "from"), ("To (empty: open)", "to"), ("Rate", "rate"),
           ("Per (km or mi)", "unit"), ("Currency", "currency"), ("Label", "label"))


class RatesEditor(QWidget):
    """One row per period: from, to, rate, unit, currency, label.  Checking is left to the
    setting's own check, which names the faulty rate."""

    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([heading for heading, _key in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(120)
        self.table.itemChanged.connect(lambda _item: self.value_changed.emit())
        add = QPushButton("Add a period")
        add.clicked.connect(self.add_row)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, values: dict[str, str] | None = None) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        defaults = {"unit": "km", "currency": "EUR"}
        for column, (_heading, key) in enumerate(COLUMNS):
            text = (values or defaults).get(key) or ""
            self.table.setItem(row, column, QTableWidgetItem(str(text)))
        self.table.blockSignals(False)
        self.value_changed.emit()

    def remove_selected(self) -> None:
        for index in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(index)
        self.value_changed.emit()

    def value_text(self) -> str:
        """The periods as the setting's JSON ("" when there is none)."""
        rates = []
        for row in range(self.table.rowCount()):
            cells = {key: (self.table.item(row, column) or QTableWidgetItem()).text().strip()
                     for column, (_heading, key) in enumerate(COLUMNS)}
            if not any(cells.values()):
                continue
            cells["to"] = cells["to"] or None  # type: ignore[assignment]
            rates.append(cells)
        return json.dumps(rates, ensure_ascii=False) if rates else ""

    def set_value_text(self, text: str) -> None:
        """Fill the table from the setting's JSON (left empty if it cannot be read)."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        try:
            items = json.loads(text) if text.strip() else []
        except json.JSONDecodeError:
            items = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                self.add_row({key: "" if item.get(key) is None else str(item.get(key))
                              for _heading, key in COLUMNS})
