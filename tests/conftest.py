"""Shared fixtures: a real SQLite store file per test, and a private user cache folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from fieldrep.store import Store, open_store
from tests.nominatim_server import nominatim

__all__ = ["nominatim"]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file (WAL, foreign keys) in the test's folder."""
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An opened, migrated store on a real SQLite file."""
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _no_user_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the real user data folder (FIELDREP_DB points at the test's)."""
    monkeypatch.setenv("FIELDREP_DB", f"sqlite:///{tmp_path / 'env-store.sqlite3'}")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a test file and return its path."""
    path.write_text(text, encoding=encoding, newline="")
    return path


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path: Path) -> Iterator[None]:
    """Window state and app preferences (QSettings) go to the test's folder, as INI files."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # the core tests run without Qt too
        yield
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    yield
