"""Grab the README's screenshots of the desktop app on the demo territory.

Run offscreen from the repository root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from fieldrep.demo import load_demo
from fieldrep.geocoding.service import geocode_accounts
from fieldrep.store import open_store
from ui.main_window import MainWindow


def _settle(app: QApplication, ms: int = 800) -> None:
    """Let the worker thread and the event loop finish what the window asked for."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def take(out_dir: Path) -> list[Path]:
    """Save one PNG per view into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fieldrep-shots-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        load_demo(store)
        geocode_accounts(store, None)  # place the demo's accounts without coordinates
        window = MainWindow(store)
        window.resize(1360, 800)
        window.show()
        _settle(app)
        window.table.selectRow(2)
        _settle(app, 400)
        path = out_dir / "main-window.png"
        window.grab().save(str(path))
        saved.append(path)
        window.close()
        _settle(app, 200)
        store.close()
    return saved


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
