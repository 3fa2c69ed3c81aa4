"""Map and table as one view, through the real Qt WebEngine page and its QWebChannel."""

import json
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account, list_accounts, update_account
from fieldrep.store import Store
from fieldrep.territories.service import list_territories
from ui.window.main_window import MainWindow

EVIL = "<img src=x onerror=\"window.__pwned = 1\"><script>window.__pwned = 2</script>"
BOX = {"type": "Polygon", "coordinates": [[[4.80, 45.70], [4.86, 45.70], [4.86, 45.80],
                                           [4.80, 45.80], [4.80, 45.70]]]}


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, **kwargs: None)


def seed(store: Store) -> dict[str, int]:
    rows = [("Pharmacie Bellecour", 45.757, 4.832, "A"), ("Cave de Vaise", 45.775, 4.805, "B"),
            ("Garage Villeurbanne", 45.767, 4.880, "C"), (EVIL, 45.750, 4.850, "A")]
    ids = {n: add_account(store, AccountData(n, city="Lyon", lat=lat, lon=lon, tier=t,
                                             geocode_precision="exact")).id
           for n, lat, lon, t in rows}
    ids["No location"] = add_account(store, AccountData("No location", city="Lyon")).id
    return ids


def page_state(qtbot: QtBot, window: MainWindow) -> dict[str, Any]:
    box: list[dict[str, Any]] = []
    window.accounts.map.state(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def js(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    box: list[Any] = []
    window.accounts.map.page.runJavaScript(script, 0, lambda r: box.append(r))
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def shown(qtbot: QtBot, store: Store) -> MainWindow:
    """The main window on ``store``, shown, with its table filled and its map page ready."""
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.pages.indexOf(window.accounts))  # it opens on Today
    qtbot.waitUntil(lambda: window.model is not None and window.accounts.map.is_ready,
                    timeout=20000)
    return window


def test_the_map_shows_the_located_accounts(qtbot: QtBot, store: Store) -> None:
    seed(store)
    window = shown(qtbot, store)
    assert page_state(qtbot, window)["accounts"] == 4  # "No location" has no marker
    assert window.accounts.map.page.console == []  # no script error on the page


def test_table_selection_rings_the_marker_and_a_marker_click_selects_the_row(
    qtbot: QtBot, store: Store
) -> None:
    ids = seed(store)
    window = shown(qtbot, store)
    qtbot.waitUntil(lambda: window.model.loaded_rows == window.model.rowCount())  # painted
    rows = {window.model.account_at(r).name: r for r in range(window.model.rowCount())}
    window.table.selectRow(rows["Cave de Vaise"])
    qtbot.waitUntil(lambda: page_state(qtbot, window)["selected"] == [ids["Cave de Vaise"]])

    # A click on a marker in the page goes through the QWebChannel to the table.
    assert js(qtbot, window, f"FieldRep.clickAccount({ids['Garage Villeurbanne']}, false)")
    qtbot.waitUntil(lambda: window.accounts.selected_ids() == [ids["Garage Villeurbanne"]])
    assert "Garage Villeurbanne" in window.details.toPlainText()
    qtbot.waitUntil(lambda: page_state(qtbot, window)["selected"] == [
        ids["Garage Villeurbanne"]])
    # Ctrl-click adds to the selection.
    js(qtbot, window, f"FieldRep.clickAccount({ids['Pharmacie Bellecour']}, true)")
    qtbot.waitUntil(lambda: sorted(window.accounts.selected_ids()) == sorted(
        [ids["Garage Villeurbanne"], ids["Pharmacie Bellecour"]]))


def test_a_script_bearing_name_is_shown_as_text_and_runs_nothing(
    qtbot: QtBot, store: Store
) -> None:
    ids = seed(store)
    window = shown(qtbot, store)
    evil = ids[EVIL]
    tip = json.loads(js(qtbot, window, f"JSON.stringify(FieldRep.tooltipOf({evil}))"))
    assert tip["text"].startswith(EVIL)  # the whole name, as text
    assert "<img" not in tip["html"] and "&lt;img" in tip["html"]
    assert js(qtbot, window, "document.querySelectorAll('img[src=\"x\"]').length") == 0
    js(qtbot, window, f"FieldRep.clickAccount({evil}, false)")
    qtbot.waitUntil(lambda: window.accounts.selected_ids() == [evil])
    assert EVIL in window.details.toPlainText()
    assert js(qtbot, window, "String(window.__pwned || 0)") == "0"


def test_a_shape_drawn_on_the_map_narrows_the_table_and_can_become_a_territory(
    qtbot: QtBot, store: Store
) -> None:
    ids = seed(store)
    window = shown(qtbot, store)
    # What the page's draw and lasso tools send, through the channel's own slot.
    window.accounts.map.bridge.shapeDrawn('{"type": "Point", "coordinates": [4, 45]}')  # ignored
    with qtbot.waitSignal(window.selection.select_in_shape(BOX).finished, timeout=10000):
        pass
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == 3)
    qtbot.waitUntil(lambda: sorted(window.accounts.selected_ids()) == sorted(
        [ids["Pharmacie Bellecour"], ids["Cave de Vaise"], ids[EVIL]]))
    assert window.accounts.selection_chip.isVisible()
    with qtbot.waitSignal(window.edits.set_territory(window.accounts.selected_ids(),
                                                     "Presqu'île").finished):
        pass
    assert {a.name: a.territory for a in list_accounts(store)}["Cave de Vaise"] == "Presqu'île"
    assert "Presqu'île" in [t.name for t in list_territories(store)]
    window.undo_action.trigger()  # on the worker
    window.tasks.wait()
    assert {a.name: a.territory for a in list_accounts(store)}["Cave de Vaise"] == ""
    assert list_territories(store) == []  # the territory the change made is gone too

    with qtbot.waitSignal(window.selection.create_territory("Lyon ouest", BOX).finished,
                          timeout=10000):
        pass
    assert [t.name for t in list_territories(store)] == ["Lyon ouest"]
    assert get_account(store, ids["Garage Villeurbanne"]).territory == ""
    assert get_account(store, ids["Pharmacie Bellecour"]).territory == "Lyon ouest"


def test_dragging_a_pin_stores_a_manual_location_and_undo_puts_it_back(
    qtbot: QtBot, store: Store
) -> None:
    ids = seed(store)
    window = shown(qtbot, store)
    vaise = ids["Cave de Vaise"]
    window.accounts.select_account(vaise)
    # The page's pin sends this on dragend; out-of-range positions are refused by the bridge.
    window.accounts.map.bridge.markerMoved(vaise, 95.0, 4.8)
    window.tasks.wait()
    assert get_account(store, vaise).lat == 45.775
    window.accounts.map.bridge.markerMoved(vaise, 45.7801, 4.8102)
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1)
    moved = get_account(store, vaise)
    assert (moved.lat, moved.lon, moved.geocode_precision) == (45.7801, 4.8102, "manual")
    window.undo_action.trigger()
    window.tasks.wait()
    back = get_account(store, vaise)
    assert (back.lat, back.lon, back.geocode_precision) == (45.775, 4.805, "exact")


def test_delete_can_be_undone(qtbot: QtBot, store: Store) -> None:
    ids = seed(store)
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.pages.indexOf(window.accounts))  # it opens on Today
    qtbot.waitUntil(lambda: window.model is not None, timeout=10000)
    window.accounts.select_account(ids["Cave de Vaise"])
    qtbot.waitUntil(lambda: window.accounts.selected_ids() == [ids["Cave de Vaise"]])
    window.delete_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1)
    assert "Cave de Vaise" not in [a.name for a in list_accounts(store)]
    assert window.statusBar().currentMessage().startswith("Deleted 1 account — ")
    window.undo_action.trigger()
    window.tasks.wait()
    restored = get_account(store, ids["Cave de Vaise"])
    assert restored.name == "Cave de Vaise" and restored.lat == 45.775


def test_window_state_is_remembered(qtbot: QtBot, store: Store) -> None:
    seed(store)
    first = MainWindow(store, tiles=False)
    qtbot.addWidget(first)
    first.show()
    first.resize(1200, 700)
    width, height = first.width(), first.height()
    first.accounts.splitter.setSizes([300, 650])
    sizes = first.accounts.splitter.sizes()
    first.nav.setCurrentRow(1)
    first.close()
    second = MainWindow(store, tiles=False)
    qtbot.addWidget(second)
    second.show()
    assert second.nav.currentRow() == 1
    assert second.height() == height  # (the offscreen screen may clamp the width)
    assert second.width() <= width
    table, side = second.accounts.splitter.sizes()
    assert abs(table / (table + side) - sizes[0] / sum(sizes)) < 0.02  # the rep's split


def test_filters_narrow_table_and_map_together(qtbot: QtBot, store: Store) -> None:
    seed(store)
    window = shown(qtbot, store)
    window.accounts.tiers["A"].setChecked(True)
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == 2)
    qtbot.waitUntil(lambda: page_state(qtbot, window)["accounts"] == 2)
    assert window.count_label.text() == "2 of 5 accounts match the filters"
    window.accounts.tiers["A"].setChecked(False)
    window.accounts.precision.setCurrentIndex(window.accounts.precision.findData("none"))
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == 1)
    qtbot.waitUntil(lambda: getattr(window.model.account_at(0), "name", "") == "No location")


def test_add_and_edit_accounts_are_undoable_and_a_refusal_keeps_the_dialog_open(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.accounts.dialog import AccountDialog

    ids = seed(store)
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    add_account(store, AccountData("Taken", external_id="EXT-1"))
    with qtbot.waitSignal(window.add_account(AccountData("Boulangerie Paul", city="Lyon"))
                          .finished) as adding:
        pass
    added = adding.args[0]
    assert get_account(store, added.id).name == "Boulangerie Paul"
    window.undo_action.trigger()
    window.tasks.wait()
    assert "Boulangerie Paul" not in [a.name for a in list_accounts(store)]
    window.redo_action.trigger()
    window.tasks.wait()
    assert get_account(store, added.id).name == "Boulangerie Paul"

    before = get_account(store, ids["Cave de Vaise"])
    dialog = AccountDialog(window, before, save=lambda a: update_account(store, a),
                           tasks=window.tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()  # unchanged: saves as it is, on the worker
    qtbot.waitUntil(lambda: dialog.saved is not None)
    before = dialog.saved  # the stored version moved on: the old copy would be refused
    assert before is not None
    with qtbot.waitSignal(window.save_account(before, AccountData(**{**vars(before),
                                                                      "tier": "A"})).finished):
        pass
    assert get_account(store, before.id).tier == "A"
    window.undo_action.trigger()
    window.tasks.wait()
    assert get_account(store, before.id).tier == "B"
    clash = AccountData(**{**vars(before), "external_id": "EXT-1"})
    boxes: list[str] = []
    monkeypatch.setattr("ui.kit.operations.show_error_box",
                        lambda _parent, message: boxes.append(message))
    with qtbot.waitSignal(window.save_account(before, clash).failed) as refusing:
        pass
    assert "'EXT-1' is already used by 'Taken'" in refusing.args[0]
    assert boxes == refusing.args  # shown to the rep
    assert get_account(store, before.id).external_id is None
    assert window.undo_stack.count() == 2  # the add and the edit; nothing for the refusal

    refused = AccountDialog(window, clash, save=lambda a: update_account(store, a),
                            tasks=window.tasks)
    qtbot.addWidget(refused)
    refused.show()
    refused.accept()
    qtbot.waitUntil(lambda: not refused.is_saving())
    assert refused.isVisible() and refused.saved is None
    assert "is already used by &#x27;Taken&#x27;" in refused.message_line.text()  # escaped


def test_the_map_can_colour_accounts_by_visit_status(qtbot: QtBot, store: Store) -> None:
    from datetime import date, datetime, timedelta

    from fieldrep.visits.logbook import log_visit
    from fieldrep.visits.model import VisitInput

    ids = seed(store)
    today = date.today()
    log_visit(store, VisitInput(ids["Cave de Vaise"], today - timedelta(days=200)),
              now=datetime.now())
    log_visit(store, VisitInput(ids["Garage Villeurbanne"], today - timedelta(days=1)),
              now=datetime.now())
    window = shown(qtbot, store)

    def colour(name: str) -> dict[str, str]:
        return json.loads(js(qtbot, window,
                             f"JSON.stringify(FieldRep.colourOf({ids[name]}))"))

    assert colour("Cave de Vaise")["fill"] == "#1f5fa8"  # tier B blue
    window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("due"))
    qtbot.waitUntil(lambda: colour("Cave de Vaise")["fill"] == "#c62828", timeout=10000)
    assert colour("Garage Villeurbanne")["fill"] == "#2e7d32"  # visited yesterday: on time
    assert colour("Pharmacie Bellecour")["fill"] == "#7b3fa0"  # never visited
    assert "Overdue" in colour("Cave de Vaise")["legend"]
    tip = json.loads(js(qtbot, window,
                        f"JSON.stringify(FieldRep.tooltipOf({ids['Cave de Vaise']}))"))
    assert "Overdue" in tip["text"]
    window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("tier"))
    qtbot.waitUntil(lambda: colour("Cave de Vaise")["fill"] == "#1f5fa8", timeout=10000)
    assert "Tier A" in colour("Cave de Vaise")["legend"]
