"""The Territories page: every territory with its accounts, and those outside all of them.

A territory is drawn on the map — a shape drawn there (polygon, rectangle or lasso)
opens :class:`~ui.territories.dialog.TerritoryDialog` for a new territory of that shape,
or, with a territory selected, offers to give it that shape instead — or listed there as
postcodes, postcode prefixes and towns.  Accounts fall into territories by
themselves; the last row of the table counts the accounts outside every territory, so they
are easy to find.  Double-clicking a row asks the main window to show its accounts
(:attr:`TerritoriesPage.show_accounts`).

The page only wires its widgets.  Every store call runs through an
:class:`~ui.kit.operations.Operation`: saving or deleting a territory places 100,000
accounts again, which takes a moment, and the page shows it is busy meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.service import AccountFilter
from fieldrep.store import Store
from fieldrep.territories.describe import delete_question, next_colour
from fieldrep.territories.service import (
    TerritoryCount,
    TerritoryData,
    delete_territory,
    territory_counts,
)
from fieldrep.usecases.territory_form import save_territory_or_conflict
from ui.kit.colours import MUTED, text_style
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.territories.actions import TerritoryActions
from ui.territories.busy import BusyIndicator
from ui.territories.dialog import TerritoryDialog
from ui.territories.model import TerritoriesModel
from ui.territories.summary import CountsSummary
from ui.territories.table import TerritoriesTable
from ui.widgets.accounts_map import AccountsMap

DRAW_HINT = ("To draw a territory, draw its shape on the map with the polygon, rectangle or "
             "lasso tool. With a territory selected, a shape drawn can also replace its own.")
#: what the map's lasso does here
LASSO_TITLE = "Lasso: draw a territory's shape freehand"
T = TypeVar("T")


class TerritoriesPage(QWidget):
    """The territories with their counts; create, edit, delete; show a territory's accounts."""

    #: Show the accounts of this territory id (0: the accounts outside every territory).
    show_accounts = Signal(int)
    #: A territory was created, edited or deleted: the map and the filters refresh.
    changed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 tiles: bool = False) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.loaded = False  # the first counts arrived
        self._select_after: int | None = None

        self.model = TerritoriesModel(self)
        self.table = TerritoriesTable(self.model)
        self.map = AccountsMap(store, tasks, tiles=tiles)
        self.actions = TerritoryActions(self, new=self.new_territory, edit=self.edit_selected,
                                        delete=self.delete_selected,
                                        show=self.show_selected_accounts)
        for action in self.actions.on_rows():
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.buttons = self.actions.buttons()
        self.busy = BusyIndicator()
        self.summary = CountsSummary()
        self.message_label = error_label()
        self.hint_label = QLabel(DRAW_HINT, textFormat=Qt.TextFormat.PlainText, wordWrap=True,
                                 styleSheet=text_style(MUTED))
        self._lay_out()

        self.map.bridge.shape_drawn.connect(self.shape_drawn)
        self.map.bridge.ready.connect(
            lambda: self.map.run(f"FieldRep.setLassoTitle({json.dumps(LASSO_TITLE)})"))
        self.table.activated_id.connect(self.show_accounts)
        self.table.selection_changed.connect(self._update_actions)
        self.table.selection_changed.connect(self.show_on_map)
        self.busy.changed.connect(self._busy_changed)
        self._update_actions()
        self.refresh()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for button in self.buttons:
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.busy)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        for label in (self.summary, self.message_label, self.hint_label):
            column.addWidget(label)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.map)
        self.splitter.setSizes([620, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    # -- loading ------------------------------------------------------------------------
    def refresh(self) -> Job:
        """Count the accounts per territory again, on the worker."""
        store = self.store
        return self._run(lambda _job: territory_counts(store), self._show_counts)

    def _show_counts(self, counts: list[TerritoryCount]) -> None:
        selected = self._select_after if self._select_after is not None else self.selected_id()
        self._select_after = None
        self.model.set_counts(counts)
        self.loaded = True
        if selected is not None:
            self.table.select_id(selected)
        self.summary.show_counts(len(self.model.territories()), self.model.total(),
                                 self.model.outside_count())
        self._update_actions()
        self.show_on_map()

    def show_on_map(self) -> Job | None:
        """The selected territory's accounts on the map (every account when none is)."""
        return self.map.show_accounts(AccountFilter(territory_id=self.selected_id()))

    # -- the selection ------------------------------------------------------------------
    def selected_id(self) -> int | None:
        """The selected territory's id, 0 for the outside row, None when nothing is."""
        return self.table.selected_id()

    def select_territory(self, territory_id: int) -> None:
        """Select a territory's row (0: the outside row)."""
        self.table.select_id(territory_id)

    def is_busy(self) -> bool:
        return self.busy.is_busy()

    def _update_actions(self) -> None:
        count = self.table.selected_count()
        self.actions.update(busy=self.is_busy(),
                            territory=count is not None and count.territory is not None,
                            row=count is not None)

    def _busy_changed(self) -> None:
        if self.is_busy():
            self.table.viewport().setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.table.viewport().unsetCursor()
        self._update_actions()

    def show_selected_accounts(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self.show_accounts.emit(selected)

    # -- creating and editing -----------------------------------------------------------
    def make_dialog(self, territory: TerritoryData | None = None,
                    shape: dict[str, Any] | None = None) -> TerritoryDialog:
        """The dialog for a new territory (None) or for ``territory`` (``shape``: the shape
        just drawn, for it), saving on the worker."""
        used = [t.color for t in self.model.territories()]
        dialog = TerritoryDialog(self, territory, colour=next_colour(used), save=self._save,
                                 shape=shape)
        dialog.saved.connect(self._saved)
        return dialog

    def new_territory(self) -> None:
        self._open(self.make_dialog())

    def edit_selected(self) -> None:
        count = self.table.selected_count()
        if count is not None and count.territory is not None:
            self._open(self.make_dialog(count.territory))

    def shape_drawn(self, geometry: dict[str, Any]) -> None:
        """A shape drawn on the map: a new territory of it, or — a territory selected, and
        the rep choosing so — that territory's new shape."""
        count = self.table.selected_count()
        selected = count.territory if count is not None else None
        if self.is_busy():
            self._show_error("The accounts are still being placed: draw the shape again "
                             "in a moment.")
            return
        use = "new" if selected is None else self.ask_shape_use(selected)
        if use is not None:
            self._open(self.make_dialog(selected if use == "reshape" else None, shape=geometry))

    def ask_shape_use(self, territory: TerritoryData) -> str | None:
        """``"new"`` territory or ``"reshape"`` the selected one, as the rep picks from a
        menu at the pointer (None: neither)."""
        menu = QMenu(self)
        new = menu.addAction("New territory of this shape…")
        reshape = menu.addAction(f"New shape for “{territory.name}”…")
        chosen = menu.exec(QCursor.pos())
        return "new" if chosen is new else "reshape" if chosen is reshape else None

    @staticmethod
    def _open(dialog: TerritoryDialog) -> None:
        dialog.exec()  # the page refreshes through dialog.saved
        dialog.deleteLater()

    def _save(self, territory: TerritoryData) -> Job:
        """Save on the worker; the dialog shows a refusal, so the page only waits."""
        store = self.store
        name = " ".join(territory.name.split())
        return self._run(lambda _job: save_territory_or_conflict(store, territory),
                         lambda _saved: None,
                         lambda _message: None, f"Saving “{name}” and placing the accounts…")

    def _saved(self, territory: TerritoryData) -> None:
        self._select_after = territory.id
        self._changed()

    # -- deleting -----------------------------------------------------------------------
    def delete_selected(self) -> Job | None:
        """Delete the selected territory once the rep confirms."""
        count = self.table.selected_count()
        if count is None or count.territory is None:
            return None
        if not self.confirm_delete(count.territory, count.accounts):
            return None
        return self.delete(count.territory)

    def confirm_delete(self, territory: TerritoryData, accounts: int) -> bool:
        """Ask before deleting, naming the territory and how many accounts move."""
        box = QMessageBox(QMessageBox.Icon.Question, "Delete territory",
                          delete_question(territory, accounts),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def delete(self, territory: TerritoryData) -> Job:
        """Delete ``territory`` on the worker (no question asked), then count again."""
        store, territory_id = self.store, territory.id
        assert territory_id is not None
        return self._run(lambda _job: delete_territory(store, territory_id),
                         lambda _none: self._changed(),
                         busy=f"Deleting “{territory.name}” and placing its accounts…")

    def _changed(self) -> None:
        show_error_in(self.message_label, "")
        self.changed.emit()
        self.refresh()

    # -- running on the worker ----------------------------------------------------------
    def _run(
        self,
        work: Callable[[Job], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[str], None] | None = None,
        busy: str = "",
    ) -> Job:
        """Run ``work`` off the UI thread; while it runs with a ``busy`` text, the page says so.

        A failure is shown under the table unless ``on_failure`` takes it."""
        if busy:
            self.busy.start(busy)

        def succeeded(result: T) -> None:
            self.busy.end(busy)
            on_success(result)

        def failed(message: str) -> None:
            self.busy.end(busy)
            (on_failure or self._show_error)(message)

        return Operation(self.tasks, work, succeeded, parent=self, on_failure=failed).run()

    def _show_error(self, message: str) -> None:
        show_error_in(self.message_label, f"⚠ {message}")
