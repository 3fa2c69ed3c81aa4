"""Where FieldRep keeps its files: the per-user store and the packaged resources."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "FieldRep"
DB_ENV = "FIELDREP_DB"
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
DEMO_ACCOUNTS = RESOURCES_DIR / "demo" / "accounts.csv"


def data_dir() -> Path:
    """The per-user folder that holds the SQLite store (created on demand)."""
    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The store URL: ``$FIELDREP_DB`` if set, else a SQLite file in the user data folder."""
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return env
    return f"sqlite:///{data_dir() / 'fieldrep.sqlite3'}"
