"""The accounts left out of the plan, each with the reason in the rep's words."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from fieldrep.planning.model import DroppedAccount


class LeftOutList(QWidget):
    """``Left out (n)`` and one line per account: ``name: reason``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Left out (0)")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet("font-weight: bold")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.label)
        box.addWidget(self.list, 1)

    def show_dropped(self, dropped: Iterable[DroppedAccount]) -> None:
        """Each account once, in the order given."""
        self.list.clear()
        seen: set[int] = set()
        for d in dropped:
            if d.account_id not in seen:
                seen.add(d.account_id)
                self.list.addItem(f"{d.name}: {d.reason}")
        self.label.setText(f"Left out ({len(seen)})")

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
