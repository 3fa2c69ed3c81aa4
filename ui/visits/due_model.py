"""The "to see" table: the day's suggested accounts, each with a box to tick for the plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from fieldrep.visits.due import Suggestion
from ui.kit.colours import MUTED, qcolor
from ui.kit.table_model import Index, TableModel
from ui.visits.html import STATUS_COLOURS as STATUS_HTML_COLOURS

STATUS_COLOURS = {status: qcolor(colour) for status, colour in STATUS_HTML_COLOURS.items()}


class DueModel(TableModel):
    """Suggestions, best first; the first column's check box says "plan this one"."""

    HEADERS = ("Account", "City", "Tier", "Status", "Why")

    def __init__(self) -> None:
        super().__init__()
        self.suggestions: list[Suggestion] = []
        self.checked: set[int] = set()

    def set_suggestions(self, suggestions: Sequence[Suggestion], check_first: int) -> None:
        """Show ``suggestions``; the first ``check_first`` that can be visited that day
        (located, open) start ticked."""
        self.beginResetModel()
        self.suggestions = list(suggestions)
        visitable = [s.account_id for s in self.suggestions if s.located and s.open_that_day]
        self.checked = set(visitable[:check_first])
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        """The ticked accounts, in ranking order."""
        return [s.account_id for s in self.suggestions if s.account_id in self.checked]

    def suggestion(self, row: int) -> Suggestion | None:
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    # -- Qt model API -------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.suggestions)

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        s = self.suggestion(index.row()) if index.isValid() else None
        if s is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.name, s.city, s.tier, s.due.status.label, "; ".join(s.reasons))[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return (Qt.CheckState.Checked if s.account_id in self.checked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QBrush(STATUS_COLOURS[s.due.status])
        if role == Qt.ItemDataRole.ForegroundRole and not s.open_that_day:
            return QBrush(qcolor(MUTED))
        if role == Qt.ItemDataRole.ToolTipRole:
            where = "" if s.located else "\nNo location: it cannot be put on a route."
            return "\n".join(s.reasons) + where
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        s = self.suggestion(index.row()) if index.isValid() else None
        if s is None or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(s.account_id)
        else:
            self.checked.discard(s.account_id)
        self.dataChanged.emit(index, index, [role])
        return True
