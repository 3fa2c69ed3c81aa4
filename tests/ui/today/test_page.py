"""The Today page offscreen on the demo territory: the route and the next stop, Arrived and
Done, directions in the browser, pins that add and remove accounts for the day."""

from __future__ import annotations

import json
from datetime import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import QTime, QUrl
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings
from fieldrep.visits.logbook import list_visits
from fieldrep.visits.today import StopState
from tests.ui.today.support import MONDAY, Clock, demo, map_call, wait
from ui.today import page as today_page


def planned_page(qtbot: QtBot, store: Store, make_page: Any) -> today_page.TodayPage:
    demo(store)
    page = make_page()
    assert page.route is not None and page.route.day == MONDAY and page.route.plan_id is None
    assert page.ui.plan_button.isVisible()
    wait(qtbot, page.plan())
    return page


def test_the_day_is_planned_and_shows_its_route_and_next_stop(
        qtbot: QtBot, store: Store, make_page: Any) -> None:
    page = planned_page(qtbot, store, make_page)
    route = page.route
    assert route is not None and route.plan_id is not None and len(route.stops) >= 3
    first = route.stops[0]
    assert page.timeline.count() == len(route.stops)
    assert page.timeline.item(0).text().startswith(f"NEXT  1. {first.name}")
    assert page.card.stop == first and page.card.arrived_button.isEnabled()
    assert "stops to go; next: 1." in page.ui.status.text()
    assert not page.ui.plan_button.isVisible()
    qtbot.waitUntil(lambda: len(map_call(qtbot, page, "JSON.stringify(FieldRep.stopBoxes())"))
                    > 2, timeout=10000)
    boxes = json.loads(map_call(qtbot, page, "JSON.stringify(FieldRep.stopBoxes())"))
    assert [b["number"] for b in boxes] == [s.number for s in route.stops if s.located]
    assert "fr-stop-next" in boxes[0]["classes"]
    assert all("fr-stop-next" not in b["classes"] for b in boxes[1:])


def test_navigate_opens_directions_to_the_stop(
        qtbot: QtBot, store: Store, make_page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []

    class Desktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr(today_page, "QDesktopServices", Desktop)
    page = planned_page(qtbot, store, make_page)
    first = page.route.stops[0] if page.route else None
    assert first is not None and first.lat is not None and first.lon is not None
    page.card.navigate_button.click()
    (url,) = opened
    query = parse_qs(urlsplit(url.toString()).query)
    assert url.host() == "www.google.com"
    assert query["destination"] == [f"{first.lat:.6f},{first.lon:.6f}"]
    page.card.service_actions[today_page.MapService.WAZE].trigger()
    assert opened[-1].host() == "waze.com"
    assert parse_qs(opened[-1].query())["ll"] == [f"{first.lat:.6f},{first.lon:.6f}"]


def test_arrived_then_done_logs_the_visit_with_the_clock_times(
        qtbot: QtBot, store: Store, make_page: Any, clock: Clock) -> None:
    page = planned_page(qtbot, store, make_page)
    route = page.route
    assert route is not None
    first = route.stops[0]
    at = first.arrival
    clock.set(at.hour, at.minute)
    page._tick()
    wait(qtbot, click(page, page.card.arrived_button))
    assert page.route is not None and page.route.stops[0].state is StopState.HERE
    assert page.timeline.item(0).text().startswith("HERE  1.")
    end = first.end
    clock.set(end.hour, end.minute)
    page._tick()
    page.card.clock.setTime(QTime(end.hour, end.minute))
    wait(qtbot, click(page, page.card.done_button))
    (visit,) = list_visits(store)
    assert visit.check_in == time(at.hour, at.minute) and visit.check_out == time(
        end.hour, end.minute)
    assert visit.plan_stop_id == first.stop_id
    dialog = page.check_out
    assert dialog is not None
    qtbot.waitUntil(dialog.form.isEnabled, timeout=10000)
    assert dialog.form.notes.isVisible() and dialog.form.outcome.isVisible()
    assert not dialog.form.order_value.isVisible() and not dialog.form.day.isVisible()
    dialog.form.notes.setPlainText("Wants the spring range")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    (visit,) = list_visits(store)
    assert visit.notes == "Wants the spring range"
    qtbot.waitUntil(lambda: page.timeline.item(1).text().startswith("NEXT  2."),
                    timeout=10000)
    assert page.card.stop is not None and page.card.stop.number == 2


def click(page: today_page.TodayPage, button: Any) -> Any:
    """Click and hand back the job the click started."""
    before = page.job
    button.click()
    assert page.job is not before
    return page.job


def test_a_pin_click_adds_the_account_to_the_day_and_a_second_takes_it_out(
        qtbot: QtBot, store: Store, make_page: Any) -> None:
    page = planned_page(qtbot, store, make_page)
    route = page.route
    assert route is not None
    extra = add_account(store, AccountData("Tabac du Parc", city="Lyon", lat=45.7665,
                                           lon=4.8525, meeting_minutes=20, tier="A")).id
    assert extra is not None and extra not in route.account_ids
    page.map.bridge.accountClicked(extra, False)
    wait(qtbot, page.job)
    assert page.route is not None and extra in page.route.account_ids, page.ui.status.text()
    assert "Added Tabac du Parc to the day" in page.ui.status.text()
    page.map.bridge.accountClicked(extra, False)
    wait(qtbot, page.job)
    assert page.route is not None and extra not in page.route.account_ids
    assert "Took Tabac du Parc out of the day" in page.ui.status.text()


def test_stops_in_one_building_do_not_hide_each_other(
        qtbot: QtBot, store: Store, make_page: Any) -> None:
    for name in ("Centre commercial: Pharmacie", "Centre commercial: Opticien",
                 "Centre commercial: Parfumerie"):
        add_account(store, AccountData(name, city="Écully", lat=45.7745, lon=4.7770,
                                       meeting_minutes=20, geocode_precision="exact"))
    add_account(store, AccountData("Garage Villeurbanne", city="Villeurbanne", lat=45.767,
                                   lon=4.880, meeting_minutes=20, geocode_precision="exact"))
    set_settings(store, {"home.lat": "45.7578", "home.lon": "4.8320", "home.address": "Home"})
    page = make_page()
    wait(qtbot, page.plan())
    assert page.route is not None and len(page.route.stops) == 4

    def boxes() -> list[dict[str, Any]]:
        found = json.loads(str(map_call(qtbot, page, "JSON.stringify(FieldRep.stopBoxes())")))
        return found if isinstance(found, list) else []

    qtbot.waitUntil(lambda: len(boxes()) == 4, timeout=10000)
    for zoom in (11, 14, 18):
        map_call(qtbot, page, f"window.frZoom = {zoom}; true")
        assert map_call(qtbot, page, "(function(){var m=Object.values(window).find("
                                     "function(v){return v instanceof L.Map;}); "
                                     "m.setView(m.getCenter(), window.frZoom, {animate:false}); "
                                     "return m.getZoom();})()") == zoom
        shown = boxes()
        for n, a in enumerate(shown):
            for b in shown[n + 1:]:
                apart = (a["right"] <= b["left"] or b["right"] <= a["left"]
                         or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])
                assert apart, (zoom, a, b)


def test_the_route_for_the_phone_is_split_into_qr_codes(
        qtbot: QtBot, store: Store, make_page: Any) -> None:
    page = planned_page(qtbot, store, make_page)
    route = page.route
    assert route is not None
    dialog = page.show_qr()
    assert dialog is not None
    qtbot.addWidget(dialog)
    legs = len(route.places_to_go()) - 1
    assert len(dialog.urls) == -(-legs // 4)  # three stops on the way, four legs a code
    assert all(u.startswith("https://www.google.com/maps/dir/") for u in dialog.urls)
    assert dialog.grid.count() == len(dialog.urls)
    dialog.service.setCurrentIndex(dialog.service.findData("waze"))
    assert len(dialog.urls) == legs and dialog.grid.count() == legs
    assert "one code a leg" in dialog.note.text()
