"""4. The first start and the next ones: ``python main.py`` as a rep launches it, beside a
bare PySide6 + Qt WebEngine window (the floor).

*cold*: new data, config and cache folders (``XDG_DATA_HOME``, ``XDG_CONFIG_HOME``,
``XDG_CACHE_HOME``): a new store (migrated, the demo territory loaded), no offline town
index yet (built at the start, in the background).  *warm*: the same folders started again.
Each start is a new Python process (imports counted), timed from just before the parent
launches it.  Usable = the table's first rows in the model and the event loop turning once
more (the window answers); the map page's readiness and the housekeeping are reported apart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from common import median, table

from app_bench.qt_wait import log, monotonic

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PREFIX = "FIRST-START "
KINDS = ("floor", "cold", "warm")
COLD_TARGET_S, WARM_TARGET_S = 2.0, 1.5
COLUMNS = (("imports", "imports done"), ("shown", "window shown"),
           ("rows", "first rows"), ("usable", "usable"), ("store", "store open"),
           ("map", "map page ready"), ("housekeeping", "housekeeping done"))


@dataclass
class StartMeasure:
    kind: str
    runs: list[dict[str, float]] = field(default_factory=list)

    def med(self, key: str) -> float | None:
        values = [r[key] for r in self.runs if key in r]
        return median(values) if values else None


def one_start(kind: str, folders: Path) -> dict[str, float]:
    """One start in a new process; its milestones in seconds from the launch."""
    script = HERE / ("floor_child.py" if kind == "floor" else "first_start_child.py")
    env = {**os.environ, "XDG_DATA_HOME": str(folders / "data"),
           "XDG_CONFIG_HOME": str(folders / "config"), "XDG_CACHE_HOME": str(folders / "cache")}
    env.pop("FIELDREP_DB", None)
    start = monotonic()
    done = subprocess.run([sys.executable, str(script), repr(start), str(ROOT)], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(PREFIX)]
    if not lines:
        raise SystemExit(f"{kind} start failed ({done.returncode}):\n{done.stderr[-3000:]}")
    marks: dict[str, float] = json.loads(lines[-1].removeprefix(PREFIX))
    return marks


def bench_first_start(runs: int) -> list[StartMeasure]:
    """``runs`` rounds of: the floor, a cold start in new folders, a warm start in them."""
    measures = {kind: StartMeasure(kind) for kind in KINDS}
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="fieldrep-first-start-") as folders:
            for kind in KINDS:
                marks = one_start(kind, Path(folders))
                measures[kind].runs.append(marks)
                log(f"  {kind} start {run + 1}/{runs}: usable after {marks['usable']:.2f} s, "
                    f"map after {marks['map']:.2f} s")
    return list(measures.values())


def first_start_report(measures: list[StartMeasure]) -> list[str]:
    rows = []
    for m in measures:
        cells = [f"{value:.2f}" if value is not None else "-"
                 for value in (m.med(key) for key, _title in COLUMNS)]
        best = min(r["usable"] for r in m.runs)
        rows.append([m.kind, len(m.runs), *cells, f"{best:.2f}"])
    lines = ["## 4. Starting the app: first start (cold) and the next ones (warm)",
             "seconds from launching `python`, medians; cold = new data, config and cache "
             "folders (new store with the demo territory, no offline town index yet); warm = "
             "the same folders again; floor = a bare PySide6 window with a 200-row table and "
             "a Qt WebEngine page; usable = first rows in the table and the event loop "
             "answering; the map page and the housekeeping (town index, placing the demo's "
             "unlocated accounts) come after, in the background", "",
             table(["start", "runs", *(title for _key, title in COLUMNS), "best usable"], rows),
             ""]
    by_kind = {m.kind: m for m in measures}
    for kind, target in (("cold", COLD_TARGET_S), ("warm", WARM_TARGET_S)):
        usable = by_kind[kind].med("usable")
        if usable is not None:
            verdict = "MET" if usable <= target else "NOT MET"
            floor = by_kind["floor"].med("usable") or 0.0
            lines.append(f"Target: {kind} start usable in ≤ {target:.1f} s — {verdict} "
                         f"(median {usable:.2f} s; floor {floor:.2f} s)")
    return [*lines, ""]
