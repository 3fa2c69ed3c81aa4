"""Which columns the accounts table shows: a right-click on its header lists them all, to
show or hide each; the choice is kept in the app's preferences for the next start."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStyle, QTableView

from ui.accounts.model import Column

HIDDEN_KEY = "accounts/hidden_columns"
#: The columns the table always makes room for, and the room the name gets at least.
FIRST = ("City", "Tier", "Last visit", "Next due", "Status")
NAME_ROOM = 240


class ColumnChooser:
    """The header's menu of columns for ``table``, and the widths and visibility it
    applies each time the table gets a new model."""

    def __init__(self, table: QTableView, columns: Sequence[Column],
                 preferences: QSettings | None = None) -> None:
        self.table, self.columns, self.preferences = table, tuple(columns), preferences
        self.hidden = {c.title for c in columns if not c.shown}
        saved = preferences.value(HIDDEN_KEY) if preferences is not None else None
        if isinstance(saved, list | str):
            known = {c.title for c in columns}
            self.hidden = {t for t in ([saved] if isinstance(saved, str) else saved)
                           if t in known}
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.open_menu)
        header.setToolTip("Right-click to choose the columns")

    def apply(self) -> None:
        """The widths and the columns shown, on the table's current model; the table asks
        for the room its first columns need (the name gets at least ``NAME_ROOM``)."""
        for number, column in enumerate(self.columns):
            self.table.setColumnWidth(number, self.width(number))
            self.table.setColumnHidden(number, column.title in self.hidden)
        needed = NAME_ROOM + sum(self.width(n) for n, c in enumerate(self.columns)
                                 if n and c.title not in self.hidden and c.title in FIRST)
        scroll = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.table.setMinimumWidth(needed + scroll + 2 * self.table.frameWidth())

    def width(self, number: int) -> int:
        """The column's width: its own, or more if its heading needs it (with the sort
        arrow), whatever the font."""
        header = self.table.horizontalHeader()
        style = header.style()
        heading = (header.fontMetrics().horizontalAdvance(self.columns[number].title)
                   + 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
                   + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + 4)
        return max(self.columns[number].width, heading)

    def menu(self) -> QMenu:
        """Every column with a tick when shown (the name always is)."""
        menu = QMenu(self.table)
        for number, column in enumerate(self.columns):
            action = QAction(column.title, menu, checkable=True)
            action.setChecked(column.title not in self.hidden)
            action.setEnabled(number != 0)
            action.toggled.connect(lambda on, title=column.title: self.set_shown(title, on))
            menu.addAction(action)
        return menu

    def open_menu(self, at: QPoint) -> None:
        self.menu().popup(self.table.horizontalHeader().mapToGlobal(at))

    def set_shown(self, title: str, shown: bool) -> None:
        """Show or hide the column called ``title`` (kept for the next start)."""
        if shown:
            self.hidden.discard(title)
        else:
            self.hidden.add(title)
        number = [c.title for c in self.columns].index(title)
        self.table.setColumnHidden(number, not shown)
        if shown and self.table.columnWidth(number) == 0:
            self.table.setColumnWidth(number, self.width(number))
        if self.preferences is not None:
            self.preferences.setValue(HIDDEN_KEY, sorted(self.hidden))
