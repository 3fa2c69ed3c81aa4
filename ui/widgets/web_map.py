"""What every map widget shares: a page written to a private temp folder, shown in a
QWebEngineView that may read the vendored assets and the imported roads (the
``fieldrep-roads:`` scheme), a web channel to one bridge object (the only thing the page
can call), the page's console kept for checks, and the page let go of before the window
goes (Qt WebEngine wants its pages gone before its profile)."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QUrl
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets.roads_scheme import install_handler


class ConsolePage(QWebEnginePage):
    """Keeps the page's console messages out of Qt's warning log, but at hand."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.console: list[str] = []

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int,
                                 source: str) -> None:
        self.console.append(f"{source}:{line}: {message}")


class WebMap(QWidget):
    """A map page with its bridge: ``make_bridge(self)`` builds the object the page talks
    to (registered as ``name``); its ``ready`` signal marks the page ready."""

    def __init__(self, make_bridge: Callable[[QWidget], Any], name: str, prefix: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QWebEngineView(self)
        self.page = ConsolePage(self.view)
        settings = self.page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)  # tiles
        self.view.setPage(self.page)
        install_handler(self.page.profile())  # the imported roads, under the tiles
        self.bridge = make_bridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject(name, self.bridge)
        self.page.setWebChannel(self.channel)
        self.bridge.ready.connect(self._on_ready)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._folder = Path(tempfile.mkdtemp(prefix=prefix))
        weakref.finalize(self, shutil.rmtree, self._folder, True)
        self.is_ready = False
        self._released = False

    def load_page(self, path: Path) -> None:
        """Show a page written into this map's folder."""
        if self._released:
            return
        self.is_ready = False
        self.view.load(QUrl.fromLocalFile(str(path)))

    def _on_ready(self) -> None:
        self.is_ready = True

    def release(self) -> None:
        """Let go of the web page now (page, then view) rather than later: the app or the
        dialog may be about to end."""
        if self._released:
            return
        self._released = True
        self.is_ready = False
        shiboken6.delete(self.page)
        shiboken6.delete(self.view)
