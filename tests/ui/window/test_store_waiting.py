"""The status bar says "Waiting for the store…" while a save waits for another program."""

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, list_accounts
from fieldrep.store import Store
from ui.kit.operations import Operation
from ui.window.main_window import MainWindow


def test_a_save_that_meets_a_busy_store_says_so_then_lands(
        qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    label = window.status.waiting_label
    assert not label.isVisible()
    other = sqlite3.connect(tmp_path / "store.sqlite3")
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    saved: list[AccountData] = []
    Operation(window.tasks, lambda _job: add_account(store, AccountData(name="Mine")),
              saved.append, parent=window).run()
    qtbot.waitUntil(label.isVisible, timeout=30_000)
    assert label.text() == "Waiting for the store…" and not saved
    other.rollback()
    other.close()
    qtbot.waitUntil(lambda: bool(saved), timeout=30_000)
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5_000)
    assert [a.name for a in list_accounts(store)] == ["Mine"]
