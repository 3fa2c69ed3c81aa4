"""How long another writer waits for the SQLite store while a large import runs.

One CSV of ``--rows`` accounts (150,000 by default) is generated with
``benchmarks/generate.py`` (untimed).  FieldRep imports it into a fresh SQLite store
(``plan_import`` then ``import_accounts``) while another process (a second FieldRep on the
same file) adds one expense after another until the import is over, timing each
``add_expense``.  Reported: the import's time and rate, how long its write step held the
store (from the ``BEGIN IMMEDIATE`` that takes the write lock to its COMMIT), how many
expenses went in meanwhile, how many failed (must be 0), whether every one was found
afterwards, the longest time one of them took (its wait for the import's write) and the
median.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/store_contention.py [--rows 150000]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from common import machine_info, machine_line, median, table, timed
from generate import write_accounts
from sqlalchemy import event

from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, list_expenses
from fieldrep.importing.service import import_accounts, plan_import
from fieldrep.store import Store
from fieldrep.store.database import open_store
from fieldrep.store.waiting import add_listener


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def watch_write_lock(store: Store) -> list[float]:
    """Durations the store's connections held the write lock (BEGIN IMMEDIATE → COMMIT)."""
    held: list[float] = []
    began: dict[int, float] = {}

    def before(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.strip().upper().startswith("BEGIN IMMEDIATE"):
            began[id(conn)] = time.perf_counter()

    def committed(conn: Any) -> None:
        start = began.pop(id(conn), None)
        if start is not None:
            held.append(time.perf_counter() - start)

    event.listen(store.engine, "before_cursor_execute", before)
    event.listen(store.engine, "commit", committed)
    return held


def add_expenses(url: str, ready: Any, stop: Any, results: Any) -> None:
    """The other program: add expenses one after another until told to stop."""
    store = open_store(url)
    latencies: list[float] = []
    failures: list[str] = []
    ids: list[int] = []
    waited = [False]
    add_listener(lambda seconds: seconds is None or waited.__setitem__(0, True))
    while not stop.is_set():
        start = time.perf_counter()
        try:
            record = add_expense(store, ExpenseEntry(
                date(2026, 3, 2), Category.PARKING, Decimal("4.20"), "EUR",
                notes=f"meter {len(ids)}"))
            ids.append(record.id or 0)
        except Exception as exc:
            failures.append(str(exc).splitlines()[0])
        latencies.append(time.perf_counter() - start)
        ready.set()
    found = {r.id for r in list_expenses(store)}
    store.close()
    results.put((latencies, failures, found == set(ids), waited[0]))


def run(rows: int, seed: int) -> tuple[list[list[object]], list[str]]:
    with tempfile.TemporaryDirectory(prefix="fieldrep-contention-") as tmp:
        folder = Path(tmp)
        gen_s, csv_path = timed(lambda: write_accounts(rows, folder / "accounts.csv", seed))
        log(f"{rows:,} rows generated in {gen_s:.1f} s")
        url = f"sqlite:///{folder / 'store.sqlite3'}"
        importer = open_store(url)
        held = watch_write_lock(importer)
        spawn = multiprocessing.get_context("spawn")
        ready, stop, results = spawn.Event(), spawn.Event(), spawn.Queue()
        writer = spawn.Process(target=add_expenses, args=(url, ready, stop, results))
        writer.start()
        ready.wait(120)
        start = time.perf_counter()
        result = import_accounts(importer, plan_import(csv_path))
        seconds = time.perf_counter() - start
        stop.set()
        latencies, failures, all_found, waited = results.get(timeout=300)
        writer.join()
        importer.close()
    body: list[list[object]] = [[
        f"{rows:,}", f"{seconds:.1f}", f"{rows / seconds:,.0f}",
        f"{max(held, default=0.0):.2f}", len(latencies), len(failures),
        "yes" if all_found else "NO", f"{max(latencies, default=0.0):.2f}",
        f"{median(latencies) * 1000:.0f}" if latencies else "-"]]
    notes = [f"{result.inserted:,} accounts imported; writes that waited past SQLite's own "
             f"1 s (and said so): {'some' if waited else 'none'}"]
    if failures:
        notes.append(f"failures: {'; '.join(sorted(set(failures)))}")
    return body, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=150_000, help="rows imported")
    parser.add_argument("--seed", type=int, default=20261207, help="generator seed")
    args = parser.parse_args()
    body, notes = run(args.rows, args.seed)
    print(f"FieldRep store contention — {date.today().isoformat()}")
    print(machine_line(machine_info()))
    print("one import; another process on the same SQLite file adds expenses in a loop "
          "until the import is over")
    print()
    print(table(["rows", "import s", "rows/s", "write lock held s", "expenses added",
                 "failed", "all found", "longest add s", "median add ms"], body))
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
