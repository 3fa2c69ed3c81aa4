"""Undoable account changes run on the worker, never on the UI thread, and the table shows
each step."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

import fieldrep.usecases.account_edits as account_edits
import ui.accounts.undo as undo
from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account, list_accounts, update_account
from fieldrep.store import Store, open_store
from ui.window.main_window import MainWindow


@pytest.fixture
def store_threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, for every account write the window makes, whether it ran on the UI thread."""
    main = threading.get_ident()
    seen: list[bool] = []

    def watched(module: object, name: str) -> None:
        real = getattr(module, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            seen.append(threading.get_ident() == main)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for name in ("update_account", "add_account", "delete_accounts", "restore_accounts"):
        watched(undo, name)
    for name in ("put_in_territory", "tag_accounts", "save_accounts"):
        watched(account_edits, name)
    return seen


def open_window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.pages.indexOf(window.accounts))  # it opens on Today
    qtbot.waitUntil(lambda: window.model is not None and window.model.total > 0)
    return window


def tier_in_table(window: MainWindow) -> str:
    account = window.model.account_at(0)
    return "" if account is None else account.tier


def test_undo_and_redo_of_an_edit_run_off_the_ui_thread_and_the_table_follows(
    qtbot: QtBot, store: Store, store_threads: list[bool]
) -> None:
    before = add_account(store, AccountData("Cave de Vaise", city="Lyon", tier="B"))
    window = open_window(qtbot, store)
    with qtbot.waitSignal(window.save_account(before, replace(before, tier="A")).finished):
        pass
    qtbot.waitUntil(lambda: tier_in_table(window) == "A")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: tier_in_table(window) == "B")
    assert get_account(store, before.id).tier == "B"
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: tier_in_table(window) == "A")
    assert store_threads and not any(store_threads)


def test_a_refused_tag_is_shown_and_leaves_nothing_to_undo(
    qtbot: QtBot, store: Store, store_threads: list[bool]
) -> None:
    account = add_account(store, AccountData("Cave de Vaise", city="Lyon"))
    window = open_window(qtbot, store)
    failures: list[str] = []
    monkey_box = pytest.MonkeyPatch()
    monkey_box.setattr("ui.kit.operations.show_error_box",
                       lambda _parent, message: failures.append(message))
    try:
        window.edits.tag([account.id], "x" * 101)
        qtbot.waitUntil(lambda: bool(failures))
    finally:
        monkey_box.undo()
    assert "at most 100 characters" in failures[0]
    assert window.undo_stack.count() == 0
    with qtbot.waitSignal(window.edits.tag([account.id], "Bio").finished):
        pass
    assert get_account(store, account.id).tags == ("bio",)
    window.undo_action.trigger()
    window.tasks.wait()
    assert get_account(store, account.id).tags == ()
    assert [a.name for a in list_accounts(store)] == ["Cave de Vaise"]
    assert not any(store_threads)


def test_undoing_a_tag_leaves_an_account_edited_since_and_says_so(
    qtbot: QtBot, store: Store, db_url: str
) -> None:
    cave = add_account(store, AccountData("Cave de Vaise", city="Lyon"))
    garage = add_account(store, AccountData("Garage Martin", city="Lyon"))
    window = open_window(qtbot, store)
    with qtbot.waitSignal(window.edits.tag([cave.id, garage.id], "Bio").finished):
        pass
    other = open_store(db_url)  # another window saves a note on the garage meanwhile
    try:
        update_account(other, replace(get_account(other, garage.id), notes="Closed Mondays"))
    finally:
        other.close()
    edited = get_account(store, garage.id)

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "changed since" in window.last_message)
    assert window.last_message == ("Undo: 1 account changed since; left as they are: "
                                   "Garage Martin")
    assert get_account(store, cave.id).tags == ()
    assert get_account(store, garage.id) == edited  # tag and note as they were

    window.redo_action.trigger()  # tags again what the undo put back, nothing else
    window.tasks.wait()
    assert get_account(store, cave.id).tags == ("bio",)
    assert get_account(store, garage.id) == edited
