"""The accounts table model: a thin adapter over pages of plain account values.

The model knows how many accounts match up front and loads the rows a page at a time, when
the view first paints them (on the worker: the rows fill in as their page arrives), keeping
the most recent pages in memory; so 100,000 accounts scroll smoothly and the scroll bar
shows the real size.  A row that code asks for before it was ever painted (a selection made
by a click or Select all) is read at once.  Sorting and filtering happen in
the store (SQL), not in a proxy: a proxy would have to load every row first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush

from fieldrep.accounts.model import AccountData, Precision
from ui.kit.colours import ERROR, GOOD, LINK, MUTED, WARNING, qcolor
from ui.kit.table_model import Index, TableModel

PageLoader = Callable[[int, int], list[AccountData]]
#: Reads a page off the UI thread: ``fetch(offset, limit, deliver)``; ``deliver(rows)``
#: is called back on the UI thread.
PageFetcher = Callable[[int, int, Callable[[list[AccountData]], None]], None]
PAGE_SIZE = 200
KEPT_PAGES = 40

#: (header, value getter, sort key in fieldrep.accounts.service.SORT_KEYS or None)
COLUMNS: tuple[tuple[str, Callable[[AccountData], Any], str | None], ...] = (
    ("Name", lambda a: a.name, "name"),
    ("Street", lambda a: a.street, "street"),
    ("Postcode", lambda a: a.postcode, "postcode"),
    ("City", lambda a: a.city, "city"),
    ("Tier", lambda a: a.tier, "tier"),
    ("Every (days)", lambda a: a.cadence_days, "cadence_days"),
    ("Meeting (min)", lambda a: a.meeting_minutes, "meeting_minutes"),
    ("Annual value", lambda a: a.annual_value, "annual_value"),
    ("Location", lambda a: location_label(a), "location"),
    ("Territory", lambda a: a.territory, "territory"),
    ("Tags", lambda a: ", ".join(a.tags), None),
)
_RIGHT = {"Every (days)", "Meeting (min)", "Annual value"}
_CENTER = {"Tier"}
_TIER_COLOURS = {"A": qcolor(GOOD), "B": qcolor(LINK), "C": qcolor(MUTED)}
_WARN = qcolor(WARNING)
_MISSING = qcolor(ERROR)


def location_label(account: AccountData) -> str:
    """How the table tells where an account is: exact, approximate (≈) or missing."""
    if not account.located:
        return "not found" if account.geocode_precision == Precision.NOT_FOUND else "no location"
    precision = account.geocode_precision or Precision.EXACT.value
    if precision in (Precision.TOWN, Precision.POSTCODE):
        return f"≈ {precision}"
    return precision


class AccountsTableModel(TableModel):
    """``total`` accounts in the order the loader gives them, loaded page by page."""

    HEADERS = tuple(title for title, _getter, _key in COLUMNS)

    #: The rep clicked a header: (sort key, descending).  The window reloads in that order.
    sort_requested = Signal(str, bool)

    def __init__(self, loader: PageLoader, total: int, page_size: int = PAGE_SIZE, *,
                 fetch: PageFetcher | None = None,
                 first_page: list[AccountData] | None = None) -> None:
        """``loader`` reads a page at once; with ``fetch``, the pages the view paints are
        read through it instead (off the UI thread) and their rows fill in on arrival.
        ``first_page``: the first page, read already (the table paints it at once)."""
        super().__init__()
        self._loader = loader
        self._fetch = fetch
        self._total = total
        self._page_size = page_size
        self._pages: OrderedDict[int, list[AccountData]] = OrderedDict()
        self._asked: set[int] = set()
        if first_page is not None:
            self._keep(0, first_page)

    # -- Qt model API -------------------------------------------------------------------
    def row_count(self) -> int:
        return self._total

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS) and COLUMNS[column][2]:
            self.sort_requested.emit(COLUMNS[column][2],
                                     order == Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        account = self._painted(index.row())
        if account is None:
            return None
        title, getter, _key = COLUMNS[index.column()]
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

    def _painted(self, row: int) -> AccountData | None:
        """The account on ``row`` if its page is in memory; else its page is asked for
        (once) and the row fills in when it arrives."""
        if self._fetch is None:  # no worker (a test, a benchmark): read the page now
            number = row // self._page_size
            if number not in self._pages:
                self._keep(number, self._loader(number * self._page_size, self._page_size))
            return self.account_at(row)
        number, offset = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked:
                self._asked.add(number)
                self._fetch(number * self._page_size, self._page_size,
                            lambda rows: self._arrived(number, rows))
            return None
        return page[offset] if offset < len(page) else None

    def _arrived(self, number: int, rows: list[AccountData]) -> None:
        self._asked.discard(number)
        self._keep(number, rows)
        first = number * self._page_size
        last = min(first + len(rows), self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _keep(self, number: int, rows: list[AccountData]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)

    def account_at(self, row: int) -> AccountData | None:
        """The account shown on ``row`` if its page is in memory (never reads the store)."""
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            return None
        self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def missing_pages(self, rows: Iterable[int]) -> list[int]:
        """The pages holding ``rows`` that are not in memory."""
        wanted = {row // self._page_size for row in rows if 0 <= row < self._total}
        return sorted(wanted - self._pages.keys())

    def page_reader(self) -> Callable[[Iterable[int]], dict[int, list[AccountData]]]:
        """A function that reads pages by number: for the worker (it touches no Qt)."""
        loader, size = self._loader, self._page_size
        return lambda numbers: {n: loader(n * size, size) for n in numbers}

    def accounts_at(self, rows: Iterable[int],
                    pages: Mapping[int, list[AccountData]]) -> list[AccountData]:
        """The accounts on ``rows``, from ``pages`` (just read) or from memory; the pages
        are kept for the view too."""
        for number, page in pages.items():
            self._keep(number, page)
        found = []
        for row in rows:
            number, offset = divmod(row, self._page_size)
            page = pages.get(number) or self._pages.get(number) or []
            if offset < len(page):
                found.append(page[offset])
        return found

    def row_of(self, account_id: int) -> int | None:
        """The row of an account among the pages in memory (None if not loaded)."""
        for number, page in self._pages.items():
            for offset, account in enumerate(page):
                if account.id == account_id:
                    return number * self._page_size + offset
        return None

    def replace_account(self, account: AccountData) -> None:
        """Show the new values of an account already on screen (after an edit)."""
        row = self.row_of(account.id) if account.id is not None else None
        if row is None:
            return
        number, offset = divmod(row, self._page_size)
        self._pages[number][offset] = account
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    @property
    def loaded_rows(self) -> int:
        """How many rows are in memory (the rest load when shown)."""
        return sum(len(p) for p in self._pages.values())

    @property
    def total(self) -> int:
        return self._total
