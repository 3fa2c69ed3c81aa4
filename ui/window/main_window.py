"""The main window: navigation between the app's areas, the status bar and the network light.

Areas: Today (the day's route, arrive and finish visits, navigate), Accounts (table, map,
details), Territories, Plan (a day or a week of visits),
Visits (whom to see, logging visits, follow-ups, the activity report) and Expenses
(expenses, receipts, mileage, the expense report).  The window wires them together; its
menus are in :mod:`ui.window.menus`, the undoable account changes in
:mod:`ui.accounts.undo`, the selection's actions in :mod:`ui.accounts.selection_actions`
and import, export and locating in :mod:`ui.window.long_jobs`.  Every store job runs on the one
worker of ``tasks``.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from fieldrep.maps.map_types import MapOptions
from ui.accounts.page import AccountsPage
from ui.accounts.selection_actions import SelectionActions
from ui.accounts.undo import AccountEdits
from ui.kit.errors import show_error_box
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.today.page import TodayPage
from ui.widgets.connectivity import ConnectivityMonitor
from ui.window.later_pages import LATER_PAGES, build_page
from ui.window.lazy_pages import LazyPages
from ui.window.long_jobs import LongJobs
from ui.window.menus import build_menus, navigation
from ui.window.settings_link import SettingsLink
from ui.window.setup_link import SetupLink
from ui.window.state import restore_state, save_state
from ui.window.status import StatusBar

if TYPE_CHECKING:  # the dialogs and the pages after Accounts load when first opened
    from fieldrep.accounts.model import AccountData
    from fieldrep.store import Store
    from ui.expenses.page import ExpensesPage
    from ui.import_wizard.wizard import ImportWizard
    from ui.plan.page import PlanPage
    from ui.settings.dialog import SettingsDialog
    from ui.setup.assistant import SetupAssistant
    from ui.territories.page import TerritoriesPage
    from ui.visits.dialog import VisitDialog
    from ui.visits.page import VisitsPage


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
        self.settings_link = SettingsLink(self)
        self.setup = SetupLink(self)
        self.tiles = tiles
        self.setWindowTitle("FieldRep")
        self.setAcceptDrops(True)

        # Today's map once the accounts are read: their table first, then the map.
        self.today = TodayPage(store, self.tasks, tiles=tiles is not False, map_now=False)
        self.accounts = AccountsPage(store, self.tasks, map_options=MapOptions(tiles=False))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.today)
        self.pages.addWidget(self.accounts)
        # The other pages are built when first shown (or first asked for).
        self.lazy_pages = LazyPages(self.pages)
        for name in LATER_PAGES:
            self.lazy_pages.add(name, partial(build_page, self, name))
        self.nav = navigation()
        self.nav.currentRowChanged.connect(self.lazy_pages.show)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.status = StatusBar(store.url)
        self.setStatusBar(self.status)
        self.count_label, self.network_label = self.status.count_label, self.status.network_label

        self.edits = AccountEdits(store, self.tasks, self.undo_stack, self.accounts,
                                  changed=self._changed, tell=self.tell,
                                  tell_outcome=self.tell_outcome)
        self.selection = SelectionActions(store, self.tasks, self.accounts, self.edits, self,
                                          changed=self._changed, tell=self.tell,
                                          failed=self.show_failure)
        self.long_jobs = LongJobs(store, self.tasks, self, changed=self._changed,
                                  tell=self.tell_outcome, failed=self.show_failure)
        self.window_actions = build_menus(self)
        self.undo_action = self.window_actions.undo
        self.redo_action = self.window_actions.redo
        self.delete_action = self.window_actions.delete
        self.locate_action = self.window_actions.locate
        self.plan_action = self.window_actions.plan

        self.accounts.counted.connect(lambda _total, text: self.count_label.setText(text))
        self.accounts.shape_drawn.connect(self.selection.shape_drawn)
        self.accounts.marker_moved.connect(self.edits.move)
        self.accounts.edit_requested.connect(self.edit_account)
        self.accounts.counted.connect(lambda *_args: self.today.draw_map())
        self.today.message.connect(self.tell)
        self.today.changed.connect(lambda: self.lazy_pages.refresh("visits"))
        self.pages.currentChanged.connect(self._page_changed)

        self.connectivity: ConnectivityMonitor | None = None
        if connectivity is not None:
            self.watch_network(connectivity)
        self.nav.setCurrentRow(0)
        restore_state(self)
        self.reload_map_options()  # then the accounts page loads

    @property
    def territories_page(self) -> TerritoriesPage:
        return cast("TerritoriesPage", self.lazy_pages.get("territories"))

    @property
    def plan_page(self) -> PlanPage:
        return cast("PlanPage", self.lazy_pages.get("plan"))

    @property
    def visits_page(self) -> VisitsPage:
        return cast("VisitsPage", self.lazy_pages.get("visits"))

    @property
    def expenses_page(self) -> ExpensesPage:
        return cast("ExpensesPage", self.lazy_pages.get("expenses"))

    # Compatibility with the table-first window (and handy in tests).
    table = property(lambda self: self.accounts.table)
    model = property(lambda self: self.accounts.model)
    search = property(lambda self: self.accounts.search)
    details = property(lambda self: self.accounts.details)

    def _changed(self) -> None:
        self.accounts.refresh()
        self.lazy_pages.refresh("territories")

    def refresh_accounts(self, *, rebuild_map: bool = False) -> None:
        """Read the accounts again (the start placed some on the map meanwhile)."""
        self.accounts.refresh(rebuild_map=rebuild_map)
        self.lazy_pages.refresh("territories")

    # -- navigation -----------------------------------------------------------------------
    def find_accounts(self) -> None:
        self._show_page(self.accounts)
        self.accounts.search.setFocus()
        self.accounts.search.selectAll()

    def _page_changed(self, index: int) -> None:
        # The Territories page has its own New/Edit/Delete on the same keys.
        page = self.pages.widget(index)
        for action in self.window_actions.on_accounts:
            action.setEnabled(page is self.accounts)
        if page is self.today:
            self.today.reload()  # a plan saved or a visit logged elsewhere meanwhile
        for name in ("territories", "visits", "expenses"):  # read again when shown
            if page is self.lazy_pages.built(name):
                self.lazy_pages.refresh(name)

    def _show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(page))

    def plan_selected(self) -> None:
        """Open the Plan page with the accounts selected in the table (or the lasso)."""
        def plan(ids: list[int]) -> None:
            self.plan_page.set_accounts(ids)
            self._show_page(self.plan_page)

        self.accounts.with_selected_ids(plan)

    def plan_accounts(self, ids: list[int], day: date, kind: str) -> None:
        """Open the Plan page on ``day`` with these accounts (from the Visits page)."""
        self.plan_page.date.setDate(QDate(day))
        self.plan_page.mode.setCurrentIndex(max(0, self.plan_page.mode.findData(kind)))
        self.plan_page.set_accounts(ids)
        self._show_page(self.plan_page)

    def replan_saved(self, plan_id: int, account_id: int) -> Job:
        """Open a saved plan on the Plan page and plan the rest of its day from a stop."""
        job = self.plan_page.open_plan(plan_id)
        job.finished.connect(lambda _result: self.plan_page.replan_from_stop(account_id))
        self._show_page(self.plan_page)
        return job

    def show_territory_accounts(self, territory_id: int) -> None:
        self._show_page(self.accounts)
        self.accounts.show_territory(territory_id)

    # -- accounts -------------------------------------------------------------------------
    def _territory_names(self) -> list[str]:
        return self.selection.territory_names()

    def new_account(self) -> None:
        from fieldrep.accounts.service import add_account
        from ui.accounts.dialog import AccountDialog

        store = self.store
        dialog = AccountDialog(self, None, self._territory_names(),
                               save=lambda account: add_account(store, account),
                               tasks=self.tasks)
        if dialog.exec() and dialog.saved is not None:
            self.edits.added(dialog.saved)

    def add_account(self, account: AccountData) -> Job:
        """Store a new account on the worker (undoable)."""
        return self.edits.add(account)

    def edit_selected(self) -> None:
        self.accounts.with_selected_ids(
            lambda ids: self.edit_account(ids[0]) if len(ids) == 1 else None)

    def edit_account(self, account_id: int) -> Job:
        """Read the account on the worker, then open it in the account dialog."""
        from fieldrep.accounts.ownership import account_to_edit
        from fieldrep.accounts.service import update_account

        store = self.store

        def opened(found: tuple[AccountData, str]) -> None:
            from ui.accounts.dialog import AccountDialog

            before, read_only = found
            dialog = AccountDialog(self, before, self._territory_names(),
                                   save=lambda after: update_account(store, after),
                                   tasks=self.tasks, read_only=read_only)
            if dialog.exec() and dialog.saved is not None:
                self.edits.edited(before, dialog.saved)

        return Operation(self.tasks, lambda _job: account_to_edit(store, account_id), opened,
                         on_failure=self.show_failure).run()

    def save_account(self, before: AccountData, after: AccountData) -> Job:
        """Store an edited account on the worker (undoable)."""
        return self.edits.save(before, after)

    def delete_selected(self) -> None:
        self.accounts.with_selected_ids(lambda ids: self.edits.delete(ids) if ids else None)

    def log_visit_to_selected(self) -> VisitDialog | None:
        """The visit form for the account selected in the table."""
        ids = self.accounts.selected_ids()
        if len(ids) != 1:
            self.tell("Select one account to log a visit")
            return None
        from ui.visits.dialog import VisitDialog

        dialog = VisitDialog(self.store, self.tasks, ids[0], self)
        dialog.saved.connect(lambda visit: self.tell(f"Visit to {visit.account_name} saved"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- import / export / locate ---------------------------------------------------------
    def open_import_wizard(self, path: Path | None = None) -> ImportWizard:
        from ui.import_wizard.wizard import ImportWizard

        wizard = ImportWizard(self.store, self.tasks, self, path=path)
        wizard.imported.connect(lambda _result: self._changed())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() and u.toLocalFile().lower().endswith((".csv", ".xlsx", ".txt"))
               for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            self.open_import_wizard(Path(files[0]))

    # -- settings -------------------------------------------------------------------------
    def open_settings(self) -> Job:
        """Read the settings on the worker, then open the dialog on them."""
        return self.settings_link.open()

    @property
    def settings_dialog(self) -> SettingsDialog | None:
        return self.settings_link.dialog

    def open_setup(self, start_at: str = "region") -> Job:
        """Open the setup assistant (at the step ``start_at``), see :class:`SetupLink`."""
        return self.setup.open(start_at)

    @property
    def setup_assistant(self) -> SetupAssistant | None:
        return self.setup.assistant

    def reload_map_options(self) -> Job:
        """Read the map's settings on the worker, then (re)build the accounts map."""
        store, tiles = self.store, self.tiles
        return Operation(self.tasks, lambda _job: _map_options(store, tiles is not False),
                         self.accounts.with_map_options, on_failure=self.show_failure).run()

    # -- the status bar -------------------------------------------------------------------
    def tell(self, message: str) -> None:
        """A passing message in the status bar."""
        self.status.tell(message)

    def tell_outcome(self, message: str) -> None:
        """The outcome of a long job: kept in ``last_message`` and shown a while longer."""
        self.last_message = message
        self.status.tell(message, long=True)

    def show_failure(self, message: str) -> None:
        """What went wrong: in the status bar and in a box that does not block."""
        self.last_message = message
        self.status.tell(message, long=True)
        show_error_box(self, message)

    def set_online(self, online: bool) -> None:
        self.status.set_online(online)

    def watch_network(self, connectivity: ConnectivityMonitor) -> None:
        """Show in the status bar whether the tile server answers, as ``connectivity``
        finds."""
        self.connectivity = connectivity
        connectivity.setParent(self)
        connectivity.changed.connect(self.set_online)
        connectivity.start()

    # -- window state ---------------------------------------------------------------------
    def save_state(self) -> None:
        save_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.connectivity is not None:
            self.connectivity.stop()
        self.tasks.wait(5000)
        self.accounts.map.release()
        self.today.map.release()
        for name in ("territories", "visits"):  # the pages never opened have no map
            page = self.lazy_pages.built(name)
            if page is not None:
                page.map.release()  # type: ignore[attr-defined]
        super().closeEvent(event)


def _map_options(store: Store, tiles: bool) -> MapOptions:
    """The map's settings, read on the worker (with the store's models)."""
    from fieldrep.planning.map_options import map_options

    return map_options(store, tiles=tiles)
