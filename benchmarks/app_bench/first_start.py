"""4. The first start and the next ones: ``python main.py`` as a rep launches it, beside a
bare PySide6 + Qt WebEngine window (the floor).

*cold*: new data, config and cache folders (``XDG_DATA_HOME``, ``XDG_CONFIG_HOME``,
``XDG_CACHE_HOME``): a new store (migrated, the demo territory loaded), no offline town
index yet (built at the start, in the background).  *warm*: the same folders started again.
*planned*: warm again, after a day plan was saved (untimed, :mod:`app_bench.plan_the_day`)
for the day the Today page opens on, so that its first page lists that day's stops.
Each start is a new Python process (imports counted), timed from just before the parent
launches it.  The window opens on the Today page: usable = its day read and shown and the
event loop turning once more (the window answers); the accounts table's first rows (one
click away), the Today map's page and the housekeeping are reported apart.

The project's modules are byte-compiled first (``compileall``), as installing FieldRep
does (``make run``'s install step; a wheel's install likewise); with ``bytecode=False``
their ``__pycache__`` folders are removed before each round instead, so that each start
compiles them from source (as it does in an environment with
``PYTHONDONTWRITEBYTECODE=1`` and no install step).
"""

from __future__ import annotations

import json
import os
import shutil
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
KINDS = ("floor", "cold", "warm", "planned")
COLD_TARGET_S, WARM_TARGET_S = 2.0, 1.5
COLUMNS = (("imports", "imports done"), ("shown", "window shown"), ("store", "store open"),
           ("first", "first page filled"), ("usable", "usable"),
           ("rows", "accounts rows"), ("map", "Today map ready"),
           ("housekeeping", "housekeeping done"))
#: what ``make run`` byte-compiles when it installs FieldRep
COMPILED = ("fieldrep", "ui", "main.py")


@dataclass
class StartMeasure:
    kind: str
    runs: list[dict[str, float]] = field(default_factory=list)

    def med(self, key: str) -> float | None:
        values = [r[key] for r in self.runs if key in r]
        return median(values) if values else None


def folder_env(folders: Path) -> dict[str, str]:
    env = {**os.environ, "XDG_DATA_HOME": str(folders / "data"),
           "XDG_CONFIG_HOME": str(folders / "config"), "XDG_CACHE_HOME": str(folders / "cache")}
    env.pop("FIELDREP_DB", None)
    return env


def plan_the_day(folders: Path) -> bool:
    """Untimed: a day plan saved for the day the Today page opens on (a home base set)."""
    done = subprocess.run([sys.executable, str(HERE / "plan_the_day.py"), str(ROOT)],
                          env=folder_env(folders), capture_output=True, text=True,
                          timeout=600, check=False)
    return "PLANNED " in done.stdout


def one_start(kind: str, folders: Path) -> dict[str, float]:
    """One start in a new process; its milestones in seconds from the launch."""
    script = HERE / ("floor_child.py" if kind == "floor" else "first_start_child.py")
    env = folder_env(folders)
    start = monotonic()
    done = subprocess.run([sys.executable, str(script), repr(start), str(ROOT)], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(PREFIX)]
    if not lines:
        raise SystemExit(f"{kind} start failed ({done.returncode}):\n{done.stderr[-3000:]}")
    marks: dict[str, float] = json.loads(lines[-1].removeprefix(PREFIX))
    return marks


def byte_compile(bytecode: bool) -> None:
    """Byte-compile the project as its install does, or remove its bytecode."""
    if bytecode:
        subprocess.run([sys.executable, "-m", "compileall", "-q", *COMPILED], cwd=ROOT,
                       check=True)
        return
    for name in COMPILED[:-1]:
        for folder in (ROOT / name).rglob("__pycache__"):
            shutil.rmtree(folder, ignore_errors=True)


def bench_first_start(runs: int, bytecode: bool = True) -> list[StartMeasure]:
    """``runs`` rounds of: the floor, a cold start in new folders, a warm start in them,
    then one with a day planned."""
    measures = {kind: StartMeasure(kind) for kind in KINDS}
    for run in range(runs):
        byte_compile(bytecode)
        with tempfile.TemporaryDirectory(prefix="fieldrep-first-start-") as folders:
            for kind in KINDS:
                if kind == "planned" and not plan_the_day(Path(folders)):
                    log(f"  no day could be planned in round {run + 1}: no planned start")
                    continue
                marks = one_start(kind, Path(folders))
                measures[kind].runs.append(marks)
                log(f"  {kind} start {run + 1}/{runs}: usable after {marks['usable']:.2f} s, "
                    f"Today map after {marks['map']:.2f} s")
    return list(measures.values())


def first_start_report(measures: list[StartMeasure], bytecode: bool = True) -> list[str]:
    rows = []
    floor = next(m for m in measures if m.kind == "floor")
    for m in (m for m in measures if m.runs):
        cells = [f"{value:.2f}" if value is not None else "-"
                 for value in (m.med(key) for key, _title in COLUMNS)]
        best = min(r["usable"] for r in m.runs)
        ratio = (m.med("usable") or 0.0) / (floor.med("usable") or 1.0)
        rows.append([m.kind, len(m.runs), *cells, f"{best:.2f}", f"{ratio:.1f}"])
    compiled = ("the project's modules byte-compiled first, as its install does "
                "(`compileall fieldrep ui main.py`)" if bytecode else
                "the project's modules compiled from source at each start (their "
                "__pycache__ removed before each round; PYTHONDONTWRITEBYTECODE=1)")
    lines = ["## 4. Starting the app: first start (cold) and the next ones (warm)",
             "seconds from launching `python`, medians; cold = new data, config and cache "
             "folders (new store, the demo territory loaded after the first page read its "
             "day, no offline town index yet); warm = the same folders again; planned = "
             "warm again after a day plan was saved (untimed) for the day Today opens on, "
             "so its first page lists the day's stops; floor = a bare "
             "PySide6 window with a 200-row table and a Qt WebEngine page; the window opens "
             "on the Today page: first page filled = its day read and shown (the floor: its "
             "table's rows), usable = that and the event loop answering; the accounts "
             "table's first rows (one click away), the Today map and the housekeeping "
             "(receipt files, town index, placing the demo's unlocated accounts) come after, "
             f"in the background; {compiled}; × floor = usable / the floor's usable", "",
             table(["start", "runs", *(title for _key, title in COLUMNS), "best usable",
                    "× floor"], rows),
             ""]
    by_kind = {m.kind: m for m in measures}
    for kind, target in (("cold", COLD_TARGET_S), ("warm", WARM_TARGET_S),
                         ("planned", WARM_TARGET_S)):
        usable = by_kind[kind].med("usable")
        if usable is not None:
            verdict = "MET" if usable <= target else "NOT MET"
            lines.append(f"Target: {kind} start usable in ≤ {target:.1f} s — {verdict} "
                         f"(median {usable:.2f} s; floor {floor.med('usable') or 0.0:.2f} s)")
    return [*lines, ""]
