"""2. Cold start: a new Python process to a usable window, with its milestones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from common import median
from PySide6.QtWidgets import QApplication

from app_bench.qt_wait import PageWatch, isolate_preferences, log, monotonic, wait_until
from fieldrep.store import open_store
from fieldrep.usecases.demo import load_demo_if_empty
from ui.window.main_window import MainWindow

CHILD_FLAG = "--cold-start-child"
CHILD_PREFIX = "COLD-START "
# The script the child process runs (with CHILD_FLAG).
SCRIPT = Path(__file__).resolve().parents[1] / "app_speed.py"

MILESTONES = (("imports", "imports done"), ("store", "store open"),
              ("shown", "window shown"), ("table", "first rows painted"),
              ("map_ready", "map page ready"), ("markers", "all markers"),
              ("usable", "usable"))


def cold_start_child(url: str, start: float, markers: int, prefs: str) -> None:
    """In the child process: the app's start, timed from ``start`` (monotonic clock)."""
    marks: dict[str, float] = {"imports": monotonic() - start}
    isolate_preferences(Path(prefs))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("FieldRep")
    app.setOrganizationName("FieldRep")
    store = open_store(url)
    load_demo_if_empty(store)
    marks["store"] = monotonic() - start
    window = MainWindow(store, tiles=False)
    page = window.accounts
    watch = PageWatch(page.map)
    tokens: list[str] = []

    def on_ready() -> None:
        marks["map_ready"] = monotonic() - start
        tokens.append(watch.expect(markers))

    page.map.bridge.ready.connect(on_ready)
    window.show()
    marks["shown"] = monotonic() - start

    def table_shown() -> bool:
        if "table" not in marks and page.model is not None and page.model.loaded_rows > 0:
            marks["table"] = monotonic() - start
        return "table" in marks

    wait_until(lambda: table_shown() and bool(tokens))
    watch.wait(tokens[0])
    marks["markers"] = watch.seen[tokens[0]] - start
    marks["usable"] = max(marks["markers"], marks["table"])
    marks["rows"] = page.model.total
    print(CHILD_PREFIX + json.dumps(marks), flush=True)
    os._exit(0)  # the time to tear the window down is not the rep's


@dataclass
class ColdMeasure:
    size: int
    runs: list[dict[str, float]] = field(default_factory=list)

    def med(self, key: str) -> float:
        return median([r[key] for r in self.runs])


def cold_start(url: str, size: int, markers: int, folder: Path) -> dict[str, float]:
    """One cold start in a new process; its milestones in seconds from the launch."""
    script = str(SCRIPT)
    with tempfile.TemporaryDirectory(dir=folder) as prefs:
        start = monotonic()
        command = [sys.executable, script, CHILD_FLAG, url, repr(start), str(markers), prefs]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(CHILD_PREFIX)]
    if not lines:
        raise SystemExit(f"cold start of {size:,} failed ({done.returncode}):\n{done.stderr}")
    marks = json.loads(lines[-1].removeprefix(CHILD_PREFIX))
    if marks["rows"] != size:
        raise SystemExit(f"cold start showed {marks['rows']} rows, not {size}")
    return marks


def bench_cold(urls: dict[int, str], markers: dict[int, int], folder: Path,
               runs: int) -> list[ColdMeasure]:
    sizes = [s for s in (10_000, 1_000) if s in urls]
    measures = {s: ColdMeasure(s) for s in sizes}
    for run in range(runs):
        for size in sizes if run % 2 == 0 else sizes[::-1]:
            marks = cold_start(urls[size], size, markers[size], folder)
            measures[size].runs.append(marks)
            log(f"  cold start run {run + 1}/{runs} {size:,}: usable after {marks['usable']:.2f} s")
    return list(measures.values())

