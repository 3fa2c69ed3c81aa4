"""The Accounts page: filters, the lazy table, the territory map and the detail panel.

Table and map are one view of the same accounts: the filters apply to both, a row selected
in the table is ringed on the map, a marker clicked on the map selects its row, and a
shape drawn on the map narrows the table to the accounts inside it.  Every query runs on
the window's one database worker; the page only shows results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.model import AccountData, Precision
from fieldrep.accounts.service import (
    AccountFilter,
    account_position,
    all_tags,
    count_accounts,
    list_accounts,
)
from fieldrep.maps.territory_map import (
    MapOptions,
    map_points,
    safe_json,
    territory_features,
    write_map,
)
from fieldrep.store import Store
from fieldrep.territories.service import TerritoryCount, territory_counts
from fieldrep.visits.brief import account_timeline
from fieldrep.visits.due import due_statuses
from ui.accounts.details import account_html
from ui.accounts.model import COLUMNS, AccountsTableModel
from ui.kit.tasks import TaskRunner
from ui.widgets.map_view import MapView

SEARCH_DELAY_MS = 250
_WIDTHS = (240, 180, 70, 140, 40, 80, 90, 95, 100, 120, 140)
_PRECISIONS = (
    ("Any location", ""),
    ("Exact or address", "exact"),
    ("Approximate (town, postcode)", "approximate"),
    ("Pinned by hand", Precision.MANUAL.value),
    ("No location", "none"),
    ("Not found by the geocoder", Precision.NOT_FOUND.value),
)


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
        self._territories: list[TerritoryCount] = []

        self._build_filters()
        self.table = QTableView()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
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
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.splitter, 1)

    # -- filters ------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit(placeholderText="Search name, street, postcode, city, id…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.territory = QComboBox(minimumContentsLength=14)
        self.territory.setToolTip("Territory")
        self.tiers = {}
        tier_box = QHBoxLayout()
        tier_box.setSpacing(0)
        for tier in "ABC":
            button = QToolButton(text=tier, checkable=True)
            button.setToolTip(f"Only tier {tier} (combine with the others)")
            button.toggled.connect(self.refresh)
            self.tiers[tier] = button
            tier_box.addWidget(button)
        self.tag = QComboBox(minimumContentsLength=10)
        self.tag.setToolTip("Tag")
        self.precision = QComboBox()
        for label, value in _PRECISIONS:
            self.precision.addItem(label, value)
        self.colour = QComboBox()
        self.colour.addItem("Colour by tier", "tier")
        self.colour.addItem("Colour by visit status", "due")
        self.colour.setToolTip("What the colours of the accounts on the map say")
        self.colour.currentIndexChanged.connect(lambda _i: self.refresh())
        self.selection_chip = QPushButton()
        self.selection_chip.setToolTip("Show all accounts again")
        self.selection_chip.setVisible(False)
        self.selection_chip.clicked.connect(lambda: self.show_only(None))
        for combo in (self.territory, self.tag, self.precision):
            combo.currentIndexChanged.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(QLabel("Territory"))
        bar.addWidget(self.territory, 1)
        bar.addWidget(QLabel("Tier"))
        bar.addLayout(tier_box)
        bar.addWidget(QLabel("Tag"))
        bar.addWidget(self.tag, 1)
        bar.addWidget(self.precision, 1)
        bar.addWidget(self.colour)
        bar.addWidget(self.selection_chip)
        self.filter_bar = bar
        self._fill_combo(self.territory, [("All territories", None),
                                          ("Outside every territory", 0)])
        self._fill_combo(self.tag, [("Any tag", "")])

    def current_filter(self) -> AccountFilter:
        """What the filter bar asks for."""
        precision = self.precision.currentData() or ""
        return AccountFilter(
            search=self.search.text().strip(),
            territory_id=self.territory.currentData(),
            tiers=frozenset(t for t, b in self.tiers.items() if b.isChecked()),
            tag=self.tag.currentData() or "",
            precision="" if precision == "none" else precision,
            no_location=precision == "none",
            ids=self.selection_ids,
        )

    def show_territory(self, territory_id: int) -> None:
        """Filter on one territory (0: outside every territory)."""
        index = self.territory.findData(territory_id)
        if index < 0:
            self.territory.addItem(f"Territory #{territory_id}", territory_id)
            index = self.territory.count() - 1
        self.territory.setCurrentIndex(index)

    def show_only(self, account_ids: Sequence[int] | None) -> None:
        """Narrow the table and map to these accounts (None: lift that limit)."""
        self.selection_ids = None if account_ids is None else frozenset(account_ids)
        if self.selection_ids is None:
            self.selection_chip.setVisible(False)
        else:
            self.selection_chip.setText(f"Drawn selection: {len(self.selection_ids)}  ✕")
            self.selection_chip.setVisible(True)
        self.refresh(select_all=self.selection_ids is not None)

    @staticmethod
    def _fill_combo(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # -- loading ------------------------------------------------------------------------
    def refresh(self, *_args: Any, select_all: bool = False, rebuild_map: bool = False) -> None:
        """Reload table, map and filter choices for the current filters, on the worker."""
        self._generation += 1
        generation = self._generation
        where = self.current_filter()
        store = self.store
        page_path = self.map.next_page_path() if rebuild_map or not self._map_loaded else None
        options = self.map_options
        by_due = self.colour.currentData() == "due"

        def work(_job: Any) -> dict[str, Any]:
            counts = territory_counts(store)
            points = map_points(store, where)
            features = territory_features(counts, points)
            result = {"total": count_accounts(store, where=where),
                      "all": sum(c.accounts for c in counts), "counts": counts,
                      "tags": all_tags(store), "features": features}
            if page_path is not None:
                write_map(page_path, points, features, options)
                result["page"] = page_path
            else:  # the page is up: only its data changes (JSON made here, not in the UI)
                result["points_json"] = safe_json([p.as_row() for p in points])
                result["features_json"] = safe_json(features)
            if by_due:
                statuses = due_statuses(store, date.today())
                result["due_json"] = safe_json({i: s.value for i, s in statuses.items()})
            return result

        self.tasks.submit(work, lambda r: self._show(generation, where, r, select_all),
                          self._failed)

    def _failed(self, message: str) -> None:
        self.details.setPlainText(f"Could not load the accounts: {message}")

    def _show(self, generation: int, where: AccountFilter, result: dict[str, Any],
              select_all: bool) -> None:
        if generation != self._generation:
            return  # a newer reload is on its way
        self._territories = result["counts"]
        self._fill_combo(self.territory, [("All territories", None),
                                          ("Outside every territory", 0)]
                         + [(c.territory.name, c.territory.id) for c in result["counts"]
                            if c.territory is not None])
        self._fill_combo(self.tag, [("Any tag", "")] + [(t, t) for t in result["tags"]])
        total = result["total"]
        store, sort, descending = self.store, self.sort_key, self.descending
        model = AccountsTableModel(
            lambda offset, limit: list_accounts(store, where=where, sort=sort,
                                                descending=descending, offset=offset,
                                                limit=limit), total)
        model.sort_requested.connect(self._sort)
        self.model = model
        self.table.setModel(model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(_WIDTHS[:len(COLUMNS)]):
            self.table.setColumnWidth(column, width)
        if "page" in result:
            self._map_loaded = True
            self.map.load_page(result["page"])
        else:
            self.map.run(f"FieldRep.setAccounts({result['points_json']})")
            self.map.run(f"FieldRep.setTerritories({result['features_json']})")
        if "due_json" in result:
            self.map.run(f"FieldRep.colourByDue({result['due_json']})")
        elif self._coloured_by_due and "page" not in result:
            self.map.run("FieldRep.colourByDue(null)")
        self._coloured_by_due = "due_json" in result
        self.details.setHtml(_placeholder(total, result["all"]))
        self.counted.emit(total, self._count_text(total, result["all"], where))
        if select_all and total:
            self.table.selectAll()
            self.map.fit_to(sorted(where.ids or ()))

    @staticmethod
    def _count_text(total: int, everything: int, where: AccountFilter) -> str:
        if where == AccountFilter():
            return f"{total} accounts"
        return f"{total} of {everything} accounts match the filters"

    def _sort(self, key: str, descending: bool) -> None:
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.refresh()

    # -- selection ----------------------------------------------------------------------
    def selected_accounts(self) -> list[AccountData]:
        """The accounts of the selected rows (their pages load if needed)."""
        if self.model is None or self.table.selectionModel() is None:
            return []
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        found = [self.model.account_at(r) for r in rows]
        return [a for a in found if a is not None]

    def selected_ids(self) -> list[int]:
        return [a.id for a in self.selected_accounts() if a.id is not None]

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        accounts = self.selected_accounts()
        if len(accounts) == 1:
            self._show_details(accounts[0])
        elif accounts:
            self.details.setHtml(f"<p><b>{len(accounts)} accounts selected.</b></p><p style="
                                 "'color:#666'>Set their territory or tag them from the "
                                 "Accounts menu; Delete removes them (Undo brings them "
                                 "back).</p>")
        self.map.select([a.id for a in accounts if a.id is not None and a.located][:5000])

    def select_account(self, account_id: int, additive: bool = False) -> bool:
        """Select an account's row (scrolling to it), e.g. after a click on its marker."""
        if self.model is None:
            return False
        row = self.model.row_of(account_id)
        if row is None:
            row = account_position(self.store, account_id, where=self.current_filter(),
                                   sort=self.sort_key, descending=self.descending)
        if row is None:
            return False
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Toggle if additive
            else QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.selectionModel().select(index, flags)
        self.table.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)
        return True

    def _double_clicked(self, index: Any) -> None:
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
        if account.id is not None and account.located:
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

        def shown(history: list[Any]) -> None:
            if self.selected_ids() == [account_id]:
                self.details.setHtml(account_html(account, history))

        self.tasks.submit(lambda _job: account_timeline(store, account_id), shown,
                          self._failed)

    def with_map_options(self, options: MapOptions) -> None:
        """New tiles or home base: rebuild the map page."""
        self.map_options = replace(options)
        self.refresh(rebuild_map=True)


def _placeholder(total: int, everything: int) -> str:
    if total:
        return ("<p style='color:#666'>Select an account to see its details. Click a marker "
                "on the map to find its row; draw a shape with the polygon, rectangle or "
                "lasso tool to pick the accounts inside.</p>")
    if everything:
        return "<p style='color:#666'>No account matches the filters.</p>"
    return ("<p style='color:#666'>No accounts yet. Use <b>Import accounts…</b> to load a "
            "spreadsheet (CSV or Excel).</p>")
