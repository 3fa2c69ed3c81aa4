"""Grab the README's screenshots of the desktop app on the demo territory.

Run offscreen from the repository root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fieldrep.account_service import list_accounts
from fieldrep.demo import load_demo
from fieldrep.geocoding.service import geocode_accounts
from fieldrep.settings import set_settings
from fieldrep.store import Store, open_store
from fieldrep.territories import TerritoryData, save_territory
from ui.main_window import MainWindow


def _settle(app: QApplication, ms: int = 800) -> None:
    """Let the worker thread and the event loop finish what the window asked for."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        _settle(app, 100)


def take(out_dir: Path) -> list[Path]:
    """Save one PNG per view into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fieldrep-shots-") as tmp:
        # A fresh window: none of this user's saved window state.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        store = open_store(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        load_demo(store, history=True)
        set_settings(store, {"home.lat": "45.7578", "home.lon": "4.8320",
                             "home.address": "Home, Lyon 2e"})
        geocode_accounts(store, None)  # place the demo's accounts without coordinates
        save_territory(store, TerritoryData("Lyon centre (drawn)", color="#9467bd", polygon={
            "type": "Polygon", "coordinates": [[[4.815, 45.735], [4.875, 45.735],
                                                [4.875, 45.785], [4.815, 45.785],
                                                [4.815, 45.735]]]}))
        for name, areas, colour in (("Lyon & Villeurbanne", ("69*",), "#1f77b4"),
                                    ("Isère", ("38*",), "#d62728"),
                                    ("Savoie & Haute-Savoie", ("73*", "74*"), "#2ca02c")):
            save_territory(store, TerritoryData(name, color=colour, areas=areas))
        window = MainWindow(store, tiles=False)
        window.resize(1440, 860)
        window.show()
        window.set_online(False)  # as on the machine these are taken on
        _wait(app, lambda: window.model is not None and window.accounts.map.is_ready)
        _settle(app, 1500)
        window.accounts.select_account(_first_id(store, "Pharmacie"))
        _settle(app, 1200)
        saved.append(_save(window, out_dir / "main-window.png"))
        window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("due"))
        _settle(app, 2500)
        saved.append(_save(window.accounts.right, out_dir / "map-visit-status.png"))
        window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("tier"))
        _settle(app, 1500)
        window.nav.setCurrentRow(1)
        _settle(app, 800)
        saved.append(_save(window, out_dir / "territories.png"))
        saved += _visits(app, window, out_dir)
        window.close()
        _settle(app, 200)
        store.close()
    return saved


def _visits(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The Visits page, the visit form with a few lines typed, the activity report."""
    page = window.visits_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    _wait(app, lambda: bool(page.model.suggestions))
    _settle(app, 600)
    page.table.selectRow(1)
    _settle(app, 400)
    shots = [_save(window, out_dir / "visits.png")]
    dialog = page.log_selected()
    if dialog is not None:
        dialog.check_in_on.setChecked(True)
        dialog.check_out_on.setChecked(True)
        dialog.notes.setPlainText("Met the buyer: stock is low on the usual lines; interested "
                                  "in the spring offer.")
        dialog.next_step.setText("Send the price list")
        dialog.follow_up_on.setChecked(True)
        _settle(app, 400)
        shots.append(_save(dialog, out_dir / "visit-dialog.png"))
        dialog.close()
    report = page.open_activity_report()
    report.period.setCurrentText("This month")
    _wait(app, lambda: "Activity report" in report.preview.toPlainText())
    _settle(app, 400)
    shots.append(_save(report, out_dir / "activity-report.png"))
    report.close()
    return shots


def _first_id(store: Store, prefix: str) -> int:
    return next(a.id for a in list_accounts(store, search=prefix) if a.id is not None)


def _save(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
