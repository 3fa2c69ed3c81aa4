"""The selection kept when the accounts table is read again (after an edit, a new order or
filter): the same accounts are selected at the rows they have now, found by the store."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from fieldrep.accounts.service import account_positions
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

    return Operation(page.tasks,
                     lambda _job: account_positions(store, ids, where=where, sort=sort,
                                                    descending=descending),
                     found, on_failure=partial(show_error_in, page.error)).run()
