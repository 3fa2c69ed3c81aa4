"""How fast FieldRep imports a CSV of accounts, beside the floor and pandas on the same file.

For each size (10,000 and 100,000 rows by default) one CSV is generated with
``benchmarks/generate.py`` (untimed), then each tool loads it into a fresh SQLite file in a
temporary folder, several times, round-robin so machine noise spreads over all of them:

* **FieldRep**: ``plan_import`` (read, decode, sniff, map the headers) and
  ``import_accounts`` (validate every row, spot duplicates, save accounts, tags and
  contacts in one transaction).  The store is opened (``open_store``: schema migrations)
  before the clock starts; that time is reported apart.
* **floor**: stdlib ``csv`` reading the raw text rows and ``sqlite3.executemany`` inserting
  them into a 20-text-column table in one transaction, no validation at all: what a
  CSV-to-SQLite load costs in CPython at the least.
* **pandas** (only if installed): ``read_csv`` then ``DataFrame.to_sql`` through a
  ``sqlite3`` connection.

Every store file uses FieldRep's SQLite settings (WAL, ``synchronous=NORMAL``).  One
untimed warm-up import of 200 rows runs first in the process (it loads the country names
FieldRep caches), and its time is reported.  The target checked: FieldRep imports 10,000
rows in under 5 s.

Run: ``.venv/bin/python benchmarks/import_speed.py [--rows 10000 100000] [--runs 3] [--json]``
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from common import machine_info, machine_line, median, table, timed
from generate import COLUMNS, write_accounts

from fieldrep.importing.service import ImportResult, import_accounts, plan_import
from fieldrep.store.database import open_store

TARGET_ROWS, TARGET_RATE = 10_000, 5_000
FIELDREP, FLOOR, PANDAS = "FieldRep", "floor (csv + sqlite3)", "pandas (read_csv + to_sql)"


@dataclass
class Measure:
    """The runs of one tool on one file."""

    rows: int
    tool: str
    seconds: list[float] = field(default_factory=list)
    stored: int = 0
    details: list[dict[str, float | int]] = field(default_factory=list)  # one per run

    @property
    def median_s(self) -> float:
        return median(self.seconds)

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.median_s

    def detail(self, key: str) -> float:
        """The median over the runs of one detail (counts are the same every run)."""
        return median([d[key] for d in self.details])


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sqlite(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    return con


def run_fieldrep(csv_path: Path, folder: Path) -> tuple[float, int, dict[str, float | int]]:
    """One FieldRep import into a new store; (timed seconds, accounts stored, details)."""
    url = f"sqlite:///{folder / 'fieldrep.sqlite3'}"
    open_s, store = timed(lambda: open_store(url))
    try:
        plan_s, plan = timed(lambda: plan_import(csv_path))
        import_s, result = timed(lambda: import_accounts(store, plan))
        assert isinstance(result, ImportResult)
        with store.engine.connect() as con:
            stored = con.exec_driver_sql("SELECT count(*) FROM accounts").scalar_one()
    finally:
        store.close()
    details: dict[str, float | int] = {
        "open_store_s": open_s, "plan_import_s": plan_s, "import_accounts_s": import_s,
        "inserted": result.inserted, "rejected_rows": result.rejected_rows,
        "suspected_duplicates": len(result.duplicates)}
    return plan_s + import_s, stored, details


def run_floor(csv_path: Path, folder: Path) -> tuple[float, int, dict[str, float | int]]:
    """stdlib csv + sqlite3.executemany of the raw text rows, no validation."""
    con = _sqlite(folder / "floor.sqlite3")
    con.execute(f"CREATE TABLE accounts ({', '.join(f'{c} TEXT' for c in COLUMNS)})")
    insert = (f"INSERT INTO accounts ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(COLUMNS))})")

    def load() -> None:
        with csv_path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            with con:
                con.executemany(insert, reader)

    try:
        seconds, _ = timed(load)
        stored = con.execute("SELECT count(*) FROM accounts").fetchone()[0]
    finally:
        con.close()
    return seconds, stored, {}


def run_pandas(csv_path: Path, folder: Path) -> tuple[float, int, dict[str, float | int]]:
    """pandas read_csv + DataFrame.to_sql through a sqlite3 connection (default dtypes)."""
    import pandas as pd

    con = _sqlite(folder / "pandas.sqlite3")

    def load() -> None:
        frame = pd.read_csv(csv_path)
        with con:
            frame.to_sql("accounts", con, index=False)

    try:
        seconds, _ = timed(load)
        stored = con.execute("SELECT count(*) FROM accounts").fetchone()[0]
    finally:
        con.close()
    return seconds, stored, {}


def pandas_available() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


Runner = Callable[[Path, Path], tuple[float, int, dict[str, float | int]]]


def bench_size(rows: int, runs: int, seed: int, tools: dict[str, Runner],
               work: Path) -> list[Measure]:
    csv_path = work / f"accounts-{rows}.csv"
    gen_s, _ = timed(lambda: write_accounts(rows, csv_path, seed))
    log(f"{rows:,} rows: generated {csv_path.stat().st_size / 1e6:.1f} MB in {gen_s:.1f} s")
    measures = {name: Measure(rows, name) for name in tools}
    names = list(tools)
    for run in range(runs):
        order = names[run % len(names):] + names[:run % len(names)]  # rotate who goes first
        for name in order:
            with tempfile.TemporaryDirectory(dir=work) as folder:
                seconds, stored, details = tools[name](csv_path, Path(folder))
            measure = measures[name]
            measure.seconds.append(seconds)
            measure.stored = stored
            measure.details.append(details)
            if stored != rows:
                raise SystemExit(f"{name} stored {stored} rows of {rows}")
            log(f"  run {run + 1}/{runs} {name}: {seconds:.2f} s")
    return list(measures.values())


def warm_up(work: Path, seed: int) -> float:
    """An untimed-in-the-results first import (loads FieldRep's cached country names)."""
    csv_path = write_accounts(200, work / "warm-up.csv", seed)
    with tempfile.TemporaryDirectory(dir=work) as folder:
        seconds, _, _ = run_fieldrep(csv_path, Path(folder))
    return seconds


def report(measures: list[Measure], runs: int, warm_s: float, skipped: str,
           info: dict[str, str]) -> str:
    by_rows: dict[int, float] = {m.rows: m.median_s for m in measures if m.tool == FIELDREP}
    lines = [f"FieldRep import speed — {date.today().isoformat()}", machine_line(info),
             f"median of {runs} run(s) per tool and size; wall-clock seconds from reading the "
             "file to the rows committed in a new SQLite file", ""]
    body = []
    for m in measures:
        ratio = m.median_s / by_rows[m.rows]
        body.append([f"{m.rows:,}", m.tool, len(m.seconds), f"{m.median_s:.3f}",
                     f"{min(m.seconds):.3f}", f"{m.rows_per_s:,.0f}", f"{ratio:.3f}"])
    lines.append(table(["rows", "tool", "runs", "median s", "best s", "rows/s",
                        "time ÷ FieldRep's"], body))
    lines.append("")
    for m in measures:
        if m.tool != FIELDREP:
            continue
        d = m.detail
        lines.append(
            f"FieldRep {m.rows:,} rows: plan_import {d('plan_import_s'):.3f} s + "
            f"import_accounts {d('import_accounts_s'):.3f} s (medians); open_store "
            f"(migrations, not in the timing) {d('open_store_s'):.3f} s; "
            f"{d('inserted'):,.0f} inserted, {d('rejected_rows'):.0f} rejected, "
            f"{d('suspected_duplicates'):.0f} suspected duplicates")
        for other in measures:
            if other.rows == m.rows and other.tool != FIELDREP:
                lines.append(f"  FieldRep takes {m.median_s / other.median_s:.1f}× the time of "
                             f"{other.tool}")
    lines.append(f"warm-up: first FieldRep import in the process (200 rows, untimed above) "
                 f"{warm_s:.3f} s")
    if skipped:
        lines.append(skipped)
    lines.append(target_line(by_rows))
    return "\n".join(lines)


def target_line(by_rows: dict[int, float]) -> str:
    goal = f"Target: FieldRep imports {TARGET_ROWS:,} rows at ≥ {TARGET_RATE:,} rows/s"
    if TARGET_ROWS not in by_rows:
        return f"{goal} — not measured (add {TARGET_ROWS} to --rows)"
    seconds = by_rows[TARGET_ROWS]
    rate = TARGET_ROWS / seconds
    verdict = "MET" if rate >= TARGET_RATE else "NOT MET"
    return f"{goal} — {verdict} (median {seconds:.2f} s, {rate:,.0f} rows/s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000],
                        help="file sizes in rows (default: 10000 100000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and size (default 3)")
    parser.add_argument("--seed", type=int, default=20261123, help="generator seed")
    parser.add_argument("--json", action="store_true",
                        help="print the results as JSON instead of a table")
    args = parser.parse_args()
    if args.runs < 1 or any(n < 1 for n in args.rows):
        parser.error("--rows and --runs must be positive")

    tools: dict[str, Runner] = {FIELDREP: run_fieldrep, FLOOR: run_floor}
    skipped = ""
    if pandas_available():
        tools[PANDAS] = run_pandas
    else:
        skipped = "pandas: not installed, peer skipped (pip install pandas to compare)"
        log(skipped)
    info = machine_info()
    with tempfile.TemporaryDirectory(prefix="fieldrep-bench-") as tmp:
        work = Path(tmp)
        warm_s = warm_up(work, args.seed)
        measures = [m for rows in args.rows for m in bench_size(rows, args.runs, args.seed,
                                                                tools, work)]
    if args.json:
        by_rows = {m.rows: m.median_s for m in measures if m.tool == FIELDREP}
        print(json.dumps({
            "date": date.today().isoformat(), "machine": info, "runs": args.runs,
            "warm_up_s": warm_s, "skipped": skipped, "target": target_line(by_rows),
            "results": [{**asdict(m), "median_s": m.median_s, "rows_per_s": m.rows_per_s,
                         "ratio_to_fieldrep": m.median_s / by_rows[m.rows]}
                        for m in measures]}, indent=2))
    else:
        print(report(measures, args.runs, warm_s, skipped, info))


if __name__ == "__main__":
    main()
