"""The Accounts page: filters, the lazy table, the territory map and the detail panel.

Table and map are one view of the same accounts: the filters apply to both, a row selected
in the table is ringed on the map, a marker clicked on the map selects its row, and a
shape drawn on the map narrows the table to the accounts inside it.  Every query runs on
the window's one database worker; the page only shows results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget

from fieldrep.accounts.filters import AccountFilter
from fieldrep.accounts.model import AccountData, Precision
from fieldrep.maps.map_types import MapOptions
from fieldrep.store import Store
from fieldrep.territories.data import TerritoryCount
from ui.accounts.column_chooser import ColumnChooser
from ui.accounts.details import account_html
from ui.accounts.filter_bar import FilterBar
from ui.accounts.model import COLUMNS, PAGE_SIZE, AccountsTableModel
from ui.accounts.reselect import reselect, select_account
from ui.kit.colours import MUTED, span
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural
from ui.settings.preferences import preferences
from ui.widgets.map_view import MapView

if TYPE_CHECKING:  # the store's models, shapely and numpy load on the worker
    from fieldrep.usecases.accounts_view import AccountRow, AccountsView
    from fieldrep.visits.brief import TimelineEntry


class AccountsPage(QWidget):
    """Accounts as a table and a map side by side."""

    #: Emitted after each reload: (accounts matching, all accounts text for the status bar)
    counted = Signal(int, str)
    #: A shape was drawn on the map; the window asks what to do with it.
    shape_drawn = Signal(dict)
    #: The rep dragged an account's pin: (id, lat, lon).
    marker_moved = Signal(int, float, float)
    #: The rep double-clicked an account (the window opens it for editing).
    edit_requested = Signal(int)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None,
                 map_options: MapOptions | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.map_options = map_options or MapOptions()
        self.model: AccountsTableModel | None = None
        self.sort_key, self.descending = "name", False
        self.selection_ids: frozenset[int] | None = None
        self._generation = 0
        self._map_loaded = False
        self._coloured_by_due = False
        self._territories: tuple[TerritoryCount, ...] = ()

        self.filters = FilterBar()
        self.filters.changed.connect(self.refresh)
        self.filters.selection_cleared.connect(lambda: self.show_only(None))
        self.error = error_label()
        self._failed = partial(show_error_in, self.error)
        self.search, self.tiers = self.filters.search, self.filters.tiers
        self.precision, self.colour = self.filters.precision, self.filters.colour
        self.selection_chip = self.filters.selection_chip
        self.table = QTableView()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.doubleClicked.connect(self._double_clicked)
        self.columns = ColumnChooser(self.table, COLUMNS, preferences())
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        self.map = MapView()
        self.map.setMinimumSize(320, 240)
        self.map.bridge.account_clicked.connect(self.select_account)
        self.map.bridge.shape_drawn.connect(self.shape_drawn)
        self.map.bridge.marker_moved.connect(self.marker_moved)
        # Fit once the page knows its real size (it was built before the window was laid out).
        self.map.bridge.ready.connect(lambda: self.map.run("FieldRep.fitAll()"))

        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.map)
        self.right.addWidget(self.details)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)  # the table's key columns fit at 1366 px
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)

    # -- filters ------------------------------------------------------------------------
    def current_filter(self) -> AccountFilter:
        """What the filter bar asks for (and the drawn selection, if any)."""
        return self.filters.current_filter(self.selection_ids)

    def show_territory(self, territory_id: int) -> None:
        """Filter on one territory (0: outside every territory)."""
        self.filters.show_territory(territory_id)

    def show_only(self, account_ids: Sequence[int] | None) -> None:
        """Narrow the table and map to these accounts (None: lift that limit)."""
        self.selection_ids = None if account_ids is None else frozenset(account_ids)
        self.filters.show_selection(None if self.selection_ids is None
                                    else len(self.selection_ids))
        self.refresh(select_all=self.selection_ids is not None)

    # -- loading ------------------------------------------------------------------------
    def refresh(self, *_args: Any, select_all: bool = False, rebuild_map: bool = False) -> None:
        """Reload table, map and filter choices for the current filters, on the worker."""
        self._generation += 1
        generation = self._generation
        where = self.current_filter()
        store, options, by_due = self.store, self.map_options, self.filters.coloured_by_due()
        page_path = self.map.next_page_path() if rebuild_map or not self._map_loaded else None
        if page_path is not None:  # a whole map page takes a while: the table first
            sort, descending = self.sort_key, self.descending
            Operation(self.tasks, lambda _job: _first_rows(store, where, sort, descending),
                      lambda found: self._show_list(generation, where, found[0], select_all,
                                                    first_page=found[1]),
                      parent=self, on_failure=self._failed).run()
        Operation(self.tasks,
                  lambda _job: _accounts_view(store, where, map_page=page_path, options=options,
                                             by_due=by_due, today=date.today()),
                  lambda view: self._show(generation, where, view, select_all,
                                          listed=page_path is not None),
                  parent=self, on_failure=self._failed).run()

    def _show_list(self, generation: int, where: AccountFilter, view: AccountsView,
                   select_all: bool, first_page: list[AccountRow] | None = None) -> None:
        """The table, the filter choices and the count (the map follows)."""
        if generation != self._generation:
            return  # a newer reload is on its way
        show_error_in(self.error, "")
        self._territories = view.territories
        self.filters.show_choices(view.territories, view.tags)
        self.filters.show_to_check_count(view.to_check)
        self.filters.show_team(view.shared)
        self._show_table(where, view.total, first_page, keep_selection=not select_all)
        self.details.setHtml(_placeholder(view.total, view.everything))
        self.counted.emit(view.total, _count_text(view.total, view.everything, where))
        if select_all and view.total:
            self.table.selectAll()

    def _show(self, generation: int, where: AccountFilter, view: AccountsView,
              select_all: bool, listed: bool = False) -> None:
        if generation != self._generation:
            return  # a newer reload is on its way
        if not listed:
            self._show_list(generation, where, view, select_all=False)
        if view.map_page is not None:
            self._map_loaded = True
            self.map.load_page(view.map_page)
        else:
            self.map.run(f"FieldRep.setAccounts({view.points_json})")
            self.map.run(f"FieldRep.setTerritories({view.features_json})")
        if view.due_json is not None:
            self.map.run(f"FieldRep.colourByDue({view.due_json})")
        elif self._coloured_by_due and view.map_page is None:
            self.map.run("FieldRep.colourByDue(null)")
        self._coloured_by_due = view.due_json is not None
        if select_all and view.total:
            if not listed:
                self.table.selectAll()
            self.map.fit_to(sorted(where.ids or ()))

    def _show_table(self, where: AccountFilter, total: int,
                    first_page: list[AccountRow] | None = None, *,
                    keep_selection: bool = True) -> None:
        store, sort, descending, today = self.store, self.sort_key, self.descending, date.today()
        kept = self.selected_ids() if keep_selection else []

        def page(offset: int, limit: int) -> list[AccountRow]:
            return account_rows(store, where, sort=sort, descending=descending,
                                offset=offset, limit=limit, today=today)

        def fetch(offset: int, limit: int,
                  deliver: Callable[[list[AccountRow]], None]) -> None:
            Operation(self.tasks, lambda _job: page(offset, limit), deliver,
                      on_failure=self._failed).run()

        model = AccountsTableModel(page, total, fetch=fetch, first_page=first_page)
        model.sort_requested.connect(self._sort)
        self.model = model
        self.table.setModel(model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name
        self.columns.apply()
        if kept:
            reselect(self, kept)

    def reselect(self, account_ids: Sequence[int]) -> Job | None:
        """Select these accounts again where they are now (see :func:`reselect`)."""
        return reselect(self, account_ids)

    def _sort(self, key: str, descending: bool) -> None:
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.refresh()

    # -- selection ----------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        if self.model is None or self.table.selectionModel() is None:
            return []
        return sorted(i.row() for i in self.table.selectionModel().selectedRows())

    def selected_accounts(self) -> list[AccountData]:
        """The selected accounts whose rows are in memory (see :meth:`with_selected`)."""
        model = self.model
        found = [model.account_at(r) for r in self.selected_rows()] if model is not None else []
        return [a for a in found if a is not None]

    def selected_ids(self) -> list[int]:
        """The ids of :meth:`selected_accounts`."""
        return [a.id for a in self.selected_accounts() if a.id is not None]

    def with_selected(self, use: Callable[[list[AccountData]], None]) -> None:
        """Hand every selected account to ``use``: at once when their rows are in memory,
        else once the worker has read their pages (a "select all" over many accounts)."""
        model, rows = self.model, self.selected_rows()
        if model is None or not rows:
            use([])
            return
        missing = model.missing_pages(rows)
        if not missing:
            use(model.accounts_at(rows, {}))
            return
        read = model.page_reader()

        def loaded(pages: dict[int, list[AccountData]]) -> None:
            if self.model is model:  # not reloaded meanwhile
                use(model.accounts_at(rows, pages))

        Operation(self.tasks, lambda _job: read(missing), loaded, parent=self,
                  on_failure=self._failed).run()

    def with_selected_ids(self, use: Callable[[list[int]], None]) -> None:
        """Hand the ids of every selected account to ``use`` (see :meth:`with_selected`)."""
        self.with_selected(lambda accounts: use([a.id for a in accounts if a.id is not None]))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        count = len(self.selected_rows())
        if count > 1:
            self.details.setHtml(
                f"<p><b>{plural(count, 'account')} selected.</b></p><p>"
                + span("Set their territory or tag them from the Accounts menu; Delete "
                       "removes them (Undo brings them back).", MUTED) + "</p>")
        self.with_selected(self._show_selected)

    def _show_selected(self, accounts: list[AccountData]) -> None:
        """The selection's details (one account) and its markers (however many)."""
        if len(accounts) == 1:
            self._show_details(accounts[0])
        self.map.select([a.id for a in accounts if a.id is not None and a.located][:5000])

    def select_account(self, account_id: int, additive: bool = False) -> bool:
        """Select an account's row (see :func:`ui.accounts.reselect.select_account`)."""
        return select_account(self, account_id, additive)

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model is not None:
            account = self.model.account_at(index.row())
            if account is not None and account.id is not None:
                self.edit_requested.emit(account.id)

    def territories(self) -> list[TerritoryCount]:
        """The territories and counts of the last reload."""
        return list(self._territories)

    def update_account(self, account: AccountData) -> None:
        """Show an account's new values at once (the next reload confirms them)."""
        if self.model is not None:
            self.model.replace_account(account)
        if account.id is not None and account.lat is not None and account.lon is not None:
            approximate = account.geocode_precision in (Precision.TOWN, Precision.POSTCODE)
            self.map.move_account(account.id, account.lat, account.lon, approximate)
        selected = self.selected_accounts()
        if len(selected) == 1:
            self._show_details(selected[0])

    def _show_details(self, account: AccountData) -> None:
        """The account's details at once, then again with its visits once the worker has
        read them (unless the selection has moved on)."""
        self.details.setHtml(account_html(account))
        if account.id is None:
            return
        store, account_id = self.store, account.id

        def shown(history: list[TimelineEntry]) -> None:
            if self.selected_ids() == [account_id]:
                self.details.setHtml(account_html(account, history))

        Operation(self.tasks, lambda _job: _timeline(store, account_id), shown,
                  on_failure=self._failed).run()

    def with_map_options(self, options: MapOptions) -> None:
        """New tiles or home base: rebuild the map page."""
        self.map_options = replace(options)
        self.refresh(rebuild_map=True)


def _count_text(total: int, everything: int, where: AccountFilter) -> str:
    if where == AccountFilter():
        return plural(total, "account")
    return f"{total} of {plural(everything, 'account')} match the filters"


def _first_rows(store: Store, where: AccountFilter, sort: str,
                descending: bool) -> tuple[AccountsView, list[AccountRow]]:
    """The counts and the first page of the table, before the map page is written."""
    today = date.today()
    return (_accounts_view(store, where, map_page=None, options=MapOptions(), by_due=False,
                           today=today, with_map=False),
            account_rows(store, where, sort=sort, descending=descending, offset=0,
                         limit=PAGE_SIZE, today=today))


def _placeholder(total: int, everything: int) -> str:
    if total:
        return ("<p>" + span("Select an account to see its details. Click a marker on the "
                             "map to find its row; draw a shape with the polygon, rectangle "
                             "or lasso tool to pick the accounts inside.", MUTED) + "</p>")
    if everything:
        return "<p>" + span("No account matches the filters.", MUTED) + "</p>"
    return ("<p>" + span("No accounts yet. Use <b>Import accounts…</b> to load a "
                         "spreadsheet (CSV or Excel).", MUTED) + "</p>")


def list_accounts(store: Store, **how: Any) -> list[AccountData]:
    """One page of accounts (run on the worker, which loads the service)."""
    return _service().list_accounts(store, **how)  # type: ignore[no-any-return]


def account_rows(store: Store, where: AccountFilter, **how: Any) -> list[AccountRow]:
    """One page of the table's rows (run on the worker, which loads the use case)."""
    from fieldrep.usecases.accounts_view import account_rows as rows

    return rows(store, where, **how)


def _accounts_view(store: Store, *args: Any, **kwargs: Any) -> AccountsView:
    from fieldrep.usecases.accounts_view import accounts_view

    return accounts_view(store, *args, **kwargs)


def _timeline(store: Store, account_id: int) -> list[TimelineEntry]:
    from fieldrep.visits.brief import account_timeline

    return account_timeline(store, account_id)


def _service() -> ModuleType:
    import fieldrep.accounts.service

    return fieldrep.accounts.service
