"""The receipts of an expense being edited: those already kept, those to add (checked
before they are attached) and those to remove, with Add and Remove buttons."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldrep.expenses.receipt_files import ReceiptFile, check_receipt_files
from fieldrep.expenses.receipts import ReceiptError
from fieldrep.expenses.records import ExpenseRecord

RECEIPT_FILTER = "Receipts (*.jpg *.jpeg *.png *.gif *.webp *.heic *.pdf);;All files (*)"


class ReceiptList(QWidget):
    """The list and its buttons; ``changed`` after each addition, refusal or removal."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_receipts: list[Path] = []
        self.removed_receipts: list[int] = []
        #: Why the last file offered was not attached ("" when it was).
        self.error = ""
        self.list = QListWidget()
        self.list.setMaximumHeight(80)
        add = QPushButton("Add receipt…")
        add.clicked.connect(self.choose)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.remove_button.setEnabled(False)

    def show_kept(self, record: ExpenseRecord) -> None:
        """The receipts the expense already has."""
        for receipt in record.receipts:
            item = QListWidgetItem(receipt.original_name)
            item.setData(Qt.ItemDataRole.UserRole, receipt.id)
            self.list.addItem(item)
        self._changed()

    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "Attach receipts", str(Path.home()),
                                                      RECEIPT_FILTER)
        self.add_all(Path(name) for name in names)

    def add_all(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self.add(Path(path))

    def add(self, path: Path) -> bool:
        """Attach ``path`` if it can be a receipt; else keep why (and attach nothing)."""
        try:
            check_receipt_files([ReceiptFile(path)])
        except ReceiptError as exc:
            self.error = str(exc)
            self._changed()
            return False
        self.error = ""
        self.new_receipts.append(path)
        item = QListWidgetItem(path.name)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self.list.addItem(item)
        self._changed()
        return True

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(key, int):
            self.removed_receipts.append(key)
        else:
            self.new_receipts = [p for p in self.new_receipts if str(p) != key]
        self.list.takeItem(self.list.row(item))
        self._changed()

    def files_to_add(self) -> list[ReceiptFile]:
        return [ReceiptFile(p) for p in self.new_receipts]

    def _changed(self) -> None:
        self.remove_button.setEnabled(self.list.count() > 0)
        self.changed.emit()
