"""The main window: navigation between the app's areas, menus, undo, status and long jobs.

Areas: Accounts (table, map, details), Territories, Plan (a day or a week of visits),
Visits (whom to see, logging visits, follow-ups, the activity report) and Expenses
(expenses, receipts, mileage, the expense report).  Long jobs (import,
locating accounts, export, the map) run on the one database worker; the window stays
responsive and shows progress.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QDate, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from fieldrep import __version__
from fieldrep.accounts.export import export_accounts
from fieldrep.accounts.model import AccountData, Precision
from fieldrep.accounts.service import (
    add_account,
    add_tag,
    delete_accounts,
    get_account,
    restore_accounts,
    save_accounts,
    update_account,
)
from fieldrep.geocoding.providers import make_geocoder
from fieldrep.geocoding.service import GeocodeReport, geocode_accounts
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.importing.service import ImportResult, import_accounts, plan_import
from fieldrep.maps.settings import map_settings
from fieldrep.maps.territory_map import MapOptions
from fieldrep.planning.settings import home_base
from fieldrep.store import Store
from fieldrep.territories.service import (
    TerritoryData,
    TerritoryError,
    accounts_in_shape,
    delete_territory,
    list_territories,
    save_territory,
    set_territory,
)
from fieldrep.usecases.settings import get_settings
from ui.accounts.dialog import AccountDialog
from ui.accounts.page import AccountsPage
from ui.expenses.page import ExpensesPage
from ui.import_wizard.wizard import ImportWizard
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.plan.page import PlanPage
from ui.settings.dialog import SettingsDialog
from ui.settings.preferences import preferences
from ui.territories.page import TerritoriesPage
from ui.visits.dialog import VisitDialog
from ui.visits.page import VisitsPage
from ui.widgets.connectivity import ConnectivityMonitor

PROGRESS_AFTER_MS = 500
SHOWN_REJECTS = 15
AUTOMATIC = "(automatic: by shape, postcode or town)"
PAGE_NAMES = ("Accounts", "Territories", "Plan", "Visits", "Expenses")


def map_options(store: Store, *, tiles: bool | None = None) -> MapOptions:
    """The map's options from the store's settings (``tiles`` overrides the setting)."""
    shown = map_settings(store)
    home = home_base(store)
    return MapOptions(tiles=shown.tiles if tiles is None else tiles, tile_url=shown.tile_url,
                      home=home.point if home else None, home_label=home.address if home else "")


class StoreCommand(QUndoCommand):
    """An undoable change to the store: ``do`` then ``undo``, both plain functions."""

    def __init__(self, text: str, do: Callable[[], None], undo: Callable[[], None],
                 after: Callable[[], None], *, done: bool = False) -> None:
        super().__init__(text)
        self._do, self._undo, self._after = do, undo, after
        self._skip_first_redo = done  # already applied (so its errors reached the caller)

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
        else:
            self._do()
        self._after()

    def undo(self) -> None:
        self._undo()
        self._after()


class MainWindow(QMainWindow):
    """FieldRep's window on one store."""

    def __init__(self, store: Store, tasks: TaskRunner | None = None, *,
                 connectivity: ConnectivityMonitor | None = None,
                 tiles: bool | None = None) -> None:
        super().__init__()
        self.store = store
        self.tasks = tasks or TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.last_message = ""
        self._tiles = tiles
        self.settings_dialog: SettingsDialog | None = None
        self.setWindowTitle("FieldRep")
        self.setAcceptDrops(True)

        options = map_options(store, tiles=tiles)
        self.accounts = AccountsPage(store, self.tasks, map_options=options)
        self.territories_page = TerritoriesPage(store, self.tasks)
        self.plan_page = PlanPage(store, self.tasks, tiles=tiles is not False)
        self.visits_page = VisitsPage(store, self.tasks)
        self.expenses_page = ExpensesPage(store, self.tasks)
        self.pages = QStackedWidget()
        for page in (self.accounts, self.territories_page, self.plan_page, self.visits_page,
                     self.expenses_page):
            self.pages.addWidget(page)
        self.nav = QListWidget()
        self.nav.addItems(PAGE_NAMES)
        self.nav.setFixedWidth(120)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet("QListWidget { border: none; background: #f3f4f6; font-size: 14px;"
                               " } QListWidget::item { padding: 8px 10px; }"
                               " QListWidget::item:selected { background: #202a44; color: white;"
                               " border-radius: 4px; }")
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.network_label = QLabel("Network: not checked")
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.network_label)
        self.statusBar().addPermanentWidget(QLabel(f"Store: {_store_label(store.url)}"))
        self._build_actions()

        self.accounts.counted.connect(lambda _total, text: self.count_label.setText(text))
        self.accounts.shape_drawn.connect(self.shape_drawn)
        self.accounts.marker_moved.connect(self.move_account)
        self.accounts.edit_requested.connect(self.edit_account)
        self.territories_page.show_accounts.connect(self.show_territory_accounts)
        self.territories_page.changed.connect(self.accounts.refresh)
        self.visits_page.plan_requested.connect(self.plan_accounts)
        self.visits_page.replan_requested.connect(self.replan_saved)
        self.pages.currentChanged.connect(self._page_changed)

        self.connectivity = connectivity
        if connectivity is not None:
            connectivity.setParent(self)
            connectivity.changed.connect(self.set_online)
            connectivity.start()
        self.nav.setCurrentRow(0)
        self._restore_state()
        self.accounts.refresh()

    # -- actions ------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.import_action = self._action("&Import accounts…", self.open_import_wizard,
                                          keys.Open, "Import a CSV or Excel file of accounts")
        self.export_action = self._action("&Export accounts…", self.choose_export_file,
                                          keys.SaveAs)
        self.settings_action = self._action("&Settings…", self.open_settings, keys.Preferences)
        self.settings_action.setShortcuts([QKeySequence(keys.Preferences),
                                           QKeySequence("Ctrl+,")])
        quit_action = self._action("&Quit", self.close, keys.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(keys.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(keys.Redo)
        find_action = self._action("&Find", self._find, keys.Find)
        self.new_action = self._action("&New account…", self.new_account, keys.New)
        self.edit_action = self._action("&Edit account…", self.edit_selected, "Ctrl+E")
        self.delete_action = self._action("&Delete", self.delete_selected, keys.Delete,
                                          "Delete the selected accounts (Undo restores them)")
        self.territory_action = self._action("Set &territory…", self.set_territory_of_selected,
                                             "Ctrl+T")
        self.tag_action = self._action("Add &tag…", self.tag_selected, "Ctrl+G")
        self.fit_action = self._action("Show on &map", self.fit_selection, "Ctrl+M",
                                       "Zoom the map to the selected accounts")
        self.locate_action = self._action("&Locate accounts", self.locate_accounts, "Ctrl+L",
                                          "Find coordinates for accounts that have none")
        self.plan_action = self._action("&Plan the selected accounts…", self.plan_selected,
                                        "Ctrl+P", "Plan a day of visits to the selected accounts")
        self.log_visit_action = self._action(
            "&Log a visit…", self.log_visit_to_selected, "Ctrl+Shift+L",
            "Log a visit or a call to the selected account")
        about = self._action("&About FieldRep", self._about)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for action in (self.import_action, self.export_action, None, self.settings_action,
                       None, quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = menus.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, None, find_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        accounts_menu = menus.addMenu("&Accounts")
        for action in (self.new_action, self.edit_action, self.delete_action, None,
                       self.territory_action, self.tag_action, self.fit_action, None,
                       self.locate_action, self.plan_action, self.log_visit_action):
            accounts_menu.addSeparator() if action is None else accounts_menu.addAction(action)
        view_menu = menus.addMenu("&View")
        for number, name in enumerate(PAGE_NAMES):
            view_menu.addAction(self._action(
                name, lambda n=number: self.nav.setCurrentRow(n), f"Ctrl+{number + 1}"))
        menus.addMenu("&Help").addAction(about)

        toolbar = QToolBar("Main", movable=False)
        toolbar.setObjectName("main-toolbar")
        toolbar.setIconSize(QSize(16, 16))
        for action in (self.new_action, self.import_action, self.locate_action,
                       self.fit_action, self.undo_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    # Compatibility with the table-first window (and handy in tests).
    @property
    def table(self) -> Any:
        return self.accounts.table

    @property
    def model(self) -> Any:
        return self.accounts.model

    @property
    def search(self) -> Any:
        return self.accounts.search

    @property
    def details(self) -> Any:
        return self.accounts.details

    def refresh(self) -> None:
        self.accounts.refresh()
        self.territories_page.refresh()

    def _find(self) -> None:
        self.nav.setCurrentRow(0)
        self.accounts.search.setFocus()
        self.accounts.search.selectAll()

    def _page_changed(self, index: int) -> None:
        on_accounts = index == 0
        # The Territories page has its own New/Edit/Delete on the same keys.
        for action in (self.new_action, self.edit_action, self.delete_action,
                       self.territory_action, self.tag_action, self.fit_action):
            action.setEnabled(on_accounts)
        self.log_visit_action.setEnabled(on_accounts)
        if self.pages.widget(index) is self.territories_page:
            self.territories_page.refresh()
        if self.pages.widget(index) is self.visits_page:
            self.visits_page.refresh()
        if self.pages.widget(index) is self.expenses_page:
            self.expenses_page.refresh()

    def plan_selected(self) -> None:
        """Open the Plan page with the accounts selected in the table (or the lasso)."""
        self.plan_page.set_accounts(self.accounts.selected_ids())
        self.nav.setCurrentRow(self.pages.indexOf(self.plan_page))

    def plan_accounts(self, ids: list[int], day: date, kind: str) -> None:
        """Open the Plan page on ``day`` with these accounts (from the Visits page)."""
        self.plan_page.date.setDate(QDate(day))
        self.plan_page.mode.setCurrentIndex(max(0, self.plan_page.mode.findData(kind)))
        self.plan_page.set_accounts(ids)
        self.nav.setCurrentRow(self.pages.indexOf(self.plan_page))

    def replan_saved(self, plan_id: int, account_id: int) -> Job:
        """Open a saved plan on the Plan page and plan the rest of its day from a stop."""
        job = self.plan_page.open_plan(plan_id)
        job.finished.connect(lambda _result: self.plan_page.replan_from_stop(account_id))
        self.nav.setCurrentRow(self.pages.indexOf(self.plan_page))
        return job

    def log_visit_to_selected(self) -> VisitDialog | None:
        """The visit form for the account selected in the table."""
        ids = self.accounts.selected_ids()
        if len(ids) != 1:
            self.statusBar().showMessage("Select one account to log a visit", 8000)
            return None
        dialog = VisitDialog(self.store, ids[0], self)
        dialog.saved.connect(lambda visit: self.statusBar().showMessage(
            f"Visit to {visit.account_name} saved", 8000))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_territory_accounts(self, territory_id: int) -> None:
        self.nav.setCurrentRow(0)
        self.accounts.show_territory(territory_id)

    def set_online(self, online: bool) -> None:
        """Show the network state; tiles load on their own when the network is back."""
        if online:
            self.network_label.setText("● Online")
            self.network_label.setStyleSheet("color: #1b7f3b")
            self.network_label.setToolTip("The map shows OpenStreetMap tiles; geocoding "
                                          "asks the online provider.")
        else:
            self.network_label.setText("● Offline")
            self.network_label.setStyleSheet("color: #a15c00")
            self.network_label.setToolTip("Working offline: the map shows a plain background "
                                          "with town names; accounts are placed at their "
                                          "town.")

    # -- accounts: add, edit, delete, move, territory, tag (all undoable) ----------------
    def _territory_names(self) -> list[str]:
        return [c.territory.name for c in self.accounts.territories() if c.territory]

    def _changed(self) -> None:
        self.accounts.refresh()
        self.territories_page.refresh()

    def new_account(self) -> None:
        dialog = AccountDialog(self, None, self._territory_names(), save=self.add_account)
        dialog.exec()

    def add_account(self, account: AccountData) -> AccountData:
        """Store a new account (undoable); a refusal raises, so the dialog can say why."""
        saved = add_account(self.store, account)
        self.undo_stack.push(StoreCommand(
            f"add {account.name}", lambda: restore_accounts(self.store, [saved]),
            lambda: delete_accounts(self.store, [saved.id]), self._changed, done=True))
        return saved

    def edit_selected(self) -> None:
        ids = self.accounts.selected_ids()
        if len(ids) == 1:
            self.edit_account(ids[0])

    def edit_account(self, account_id: int) -> None:
        before = get_account(self.store, account_id)
        dialog = AccountDialog(self, before, self._territory_names(),
                               save=lambda after: self.save_account(before, after))
        dialog.exec()

    def save_account(self, before: AccountData, after: AccountData) -> AccountData:
        """Store an edited account (undoable); a refusal raises, so the dialog can say why."""
        self._put(after)
        self.undo_stack.push(StoreCommand(
            f"edit {after.name}", lambda: self._put(after), lambda: self._put(before),
            self._changed, done=True))
        return get_account(self.store, after.id)

    def _put(self, account: AccountData) -> None:
        self.accounts.update_account(update_account(self.store, account))

    def delete_selected(self) -> None:
        ids = self.accounts.selected_ids()
        if not ids:
            return
        self.delete_accounts(ids)

    def delete_accounts(self, ids: Sequence[int]) -> None:
        deleted: list[AccountData] = []
        text = (f"delete {len(ids)} accounts" if len(ids) > 1 else "delete account")

        def do() -> None:
            deleted[:] = delete_accounts(self.store, ids)

        self.undo_stack.push(StoreCommand(text, do, lambda: restore_accounts(self.store, deleted),
                                          self._changed))
        self.statusBar().showMessage(
            f"Deleted {len(deleted)} account{'s' if len(deleted) != 1 else ''} — "
            f"{self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)} "
            "brings them back", 10000)

    def move_account(self, account_id: int, lat: float, lon: float) -> None:
        """A pin dragged on the map: store it as a manual location (undoable)."""
        before = get_account(self.store, account_id)
        after = AccountData(**{**vars(before), "lat": round(lat, 6), "lon": round(lon, 6),
                               "geocode_source": "manual",
                               "geocode_precision": Precision.MANUAL.value})
        self.undo_stack.push(StoreCommand(
            f"move {before.name}", lambda: self._put(after), lambda: self._put(before),
            self._changed))
        self.statusBar().showMessage(f"{before.name}: location pinned by hand "
                                     f"({lat:.5f}, {lon:.5f})", 10000)

    def _snapshot_command(self, text: str, ids: Sequence[int], change: Callable[[], Any],
                          after_undo: Callable[[], None] | None = None) -> None:
        """Undo by putting the accounts back as they were (territory and tags included)."""
        before = [get_account(self.store, i) for i in ids]

        def undo() -> None:
            with self.store.unit_of_work() as uow:
                save_accounts(uow.session, [], updates=before)
                uow.commit()
            if after_undo is not None:
                after_undo()

        self.undo_stack.push(StoreCommand(text, change, undo, self._changed))

    def set_territory_of_selected(self) -> None:
        ids = self.accounts.selected_ids()
        if not ids:
            return
        names = [AUTOMATIC, *self._territory_names()]
        name, ok = QInputDialog.getItem(
            self, "Set territory", f"Territory for {len(ids)} account(s) — type a new name "
            "to create one:", names, 1 if len(names) > 1 else 0, True)
        if ok and name.strip():
            self.set_territory(ids, None if name == AUTOMATIC else name)

    def set_territory(self, ids: Sequence[int], name: str | None) -> None:
        """Put accounts into a territory by hand (a new name creates it; undo removes it)."""
        known = {t.name.lower(): t for t in list_territories(self.store)}
        created = name is not None and " ".join(name.split()).lower() not in known

        def after_undo() -> None:
            if created:
                for territory in list_territories(self.store):
                    if territory.name.lower() == " ".join(name.split()).lower():
                        delete_territory(self.store, territory.id)

        self._snapshot_command(f"set territory of {len(ids)} accounts", ids,
                               lambda: set_territory(self.store, ids, name), after_undo)

    def tag_selected(self) -> None:
        ids = self.accounts.selected_ids()
        if not ids:
            return
        tag, ok = QInputDialog.getText(self, "Add tag", f"Tag for {len(ids)} account(s):")
        if ok and tag.strip():
            self.tag_accounts(ids, tag)

    def tag_accounts(self, ids: Sequence[int], tag: str) -> None:
        try:
            self._snapshot_command(f"tag {len(ids)} accounts", ids,
                                   lambda: add_tag(self.store, ids, tag))
        except ValueError as exc:
            self._error(str(exc))

    def fit_selection(self) -> None:
        ids = [a.id for a in self.accounts.selected_accounts() if a.located]
        if ids:
            self.accounts.map.fit_to(ids)

    # -- shapes drawn on the map ---------------------------------------------------------
    def shape_drawn(self, geometry: dict[str, Any]) -> None:
        menu = QMenu(self)
        select = menu.addAction("Select the accounts inside")
        territory = menu.addAction("Make a territory of this shape…")
        chosen = menu.exec(self.cursor().pos())
        if chosen is select:
            self.select_in_shape(geometry)
        elif chosen is territory:
            name, ok = QInputDialog.getText(self, "New territory", "Name of the territory:")
            if ok and name.strip():
                self.create_territory(name, geometry)

    def select_in_shape(self, geometry: dict[str, Any]) -> Job:
        """Narrow the table to the accounts inside a shape, all selected."""
        store = self.store
        return self.tasks.submit(lambda _job: accounts_in_shape(store, geometry),
                                 self.accounts.show_only, self._error)

    def create_territory(self, name: str, geometry: dict[str, Any]) -> Job:
        store = self.store

        def done(territory: TerritoryData) -> None:
            self.statusBar().showMessage(f"Territory {territory.name} created", 10000)
            self._changed()

        def work(_job: Job) -> TerritoryData:
            try:
                return save_territory(store, TerritoryData(name, polygon=geometry))
            except TerritoryError as exc:
                raise ValueError(str(exc)) from None

        return self.tasks.submit(work, done, self._error)

    # -- import / export / locate --------------------------------------------------------
    def open_import_wizard(self, path: Path | None = None) -> ImportWizard:
        wizard = ImportWizard(self.store, self.tasks, self, path=path)
        wizard.imported.connect(lambda _result: self._changed())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def import_file(self, path: Path) -> Job:
        """Import ``path`` straight away (no wizard), with progress and Cancel."""
        store = self.store

        def work(job: Job) -> ImportResult:
            plan = plan_import(path)
            return import_accounts(store, plan, progress=lambda d, t: job.report(d, t),
                                   cancelled=job.cancelled)

        return self._run_with_progress(f"Importing {path.name}…", work, self._import_done)

    def _import_done(self, result: ImportResult) -> None:
        self._changed()
        lines = [html.escape(result.summary())]
        if result.rejected:
            lines.append("<b>Rejected:</b>")
            lines += [html.escape(str(e)) for e in result.rejected[:SHOWN_REJECTS]]
            if len(result.rejected) > SHOWN_REJECTS:
                lines.append(f"… and {len(result.rejected) - SHOWN_REJECTS} more")
        if result.duplicates:
            lines.append(f"<b>{len(result.duplicates)} suspected duplicates</b> "
                         "(imported, not merged)")
        self.last_message = "<br>".join(lines)
        self.statusBar().showMessage(result.summary(), 15000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() and u.toLocalFile().lower().endswith((".csv", ".xlsx", ".txt"))
               for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.open_import_wizard(Path(files[0]))

    def choose_export_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export accounts", str(Path.home() / "accounts.xlsx"),
            "Excel workbook (*.xlsx);;CSV (*.csv)")
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> Job:
        """Write every account to ``path`` (.xlsx or .csv) on the worker."""
        store = self.store
        return self._run_with_progress(
            f"Exporting to {path.name}…", lambda _job: export_accounts(store, path),
            lambda count: self.statusBar().showMessage(
                f"{count} accounts written to {path}", 15000))

    def locate_accounts(self) -> Job:
        """Geocode the accounts without coordinates (online if the provider answers)."""
        store = self.store

        def work(job: Job) -> GeocodeReport:
            settings = geocoder_settings(store)
            return geocode_accounts(store, make_geocoder(settings),
                                    default_country=settings.default_country,
                                    progress=job.report, cancelled=job.cancelled)

        return self._run_with_progress("Locating accounts…", work, self._locate_done)

    def _locate_done(self, report: GeocodeReport) -> None:
        self._changed()
        self.statusBar().showMessage(report.summary(), 15000)

    # -- settings -------------------------------------------------------------------------
    def open_settings(self) -> Job:
        """Read the settings on the worker, then open the dialog on them."""
        store = self.store
        return Operation(self.tasks, lambda _job: get_settings(store),
                         on_success=self._show_settings, parent=self).run()

    def _show_settings(self, values: dict[str, str]) -> None:
        dialog = SettingsDialog(self.store, self.tasks, values, self)
        dialog.saved.connect(self._settings_saved)
        dialog.finished.connect(self._settings_closed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()

    def _settings_closed(self, _result: int) -> None:
        self.settings_dialog = None

    def _settings_saved(self) -> None:
        store, tiles = self.store, self._tiles
        Operation(self.tasks, lambda _job: map_options(store, tiles=tiles),
                  on_success=self.accounts.with_map_options, parent=self).run()

    # -- shared ---------------------------------------------------------------------------
    def _run_with_progress(
        self, title: str, work: Callable[[Job], Any], on_done: Callable[[Any], None]
    ) -> Job:
        dialog = QProgressDialog(title, "Cancel", 0, 0, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def finish(result: object) -> None:
            dialog.close()
            on_done(result)

        def fail(message: str) -> None:
            dialog.close()
            self._error(message)

        job = self.tasks.submit(work, finish, fail)
        job.progress.connect(lambda done, total, _text: (dialog.setMaximum(total),
                                                         dialog.setValue(done)))
        dialog.canceled.connect(job.cancel)
        return job

    def _error(self, message: str) -> None:
        self.last_message = message
        self.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self, "FieldRep", message)

    def _about(self) -> None:
        QMessageBox.about(self, "About FieldRep",
                          f"FieldRep {__version__}\nTerritory, visit planning and expenses "
                          "for field sales reps, online or offline.\n\nMap data © "
                          "OpenStreetMap contributors; town names © GeoNames (CC BY 4.0).")

    # -- window state ---------------------------------------------------------------------
    def _restore_state(self) -> None:
        settings = preferences()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        defaults = {"accounts/splitter": [11, 9], "accounts/right": [13, 7]}  # proportions
        for key, splitter in (("accounts/splitter", self.accounts.splitter),
                              ("accounts/right", self.accounts.right)):
            value = settings.value(key)
            if isinstance(value, QByteArray) and splitter.restoreState(value):
                continue
            splitter.setSizes([part * 100 for part in defaults[key]])
        page = settings.value("window/page", 0)
        self.nav.setCurrentRow(int(page) if str(page).isdigit() else 0)

    def save_state(self) -> None:
        settings = preferences()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("accounts/splitter", self.accounts.splitter.saveState())
        settings.setValue("accounts/right", self.accounts.right.saveState())
        settings.setValue("window/page", self.nav.currentRow())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.connectivity is not None:
            self.connectivity.stop()
        self.tasks.wait(5000)
        self.accounts.map.release()
        super().closeEvent(event)


def _store_label(url: str) -> str:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.split("@")[-1]
