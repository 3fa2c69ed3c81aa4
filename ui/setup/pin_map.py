"""The map of the assistant's home step: a click on it puts the home pin there.

The page is :func:`fieldrep.maps.pin_page.write_pin_page`'s, loaded from a private temp
folder; it can only call the two slots of :class:`PinBridge`, which check the point before
anything else sees it.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget


class PinBridge(QObject):
    """What the page may tell the app: where the pin is now, and that it is ready."""

    pin_set = Signal(float, float)
    ready = Signal()

    @Slot(float, float)
    def pinSet(self, lat: float, lon: float) -> None:
        if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90:
            self.pin_set.emit(lat, (lon + 180) % 360 - 180)  # a world scrolled sideways

    @Slot()
    def pageReady(self) -> None:
        self.ready.emit()


class _Page(QWebEnginePage):
    """Keeps the page's console messages out of Qt's warning log, but at hand."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.console: list[str] = []

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int,
                                 source: str) -> None:
        self.console.append(f"{source}:{line}: {message}")


class PinMapView(QWidget):
    """A map to put one pin on; ``bridge.pin_set`` tells where the rep put it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QWebEngineView(self)
        self.page = _Page(self.view)
        settings = self.page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)  # tiles
        self.view.setPage(self.page)
        self.bridge = PinBridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("pin", self.bridge)
        self.page.setWebChannel(self.channel)
        self.bridge.ready.connect(self._on_ready)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._folder = Path(tempfile.mkdtemp(prefix="fieldrep-pin-"))
        weakref.finalize(self, shutil.rmtree, self._folder, True)
        self.is_ready = False
        self._released = False
        self._pending: tuple[float, float] | None = None

    def page_path(self) -> Path:
        return self._folder / "pin.html"

    def load_page(self, path: Path) -> None:
        if self._released:
            return
        self.is_ready = False
        self.view.load(QUrl.fromLocalFile(str(path)))

    def set_pin(self, lat: float, lon: float) -> None:
        """Move the pin (and the view) to a point found otherwise (an address)."""
        if self.is_ready:
            self.page.runJavaScript(f"FieldRepPin.setPin({lat!r}, {lon!r})")
        else:
            self._pending = (lat, lon)

    def run(self, script: str, callback: Callable[[Any], None]) -> None:
        """Run ``script`` on the ready page (for checks)."""
        if self.is_ready and not self._released:
            self.page.runJavaScript(script, 0, callback)

    def state(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """The page's view of things: the pin, the zoom, the towns named."""
        self.run("JSON.stringify(FieldRepPin.state())",
                 lambda text: callback(json.loads(text) if text else {}))

    def _on_ready(self) -> None:
        self.is_ready = True
        if self._pending is not None:
            self.set_pin(*self._pending)
            self._pending = None

    def release(self) -> None:
        """Let go of the web page before the dialog goes (Qt WebEngine wants pages first)."""
        if self._released:
            return
        self._released = True
        self.is_ready = False
        shiboken6.delete(self.page)
        shiboken6.delete(self.view)
