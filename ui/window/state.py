"""What the main window remembers between runs: its size and place, the Accounts page's
splitters and the page last shown (kept in the app's preferences, not in the store)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter

from ui.settings.preferences import preferences

if TYPE_CHECKING:
    from ui.window.main_window import MainWindow

DEFAULT_SIZE = (1360, 820)
#: The splitters' proportions before the rep moves them.
DEFAULT_SPLITS = {"accounts/splitter": (11, 9), "accounts/right": (13, 7)}


def restore_state(window: MainWindow) -> None:
    """Put the window back as the rep left it (or at its default size)."""
    settings = preferences()
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for key, splitter in _splitters(window):
        value = settings.value(key)
        if isinstance(value, QByteArray) and splitter.restoreState(value):
            continue
        splitter.setSizes([part * 100 for part in DEFAULT_SPLITS[key]])
    page = settings.value("window/page", 0)
    window.nav.setCurrentRow(int(page) if str(page).isdigit() else 0)


def save_state(window: MainWindow) -> None:
    """Remember the window's size, splitters and page."""
    settings = preferences()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for key, splitter in _splitters(window):
        settings.setValue(key, splitter.saveState())
    settings.setValue("window/page", window.nav.currentRow())
    settings.sync()


def _splitters(window: MainWindow) -> tuple[tuple[str, QSplitter], ...]:
    return (("accounts/splitter", window.accounts.splitter),
            ("accounts/right", window.accounts.right))
