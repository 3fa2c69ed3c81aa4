"""The territories table as a Qt model: name, how it is defined, how many accounts it holds.

A thin adapter over :func:`~fieldrep.territories.service.territory_counts`; the row of the
accounts outside every territory stays last whatever the sort.  Names are plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QFont, QIcon

from fieldrep.territories.describe import OUTSIDE, definition_text
from fieldrep.territories.service import TerritoryCount, TerritoryData
from ui.kit.colours import PANEL_BACKGROUND, qcolor
from ui.kit.table_model import Index, TableModel
from ui.kit.words import plain_tooltip
from ui.territories.swatch import swatch

NAME, DEFINITION, ACCOUNTS = range(3)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TerritoriesModel(TableModel):
    """Territories with their account counts; the "outside every territory" row stays last.

    ``Qt.UserRole`` gives a row's territory id (0 for the outside row)."""

    HEADERS = ("Territory", "Defined by", "Accounts")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TerritoryCount] = []  # the outside row (territory None) is last
        self._sort: tuple[int, Qt.SortOrder] = (NAME, Qt.SortOrder.AscendingOrder)
        self._icons: dict[str | None, QIcon] = {}

    def set_counts(self, counts: Sequence[TerritoryCount]) -> None:
        """Show these counts (as :func:`territory_counts` gives them)."""
        self.beginResetModel()
        territories = [c for c in counts if c.territory is not None]
        outside = [c for c in counts if c.territory is None]
        self._rows = self._sorted(territories) + outside[:1]
        self.endResetModel()

    # -- reading ----------------------------------------------------------------------------
    def count_at(self, row: int) -> TerritoryCount | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def territory_at(self, row: int) -> TerritoryData | None:
        count = self.count_at(row)
        return count.territory if count else None

    def id_at(self, row: int) -> int | None:
        """The territory id of a row (0: the outside row), None past the rows."""
        count = self.count_at(row)
        if count is None:
            return None
        return count.territory.id if count.territory else 0

    def row_of(self, territory_id: int) -> int:
        """The row of a territory (0: the outside row), or -1."""
        return next((row for row in range(len(self._rows)) if self.id_at(row) == territory_id),
                    -1)

    def territories(self) -> list[TerritoryData]:
        return [c.territory for c in self._rows if c.territory is not None]

    def total(self) -> int:
        """Every account, in a territory or outside."""
        return sum(c.accounts for c in self._rows)

    def outside_count(self) -> int:
        return sum(c.accounts for c in self._rows if c.territory is None)

    # -- Qt model API -------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.TextAlignmentRole and section == ACCOUNTS
                and orientation == Qt.Orientation.Horizontal):
            return _RIGHT
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        count = self.count_at(index.row()) if index.isValid() else None
        if count is None:
            return None
        territory, column = count.territory, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(count, column)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return self._icon(territory.color if territory else None)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(territory, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ACCOUNTS:
            return _RIGHT
        if territory is None and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if territory is None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(qcolor(PANEL_BACKGROUND))
        if role == Qt.ItemDataRole.UserRole:
            return territory.id if territory else 0
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the territories by ``column``; the outside row stays last."""
        if not 0 <= column < len(self.HEADERS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_rows = list(self._rows)
        territories = [c for c in self._rows if c.territory is not None]
        self._rows = self._sorted(territories) + [c for c in self._rows if c.territory is None]
        moved = {id(c): row for row, c in enumerate(self._rows)}
        after = [self.index(moved[id(old_rows[i.row()])], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # -- helpers ----------------------------------------------------------------------------
    def _sorted(self, counts: list[TerritoryCount]) -> list[TerritoryCount]:
        column, order = self._sort

        def key(count: TerritoryCount) -> tuple[Any, str]:
            assert count.territory is not None
            name = count.territory.name.casefold()
            if column == ACCOUNTS:
                return count.accounts, name
            if column == DEFINITION:
                return definition_text(count.territory).casefold(), name
            return name, ""

        return sorted(counts, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _icon(self, colour: str | None) -> QIcon:
        if colour not in self._icons:
            self._icons[colour] = swatch(colour)
        return self._icons[colour]


def _display(count: TerritoryCount, column: int) -> str:
    territory = count.territory
    if column == ACCOUNTS:
        return f"{count.accounts:,}"
    if column == NAME:
        return territory.name if territory else OUTSIDE
    return definition_text(territory) if territory else "in no territory"


def _tooltip(territory: TerritoryData | None, column: int) -> str:
    if territory is None:
        return plain_tooltip("Accounts that fall into no territory: double-click to see them.")
    if column == DEFINITION and territory.areas:
        return plain_tooltip("\n".join(territory.areas))
    return plain_tooltip(f"{territory.name}: double-click to see its accounts.")
