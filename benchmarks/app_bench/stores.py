"""The generated stores the measurements run on, built once (untimed) and reusable."""

from __future__ import annotations

from pathlib import Path

from common import timed
from generate import write_accounts

from app_bench.qt_wait import log
from fieldrep.importing.service import import_accounts, plan_import
from fieldrep.store import open_store


def build_store(rows: int, folder: Path) -> str:
    """A SQLite store of ``rows`` generated accounts (reused if already there); its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"accounts-{rows}.sqlite3"
    url = f"sqlite:///{path}"
    done = folder / f"accounts-{rows}.done"
    if done.exists():
        log(f"{rows:,} accounts: reusing {path}")
        return url
    path.unlink(missing_ok=True)
    seconds, _ = timed(lambda: _import(rows, folder, url))
    done.touch()
    log(f"{rows:,} accounts: store built in {seconds:.1f} s (untimed)")
    return url


def _import(rows: int, folder: Path, url: str) -> None:
    csv_path = write_accounts(rows, folder / f"accounts-{rows}.csv")
    store = open_store(url)
    try:
        result = import_accounts(store, plan_import(csv_path))
        if result.inserted != rows:
            raise SystemExit(f"the import stored {result.inserted} accounts of {rows}")
    finally:
        store.close()
    csv_path.unlink()

