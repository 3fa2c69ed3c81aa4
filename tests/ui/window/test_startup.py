"""The app's start on a real SQLite file: the window first, the store opened behind it on
another thread, the setup assistant on a new store only, the heavy libraries not loaded
before the window shows."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event

from fieldrep.accounts.service import count_accounts
from fieldrep.store import Store, open_store
from fieldrep.usecases.settings import set_setting
from fieldrep.visits.today import TodayRoute
from ui.app import make_startup, parse_args
from ui.window.startup import Startup

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def connects() -> Iterator[list[bool]]:
    """For each database connection made: whether it was made on the UI thread."""
    main = threading.get_ident()
    seen: list[bool] = []

    def connected(_dbapi: object, _record: object) -> None:
        seen.append(threading.get_ident() == main)

    event.listen(Engine, "connect", connected)
    yield seen
    event.remove(Engine, "connect", connected)


def start(qtbot: QtBot, url: str, *args: str) -> Startup:
    startup = make_startup(parse_args(list(args)))
    startup.network = False
    startup.tiles = False
    window = startup.start(url)
    assert window is not None
    qtbot.addWidget(window)
    return startup


def finish(qtbot: QtBot, startup: Startup) -> None:
    window = startup.window
    assert window is not None
    qtbot.waitUntil(lambda: startup.housekeeping_done and window.model is not None
                    and window.accounts.map.is_ready, timeout=60000)
    window.close()
    if startup.store is not None:
        startup.store.close()


def test_the_window_shows_before_the_store_opens_and_the_table_fills_in(
        qtbot: QtBot, db_url: str, connects: list[bool]) -> None:
    startup = start(qtbot, db_url, "--no-setup")
    window = startup.window
    assert window is not None and window.isVisible()
    assert connects == []  # nothing read yet: the store opens on the worker

    qtbot.waitUntil(lambda: window.model is not None and window.model.loaded_rows > 0,
                    timeout=60000)
    assert window.model.total == 220  # the demo territory, loaded behind the window
    assert connects and not any(connects), "the UI thread touched the store"
    finish(qtbot, startup)
    assert not any(connects)


def test_on_a_new_store_the_today_page_reads_its_day_before_the_demo_loads(
        qtbot: QtBot, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first page does not wait for the demo territory (it holds no plan); the
    accounts table and the housekeeping come after it, with every demo account."""
    import fieldrep.usecases.startup as startup_cases
    import fieldrep.usecases.today as today_cases

    accounts_seen: dict[str, int] = {}
    read_day, housekeep = today_cases.today_route, startup_cases.start_housekeeping

    def today_route(store: Store, day: date) -> TodayRoute:
        accounts_seen.setdefault("today", count_accounts(store))
        return read_day(store, day)

    def start_housekeeping(store: Store, *, place: bool) -> object:
        accounts_seen["housekeeping"] = count_accounts(store)
        return housekeep(store, place=place)

    monkeypatch.setattr(today_cases, "today_route", today_route)
    monkeypatch.setattr(startup_cases, "start_housekeeping", start_housekeeping)
    startup = start(qtbot, db_url, "--no-setup")
    window = startup.window
    assert window is not None
    qtbot.waitUntil(lambda: window.today.route is not None, timeout=60000)
    assert window.today.route is not None and window.today.route.plan_id is None
    finish(qtbot, startup)
    assert accounts_seen == {"today": 0, "housekeeping": 220}
    assert window.model is not None and window.model.total == 220


def test_a_new_store_opens_the_setup_assistant(qtbot: QtBot, db_url: str) -> None:
    startup = start(qtbot, db_url, "--no-demo")
    window = startup.window
    assert window is not None
    qtbot.waitUntil(lambda: window.setup_assistant is not None, timeout=30000)
    assistant = window.setup_assistant
    assert assistant is not None and assistant.currentPage() is assistant.region
    assistant.reject()
    finish(qtbot, startup)


def test_a_store_with_settings_does_not_open_it(qtbot: QtBot, db_url: str) -> None:
    store = open_store(db_url)
    set_setting(store, "currency", "CHF")
    store.close()
    startup = start(qtbot, db_url, "--no-demo")
    with qtbot.waitSignal(startup.ready, timeout=30000):
        pass
    assert startup.window is not None and startup.window.setup_assistant is None
    finish(qtbot, startup)


def test_no_setup_keeps_it_closed_on_a_new_store(qtbot: QtBot, db_url: str) -> None:
    startup = start(qtbot, db_url, "--no-demo", "--no-setup")
    with qtbot.waitSignal(startup.ready, timeout=30000):
        pass
    assert startup.window is not None and startup.window.setup_assistant is None
    finish(qtbot, startup)


CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.app import make_startup, parse_args
startup = make_startup(parse_args(["--no-setup"]))
startup.network = False
window = startup.start(sys.argv[1])
heavy = sorted(m for m in ("folium", "pandas", "ortools", "openpyxl", "geopy", "reportlab")
               if m in sys.modules)
print(json.dumps({"shown": window.isVisible(), "heavy": heavy}), flush=True)
startup.ready.connect(lambda: app.exit(0))
app.exec()
window.close()
"""


def test_no_heavy_library_is_loaded_before_the_window_shows(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, f"sqlite:///{tmp_path / 'child.sqlite3'}"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stderr[-2000:]
    seen = json.loads(lines[0])
    assert seen == {"shown": True, "heavy": []}
    assert done.returncode == 0, done.stderr[-2000:]
    assert count_accounts(open_store(f"sqlite:///{tmp_path / 'child.sqlite3'}")) == 220


UI_THREAD_CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.app import make_startup, parse_args
from fieldrep.store.database import unopened_store
from ui.kit.tasks import TaskRunner
from ui.window.main_window import MainWindow
tasks = TaskRunner()
tasks.hold()  # nothing runs on the worker: only what the UI thread loads counts
window = MainWindow(unopened_store(sys.argv[1]), tasks, tiles=False)
window.show()
app.processEvents()
late = ("scipy", "alembic", "icalendar", "numpy", "shapely", "pypdf", "phonenumbers",
        "fieldrep.store.models", "fieldrep.usecases.today", "ui.visits.dialog",
        "ui.territories.page", "ui.plan.page", "ui.visits.page", "ui.expenses.page")
print(json.dumps({"shown": window.isVisible(),
                  "loaded": sorted(m for m in late if m in sys.modules)}), flush=True)
"""


def test_the_ui_thread_shows_the_window_without_the_store_models_or_other_pages(
        tmp_path: Path) -> None:
    """What paints the first page imports neither Alembic, scipy, icalendar, numpy,
    shapely, pypdf, the store's models nor the Today use cases (the worker loads them),
    nor the visit form or the pages after Accounts (built when first opened)."""
    done = subprocess.run(
        [sys.executable, "-c", UI_THREAD_CHILD, f"sqlite:///{tmp_path / 'ui.sqlite3'}"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stderr[-2000:]
    assert json.loads(lines[0]) == {"shown": True, "loaded": []}
