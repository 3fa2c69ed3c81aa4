"""The Territories page's map: every account with the territories' outlines; choosing a
territory shows its accounts; a shape drawn on it makes a territory, or reshapes the one
selected."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from fieldrep.territories.service import TerritoryData, list_territories, save_territory
from tests.ui.territories.test_page import LYON_BOX, seed, stored_counts, tasks
from ui.kit.tasks import TaskRunner
from ui.territories.dialog import TerritoryDialog
from ui.territories.page import LASSO_TITLE, TerritoriesPage

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


def run_js(qtbot: QtBot, page: TerritoriesPage, script: str) -> object:
    box: list[object] = []
    page.map.run(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


#: Fires the draw toolbar's "created" event on the folium map, as drawing a polygon does.
DRAW_LYON = """(function () {
  var name = Object.keys(window).find(function (k) {
    return k.indexOf("map_") === 0 && window[k] instanceof L.Map; });
  var shape = L.polygon([[45.72, 4.80], [45.72, 4.90], [45.80, 4.90], [45.80, 4.80]]);
  window[name].fire(L.Draw.Event.CREATED, {layer: shape, layerType: "polygon"});
  return name;
})()"""


def ready_page(qtbot: QtBot, store: Store, tasks: TaskRunner) -> TerritoriesPage:
    page = TerritoriesPage(store, tasks)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loaded and page.map.is_ready, timeout=20000)
    return page


def saving_with_name(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, name: str | None,
                     opened: list[str]) -> None:
    """The dialog a drawing opens (its title and shape line go to ``opened``): typed in (a
    new ``name``, if any) and saved, as a rep would, in place of its modal loop."""
    def exec_(dialog: TerritoryDialog) -> int:
        shape = dialog.form.findChild(QLabel, "shape")
        opened.append(f"{dialog.windowTitle()}: {shape.text() if shape else ''}")
        if name is not None:
            dialog.name_edit.setText(name)
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.is_saving(), timeout=10000)
        return int(dialog.result())

    monkeypatch.setattr(TerritoryDialog, "exec", exec_)


def test_a_polygon_drawn_on_the_map_becomes_a_new_territory(
        qtbot: QtBot, store: Store, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed(store)
    page = ready_page(qtbot, store, tasks)
    assert run_js(qtbot, page, "document.querySelector('.leaflet-control-lasso').title") == \
        LASSO_TITLE
    opened: list[str] = []
    saving_with_name(qtbot, monkeypatch, "Lyon drawn", opened)
    with qtbot.waitSignal(page.changed, timeout=10000):
        assert str(run_js(qtbot, page, DRAW_LYON)).startswith("map_")
    assert opened == ["New territory: the shape just drawn on the map"]
    (lyon,) = list_territories(store)
    assert lyon.name == "Lyon drawn" and lyon.polygon is not None
    qtbot.waitUntil(lambda: stored_counts(store) == {"Lyon drawn": 2, None: 4})
    assert page.selected_id() == lyon.id


def test_a_shape_drawn_with_a_territory_selected_can_become_its_shape(
        qtbot: QtBot, store: Store, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed(store)
    alps = save_territory(store, TerritoryData("Alpes", polygon={
        "type": "Polygon", "coordinates": [[[5.5, 45.0], [6.5, 45.0], [6.5, 46.0],
                                            [5.5, 46.0], [5.5, 45.0]]]}, notes="ski"))
    page = ready_page(qtbot, store, tasks)
    page.select_territory(alps.id or 0)
    asked: list[str] = []
    monkeypatch.setattr(page, "ask_shape_use",
                        lambda territory: asked.append(territory.name) or "reshape")
    opened: list[str] = []
    saving_with_name(qtbot, monkeypatch, None, opened)
    with qtbot.waitSignal(page.changed, timeout=10000):
        page.map.bridge.shapeDrawn(json.dumps(LYON_BOX))  # as the page's lasso sends it
    assert asked == ["Alpes"]
    assert opened == ["Edit territory — Alpes: the shape just drawn on the map"]
    (moved,) = list_territories(store)
    assert (moved.id, moved.name, moved.notes) == (alps.id, "Alpes", "ski")
    assert moved.polygon == LYON_BOX
    qtbot.waitUntil(lambda: stored_counts(store) == {"Alpes": 2, None: 4})
