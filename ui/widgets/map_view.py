"""The territory map in a QWebEngineView, and the narrow channel between page and app.

The page is a folium file (see :mod:`fieldrep.maps.territory_map`) loaded from a private temp
folder.  The page can only call the four slots of :class:`MapBridge`; each checks what it
receives before anything reaches the store.  The app drives the page through
``window.FieldRep`` with JSON arguments.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from fieldrep.maps.map_types import safe_json
from ui.widgets.web_map import WebMap

MAX_SHAPE_JSON = 2_000_000  # characters: a lasso of many thousand points still fits


class MapBridge(QObject):
    """What the page may tell the app, and nothing else."""

    account_clicked = Signal(int, bool)
    shape_drawn = Signal(dict)
    marker_moved = Signal(int, float, float)
    ready = Signal()

    @Slot(int, bool)
    def accountClicked(self, account_id: int, additive: bool) -> None:
        if account_id > 0:
            self.account_clicked.emit(account_id, bool(additive))

    @Slot(str)
    def shapeDrawn(self, geometry_json: str) -> None:
        if len(geometry_json) > MAX_SHAPE_JSON:
            return
        try:
            geometry = json.loads(geometry_json)
        except json.JSONDecodeError:
            return
        if isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon"):
            self.shape_drawn.emit(geometry)

    @Slot(int, float, float)
    def markerMoved(self, account_id: int, lat: float, lon: float) -> None:
        if (account_id > 0 and math.isfinite(lat) and math.isfinite(lon)
                and -90 <= lat <= 90 and -180 <= lon <= 180):
            self.marker_moved.emit(account_id, lat, lon)

    @Slot()
    def pageReady(self) -> None:
        self.ready.emit()


class MapView(WebMap):
    """The map widget: load a page, then select, fit and move accounts on it."""

    bridge: MapBridge

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MapBridge, "fieldrep", "fieldrep-map-", parent)
        self._generation = 0
        self._after_ready: list[str] = []

    @property
    def folder(self) -> Path:
        """Where the map pages are written (removed when the widget goes)."""
        return self._folder

    def next_page_path(self) -> Path:
        """A fresh file name for the next page (the old one may still be shown)."""
        self._generation += 1
        return self._folder / f"map-{self._generation}.html"

    def _on_ready(self) -> None:
        super()._on_ready()
        for script in self._after_ready:
            self.page.runJavaScript(script)
        self._after_ready.clear()

    def run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``script`` on the page now, or once it is ready."""
        if self._released:
            return
        if not self.is_ready:
            if callback is None:
                self._after_ready.append(script)
            return
        if callback is None:
            self.page.runJavaScript(script)
        else:
            self.page.runJavaScript(script, 0, callback)

    def select(self, account_ids: Sequence[int], fit: bool = False) -> None:
        """Ring the selected accounts (and give a single one a draggable pin)."""
        self.run(f"FieldRep.select({safe_json(list(account_ids))}, {json.dumps(fit)})")

    def fit_to(self, account_ids: Sequence[int]) -> None:
        self.run(f"FieldRep.fitTo({safe_json(list(account_ids))})")

    def move_account(self, account_id: int, lat: float, lon: float, approximate: bool) -> None:
        self.run(f"FieldRep.moveAccount({account_id}, {lat!r}, {lon!r}, "
                 f"{json.dumps(approximate)})")

    def state(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """The page's view of things (accounts shown, selection, zoom) for checks."""
        self.run("JSON.stringify(FieldRep.state())",
                 lambda text: callback(json.loads(text) if text else {}))

