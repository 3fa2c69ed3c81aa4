"""A map of some accounts beside a page's table (Visits, Territories): the first showing
writes the map page, later ones only send the page new data.  A click on a pin tells the
page which account (``account_clicked``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from fieldrep.accounts.service import AccountFilter
from fieldrep.planning.map_options import map_options
from fieldrep.store import Store
from fieldrep.usecases.accounts_view import AccountsView, accounts_view
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.plan.map_panel import MapPanel


class AccountsMap(MapPanel):
    """The accounts a filter keeps, with the territories' outlines, optionally coloured by
    visit status."""

    account_clicked = Signal(int)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 tiles: bool = False, selection_tools: bool = True) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.tiles = store, tasks, tiles
        #: the drawing and lasso tools (off where a drawn shape does nothing)
        self.selection_tools = selection_tools
        self._page_written = False
        self._waiting: tuple[AccountFilter, bool, date | None] | None = None
        self._request = 0
        self.job: Job | None = None
        self.bridge.account_clicked.connect(lambda account_id, _more:
                                            self.account_clicked.emit(account_id))

    def show_accounts(self, where: AccountFilter, *, by_due: bool = False,
                      day: date | None = None) -> Job | None:
        """Map the accounts ``where`` keeps (on the worker); the newest call wins.  A map
        out of sight waits until it is shown (no map page is written for nothing)."""
        if not self.isVisible():
            self._waiting = (where, by_due, day)
            return None
        self._waiting = None
        self._request += 1
        generation = self._request
        store, tiles, on = self.store, self.tiles, day or date.today()
        tools = self.selection_tools
        page = None if self._page_written else self.next_page_path()
        self._page_written = True

        def work(_job: Job) -> AccountsView:
            return accounts_view(store, where, map_page=page,
                                 options=map_options(store, tiles=tiles,
                                                     selection_tools=tools),
                                 by_due=by_due,
                                 today=on)

        def shown(view: AccountsView) -> None:
            if view.map_page is not None:
                self.load_page(view.map_page)  # even when stale: the next calls update it
            if generation != self._request:
                return
            if view.map_page is None:
                self.run(f"FieldRep.setAccounts({view.points_json})")
                self.run(f"FieldRep.setTerritories({view.features_json})")
            self.run(f"FieldRep.colourByDue({view.due_json or 'null'})")
            self.run("FieldRep.fitAll()")

        self.job = Operation(self.tasks, work, shown, parent=self,
                             on_failure=lambda _message: None).run()
        return self.job

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._waiting is not None:
            where, by_due, day = self._waiting
            self.show_accounts(where, by_due=by_due, day=day)
