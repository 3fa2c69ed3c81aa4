"""The offline map background through the real page: the accounts map of a store in
Liechtenstein, tiles off, asks the app's ``fieldrep-roads:`` scheme for the roads of its
view and draws them (skipped where the shared extracts are absent)."""

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrlQuery
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.maps.page import write_page
from fieldrep.maps.territory_map import MapPoint
from fieldrep.planning.route_map import EXPORTED_NOTE, exported_map_options
from fieldrep.roads.network import RoadNetwork
from fieldrep.store import Store
from tests.osm_extracts import SCHAAN, VADUZ
from ui.widgets.map_view import MapView
from ui.widgets.roads_scheme import parse_view
from ui.window.main_window import MainWindow


def js(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    box: list[Any] = []
    window.accounts.map.page.runJavaScript(script, 0, lambda r: box.append(r))
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def roads_state(qtbot: QtBot, window: MainWindow) -> dict[str, Any]:
    text = js(qtbot, window, "window.FieldRepRoads ? JSON.stringify(FieldRepRoads.state())"
                             " : '{}'")
    return dict(json.loads(text or "{}"))


def test_the_offline_map_draws_the_imported_roads(
    qtbot: QtBot, store: Store, liechtenstein: RoadNetwork
) -> None:
    for name, (lat, lon) in (("Vaduz Apotheke", VADUZ), ("Schaan Garage", SCHAAN)):
        add_account(store, AccountData(name, city="Vaduz", lat=lat, lon=lon,
                                       geocode_precision="exact"))
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)  # the map framing both accounts
    window.show()
    window.find_accounts()  # the window opens on Today
    qtbot.waitUntil(lambda: window.accounts.map.is_ready, timeout=20000)
    qtbot.waitUntil(lambda: roads_state(qtbot, window).get("roads", 0) > 0, timeout=20000)
    framed = roads_state(qtbot, window)
    assert framed["attached"] and framed["lines"] > 10
    assert framed["zoom"] < 15 and "service" not in framed["classes"]

    # Street level: the residential streets appear, and the village is named.
    zoom_to = ("(function(){ var m = null; for (var k in window) { if (k.indexOf('map_') === 0 &&"
               " window[k] instanceof L.Map) { m = window[k]; } }"
               f" m.setView([{VADUZ[0]}, {VADUZ[1]}], 16, {{animate: false}}); return 1; }})()")
    assert js(qtbot, window, zoom_to) == 1
    qtbot.waitUntil(lambda: roads_state(qtbot, window)["zoom"] == 16, timeout=20000)
    near = roads_state(qtbot, window)
    assert {"residential", "service", "primary"} <= set(near["classes"])
    labels = js(qtbot, window, "(function(){ var out = []; document.querySelectorAll("
                "'.fr-road-place span').forEach(function(e){ out.push(e.textContent); });"
                " return out.join('|'); })()")
    assert "Vaduz" in labels.split("|"), (labels, near)
    attribution = js(qtbot, window,
                     "document.querySelector('.leaflet-control-attribution').textContent")
    assert "OpenStreetMap contributors" in attribution
    assert window.accounts.map.page.console == []


def test_a_question_that_is_not_a_view_is_refused() -> None:
    def query(text: str) -> QUrlQuery:
        return QUrlQuery(text)

    assert parse_view("view", query("z=14&s=47.1&w=9.5&n=47.2&e=9.6")) is not None
    assert parse_view("view", query("z=14&s=47.3&w=9.5&n=47.2&e=9.6")) is None  # s > n
    assert parse_view("view", query("z=x&s=47.1&w=9.5&n=47.2&e=9.6")) is None
    assert parse_view("view", query("z=14&s=nan&w=9.5&n=47.2&e=9.6")) is None
    assert parse_view("tiles", query("z=14&s=47.1&w=9.5&n=47.2&e=9.6")) is None


def test_an_exported_route_map_says_it_has_no_background_offline(
    qtbot: QtBot, tmp_path: Path
) -> None:
    view = MapView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    points = [MapPoint(1, 45.757, 4.832, "A", False, "Pharmacie Bellecour", "Lyon")]
    view.load_page(write_page(tmp_path / "route.html", points, (), exported_map_options()))
    qtbot.waitUntil(lambda: view.is_ready, timeout=20000)
    box: list[Any] = []
    view.page.runJavaScript("(function(){ var n = document.querySelector('.fr-bare-note');"
                            " return n ? n.textContent + '|' + n.offsetWidth : ''; })()",
                            0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    text, width = box[0].rsplit("|", 1)
    assert text == EXPORTED_NOTE and int(width) > 50  # shown: no tile loads here
    # the app's own maps carry no such note
    assert "noteBare" not in write_page(tmp_path / "app.html", points).read_text()
