"""The accounts table model: a thin adapter over pages of plain account values.

Rows are fetched lazily, a page at a time, as the view scrolls (Qt's canFetchMore /
fetchMore), so a store of 100,000 accounts opens at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fieldrep.accounts import AccountData, Precision

PageLoader = Callable[[int, int], list[AccountData]]
PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[tuple[str, Callable[[AccountData], Any]], ...] = (
    ("Name", lambda a: a.name),
    ("Street", lambda a: a.street),
    ("Postcode", lambda a: a.postcode),
    ("City", lambda a: a.city),
    ("Tier", lambda a: a.tier),
    ("Every (days)", lambda a: a.cadence_days),
    ("Meeting (min)", lambda a: a.meeting_minutes),
    ("Annual value", lambda a: a.annual_value),
    ("Location", lambda a: location_label(a)),
    ("Tags", lambda a: ", ".join(a.tags)),
)
_RIGHT = {"Every (days)", "Meeting (min)", "Annual value"}
_CENTER = {"Tier"}
_TIER_COLOURS = {"A": QColor("#1b7f3b"), "B": QColor("#1f5fa8"), "C": QColor("#6b6b6b")}
_WARN = QColor("#a15c00")
_MISSING = QColor("#b3261e")


def location_label(account: AccountData) -> str:
    """How the table tells where an account is: exact, approximate (≈) or missing."""
    if not account.located:
        return "not found" if account.geocode_precision == Precision.NOT_FOUND else "no location"
    precision = account.geocode_precision or Precision.EXACT.value
    if precision in (Precision.TOWN, Precision.POSTCODE):
        return f"≈ {precision}"
    return precision


class AccountsTableModel(QAbstractTableModel):
    """Accounts in the order the loader gives them, ``total`` known up front."""

    def __init__(self, loader: PageLoader, total: int, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._loader = loader
        self._total = total
        self._page_size = page_size
        self._rows: list[AccountData] = []

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid():
            return
        page = self._loader(len(self._rows), self._page_size)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        account = self._rows[index.row()]
        title, getter = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getter(account)
            if title == "Annual value":
                return "" if value is None else f"{value:,.0f}"
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if title in _RIGHT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if title in _CENTER:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(title, account)
        if role == Qt.ItemDataRole.ToolTipRole and title == "Location":
            return self._location_tip(account)
        if role == Qt.ItemDataRole.UserRole:
            return account.id
        return None

    # -- helpers ----------------------------------------------------------------------
    @staticmethod
    def _foreground(title: str, account: AccountData) -> QBrush | None:
        if title == "Tier":
            return QBrush(_TIER_COLOURS.get(account.tier, _TIER_COLOURS["C"]))
        if title == "Location":
            if not account.located:
                return QBrush(_MISSING)
            if account.geocode_precision in (Precision.TOWN, Precision.POSTCODE):
                return QBrush(_WARN)
        return None

    @staticmethod
    def _location_tip(account: AccountData) -> str:
        if not account.located:
            return "No coordinates yet: run Locate accounts."
        source = account.geocode_source or "import"
        tip = f"{account.lat:.5f}, {account.lon:.5f} — from {source}"
        if account.geocode_precision in (Precision.TOWN, Precision.POSTCODE):
            tip += f"\nApproximate: placed at the {account.geocode_precision}, not the address."
        return tip

    def account_at(self, row: int) -> AccountData:
        """The account shown on ``row``."""
        return self._rows[row]

    @property
    def total(self) -> int:
        return self._total
