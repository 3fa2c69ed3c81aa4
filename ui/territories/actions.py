"""What the rep can do on the Territories page, as actions (menu, keys) and their buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget


class TerritoryActions:
    """New, edit, delete and show accounts; the last three act on the table's selection."""

    def __init__(self, parent: QWidget, *, new: Callable[[], object],
                 edit: Callable[[], object], delete: Callable[[], object],
                 show: Callable[[], object]) -> None:
        self.new = _action(parent, "&New territory…", new, QKeySequence.StandardKey.New,
                           "Define a territory by a list of postcodes and towns")
        self.edit = _action(parent, "&Edit…", edit, "F2",
                            "Change the name, colour, postcodes and towns")
        self.delete = _action(parent, "&Delete", delete, QKeySequence.StandardKey.Delete,
                              "Delete the territory (its accounts are placed again)")
        self.show = _action(parent, "&Show accounts", show, "Return",
                            "Show the accounts of this row on the Accounts page")
        self.new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        parent.addAction(self.new)

    def on_rows(self) -> list[QAction]:
        """The actions on the selected row, for the table (its context menu and keys)."""
        return [self.show, self.edit, self.delete]

    def buttons(self) -> list[QPushButton]:
        """A push button for each action, following it (text, tooltip, enabled)."""
        return [_button(a) for a in (self.new, self.edit, self.delete, self.show)]

    def update(self, *, busy: bool, territory: bool, row: bool) -> None:
        """Enable what makes sense: nothing changes while the worker places accounts."""
        self.new.setEnabled(not busy)
        self.edit.setEnabled(territory and not busy)
        self.delete.setEnabled(territory and not busy)
        self.show.setEnabled(row)


def _action(parent: QWidget, text: str, slot: Callable[[], object],
            shortcut: QKeySequence.StandardKey | str, tip: str) -> QAction:
    action = QAction(text, parent)
    action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _button(action: QAction) -> QPushButton:
    button = QPushButton(action.text())
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    button.setEnabled(action.isEnabled())
    return button
