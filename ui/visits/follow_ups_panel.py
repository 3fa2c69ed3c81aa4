"""The follow-ups due soon (late ones in the error colour), with "Mark done"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldrep.visits.model import FollowUpData
from ui.kit.colours import ERROR, qcolor


class FollowUpsPanel(QWidget):
    """Open follow-ups until a day; ``activated`` (double-click) and ``done_requested``
    carry the follow-up."""

    activated = Signal(object)
    done_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("<b>Follow-ups due</b>")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemDoubleClicked.connect(
            lambda item: self.activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.done_button = QPushButton("Mark done")
        self.done_button.clicked.connect(self._done_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        self.done_button.setEnabled(False)

    def show_follow_ups(self, items: Sequence[FollowUpData], day: date, until: date) -> None:
        """The follow-ups due by ``until``; those due before ``day`` are late."""
        self.list.clear()
        for item in items:
            late = item.due < day
            row = QListWidgetItem(f"{item.account_name} — {item.describe()}"
                                  + (" (late)" if late else ""))
            row.setData(Qt.ItemDataRole.UserRole, item)
            if late:
                row.setForeground(qcolor(ERROR))
            self.list.addItem(row)
        self.title.setText(f"<b>Follow-ups due</b> (until {until:%a %d %b}): {len(items)}")
        self.done_button.setEnabled(bool(items))

    def _done_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.done_requested.emit(item.data(Qt.ItemDataRole.UserRole))
