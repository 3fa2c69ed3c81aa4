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
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush

from fieldrep.accounts.model import AccountData, Precision
from fieldrep.visits.model import DueStatus
from ui.kit.colours import ERROR, GOOD, LINK, MUTED, WARNING, qcolor
from ui.kit.table_model import Index, TableModel

if TYPE_CHECKING:  # the use case (and the store's models) load on the worker
    from fieldrep.usecases.accounts_view import AccountRow
    from fieldrep.visits.due import Due

PageLoader = Callable[[int, int], "list[AccountRow]"]
#: Reads a page off the UI thread: ``fetch(offset, limit, deliver)``; ``deliver(rows)``
#: is called back on the UI thread.
PageFetcher = Callable[[int, int, Callable[["list[AccountRow]"], None]], None]
PAGE_SIZE = 200
KEPT_PAGES = 40


@dataclass(frozen=True)
class Column:
    """A column of the table: its heading, what it shows, the store's sort key (None: not
    sortable), its width, and whether it shows before the rep asks for it."""

    title: str
    value: Callable[[AccountRow], Any]
    sort: str | None
    width: int
    shown: bool = True


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%d %b %Y}"


#: What a rep reads first comes first and shows at 1366 px: name, town, tier, and where
#: the account stands (last visit, next due, status); the rest (the location too: the map
#: shows it) is a right-click away.
COLUMNS: tuple[Column, ...] = (
    Column("Name", lambda r: r.account.name, "name", 230),  # takes the width left
    Column("City", lambda r: r.account.city, "city", 140),
    Column("Tier", lambda r: r.account.tier, "tier", 40),
    Column("Last visit", lambda r: _day(r.due.last_visit) if r.due else "", "last_visit", 96),
    Column("Next due", lambda r: _due_text(r.due), "next_due", 96),
    Column("Status", lambda r: r.due.status.label if r.due else "", "status", 96),
    Column("Street", lambda r: r.account.street, "street", 170, shown=False),
    Column("Postcode", lambda r: r.account.postcode, "postcode", 70, shown=False),
    Column("Every (days)", lambda r: r.account.cadence_days, "cadence_days", 80, shown=False),
    Column("Meeting (min)", lambda r: r.account.meeting_minutes, "meeting_minutes", 90,
           shown=False),
    Column("Annual value", lambda r: r.account.annual_value, "annual_value", 95, shown=False),
    Column("Location", lambda r: location_label(r.account), "location", 90, shown=False),
    Column("Territory", lambda r: r.account.territory, "territory", 120, shown=False),
    Column("Tags", lambda r: ", ".join(r.account.tags), None, 120, shown=False),
)
_RIGHT = {"Every (days)", "Meeting (min)", "Annual value"}
_CENTER = {"Tier"}
_TIER_COLOURS = {"A": qcolor(GOOD), "B": qcolor(LINK), "C": qcolor(MUTED)}
_STATUS_COLOURS = {DueStatus.OVERDUE: qcolor(ERROR), DueStatus.DUE_SOON: qcolor(WARNING),
                   DueStatus.ON_TIME: qcolor(GOOD), DueStatus.NEVER: qcolor(LINK)}
_WARN = qcolor(WARNING)
_MISSING = qcolor(ERROR)


def _due_text(due: Due | None) -> str:
    if due is None:
        return ""
    if due.due_on is None:
        return "now"  # never visited: due at once
    return _day(due.due_on)


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

    HEADERS = tuple(column.title for column in COLUMNS)

    #: The rep clicked a header: (sort key, descending).  The window reloads in that order.
    sort_requested = Signal(str, bool)

    def __init__(self, loader: PageLoader, total: int, page_size: int = PAGE_SIZE, *,
                 fetch: PageFetcher | None = None,
                 first_page: list[AccountRow] | None = None) -> None:
        """``loader`` reads a page at once; with ``fetch``, the pages the view paints are
        read through it instead (off the UI thread) and their rows fill in on arrival.
        ``first_page``: the first page, read already (the table paints it at once)."""
        super().__init__()
        self._loader = loader
        self._fetch = fetch
        self._total = total
        self._page_size = page_size
        self._pages: OrderedDict[int, list[AccountRow]] = OrderedDict()
        self._asked: set[int] = set()
        if first_page is not None:
            self._keep(0, first_page)

    # -- Qt model API -------------------------------------------------------------------
    def row_count(self) -> int:
        return self._total

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort if 0 <= column < len(COLUMNS) else None
        if key:
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        shown = self._painted(index.row())
        if shown is None:
            return None
        account, column = shown.account, COLUMNS[index.column()]
        title = column.title
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(shown)
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
            if title == "Status" and shown.due is not None:
                return QBrush(_STATUS_COLOURS[shown.due.status])
            return self._foreground(title, account)
        if role == Qt.ItemDataRole.ToolTipRole and title == "Location":
            return self._location_tip(account)
        if role == Qt.ItemDataRole.ToolTipRole and title in ("Next due", "Status") \
                and shown.due is not None and shown.due.due_on is not None:
            late = shown.due.overdue_days
            return (f"{late} days late (every {account.cadence_days} days)" if late > 0
                    else f"due in {-late} days (every {account.cadence_days} days)")
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

    def _painted(self, row: int) -> AccountRow | None:
        """The account on ``row`` if its page is in memory; else its page is asked for
        (once) and the row fills in when it arrives."""
        if self._fetch is None:  # no worker (a test, a benchmark): read the page now
            number = row // self._page_size
            if number not in self._pages:
                self._keep(number, self._loader(number * self._page_size, self._page_size))
            return self._row(row)
        number, offset = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked:
                self._asked.add(number)
                self._fetch(number * self._page_size, self._page_size,
                            lambda rows: self._arrived(number, rows))
            return None
        return page[offset] if offset < len(page) else None

    def _arrived(self, number: int, rows: list[AccountRow]) -> None:
        self._asked.discard(number)
        self._keep(number, rows)
        first = number * self._page_size
        last = min(first + len(rows), self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _keep(self, number: int, rows: list[AccountRow]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)

    def account_at(self, row: int) -> AccountData | None:
        """The account shown on ``row`` if its page is in memory (never reads the store)."""
        shown = self._row(row)
        return None if shown is None else shown.account

    def _row(self, row: int) -> AccountRow | None:
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

    def page_reader(self) -> Callable[[Iterable[int]], dict[int, list[AccountRow]]]:
        """A function that reads pages by number: for the worker (it touches no Qt)."""
        loader, size = self._loader, self._page_size
        return lambda numbers: {n: loader(n * size, size) for n in numbers}

    def accounts_at(self, rows: Iterable[int],
                    pages: Mapping[int, list[AccountRow]]) -> list[AccountData]:
        """The accounts on ``rows``, from ``pages`` (just read) or from memory; the pages
        are kept for the view too."""
        for number, page in pages.items():
            self._keep(number, page)
        found = []
        for row in rows:
            number, offset = divmod(row, self._page_size)
            page = pages.get(number) or self._pages.get(number) or []
            if offset < len(page):
                found.append(page[offset].account)
        return found

    def row_of(self, account_id: int) -> int | None:
        """The row of an account among the pages in memory (None if not loaded)."""
        for number, page in self._pages.items():
            for offset, shown in enumerate(page):
                if shown.account.id == account_id:
                    return number * self._page_size + offset
        return None

    def replace_account(self, account: AccountData) -> None:
        """Show the new values of an account already on screen (after an edit)."""
        row = self.row_of(account.id) if account.id is not None else None
        if row is None:
            return
        number, offset = divmod(row, self._page_size)
        page = self._pages[number]
        page[offset] = replace(page[offset], account=account)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    @property
    def loaded_rows(self) -> int:
        """How many rows are in memory (the rest load when shown)."""
        return sum(len(p) for p in self._pages.values())

    @property
    def total(self) -> int:
        return self._total
