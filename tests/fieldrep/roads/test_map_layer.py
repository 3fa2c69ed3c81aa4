"""The offline map background cut from the Liechtenstein extract (skipped where the shared
extracts are absent)."""

from pathlib import Path

import numpy as np
import pytest

from fieldrep.roads.map_layer import Box, imported_layer, load_layer, tolerance_degrees

#: Vaduz and Schaan, a few km across
VALLEY = Box(47.12, 9.49, 47.18, 9.55)
#: a few streets in the centre of Vaduz
VADUZ_CENTRE = Box(47.136, 9.515, 47.146, 9.528)


def _lines(view: dict) -> dict[str, list]:
    return {f["properties"]["road"]: f["geometry"]["coordinates"]
            for f in view["features"] if f["geometry"]["type"] == "MultiLineString"}


def _names(view: dict) -> set[str]:
    return {f["properties"]["name"] for f in view["features"]
            if f["geometry"]["type"] == "Point"}


def test_zoomed_out_shows_main_roads_only_and_fewer_points(liechtenstein_folder: Path) -> None:
    layer = load_layer(liechtenstein_folder)
    far, near = layer.view(VALLEY, 10), layer.view(VALLEY, 16)
    far_lines, near_lines = _lines(far), _lines(near)
    assert set(far_lines) <= {"motorway", "trunk", "primary", "secondary"}
    assert "primary" in far_lines
    assert {"residential", "service"} <= set(near_lines)
    assert set(far_lines) < set(near_lines)
    # the same primary roads, with fewer points from afar (simplified to about a pixel)
    far_points = sum(len(line) for line in far_lines["primary"])
    near_points = sum(len(line) for line in near_lines["primary"])
    assert len(far_lines["primary"]) == len(near_lines["primary"])
    assert far_points < near_points * 0.8
    assert far["attribution"] == "© OpenStreetMap contributors"


def test_simplified_lines_stay_within_the_tolerance(liechtenstein_folder: Path) -> None:
    import shapely

    layer = load_layer(liechtenstein_folder)
    far = _lines(layer.view(VALLEY, 10))["primary"]
    near = _lines(layer.view(VALLEY, 18))["primary"]
    drawn, exact = shapely.MultiLineString(far), shapely.MultiLineString(near)
    assert drawn.hausdorff_distance(exact) <= tolerance_degrees(10) * 1.01


def test_only_roads_crossing_the_view_are_sent(liechtenstein_folder: Path) -> None:
    layer = load_layer(liechtenstein_folder)
    small = layer.view(VADUZ_CENTRE, 16)
    whole = layer.view(VALLEY, 16)
    count = sum(len(c) for c in _lines(small).values())
    assert 0 < count < sum(len(c) for c in _lines(whole).values()) / 4
    for lines in _lines(small).values():
        for line in lines:
            lon, lat = np.array(line).T
            assert lat.max() >= VADUZ_CENTRE.south and lat.min() <= VADUZ_CENTRE.north
            assert lon.max() >= VADUZ_CENTRE.west and lon.min() <= VADUZ_CENTRE.east


def _around(place: dict) -> Box:
    return Box(place["lat"] - 0.01, place["lon"] - 0.01, place["lat"] + 0.01,
               place["lon"] + 0.01)


def test_villages_named_from_afar_hamlets_closer(liechtenstein_folder: Path) -> None:
    layer = load_layer(liechtenstein_folder)
    kinds = {p["name"]: p["kind"] for p in layer.places}
    assert kinds.get("Vaduz") == "village"  # the extract's tag: Liechtenstein has no town
    village = next(p for p in layer.places if p["name"] == "Vaduz")
    hamlet = next(p for p in layer.places if p["kind"] == "hamlet")
    assert "Vaduz" not in _names(layer.view(_around(village), 9))
    assert "Vaduz" in _names(layer.view(_around(village), 12))
    assert hamlet["name"] not in _names(layer.view(_around(hamlet), 12))
    assert hamlet["name"] in _names(layer.view(_around(hamlet), 15))


def test_no_import_no_layer(tmp_path: Path) -> None:
    assert imported_layer(tmp_path / "nothing") is None


def test_imported_layer_is_read_once(liechtenstein_folder: Path) -> None:
    first = imported_layer(liechtenstein_folder)
    assert first is not None and first.ways > 1000
    assert imported_layer(liechtenstein_folder) is first


@pytest.mark.parametrize("zoom", [-3, 40])
def test_any_zoom_is_answered(liechtenstein_folder: Path, zoom: int) -> None:
    view = load_layer(liechtenstein_folder).view(VALLEY, zoom)
    assert view["type"] == "FeatureCollection"
