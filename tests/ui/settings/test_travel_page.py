"""Settings ▸ Travel offscreen: the road server (OSRM) its settings declare, importing an
OpenStreetMap extract with progress, cancelling one (the roads imported before are kept),
and a file that is no extract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from fieldrep.common.paths import ROADS_ENV
from fieldrep.roads.storage import read_info
from fieldrep.store import Store
from fieldrep.usecases.settings import get_settings
from tests.osm_extracts import extract
from ui.kit.tasks import TaskRunner
from ui.settings.dialog import SettingsDialog
from ui.settings.travel_page import TravelPage


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture
def page(qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> TravelPage:
    monkeypatch.setenv(ROADS_ENV, str(tmp_path / "roads"))
    dialog = SettingsDialog(store, tasks, get_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.page_list.setCurrentRow([p.title for p in dialog.pages].index("Travel"))
    travel = dialog.page("Travel")
    assert isinstance(travel, TravelPage)
    return travel


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args, **_kw: (str(path), "OpenStreetMap extracts"))


def test_an_extract_is_imported_with_progress(qtbot: QtBot, page: TravelPage,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert page.status.text().startswith("No roads imported")
    choose(monkeypatch, extract("liechtenstein.osm.pbf"))
    steps: list[str] = []
    qtbot.mouseClick(page.choose, Qt.MouseButton.LeftButton)
    assert page.job is not None and not page.choose.isEnabled()
    page.job.progress.connect(lambda _done, _total, text: steps.append(text))
    qtbot.waitUntil(lambda: not page.importing, timeout=60_000)
    assert "Saving the roads…" in steps
    assert "Imported liechtenstein.osm.pbf." in page.status.text()
    assert "OSM extract of 2015-10-06" in page.status.text()
    assert "© OpenStreetMap contributors" in page.status.text()
    assert page.choose.isEnabled() and page.cancel_button.isHidden()


def test_cancel_keeps_the_roads_imported_before(qtbot: QtBot, page: TravelPage,
                                                tmp_path: Path) -> None:
    monaco = extract("monaco.osm.pbf")
    with qtbot.waitSignal(page.start_import(monaco).finished, timeout=60_000):
        pass
    before = read_info(tmp_path / "roads")
    job = page.start_import(extract("liechtenstein.osm.pbf"))
    with qtbot.waitSignal(job.failed, timeout=60_000):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert "road import cancelled: the roads imported before are kept" in page.status.text()
    assert "monaco.osm.pbf, OSM extract of 2019-09-21" in page.status.text()
    assert read_info(tmp_path / "roads") == before


def test_a_file_that_is_no_extract_says_so(qtbot: QtBot, page: TravelPage,
                                           tmp_path: Path) -> None:
    bad = tmp_path / "region.osm.pbf"
    bad.write_text("<html>the download failed</html>")
    with qtbot.waitSignal(page.start_import(bad).failed, timeout=60_000):
        pass
    assert "region.osm.pbf is not a readable OpenStreetMap PBF extract" in page.status.text()
    assert "No roads imported" in page.status.text()


def test_the_road_server_is_set_on_the_travel_page(qtbot: QtBot, store: Store,
                                                   page: TravelPage) -> None:
    dialog = page.window()
    assert isinstance(dialog, SettingsDialog)
    keys = ["travel.osrm_url", "travel.osrm_profile", "travel.osrm_timeout",
            "travel.osrm_max_table"]
    assert [k for k in page.shown_keys() if k.startswith("travel.")] == keys
    url, profile, timeout, table = (dialog.editor(k) for k in keys)
    assert (url.value_text(), profile.value_text(), timeout.value_text(),
            table.value_text()) == ("", "driving", "10", "100")
    assert not timeout.isEnabled()  # no server: nothing to wait for
    url.setText("localhost:5000")
    assert dialog.error_line("travel.osrm_url").text() == (
        "Road server must be an http(s) URL, like http://localhost:5000")
    assert not dialog.ok_button.isEnabled()
    assert dialog.summary.text().startswith("Travel: Road server must be an http(s) URL")
    url.setText("http://osrm.example.test:5000/")
    assert timeout.isEnabled() and dialog.ok_button.isEnabled()
    timeout.setValue(2.5)
    table.setValue(500)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.ok_button.click()
    values = get_settings(store)
    assert (values["travel.osrm_url"], values["travel.osrm_timeout"],
            values["travel.osrm_max_table"]) == ("http://osrm.example.test:5000", "2.5", "500")
