"""Where FieldRep keeps its files: the per-user store, receipts and the packaged resources."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "FieldRep"
DB_ENV = "FIELDREP_DB"
RECEIPTS_ENV = "FIELDREP_RECEIPTS"
ROADS_ENV = "FIELDREP_ROADS"
RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"
DEMO_ACCOUNTS = RESOURCES_DIR / "demo" / "accounts.csv"


def data_dir() -> Path:
    """The per-user folder that holds the SQLite store (created on demand)."""
    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def env_db_url() -> str:
    """The store URL in ``$FIELDREP_DB`` (empty when unset or blank)."""
    return os.environ.get(DB_ENV, "").strip()


def default_sqlite_url() -> str:
    """The SQLite file in the user data folder: the store when nothing else is chosen."""
    return f"sqlite:///{data_dir() / 'fieldrep.sqlite3'}"


def default_db_url(chosen: str = "") -> str:
    """The store URL: ``$FIELDREP_DB`` if set, else ``chosen`` (the store the rep picked in
    the desktop app's settings) if not blank, else a SQLite file in the user data folder."""
    return env_db_url() or chosen.strip() or default_sqlite_url()


def receipts_dir(store_url: str) -> Path:
    """The folder of a store's receipt files: ``$FIELDREP_RECEIPTS`` if set, else
    ``receipts`` beside a SQLite store file, else ``receipts`` in the user data folder (a
    server store).  Receipts are named by their content's hash, so stores sharing a folder
    never clash.  Not created here."""
    chosen = os.environ.get(RECEIPTS_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    prefix = "sqlite:///"
    if store_url.startswith(prefix) and store_url[len(prefix):] not in ("", ":memory:"):
        return Path(store_url[len(prefix):].split("?", 1)[0]).expanduser().parent / "receipts"
    return data_dir() / "receipts"


def roads_dir() -> Path:
    """The folder of the imported road network (OpenStreetMap extract): ``$FIELDREP_ROADS``
    if set, else ``roads`` in the user data folder.  Not created here."""
    chosen = os.environ.get(ROADS_ENV, "").strip()
    return Path(chosen).expanduser() if chosen else data_dir() / "roads"
