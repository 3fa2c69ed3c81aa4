"""The map of the assistant's home step: a click on it puts the home pin there.

The page is :func:`fieldrep.maps.pin_page.write_pin_page`'s, loaded from a private temp
folder; it can only call the two slots of :class:`PinBridge`, which check the point before
anything else sees it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from ui.widgets.web_map import WebMap


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


class PinMapView(WebMap):
    """A map to put one pin on; ``bridge.pin_set`` tells where the rep put it."""

    bridge: PinBridge

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PinBridge, "pin", "fieldrep-pin-", parent)
        self._pending: tuple[float, float] | None = None

    def page_path(self) -> Path:
        return self._folder / "pin.html"

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
        super()._on_ready()
        if self._pending is not None:
            self.set_pin(*self._pending)
            self._pending = None
