"""The Accounts page names the locations to check and shows them in one click."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData, marked_to_check
from fieldrep.accounts.service import save_accounts
from fieldrep.store import Store
from ui.window.main_window import MainWindow

TIMEOUT = 30_000


def test_the_locations_to_check_are_counted_and_shown_in_one_click(
        qtbot: QtBot, store: Store) -> None:
    with store.unit_of_work() as uow:
        save_accounts(uow.session, [
            AccountData("Brauerei Wörth", city="Wörth", country="DE", lat=48.245, lon=11.902,
                        geocode_source=marked_to_check("gazetteer"),
                        geocode_precision="town"),
            AccountData("Pharmacie du Parc", city="Lyon", country="FR", lat=45.76, lon=4.84,
                        geocode_source="gazetteer", geocode_precision="town"),
            AccountData("Sans adresse", country="FR"),
        ])
        uow.commit()
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.find_accounts()  # the window opens on Today: go to the Accounts page
    filters = window.accounts.filters
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == 3,
                    timeout=TIMEOUT)
    qtbot.waitUntil(filters.check_button.isVisible, timeout=TIMEOUT)
    assert filters.check_button.text() == "⚠ 2 locations to check"

    filters.check_button.click()
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == 2,
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.model is not None and window.model.loaded_rows == 2,
                    timeout=TIMEOUT)
    accounts = [window.model.account_at(row) for row in range(2)]
    assert {a.name for a in accounts if a is not None} == {"Brauerei Wörth", "Sans adresse"}
    window.tasks.wait()


def test_the_filter_bar_with_its_count_and_a_selection_fits_a_laptop(
        qtbot: QtBot, store: Store) -> None:
    with store.unit_of_work() as uow:
        save_accounts(uow.session, [AccountData("Sans adresse", country="FR")])
        uow.commit()
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.find_accounts()
    filters = window.accounts.filters
    qtbot.waitUntil(filters.check_button.isVisible, timeout=TIMEOUT)
    filters.show_selection(1234)  # a drawn selection's chip too
    window.resize(1366, 768)
    qtbot.wait(200)
    assert window.width() <= 1366 and window.minimumSizeHint().width() <= 1366
    window.tasks.wait()
