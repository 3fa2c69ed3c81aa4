"""Undoable changes to accounts: add, edit, delete, a pin moved, a territory set, a tag.

Every change, its undo and its redo run on the window's worker (the UI thread never
touches the store); a change goes on the undo stack once it has been made, so a refusal
is shown and leaves nothing to undo.  After each step the pages reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from fieldrep.accounts.model import AccountData
from fieldrep.store import Store

if TYPE_CHECKING:  # the store's models load on the worker, with the first change
    from fieldrep.usecases.account_edits import AccountEdit, BulkEdit, PutBack
from ui.accounts.page import AccountsPage
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural


class StoreCommand(QUndoCommand):
    """A change already made on the worker; its undo and redo run there too."""

    def __init__(self, text: str, tasks: TaskRunner, parent: QWidget, *,
                 undo: Callable[[], object], redo: Callable[[], object],
                 after: Callable[[object], None]) -> None:
        super().__init__(text)
        self._tasks, self._parent = tasks, parent
        self._undo, self._redo, self._after = undo, redo, after
        self._made = True  # pushed after the change was made: the first redo has nothing to do

    def redo(self) -> None:
        if self._made:
            self._made = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], object]) -> None:
        Operation(self._tasks, lambda _job: step(), self._after, parent=self._parent).run()


class AccountEdits:
    """The undoable account changes of one window, on its store, worker and undo stack."""

    def __init__(self, store: Store, tasks: TaskRunner, stack: QUndoStack,
                 accounts: AccountsPage, *, changed: Callable[[], None],
                 tell: Callable[[str], None],
                 tell_outcome: Callable[[str], None] | None = None) -> None:
        """``tell`` shows a passing message; ``tell_outcome`` one the rep must not miss
        (the accounts an undo left as they are)."""
        self.store, self.tasks, self.stack, self.accounts = store, tasks, stack, accounts
        self._changed, self._tell = changed, tell
        self._tell_outcome = tell_outcome or tell

    # -- from the account dialog (it saves on the worker; a refusal keeps it open) --------
    def add(self, account: AccountData) -> Job:
        """Store a new account on the worker, then make it undoable."""
        store = self.store
        return Operation(self.tasks, lambda _job: add_account(store, account), self.added,
                         parent=self.accounts).run()

    def added(self, saved: AccountData) -> None:
        """An account was stored (by the dialog): make its addition undoable."""
        store = self.store
        self._push(f"add {saved.name}", undo=lambda: delete_accounts(store, [saved.id]),
                   redo=lambda: restore_accounts(store, [saved]))
        self._changed()

    def save(self, before: AccountData, after: AccountData) -> Job:
        """Store an edited account on the worker, then make the edit undoable."""
        store = self.store
        return Operation(self.tasks, lambda _job: update_account(store, after),
                         lambda saved: self.edited(before, saved), parent=self.accounts).run()

    def edited(self, before: AccountData, saved: AccountData) -> None:
        """An account was changed (by the dialog): show it and make the edit undoable."""
        store = self.store
        self.accounts.update_account(saved)
        self._push(f"edit {saved.name}", undo=lambda: _edits().revert_edit(store, before, saved),
                   redo=lambda: _edits().revert_edit(store, saved, before))
        self._changed()

    # -- from the menus and the map -------------------------------------------------------
    def delete(self, ids: Sequence[int]) -> Job:
        """Delete accounts (Undo brings them back, with their ids)."""
        store, ids = self.store, list(ids)
        shortcut = _undo_key()

        def deleted(gone: list[AccountData]) -> None:
            self._push("delete account" if len(ids) == 1 else f"delete {len(ids)} accounts",
                       undo=lambda: restore_accounts(store, gone),
                       redo=lambda: delete_accounts(store, ids))
            self._changed()
            self._tell(f"Deleted {plural(len(gone), 'account')} — {shortcut} brings them back")

        return Operation(self.tasks, lambda _job: delete_accounts(store, ids), deleted,
                         parent=self.accounts).run()

    def move(self, account_id: int, lat: float, lon: float) -> Job:
        """A pin dragged on the map: the account's location, set by hand."""
        store = self.store

        def moved(edit: AccountEdit) -> None:
            self.accounts.update_account(edit.after)
            self._push(f"move {edit.before.name}",
                       undo=lambda: _edits().revert_edit(store, edit.before, edit.after),
                       redo=lambda: _edits().revert_edit(store, edit.after, edit.before))
            self._changed()
            self._tell(f"{edit.before.name}: location pinned by hand ({lat:.5f}, {lon:.5f})")

        return Operation(self.tasks, lambda _job: _edits().pin_account(store, account_id, lat, lon),
                         moved, parent=self.accounts).run()

    def set_territory(self, ids: Sequence[int], name: str | None) -> Job:
        """Put accounts into a territory by hand (a new name creates it; undo removes it)."""
        store = self.store
        return self._bulk(f"set territory of {len(ids)} accounts", ids,
                          lambda some: _edits().territory_for(store, some, name))

    def tag(self, ids: Sequence[int], tag_text: str) -> Job:
        """Tag accounts (an empty or too long tag is refused, with the reason shown)."""
        store = self.store
        return self._bulk(f"tag {len(ids)} accounts", ids,
                          lambda some: _edits().tag(store, some, tag_text))

    def _bulk(self, text: str, ids: Sequence[int],
              change: Callable[[Sequence[int]], BulkEdit]) -> Job:
        """Make a change to many accounts; its undo leaves the accounts changed since (and
        says which), its redo changes again only the accounts the undo put back."""
        store, ids = self.store, list(ids)

        def made(edit: BulkEdit) -> None:
            last = _LastRun(edit)
            self._push(text, undo=lambda: last.undo(store), redo=lambda: last.redo(change),
                       after=self._after_bulk)
            self._changed()

        return Operation(self.tasks, lambda _job: change(ids), made,
                         parent=self.accounts).run()

    def _after_bulk(self, result: object) -> None:
        message = getattr(result, "message", "")  # a PutBack: undo left some accounts
        if message:
            self._tell_outcome(f"Undo: {message}")
        self._changed()

    # -- shared ---------------------------------------------------------------------------
    def _push(self, text: str, *, undo: Callable[[], object], redo: Callable[[], object],
              after: Callable[[object], None] | None = None) -> None:
        self.stack.push(StoreCommand(text, self.tasks, self.accounts, undo=undo, redo=redo,
                                     after=after or self._after))

    def _after(self, result: object) -> None:
        if isinstance(result, AccountData):
            self.accounts.update_account(result)
        self._changed()


class _LastRun:
    """The last run of a bulk change, for its undo and redo.  Both run on the worker, one
    after the other, so only the worker reads and replaces it."""

    def __init__(self, edit: BulkEdit) -> None:
        self.edit = edit
        self.restored: Sequence[int] = ()

    def undo(self, store: Store) -> PutBack:
        done: PutBack = _edits().put_back(store, self.edit)
        self.restored = done.restored
        return done

    def redo(self, change: Callable[[Sequence[int]], BulkEdit]) -> BulkEdit:
        self.edit = change(self.restored) if self.restored else _edits().BulkEdit(())
        return self.edit


def _undo_key() -> str:
    """The key that undoes, as the rep's system writes it (for status messages)."""
    return QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText)


# The account service, called on the worker: it loads with the first change made.
def add_account(store: Store, account: AccountData) -> AccountData:
    return _service().add_account(store, account)  # type: ignore[no-any-return]


def update_account(store: Store, account: AccountData) -> AccountData:
    return _service().update_account(store, account)  # type: ignore[no-any-return]


def delete_accounts(store: Store, ids: Sequence[int | None]) -> list[AccountData]:
    return _service().delete_accounts(store, ids)  # type: ignore[no-any-return]


def restore_accounts(store: Store, accounts: Sequence[AccountData]) -> None:
    _service().restore_accounts(store, accounts)


def _service() -> ModuleType:
    import fieldrep.accounts.service

    return fieldrep.accounts.service


def _edits() -> ModuleType:
    import fieldrep.usecases.account_edits

    return fieldrep.usecases.account_edits
