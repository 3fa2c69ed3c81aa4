"""A selection larger than the rows in memory ("select all" over many accounts) is read on
the worker: the window never waits on the store, and every selected account is acted on."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

import ui.accounts.page as page_module
from fieldrep.accounts.bulk_save import save_accounts
from fieldrep.accounts.model import AccountData
from fieldrep.store import Store
from fieldrep.usecases.accounts_view import AccountRow
from ui.accounts.model import PAGE_SIZE
from ui.window.main_window import MainWindow

ACCOUNTS = PAGE_SIZE * 2 + 50  # three pages: the view paints only the first


def test_select_all_reads_the_unpainted_pages_on_the_worker(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.unit_of_work() as uow:
        save_accounts(uow.session, [AccountData(f"Account {n:04d}", city="Lyon")
                                    for n in range(ACCOUNTS)])
        uow.commit()
    main = threading.get_ident()
    reads_on_ui_thread: list[bool] = []
    real = page_module.account_rows

    def watched(*args: object, **kwargs: object) -> list[AccountRow]:
        reads_on_ui_thread.append(threading.get_ident() == main)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(page_module, "account_rows", watched)
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.pages.indexOf(window.accounts))  # it opens on Today
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == ACCOUNTS)
    assert window.model.loaded_rows < ACCOUNTS  # only what the view painted
    window.table.selectAll()
    got: list[list[int]] = []
    window.accounts.with_selected_ids(got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert len(got[0]) == len(set(got[0])) == ACCOUNTS
    assert reads_on_ui_thread and not any(reads_on_ui_thread)
    window.tasks.wait()
