"""The import's rules on a hand-made map: one-ways, roads closed to cars, points far from
any road, places, the date of the data; a bad file and a cancelled import."""

from datetime import date
from pathlib import Path

import pytest

from fieldrep.roads.importer import import_extract
from fieldrep.roads.network import FarFromRoad, RoadNetwork
from fieldrep.roads.reader import ExtractError, ImportCancelled
from fieldrep.roads.storage import read_info
from tests.fieldrep.roads.small_map import NODES, write_small_map


@pytest.fixture
def small(tmp_path: Path) -> RoadNetwork:
    import_extract(write_small_map(tmp_path / "small.osm"), folder=tmp_path / "roads")
    return RoadNetwork(tmp_path / "roads")


def test_a_one_way_street_is_driven_round_the_block_the_other_way(
        small: RoadNetwork) -> None:
    along = small.route(NODES[1], NODES[2])
    against = small.route(NODES[2], NODES[1])
    assert 700 < along.metres < 800  # 0.01° of longitude at 46° N
    assert against.metres > 2.5 * along.metres  # up, across and down the other three sides
    assert against.seconds > along.seconds


def test_what_was_imported(small: RoadNetwork) -> None:
    info = small.info
    assert info.data_date == date(2020, 1, 2)
    assert info.ways == 5  # the footway and the road closed to cars are not roads
    assert [p.name for p in small.ways.places] == ["Carré"]
    assert info.attribution == "© OpenStreetMap contributors"


def test_a_point_far_from_the_roads_says_how_far(small: RoadNetwork) -> None:
    with pytest.raises(FarFromRoad, match=r"46\.03000,7\.03000 is 2\.\d km from the nearest "
                                          r"drivable road of the OSM extract of 2020-01-02"):
        small.route(NODES[1], (46.03, 7.03))
    with pytest.raises(FarFromRoad, match="outside the imported roads"):
        small.route((48.0, 2.0), NODES[1])


def test_a_file_that_is_not_an_extract_is_refused_in_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "notes.osm.pbf"
    bad.write_bytes(b"not a protocol buffer at all")
    with pytest.raises(ExtractError, match=r"^notes\.osm\.pbf is not a readable "
                                           "OpenStreetMap PBF extract"):
        import_extract(bad, folder=tmp_path / "roads")
    assert not (tmp_path / "roads").exists()


def test_a_cancelled_import_keeps_the_roads_imported_before(tmp_path: Path) -> None:
    folder = tmp_path / "roads"
    first = import_extract(write_small_map(tmp_path / "small.osm"), folder=folder)
    with pytest.raises(ImportCancelled):
        import_extract(write_small_map(tmp_path / "again.osm"), cancelled=lambda: True,
                       folder=folder)
    assert read_info(folder) == first
