"""The Territories page offscreen, on a real store and the real worker thread."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account
from fieldrep.store import Store
from fieldrep.territories.describe import OUTSIDE
from fieldrep.territories.service import (
    TerritoryData,
    list_territories,
    save_territory,
    set_territory,
    territory_counts,
)
from ui.kit.tasks import TaskRunner
from ui.territories.dialog import TerritoryDialog
from ui.territories.model import TerritoriesModel
from ui.territories.page import TerritoriesPage

LYON_BOX = {"type": "Polygon", "coordinates": [[
    [4.80, 45.72], [4.90, 45.72], [4.90, 45.80], [4.80, 45.80], [4.80, 45.72]]]}


def seed(store: Store) -> dict[str, int]:
    accounts = [
        AccountData("Pharmacie Bellecour", postcode="69002", city="Lyon", lat=45.757, lon=4.832),
        AccountData("Cave de Vaise", postcode="69009", city="Lyon", lat=45.775, lon=4.805),
        AccountData("Garage Grenoble", postcode="38000", city="Grenoble", lat=45.188, lon=5.724),
        AccountData("Clinique Voiron", postcode="38500", city="Voiron"),
        AccountData("Optique Annecy", postcode="74000", city="Annecy", lat=45.899, lon=6.129),
        AccountData("Bar de Chambéry", postcode="73000", city="Chambéry"),
    ]
    return {a.name: add_account(store, a).id for a in accounts}


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)  # no job may outlive the store


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Message boxes would block offscreen: record them and answer "Delete" (Yes)."""
    asked: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box)
        return int(QMessageBox.StandardButton.Yes)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def open_page(qtbot: QtBot, store: Store, tasks: TaskRunner) -> TerritoriesPage:
    page = TerritoriesPage(store, tasks)
    qtbot.addWidget(page)
    page.resize(900, 400)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=5000)
    return page


def shown(page: TerritoriesPage) -> dict[str, tuple[str, str]]:
    """Name → (how it is defined, account count) as the table shows them."""
    model = page.model
    return {model.index(row, 0).data(): (model.index(row, 1).data(), model.index(row, 2).data())
            for row in range(model.rowCount())}


def stored_counts(store: Store) -> dict[str | None, int]:
    return {c.territory.name if c.territory else None: c.accounts
            for c in territory_counts(store)}


def wait_for_counts(qtbot: QtBot, page: TerritoriesPage, name: str, count: str) -> None:
    qtbot.waitUntil(lambda: shown(page).get(name, ("", ""))[1] == count, timeout=5000)


def test_the_page_lists_territories_with_counts_and_the_outside_row_last(
    qtbot: QtBot, store: Store, tasks: TaskRunner
) -> None:
    ids = seed(store)
    save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    save_territory(store, TerritoryData("Isère", areas=("38*",)))
    set_territory(store, [ids["Optique Annecy"]], "Key accounts")
    page = open_page(qtbot, store, tasks)

    assert shown(page) == {
        "Isère": ("1 postcode prefix: 38*", "2"),
        "Key accounts": ("list made by hand", "1"),
        "Lyon centre": ("drawn on the map", "2"),
        OUTSIDE: ("in no territory", "1"),
    }
    last = page.model.rowCount() - 1
    assert page.model.index(last, 0).data() == OUTSIDE
    font = page.model.index(last, 0).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert page.model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert "3 territories · 6 accounts, 1 outside every territory" in page.summary.text()
    assert "draw its shape on the map" in page.hint_label.text()


def test_sorting_by_count_keeps_the_outside_row_last(
    qtbot: QtBot, store: Store, tasks: TaskRunner
) -> None:
    seed(store)
    save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    save_territory(store, TerritoryData("Savoie", areas=("73000",)))
    page = open_page(qtbot, store, tasks)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert list(shown(page)) == ["Lyon centre", "Savoie", OUTSIDE]
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert list(shown(page)) == ["Savoie", "Lyon centre", OUTSIDE]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert list(shown(page)) == ["Savoie", "Lyon centre", OUTSIDE]


def test_creating_a_territory_from_postcodes_places_the_accounts(
    qtbot: QtBot, store: Store, tasks: TaskRunner
) -> None:
    ids = seed(store)
    page = open_page(qtbot, store, tasks)
    assert shown(page) == {OUTSIDE: ("in no territory", "6")}

    dialog = page.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "Alpes")
    dialog.areas.edit.setPlainText("38*, 74000\nChambéry")
    assert dialog.areas.reading_label.text() == (
        "Read as 1 postcode, 1 postcode prefix and 1 town.")
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
        assert dialog.is_saving() and page.is_busy()  # until the worker answers
        assert not page.actions.new.isEnabled()
    assert dialog.result() == QDialog.DialogCode.Accepted
    wait_for_counts(qtbot, page, "Alpes", "4")
    assert shown(page)[OUTSIDE][1] == "2"
    assert stored_counts(store) == {"Alpes": 4, None: 2}
    assert get_account(store, ids["Bar de Chambéry"]).territory == "Alpes"  # by town
    (alpes,) = list_territories(store)
    assert alpes.areas == ("38*", "74000", "Chambéry")
    assert page.selected_id() == alpes.id  # the new territory is selected
    assert not page.is_busy() and page.actions.new.isEnabled()


@pytest.mark.parametrize(("name", "colour", "reason"), [
    ("nord", "#2ca02c", "already a territory called 'Nord'"),
    ("Pas-de-Calais", "red", "colour 'red' is not like #1f77b4"),
    ("  ", "#2ca02c", "a territory needs a name"),
])
def test_a_refused_territory_keeps_the_dialog_open_with_the_reason(
    qtbot: QtBot, store: Store, tasks: TaskRunner, name: str, colour: str, reason: str
) -> None:
    save_territory(store, TerritoryData("Nord", areas=("59*",)))
    page = open_page(qtbot, store, tasks)
    dialog = page.make_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText(name)
    dialog.set_colour(colour)
    dialog.areas.edit.setPlainText("62*")
    with qtbot.assertNotEmitted(page.changed, wait=300):
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.is_saving(), timeout=5000)
    assert reason in dialog.error_text()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.name_edit.text() == name  # nothing typed is lost
    assert dialog.areas.edit.toPlainText() == "62*"
    assert dialog.buttons.isEnabled()
    assert [t.name for t in list_territories(store)] == ["Nord"]


def test_editing_a_drawn_territory_keeps_its_shape_and_adds_areas(
    qtbot: QtBot, store: Store, tasks: TaskRunner
) -> None:
    seed(store)
    lyon = save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    page = open_page(qtbot, store, tasks)
    dialog = page.make_dialog(lyon)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "Lyon centre"
    assert dialog.colour() == lyon.color
    dialog.areas.edit.setPlainText("Voiron")
    with qtbot.waitSignal(page.changed, timeout=5000):
        dialog.accept()
    wait_for_counts(qtbot, page, "Lyon centre", "3")
    (saved,) = list_territories(store)
    assert saved.id == lyon.id and saved.polygon is not None and saved.areas == ("Voiron",)
    assert shown(page)["Lyon centre"][0] == "drawn on the map + 1 town: Voiron"


def test_deleting_asks_and_updates_the_counts(
    qtbot: QtBot, store: Store, tasks: TaskRunner, questions: list[QMessageBox]
) -> None:
    seed(store)
    save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    rhone = save_territory(store, TerritoryData("Rhône", areas=("69*",)))
    page = open_page(qtbot, store, tasks)
    assert shown(page)["Rhône"][1] == "0"  # Lyon centre, older, holds both Lyon accounts
    page.select_territory(page.model.territories()[0].id or 0)

    with qtbot.waitSignal(page.changed, timeout=5000):
        assert page.delete_selected() is not None
    (box,) = questions
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "Delete the territory “Lyon centre”?" in box.text()
    assert "Its 2 accounts will fall into another territory" in box.text()
    wait_for_counts(qtbot, page, "Rhône", "2")
    assert OUTSIDE in shown(page) and "Lyon centre" not in shown(page)
    assert stored_counts(store) == {"Rhône": 2, None: 4}
    assert [t.id for t in list_territories(store)] == [rhone.id]


def test_answering_cancel_deletes_nothing(
    qtbot: QtBot, store: Store, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_territory(store, TerritoryData("Nord", areas=("59*",)))
    page = open_page(qtbot, store, tasks)
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda _box: int(QMessageBox.StandardButton.Cancel))
    page.select_territory(page.model.territories()[0].id or 0)
    assert page.delete_selected() is None
    assert [t.name for t in list_territories(store)] == ["Nord"]


def test_the_outside_row_cannot_be_edited_or_deleted(
    qtbot: QtBot, store: Store, tasks: TaskRunner
) -> None:
    save_territory(store, TerritoryData("Nord", areas=("59*",)))
    page = open_page(qtbot, store, tasks)
    page.select_territory(0)
    assert page.actions.show.isEnabled()
    assert not page.actions.edit.isEnabled() and not page.actions.delete.isEnabled()
    assert page.delete_selected() is None
    page.select_territory(page.model.territories()[0].id or 0)
    assert page.actions.edit.isEnabled() and page.actions.delete.isEnabled()


def test_double_clicking_a_row_shows_its_accounts(
    qtbot: QtBot, store: Store, tasks: TaskRunner
) -> None:
    seed(store)
    nord = save_territory(store, TerritoryData("Nord", areas=("59*",)))
    page = open_page(qtbot, store, tasks)
    qtbot.waitExposed(page)

    def double_click(row: int) -> None:
        rect = page.table.visualRect(page.model.index(row, 0))
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    with qtbot.waitSignal(page.show_accounts) as outside:
        double_click(page.model.rowCount() - 1)
    assert outside.args == [0]
    with qtbot.waitSignal(page.show_accounts) as territory:
        double_click(page.model.row_of(nord.id or -1))
    assert territory.args == [nord.id]
    with qtbot.waitSignal(page.show_accounts) as button:
        page.buttons[3].click()  # "Show accounts", on the selected row
    assert button.args == [nord.id]


def test_names_are_plain_text(qtbot: QtBot, store: Store, tasks: TaskRunner,
                              questions: list[QMessageBox]) -> None:
    name = "<b>Bold</b> & <i>co</i>"
    save_territory(store, TerritoryData(name, areas=("59*",)))
    page = open_page(qtbot, store, tasks)
    assert name in shown(page)
    assert "&lt;b&gt;Bold" in page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    page.select_territory(page.model.territories()[0].id or 0)
    with qtbot.waitSignal(page.changed, timeout=5000):
        page.delete_selected()
    assert name in questions[0].text()
    assert questions[0].textFormat() == Qt.TextFormat.PlainText


def test_the_dialog_without_save_just_gives_the_territory(qtbot: QtBot) -> None:
    dialog = TerritoryDialog(None, colour="#17becf")
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Sud")
    dialog.areas.edit.setPlainText("13*; 83*\n\n13*")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.territory() == TerritoryData("Sud", color="#17becf", areas=("13*", "83*"))


def test_model_passes_qtmodeltester(qtmodeltester, store: Store) -> None:
    seed(store)
    save_territory(store, TerritoryData("Lyon centre", polygon=LYON_BOX))
    save_territory(store, TerritoryData("Isère", areas=("38*",)))
    model = TerritoriesModel()
    model.set_counts(territory_counts(store))
    qtmodeltester.check(model, force_py=True)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.index(model.rowCount() - 1, 0).data() == OUTSIDE


def test_keys_on_the_table(qtbot: QtBot, store: Store, tasks: TaskRunner,
                           questions: list[QMessageBox]) -> None:
    nord = save_territory(store, TerritoryData("Nord", areas=("59*",)))
    page = open_page(qtbot, store, tasks)
    page.table.setFocus()
    page.select_territory(nord.id or 0)
    with qtbot.waitSignal(page.show_accounts) as shown_:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert shown_.args == [nord.id]
    with qtbot.waitSignal(page.changed, timeout=5000):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(questions) == 1 and list_territories(store) == []
