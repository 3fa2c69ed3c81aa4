"""The accounts table on a laptop's 1366×768 screen: the columns a rep reads first shown
whole, the others a right-click away; accents sorted as read; the selection kept after an
edit moves the account."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QStyle
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account, update_account
from fieldrep.store import Store
from fieldrep.store.models import Visit
from ui.accounts.column_chooser import HIDDEN_KEY
from ui.accounts.model import COLUMNS
from ui.settings.preferences import preferences
from ui.window.main_window import MainWindow

NEEDED = ("Name", "City", "Tier", "Last visit", "Next due", "Status")
TOWNS = ["Vénissieux", "Écully", "Villeurbanne", "Lyon", "Échirolles", "Annecy"]


@pytest.fixture(autouse=True)
def _fresh_preferences(monkeypatch: pytest.MonkeyPatch) -> None:
    preferences().remove(HIDDEN_KEY)
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, **kwargs: None)


def column(title: str) -> int:
    return [c.title for c in COLUMNS].index(title)


def seed(store: Store) -> dict[str, int]:
    ids = {}
    for n, town in enumerate(TOWNS):
        ids[town] = add_account(store, AccountData(
            f"Pharmacie centrale de {town}", city=town, tier="ABC"[n % 3], cadence_days=30,
            street="12 avenue du Général de Gaulle", postcode="69000",
            lat=45.7 + n / 100, lon=4.8)).id or 0
    with store.unit_of_work() as uow:
        uow.session.add(Visit(account_id=ids["Lyon"], account_name="Lyon", mode="in_person",
                              day=date.today() - timedelta(days=40), outcome="completed"))
        uow.commit()
    return ids


def open_window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.model is not None and window.model.loaded_rows > 0,
                    timeout=30000)
    return window


def cells(window: MainWindow, title: str) -> list[Any]:
    model = window.model
    return [model.index(r, column(title)).data() for r in range(model.rowCount())]


def test_the_columns_a_rep_needs_show_whole_at_1366(qtbot: QtBot, store: Store) -> None:
    seed(store)
    window = open_window(qtbot, store)
    table, header = window.table, window.table.horizontalHeader()
    viewport = table.viewport().width()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    for title in NEEDED:
        number = column(title)
        assert not table.isColumnHidden(number), title
        right = header.sectionViewportPosition(number) + header.sectionSize(number)
        assert right <= viewport, f"{title} is cut at the table's edge"
        text = header.fontMetrics().horizontalAdvance(title) + 2 * margin + arrow
        assert header.sectionSize(number) >= text, f"{title}'s heading is clipped"
        widest = max(header.fontMetrics().horizontalAdvance(str(v or ""))
                     for v in cells(window, title))
        assert header.sectionSize(number) >= widest + 2 * margin, f"{title}'s values clipped"
    for title in ("Street", "Postcode", "Meeting (min)", "Annual value", "Tags"):
        assert table.isColumnHidden(column(title)), title
    lyon = cells(window, "City").index("Lyon")
    assert cells(window, "Status")[lyon] == "Overdue"
    assert cells(window, "Next due")[lyon] == \
        f"{date.today() - timedelta(days=10):%d %b %Y}"
    assert cells(window, "Status")[cells(window, "City").index("Annecy")] == "Never visited"
    window.tasks.wait()


def test_the_column_chooser_shows_a_hidden_column_and_remembers_it(
        qtbot: QtBot, store: Store) -> None:
    seed(store)
    window = open_window(qtbot, store)
    chooser = window.accounts.columns
    menu = chooser.menu()
    titles = [a.text() for a in menu.actions()]
    assert titles == [c.title for c in COLUMNS]
    (street,) = [a for a in menu.actions() if a.text() == "Street"]
    assert not street.isChecked() and not menu.actions()[0].isEnabled()  # the name stays
    street.setChecked(True)
    assert not window.table.isColumnHidden(column("Street"))
    assert window.table.columnWidth(column("Street")) > 0
    saved = QSettings(preferences().fileName(), QSettings.Format.NativeFormat).value(HIDDEN_KEY)
    assert "Street" not in saved and "Postcode" in saved
    window.tasks.wait()
    again = open_window(qtbot, store)
    assert not again.table.isColumnHidden(column("Street"))
    again.tasks.wait()


def test_towns_sort_as_read_and_the_selection_follows_an_edit(
        qtbot: QtBot, store: Store) -> None:
    ids = seed(store)
    window = open_window(qtbot, store)
    window.table.sortByColumn(column("City"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: cells(window, "City")[0] == "Annecy")
    assert cells(window, "City") == ["Annecy", "Échirolles", "Écully", "Lyon", "Vénissieux",
                                     "Villeurbanne"]
    assert window.accounts.select_account(ids["Écully"])
    before = window.model
    update_account(store, replace(get_account(store, ids["Écully"]), city="Zurich"))
    window.accounts.refresh()  # what the window does after every change
    qtbot.waitUntil(lambda: window.model is not before and cells(window, "City")[-1] == "Zurich")
    qtbot.waitUntil(lambda: window.accounts.selected_ids() == [ids["Écully"]])
    assert window.accounts.selected_rows() == [5]
    window.tasks.wait()
