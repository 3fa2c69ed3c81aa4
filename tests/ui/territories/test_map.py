"""The Territories page's map: every account with the territories' outlines; choosing a
territory shows its accounts."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from fieldrep.territories.service import TerritoryData, save_territory
from tests.ui.territories.test_page import LYON_BOX, seed, tasks
from ui.kit.tasks import TaskRunner
from ui.territories.page import TerritoriesPage

__all__ = ["tasks"]


def map_state(qtbot: QtBot, page: TerritoriesPage) -> dict[str, object]:
    box: list[dict[str, object]] = []
    page.map.state(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def test_the_map_shows_the_accounts_and_the_chosen_territorys(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    seed(store)  # four of six located
    lyon = save_territory(store, TerritoryData("Lyon", polygon=LYON_BOX)).id
    page = TerritoriesPage(store, tasks)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loaded and page.map.is_ready, timeout=20000)
    qtbot.waitUntil(lambda: map_state(qtbot, page)["accounts"] == 4, timeout=10000)
    assert map_state(qtbot, page)["territories"] >= 1
    page.table.select_id(lyon)
    qtbot.waitUntil(lambda: map_state(qtbot, page)["accounts"] == 2, timeout=10000)
