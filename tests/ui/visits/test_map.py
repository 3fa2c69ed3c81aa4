"""The Visits page's map: the accounts to see, coloured by visit status; a pin picks the
account's row."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from tests.ui.visits.test_page import page, refreshed, seed
from ui.visits.page import VisitsPage

__all__ = ["page"]


def map_call(qtbot: QtBot, page: VisitsPage, script: str) -> object:
    box: list[object] = []
    page.map.run(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def test_the_accounts_to_see_are_on_the_map_and_a_pin_picks_the_row(
        qtbot: QtBot, page: VisitsPage, store: Store) -> None:
    ids = seed(store)
    refreshed(qtbot, page)
    page.tabs.setCurrentWidget(page.map)
    qtbot.waitUntil(lambda: page.map.is_ready, timeout=20000)
    qtbot.waitUntil(lambda: json.loads(str(map_call(
        qtbot, page, "JSON.stringify(FieldRep.state())")))["accounts"] == len(ids),
        timeout=10000)
    colour = json.loads(str(map_call(
        qtbot, page, f"JSON.stringify(FieldRep.colourOf({ids['Cabinet Martin']}))")))
    assert "Never visited" in colour["legend"], page.map.page.console  # by visit status
    page.map.bridge.accountClicked(ids["Cabinet Martin"], False)
    assert page.selected_account() == ids["Cabinet Martin"]
    # No drawing or lasso tools here: a shape drawn on this map would do nothing.
    assert map_call(qtbot, page, "document.querySelectorAll('.leaflet-draw, "
                                 ".leaflet-control-lasso').length") == 0
    assert page.map.page.console == []
