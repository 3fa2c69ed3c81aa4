"""Selecting accounts in the accounts table by id: the selection kept when the table is read
again (after an edit, a new order or filter), and an account selected from its marker; the
rows not read yet are found by the store."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QTableView

from ui.accounts.model import COLUMNS
from ui.kit.errors import show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job

if TYPE_CHECKING:
    from ui.accounts.page import AccountsPage

#: More than this many selected accounts are not looked for again (a "select all").
MOST = 500


def reselect(page: AccountsPage, account_ids: Sequence[int]) -> Job | None:
    """Select ``account_ids`` in ``page``'s table as it is now, where they still are (the
    worker finds their rows; a table read again meanwhile drops the answer)."""
    model, store, where = page.model, page.store, page.current_filter()
    sort, descending, ids = page.sort_key, page.descending, list(account_ids)[:MOST]
    if model is None or not ids:
        return None

    def found(rows: dict[int, int]) -> None:
        if page.model is not model or not rows:
            return
        selection = QItemSelection()
        for row in sorted(rows.values()):
            selection.select(model.index(row, 0), model.index(row, len(COLUMNS) - 1))
        page.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        page.table.scrollTo(model.index(min(rows.values()), 0))

    from fieldrep.accounts.service import account_positions  # on the worker's first use

    return Operation(page.tasks,
                     lambda _job: account_positions(store, ids, where=where, sort=sort,
                                                    descending=descending),
                     found, on_failure=partial(show_error_in, page.error)).run()


def select_account(page: AccountsPage, account_id: int, additive: bool = False) -> bool:
    """Select an account's row in ``page`` (scrolling to it), e.g. after a click on its
    marker; True when done at once.  When its row is not loaded yet, the worker finds where
    it is and the selection follows (unless the table has been reloaded meanwhile)."""
    model = page.model
    if model is None:
        return False
    row = model.row_of(account_id)
    if row is not None:
        _select_row(page, row, additive)
        return True
    store, where = page.store, page.current_filter()
    sort, descending = page.sort_key, page.descending

    def found(position: int | None) -> None:
        if position is not None and page.model is model:
            _select_row(page, position, additive)

    from fieldrep.accounts.service import account_position

    Operation(page.tasks,
              lambda _job: account_position(store, account_id, where=where, sort=sort,
                                            descending=descending),
              found, on_failure=partial(show_error_in, page.error)).run()
    return False


def _select_row(page: AccountsPage, row: int, additive: bool) -> None:
    if page.model is None:
        return
    index = page.model.index(row, 0)
    flags = QItemSelectionModel.SelectionFlag.Rows | (
        QItemSelectionModel.SelectionFlag.Toggle if additive
        else QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.table.selectionModel().select(index, flags)
    page.table.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)
