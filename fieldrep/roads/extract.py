"""What the imported road network is (``extract.json`` in the roads folder), read without
loading the network itself (numpy, its graph): the maps ask it to know whether to draw the
roads, and the start of the app must not pay for more.  :mod:`fieldrep.roads.storage`
reads and writes the rest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fieldrep.common.errors import FieldRepError
from fieldrep.common.paths import roads_dir
from fieldrep.roads.highways import CLASSES

FORMAT = 1
ATTRIBUTION = "© OpenStreetMap contributors"
LICENCE = "ODbL 1.0 (https://www.openstreetmap.org/copyright)"


class NoRoads(FieldRepError):
    """No road network is imported, or it cannot be read (one line why)."""


@dataclass(frozen=True)
class ExtractInfo:
    """What the imported extract is."""

    source: str  # the PBF file's name
    data_date: date  # its newest road or place edit
    imported_at: datetime
    vertices: int
    edges: int
    ways: int
    places: int
    bbox: tuple[float, float, float, float]  # south, west, north, east
    classes: tuple[str, ...] = CLASSES
    attribution: str = ATTRIBUTION
    licence: str = LICENCE
    format: int = FORMAT

    @property
    def described(self) -> str:
        """``OSM extract of 2015-10-06`` (the words of the mileage log)."""
        return f"OSM extract of {self.data_date.isoformat()}"

    def covers(self, lat: float, lon: float) -> bool:
        south, west, north, east = self.bbox
        return south <= lat <= north and west <= lon <= east


def read_info(folder: Path | None = None) -> ExtractInfo | None:
    """What is imported in ``folder`` (the roads folder by default), None if nothing."""
    path = (folder or roads_dir()) / "extract.json"
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["data_date"] = date.fromisoformat(raw["data_date"])
        raw["imported_at"] = datetime.fromisoformat(raw["imported_at"])
        raw["bbox"] = tuple(raw["bbox"])
        raw["classes"] = tuple(raw["classes"])
        info = ExtractInfo(**raw)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NoRoads(f"the imported roads in {path.parent} cannot be read ({exc}): "
                      "import the extract again") from None
    if info.format != FORMAT:
        raise NoRoads(f"the roads in {path.parent} were imported by another version of "
                      "FieldRep: import the extract again")
    return info
