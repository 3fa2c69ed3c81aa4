"""OSRM travel model against a real HTTP server on 127.0.0.1: chunking, errors, the store
cache and the straight-line fallback."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from fieldrep.store import Store, open_store
from fieldrep.store.models import TravelCacheEntry
from fieldrep.travel import (
    CachedModel,
    FallbackModel,
    OsrmModel,
    StraightLineModel,
    TravelModelError,
    make_travel_model,
)
from tests.osrm_server import OsrmServer, leg

Point = tuple[float, float]


@pytest.fixture
def osrm() -> Iterator[OsrmServer]:
    """A running fake OSRM on 127.0.0.1 (stopped after the test)."""
    with OsrmServer() as server:
        yield server


def grid(count: int, lat: float = 45.70, lon: float = 4.80) -> list[Point]:
    """``count`` distinct points around Lyon, a few hundred metres apart."""
    return [(round(lat + 0.004 * (i // 20), 5), round(lon + 0.005 * (i % 20), 5))
            for i in range(count)]


def expected(sources: list[Point], destinations: list[Point] | None = None) -> np.ndarray:
    """(2, rows, cols) durations and distances the fake server gives, rounded to ints."""
    legs = [[leg(a, b) for b in destinations or sources] for a in sources]
    return np.rint(np.array(legs, dtype=float).transpose(2, 0, 1)).astype(int)


def cached_legs(store: Store) -> int:
    with store.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(TravelCacheEntry)) or 0


# -- answers -----------------------------------------------------------------------------

def test_a_small_matrix_is_one_request_in_lon_lat_order(osrm: OsrmServer) -> None:
    points = [(45.764, 4.8357), (45.1885, 5.7245), (45.75, 4.85)]
    matrix = OsrmModel(osrm.url).matrix(points)
    assert matrix.source == "osrm" and matrix.note == ""
    assert [matrix.durations, matrix.distances] == expected(points).tolist()
    [request] = osrm.requests
    assert request.coordinates == tuple(points)  # the server read lon,lat back into lat, lon
    assert request.profile == "driving"
    assert request.annotations == "duration,distance"
    assert request.sources == request.destinations == (0, 1, 2)


def test_more_than_a_hundred_points_are_asked_in_blocks_the_server_accepts(
    osrm: OsrmServer,
) -> None:
    points = grid(150)
    matrix = OsrmModel(osrm.url).matrix(points)
    assert [matrix.durations, matrix.distances] == expected(points).tolist()
    assert len(osrm.requests) == 4  # 100 + 50 points: 2 × 2 blocks
    assert all(r.legs <= 100 * 100 for r in osrm.requests)
    assert sum(r.legs for r in osrm.requests) == 150 * 150


def test_the_fake_server_refuses_too_big_tables_like_osrm(osrm: OsrmServer) -> None:
    with pytest.raises(TravelModelError, match=r"TooBig: Too many table coordinates"):
        OsrmModel(osrm.url, max_table_size=150).matrix(grid(150))


def test_a_thin_table_goes_in_long_strips(osrm: OsrmServer) -> None:
    points = grid(250)
    table = OsrmModel(osrm.url).table(points[:1], points)
    assert [table.durations, table.distances] == expected(points[:1], points).tolist()
    assert [(len(r.sources), len(r.destinations)) for r in osrm.requests] == [(1, 199), (1, 51)]
    osrm.requests.clear()
    column = OsrmModel(osrm.url).table(points[1:], points[:1])
    assert [column.durations, column.distances] == expected(points[1:], points[:1]).tolist()
    assert all(len(r.coordinates) <= 200 for r in osrm.requests)


def test_no_points_no_request(osrm: OsrmServer) -> None:
    assert OsrmModel(osrm.url).matrix([]).durations == []
    assert osrm.requests == []


# -- errors ------------------------------------------------------------------------------

def test_a_server_that_is_gone_is_named(osrm: OsrmServer, log_file: Path) -> None:
    osrm.stop()
    with pytest.raises(TravelModelError) as caught:
        OsrmModel(osrm.url).matrix(grid(3))
    assert str(caught.value) == (
        f"road server unreachable (connection refused at 127.0.0.1:{osrm.port})")
    details = log_file.read_text(encoding="utf-8")  # the details, for whoever asks
    assert f"road server 127.0.0.1:{osrm.port} unreachable" in details
    assert "ConnectionRefusedError" in details


def test_an_http_error_is_named(osrm: OsrmServer, log_file: Path) -> None:
    osrm.fail_with(503)
    with pytest.raises(TravelModelError, match=r"^road server error \(HTTP 503 "):
        OsrmModel(osrm.url).matrix(grid(3))
    details = log_file.read_text(encoding="utf-8")
    assert f"road server 127.0.0.1:{osrm.port} answered HTTP 503" in details
    assert "urllib.error.HTTPError" in details


def test_an_osrm_error_code_is_named(osrm: OsrmServer) -> None:
    osrm.fail_with_code("NoTable", "No table found")
    with pytest.raises(TravelModelError, match=r"could not compute the table \(NoTable: No "):
        OsrmModel(osrm.url).matrix(grid(3))


def test_a_point_off_the_road_network_is_named_by_where_it_is(osrm: OsrmServer) -> None:
    points = grid(250)
    osrm.off_road.add(points[210])  # first asked in block 0 × 2, as coordinate 110
    with pytest.raises(TravelModelError) as caught:
        OsrmModel(osrm.url).matrix(points)
    assert str(caught.value) == (
        "road server could not compute the table (NoSegment: Could not find a matching "
        f"segment for the point at {points[210][0]:.5f}, {points[210][1]:.5f})")


def test_legs_without_a_road_are_listed(osrm: OsrmServer) -> None:
    points = grid(4)
    osrm.islands.add(points[2])
    with pytest.raises(TravelModelError, match=r"^no road found for 6 legs, e\.g\. from ") as e:
        OsrmModel(osrm.url).matrix(points)
    assert sorted(e.value.pairs) == [(0, 2), (1, 2), (2, 0), (2, 1), (2, 3), (3, 2)]


def test_a_slow_server_times_out_with_a_reason(osrm: OsrmServer) -> None:
    osrm.delay = 1.0
    with pytest.raises(TravelModelError, match=r"did not answer within 0\.2 s"):
        OsrmModel(osrm.url, timeout=0.2).matrix(grid(3))


@pytest.mark.parametrize("url", ["", "osrm.example.com:5000", "ftp://osrm.example.com"])
def test_an_address_that_is_not_a_url_is_named(url: str) -> None:
    with pytest.raises(TravelModelError, match="is not an http\\(s\\) URL"):
        OsrmModel(url).matrix(grid(2))


def test_an_answer_without_distances_is_named(osrm: OsrmServer) -> None:
    osrm.durations_only = True
    with pytest.raises(TravelModelError, match=r"sent no 2×2 table of distances \(is it OSRM"):
        OsrmModel(f"{osrm.url}/").matrix(grid(2))
    assert [r.annotations for r in osrm.requests] == ["duration,distance"]


# -- cache -------------------------------------------------------------------------------

def test_the_same_points_are_never_asked_twice(osrm: OsrmServer, store: Store) -> None:
    points = grid(120)
    model = CachedModel(OsrmModel(osrm.url), store)
    first = model.matrix(points)
    asked = len(osrm.requests)
    assert asked == 4 and cached_legs(store) == 120 * 119
    assert [first.durations, first.distances] == expected(points).tolist()
    shuffled = points[::-1] + points[:5]  # another order, some twice
    again = model.matrix(shuffled)
    assert len(osrm.requests) == asked
    assert [again.durations, again.distances] == expected(shuffled).tolist()
    assert again.source == "osrm"


def test_new_points_only_ask_for_their_own_legs(osrm: OsrmServer, store: Store) -> None:
    known = grid(30)
    model = CachedModel(OsrmModel(osrm.url), store)
    model.matrix(known)
    osrm.requests.clear()
    new = [(45.9, 4.9), (45.95, 4.95)]
    points = [known[0], *new, *known[1:]]
    matrix = model.matrix(points)
    assert [matrix.durations, matrix.distances] == expected(points).tolist()
    asked = sum(r.legs for r in osrm.requests)
    assert asked <= 2 * 2 * len(points)  # new × all and all × new, not 32²
    assert cached_legs(store) == 32 * 31


def test_the_cache_is_in_the_store_file_and_per_server_and_profile(
    osrm: OsrmServer, db_url: str, store: Store,
) -> None:
    points = grid(5)
    CachedModel(OsrmModel(osrm.url), store).matrix(points)
    reopened = open_store(db_url)
    try:
        CachedModel(OsrmModel(osrm.url), reopened).matrix(points)
        assert len(osrm.requests) == 1
        CachedModel(OsrmModel(osrm.url, profile="foot"), reopened).matrix(points)
        assert len(osrm.requests) == 2 and osrm.requests[1].profile == "foot"
    finally:
        reopened.close()


def test_points_closer_than_a_metre_share_their_legs(osrm: OsrmServer, store: Store) -> None:
    model = CachedModel(OsrmModel(osrm.url), store)
    model.matrix([(45.7, 4.8), (45.71, 4.81)])
    matrix = model.matrix([(45.700001, 4.800002), (45.71, 4.81)])
    assert len(osrm.requests) == 1
    assert matrix.durations[0][1] > 0


def test_a_failure_stores_nothing_and_is_asked_again(osrm: OsrmServer, store: Store) -> None:
    model = CachedModel(OsrmModel(osrm.url), store)
    osrm.fail_with(500)
    with pytest.raises(TravelModelError):
        model.matrix(grid(3))
    assert cached_legs(store) == 0
    osrm.fail_with(None)
    assert model.matrix(grid(3)).durations == expected(grid(3))[0].tolist()
    assert cached_legs(store) == 6


# -- fallback and the model the app builds ------------------------------------------------

def test_when_the_server_is_down_the_straight_line_is_used_and_said(osrm: OsrmServer) -> None:
    osrm.stop()
    points = grid(4)
    matrix = FallbackModel(OsrmModel(osrm.url), StraightLineModel()).matrix(points)
    assert matrix.source == "straight line"
    assert matrix.durations == StraightLineModel().matrix(points).durations
    assert matrix.note == (f"road server unreachable (connection refused at "
                           f"127.0.0.1:{osrm.port}): straight-line estimate used")


def test_legs_without_a_road_fall_back_too(osrm: OsrmServer) -> None:
    points = grid(3)
    osrm.islands.add(points[0])
    matrix = FallbackModel(OsrmModel(osrm.url), StraightLineModel()).matrix(points)
    assert matrix.note.startswith("no road found for 4 legs, e.g. from 45.70000, 4.80000 to ")
    assert matrix.note.endswith(": straight-line estimate used")


def test_the_app_model_is_osrm_cached_with_the_stop_overhead(
    osrm: OsrmServer, store: Store,
) -> None:
    settings = {"travel.osrm_url": osrm.url, "travel.stop_overhead_s": "90"}
    points = [*grid(3), grid(3)[0]]
    matrix = make_travel_model(settings, store).matrix(points)
    road = expected(points)
    moving = road[1] > 0
    assert matrix.source == "osrm" and matrix.note == ""
    assert matrix.distances == road[1].tolist()
    assert matrix.durations == (road[0] + 90 * moving).tolist()
    assert matrix.durations[0][3] == 0  # the same place twice
    assert len(osrm.requests) == 1
    osrm.stop()
    assert make_travel_model(settings, store).matrix(points) == matrix  # from the cache
    fallback = make_travel_model(settings, store).matrix(grid(4))
    assert fallback.source == "straight line"
    assert fallback.note.startswith("road server unreachable (connection refused")


def test_the_url_argument_overrides_the_setting(osrm: OsrmServer) -> None:
    model = make_travel_model({"travel.osrm_url": "http://127.0.0.1:9",
                               "travel.osrm_profile": "car"}, osrm_url=osrm.url)
    assert model.matrix(grid(2)).source == "osrm"
    assert [r.profile for r in osrm.requests] == ["car"]
