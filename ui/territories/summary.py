"""The line under the territories table: how many territories, accounts, and outside all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui.kit.colours import MUTED, text_style
from ui.kit.words import plural


class CountsSummary(QLabel):
    """``3 territories · 6 accounts, 1 outside every territory``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Counting the accounts…", parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(text_style(MUTED))

    def show_counts(self, territories: int, accounts: int, outside: int) -> None:
        self.setText(f"{plural(territories, 'territory', 'territories')} · "
                     f"{plural(accounts, 'account')}, {outside:,} outside every territory")
