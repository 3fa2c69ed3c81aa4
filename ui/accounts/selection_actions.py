"""What the rep can do with the accounts selected in the table or drawn round on the map:
set their territory, tag them, zoom the map to them, make a territory of a drawn shape."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from fieldrep.accounts.model import AccountData
from fieldrep.store import Store
from fieldrep.territories.data import TerritoryData
from ui.accounts.page import AccountsPage
from ui.accounts.undo import AccountEdits
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural

AUTOMATIC = "(automatic: by shape, postcode or town)"


class SelectionActions:
    """The prompts and map actions on a selection of accounts (changes are undoable)."""

    def __init__(self, store: Store, tasks: TaskRunner, accounts: AccountsPage,
                 edits: AccountEdits, parent: QWidget, *, changed: Callable[[], None],
                 tell: Callable[[str], None], failed: Callable[[str], None]) -> None:
        self.store, self.tasks, self.accounts, self.edits = store, tasks, accounts, edits
        self.parent = parent
        self._changed, self._tell, self._failed = changed, tell, failed

    def territory_names(self) -> list[str]:
        """The territories of the accounts page's last reload, by name."""
        return [c.territory.name for c in self.accounts.territories() if c.territory]

    def set_territory_of_selected(self) -> None:
        self.accounts.with_selected_ids(self._set_territory)

    def _set_territory(self, ids: list[int]) -> None:
        if not ids:
            return
        names = [AUTOMATIC, *self.territory_names()]
        name, ok = QInputDialog.getItem(
            self.parent, "Set territory", f"Territory for {plural(len(ids), 'account')} — "
            "type a new name to create one:", names, 1 if len(names) > 1 else 0, True)
        if ok and name.strip():
            self.edits.set_territory(ids, None if name == AUTOMATIC else name)

    def tag_selected(self) -> None:
        self.accounts.with_selected_ids(self._tag)

    def _tag(self, ids: list[int]) -> None:
        if not ids:
            return
        tag, ok = QInputDialog.getText(self.parent, "Add tag",
                                       f"Tag for {plural(len(ids), 'account')}:")
        if ok and tag.strip():
            self.edits.tag(ids, tag)

    def fit_selection(self) -> None:
        def fit(accounts: list[AccountData]) -> None:
            ids = [a.id for a in accounts if a.located and a.id]
            if ids:
                self.accounts.map.fit_to(ids)

        self.accounts.with_selected(fit)

    def shape_drawn(self, geometry: dict[str, Any]) -> None:
        """Ask what to do with a shape drawn on the map."""
        menu = QMenu(self.parent)
        select = menu.addAction("Select the accounts inside")
        territory = menu.addAction("Make a territory of this shape…")
        chosen = menu.exec(self.parent.cursor().pos())
        if chosen is select:
            self.select_in_shape(geometry)
        elif chosen is territory:
            name, ok = QInputDialog.getText(self.parent, "New territory",
                                            "Name of the territory:")
            if ok and name.strip():
                self.create_territory(name, geometry)

    def select_in_shape(self, geometry: dict[str, Any]) -> Job:
        """Narrow the table to the accounts inside a shape, all selected."""
        store = self.store
        return Operation(self.tasks, lambda _job: _territories().accounts_in_shape(store, geometry),
                         self.accounts.show_only, on_failure=self._failed).run()

    def create_territory(self, name: str, geometry: dict[str, Any]) -> Job:
        store = self.store

        def made(territory: TerritoryData) -> None:
            self._tell(f"Territory {territory.name} created")
            self._changed()

        return Operation(self.tasks,
                         lambda _job: _territories().save_territory(
                             store, TerritoryData(name, polygon=geometry)),
                         made, on_failure=self._failed).run()


def _territories() -> ModuleType:
    """The territories' service, loaded on the worker with its first use."""
    import fieldrep.territories.service

    return fieldrep.territories.service
