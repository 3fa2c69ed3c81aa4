"""On a team's PostgreSQL server the Accounts page shows the rep's own accounts first, the
team's on request, and a colleague's account opens read-only, saying whose it is."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QTextDocumentFragment
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store, open_store
from ui.accounts.dialog import AccountDialog
from ui.window.main_window import MainWindow

TIMEOUT = 30_000


def _total(window: MainWindow) -> int | None:
    return None if window.model is None else window.model.total


@pytest.mark.postgres
def test_my_accounts_first_the_teams_on_request_a_colleagues_read_only(
        qtbot: QtBot, new_rep: Callable[[], str]) -> None:
    anna, ben = open_store(new_rep()), open_store(new_rep())
    colleague = add_account(anna, AccountData("Cave Anna", city="Lyon", lat=45.76, lon=4.84))
    for n in range(2):
        add_account(ben, AccountData(f"Ben {n}", city="Lyon", lat=45.7 + n / 50, lon=4.8))
    window = MainWindow(ben, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.find_accounts()
    filters = window.accounts.filters
    qtbot.waitUntil(lambda: filters.whose.isVisible() and _total(window) == 2,
                    timeout=TIMEOUT)  # a team's server: my accounts first
    assert filters.whose.currentText() == "My accounts"

    filters.whose.setCurrentIndex(filters.whose.findText("The team's"))
    qtbot.waitUntil(lambda: _total(window) == 3, timeout=TIMEOUT)

    opened: list[AccountDialog] = []

    def exec_(dialog: AccountDialog) -> int:
        opened.append(dialog)
        return 0  # closed without saving

    original = AccountDialog.exec
    AccountDialog.exec = exec_  # type: ignore[method-assign,assignment]
    try:
        window.edit_account(colleague.id or 0)
        qtbot.waitUntil(lambda: bool(opened), timeout=TIMEOUT)
    finally:
        AccountDialog.exec = original  # type: ignore[method-assign]
    dialog = opened[0]
    anna_login = colleague.owner
    assert anna_login.startswith("rep_")
    assert not dialog.ok_button.isVisibleTo(dialog)
    assert not dialog.identity.isEnabled()
    line = QTextDocumentFragment.fromHtml(dialog.message_line.text()).toPlainText()
    assert f"{anna_login}'s account: you can read it, not change it" in line
    assert dialog.windowTitle() == "Account — Cave Anna (read only)"
    window.tasks.wait()
    window.close()
    anna.close()
    ben.close()


def test_on_a_sqlite_file_there_is_no_team_choice(qtbot: QtBot, store: Store) -> None:
    add_account(store, AccountData("Seule", city="Lyon", lat=45.76, lon=4.84))
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.find_accounts()
    qtbot.waitUntil(lambda: _total(window) == 1, timeout=TIMEOUT)
    assert not window.accounts.filters.whose.isVisible()
    window.tasks.wait()
