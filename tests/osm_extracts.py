"""The shared OpenStreetMap extracts (``../shared/osm`` beside the repository, or
``$SHARED_DATA/osm``), imported once per test session into a folder of the session; a
test asking for them is skipped, saying why, where they are absent.  The fixtures are
registered in tests/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldrep.common.paths import ROADS_ENV
from fieldrep.roads.importer import import_extract
from fieldrep.roads.network import RoadNetwork, road_network

ROOT = Path(__file__).resolve().parents[1]
OSM = Path(os.environ.get("SHARED_DATA", ROOT.parent / "shared")) / "osm"
#: Vaduz town hall and Schaan's church square, Liechtenstein
VADUZ = (47.14110, 9.52130)
SCHAAN = (47.16660, 9.50980)


def extract(name: str) -> Path:
    """The shared extract ``name`` (e.g. ``liechtenstein.osm.pbf``), or skip the test."""
    path = OSM / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the shared OpenStreetMap extracts live in ../shared/osm "
                    "beside the repository")
    return path


@pytest.fixture(scope="session")
def liechtenstein_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the Liechtenstein extract, imported once."""
    folder = tmp_path_factory.mktemp("roads") / "liechtenstein"
    import_extract(extract("liechtenstein.osm.pbf"), folder=folder)
    return folder


@pytest.fixture
def liechtenstein(liechtenstein_folder: Path, monkeypatch: pytest.MonkeyPatch
                  ) -> Iterator[RoadNetwork]:
    """The Liechtenstein roads, as the imported roads of this test."""
    monkeypatch.setenv(ROADS_ENV, str(liechtenstein_folder))
    yield road_network()
