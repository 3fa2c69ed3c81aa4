"""The screenshot of the map offline at street level, on the imported roads of the shared
Liechtenstein extract (``../shared/osm`` beside the repository, or ``$SHARED_DATA/osm``);
skipped, saying so, where it is absent."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.common.paths import ROADS_ENV
from fieldrep.roads.importer import import_extract
from fieldrep.store import open_store
from ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = (Path(os.environ.get("SHARED_DATA", ROOT.parent / "shared")) / "osm"
           / "liechtenstein.osm.pbf")
VADUZ = (47.14110, 9.52130)
ACCOUNTS = (("Apotheke am Rathaus", 47.14110, 9.52130), ("Garage Schaan", 47.16660, 9.50980),
            ("Hotel Vaduzerhof", 47.13790, 9.52320))


def _settle(app: QApplication, ms: int) -> None:
    deadline = time.monotonic() + ms / 1000
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def take_offline_roads(app: QApplication, out_dir: Path, tmp: Path) -> list[Path]:
    """``map-offline-roads-1366.png``: the accounts map with tiles off, zoomed on Vaduz."""
    if not EXTRACT.is_file():
        print(f"skipped map-offline-roads-1366.png: {EXTRACT} is absent", file=sys.stderr)
        return []
    before = os.environ.get(ROADS_ENV)
    import_extract(EXTRACT, folder=tmp / "roads")
    os.environ[ROADS_ENV] = str(tmp / "roads")
    try:
        store = open_store(f"sqlite:///{tmp / 'vaduz.sqlite'}")
        for name, lat, lon in ACCOUNTS:
            add_account(store, AccountData(name, city="Vaduz", lat=lat, lon=lon, tier="A",
                                           geocode_precision="exact"))
        window = MainWindow(store, tiles=False)
        window.resize(1366, 768)
        window.show()
        window.set_online(False)
        deadline = time.monotonic() + 30
        while not window.accounts.map.is_ready and time.monotonic() < deadline:
            _settle(app, 100)
        _settle(app, 2500)  # the map options read, the page rebuilt with the roads
        window.accounts.map.run(
            "(function(){ for (var k in window) { if (k.indexOf('map_') === 0 &&"
            " window[k] instanceof L.Map) {"
            f" window[k].setView([{VADUZ[0]}, {VADUZ[1]}], 16, {{animate: false}}); }} }} }})()")
        _settle(app, 2500)
        path = out_dir / "map-offline-roads-1366.png"
        window.grab().save(str(path))
        window.close()
        _settle(app, 200)
        store.close()
        return [path]
    finally:
        if before is None:
            os.environ.pop(ROADS_ENV, None)
        else:
            os.environ[ROADS_ENV] = before
