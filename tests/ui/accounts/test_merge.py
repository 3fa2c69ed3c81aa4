"""An account saved from a window whose copy someone else changed meanwhile: both versions
are shown field by field and the rep's merge is saved; nothing is silently overwritten."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account, update_account
from fieldrep.store import Store, open_store
from tests.ui.accounts.dialog_support import open_dialog, type_into
from ui.widgets.merge_dialog import MergeDialog


def answer_merge(choose: dict[str, bool], *, accept: bool, seen: list[MergeDialog],
                 defaults: list[set[str]] | None = None) -> None:
    """When the merge dialog opens, note the fields it offers to keep as the rep's, pick a
    side per field (True: mine) and close it."""
    defaults = [] if defaults is None else defaults

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MergeDialog)
        seen.append(dialog)
        defaults.append(dialog.keep_mine())
        for field, mine in choose.items():
            dialog.choose(field, mine=mine)
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, act)


def changed_elsewhere(store: Store, db_url: str) -> AccountData:
    """The account as a window opened it; then another client changes its notes."""
    opened = add_account(store, AccountData("Garage Martin", street="1 rue Neuve",
                                            notes="Ask for Paul"))
    other = open_store(db_url)
    try:
        update_account(other, replace(get_account(other, opened.id or 0),
                                      notes="Closed on Mondays", city="Bron"))
    finally:
        other.close()
    return opened


def test_the_rep_merges_field_by_field_and_both_changes_are_kept(
        qtbot: QtBot, store: Store, db_url: str) -> None:
    opened = changed_elsewhere(store, db_url)
    dialog = open_dialog(qtbot, opened, save=lambda a: update_account(store, a))
    type_into(qtbot, dialog.address.street_edit, "3 rue Neuve")
    type_into(qtbot, dialog.notes.notes_edit, "Ask for Paul at the desk")
    seen: list[MergeDialog] = []
    defaults: list[set[str]] = []
    answer_merge({"notes": False}, accept=True, seen=seen, defaults=defaults)
    dialog.accept()

    [merge] = seen
    assert defaults == [{"street", "notes"}]  # what the rep changed; the city is theirs
    assert [(d.label, d.mine, d.theirs) for d in merge._differences] == [
        ("Street", "3 rue Neuve", "1 rue Neuve"), ("City", "", "Bron"),
        ("Notes", "Ask for Paul at the desk", "Closed on Mondays")]
    stored = get_account(store, opened.id or 0)
    # The rep's street, the city only the other client changed, and the notes the rep
    # chose to take from the other client instead of their own.
    assert (stored.street, stored.city, stored.notes) == (
        "3 rue Neuve", "Bron", "Closed on Mondays")
    assert dialog.saved == stored and dialog.result() == dialog.DialogCode.Accepted


def test_cancelling_the_merge_saves_nothing_and_keeps_the_dialog_open(
        qtbot: QtBot, store: Store, db_url: str) -> None:
    opened = changed_elsewhere(store, db_url)
    dialog = open_dialog(qtbot, opened, save=lambda a: update_account(store, a))
    type_into(qtbot, dialog.address.street_edit, "3 rue Neuve")
    answer_merge({}, accept=False, seen=[])
    dialog.accept()

    assert dialog.isVisible() and dialog.address.street_edit.text() == "3 rue Neuve"
    assert "changed elsewhere" in dialog.message_line.text()
    stored = get_account(store, opened.id or 0)
    assert (stored.street, stored.notes) == ("1 rue Neuve", "Closed on Mondays")
