"""A territory edited in the dialog while someone else changed it: both versions are shown
field by field and the rep's merge is saved; Cancel saves nothing and keeps the dialog."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from fieldrep.store import Store, open_store
from fieldrep.territories.service import TerritoryData, list_territories, save_territory
from tests.ui.merge_answer import MergeAnswer
from tests.ui.territories.test_page import open_page
from ui.kit.tasks import TaskRunner
from ui.territories.dialog import TerritoryDialog


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)


def opened_then_changed(qtbot: QtBot, store: Store, db_url: str,
                        tasks: TaskRunner) -> tuple[TerritoryData, TerritoryDialog]:
    """The rep opens the territory; meanwhile another client adds a postcode to it."""
    opened = save_territory(store, TerritoryData("Lyon Nord", color="#1f77b4",
                                                 areas=("69004",)))
    page = open_page(qtbot, store, tasks)
    dialog = page.make_dialog(opened)
    qtbot.addWidget(dialog)
    dialog.show()
    other = open_store(db_url)
    try:
        save_territory(other, replace(opened, areas=("69004", "69009")))
    finally:
        other.close()
    return opened, dialog


def test_the_rep_s_new_name_and_the_postcode_added_elsewhere_are_both_kept(
        qtbot: QtBot, store: Store, db_url: str, tasks: TaskRunner) -> None:
    opened, dialog = opened_then_changed(qtbot, store, db_url, tasks)
    dialog.name_edit.setText("Lyon Nord-Ouest")
    dialog.set_colour("#d62728")
    answer = MergeAnswer({"color": False})  # the rep keeps the colour as it was
    with qtbot.waitSignal(dialog.saved, timeout=20000):
        dialog.accept()

    assert [(d.label, d.mine, d.theirs) for d in answer.differences[0]] == [
        ("Name", "Lyon Nord-Ouest", "Lyon Nord"), ("Colour", "#d62728", "#1f77b4"),
        ("Postcodes and towns", "69004", "69004\n69009")]
    assert answer.defaults == [{"name", "color"}]
    [stored] = list_territories(store)
    assert (stored.name, stored.color, stored.areas) == (
        "Lyon Nord-Ouest", "#1f77b4", ("69004", "69009"))
    assert stored.id == opened.id and dialog.result() == dialog.DialogCode.Accepted


def test_cancelling_the_merge_saves_nothing_and_keeps_the_dialog_as_typed(
        qtbot: QtBot, store: Store, db_url: str, tasks: TaskRunner) -> None:
    _opened, dialog = opened_then_changed(qtbot, store, db_url, tasks)
    dialog.name_edit.setText("Lyon Nord-Ouest")
    answer = MergeAnswer(accept=False)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(answer.defaults), timeout=10000)

    assert dialog.isVisible() and dialog.result() == 0 and not dialog.is_saving()
    assert "changed elsewhere" in dialog.error_text()
    assert dialog.name_edit.text() == "Lyon Nord-Ouest"
    assert [(t.name, t.areas) for t in list_territories(store)] == [
        ("Lyon Nord", ("69004", "69009"))]
