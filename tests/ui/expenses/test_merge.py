"""An expense saved from a form whose copy was changed elsewhere meanwhile: the rep sees
both versions field by field and the merge is saved, never a silent overwrite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, get_expense, update_expense
from fieldrep.store import Store, open_store
from ui.expenses.dialog import ExpenseDialog
from ui.kit.tasks import TaskRunner
from ui.widgets.merge_dialog import MergeDialog


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)


def test_the_rep_keeps_their_amount_and_the_notes_written_elsewhere(
        qtbot: QtBot, store: Store, db_url: str, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    record = add_expense(store, ExpenseEntry(date(2026, 3, 3), Category.MEALS,
                                             Decimal("32.50"), "EUR", merchant="Brasserie"))
    dialog = ExpenseDialog(store, tasks, record=record, currency="EUR")
    qtbot.addWidget(dialog)
    other = open_store(db_url)  # meanwhile, another client adds a note
    try:
        update_expense(other, record.id, replace(record.entry, notes="with the Lyon team"))
    finally:
        other.close()
    dialog.amount.setText("35.50")
    offered: list[set[str]] = []

    def merge(box: MergeDialog) -> int:  # the rep reads the choices offered, saves them
        offered.append(box.keep_mine())
        return 1

    monkeypatch.setattr(MergeDialog, "exec", merge)
    with qtbot.waitSignal(dialog.saved, timeout=20000) as signal:
        dialog.save()

    assert offered == [{"amount"}]  # the notes only changed elsewhere: theirs by default
    saved = get_expense(store, record.id)
    assert signal.args[0] == saved
    assert (saved.entry.amount, saved.entry.notes) == (Decimal("35.50"), "with the Lyon team")
