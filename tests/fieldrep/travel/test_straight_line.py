"""The offline straight-line travel model: distances, speed bands, matrix shape, settings."""

import math
import random

import numpy as np
import pytest

from fieldrep.travel import (
    TRAVEL_SETTINGS,
    FallbackModel,
    Matrix,
    StraightLineModel,
    make_travel_model,
    straight_line_from_settings,
)
from fieldrep.travel.model import with_stop_overhead
from fieldrep.travel.straight_line import haversine_km

LYON = (45.7640, 4.8357)
GRENOBLE = (45.1885, 5.7245)
PARIS = (48.8566, 2.3522)
LONDON = (51.5074, -0.1278)
KM_PER_DEGREE = 6371.0088 * math.pi / 180  # along a meridian


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    return (point[0] + km / KM_PER_DEGREE, point[1])


def one_leg(model: StraightLineModel, a: tuple[float, float],
            b: tuple[float, float]) -> tuple[int, int]:
    matrix = model.matrix([a, b])
    return matrix.durations[0][1], matrix.distances[0][1]


@pytest.mark.parametrize(("a", "b", "km"), [
    (LYON, GRENOBLE, 94.3), (PARIS, LYON, 391.5), (LONDON, PARIS, 343.6)])
def test_great_circle_distances_of_known_city_pairs(
    a: tuple[float, float], b: tuple[float, float], km: float,
) -> None:
    assert haversine_km(np.array([a]), np.array([b]))[0, 0] == pytest.approx(km, abs=1.0)


def test_lyon_grenoble_by_road_is_in_the_right_range() -> None:
    seconds, metres = one_leg(StraightLineModel(), LYON, GRENOBLE)
    # 94 km as the crow flies, 106 km and about 75 min by the motorway: the estimate is
    # the same order, on the long (safe) side.
    assert 100_000 <= metres <= 130_000
    assert metres == pytest.approx(1.3 * 94_326, rel=0.001)
    assert 75 * 60 <= seconds <= 110 * 60


def test_speed_rises_from_urban_to_rural_with_the_length_of_the_leg() -> None:
    model = StraightLineModel()
    speeds = model.speed_kmh(np.array([0.5, 3, 16.5, 30, 200]))
    assert speeds.tolist() == pytest.approx([25, 25, 50, 75, 75])


def test_durations_follow_the_speed_bands_plus_the_stop_overhead() -> None:
    model = StraightLineModel(circuity=1.0, stop_overhead_s=120)
    start = (45.0, 5.0)
    for km, kmh in [(2, 25), (16.5, 50), (60, 75)]:
        seconds, metres = one_leg(model, start, north_of(start, km))
        assert metres == pytest.approx(km * 1000, abs=1)
        assert seconds == pytest.approx(km / kmh * 3600 + 120, abs=1)


def test_a_longer_leg_never_takes_less_time_and_detours_do_not_pay() -> None:
    model = StraightLineModel()
    start = (45.0, 5.0)
    places = [north_of(start, km) for km in np.linspace(0.1, 150, 300)]
    durations = model.table([start], places).durations[0]
    assert durations == sorted(durations)
    a, b, c = start, north_of(start, 2), north_of(start, 40)
    matrix = model.matrix([a, b, c])
    assert matrix.durations[0][2] <= matrix.durations[0][1] + matrix.durations[1][2]


def test_matrix_is_symmetric_with_a_zero_diagonal_and_same_places_cost_nothing() -> None:
    matrix = StraightLineModel().matrix([LYON, GRENOBLE, LYON, PARIS])
    assert matrix.source == "straight line" and matrix.note == ""
    for table in (matrix.durations, matrix.distances):
        assert all(table[i][i] == 0 for i in range(4))
        assert all(table[i][j] == table[j][i] for i in range(4) for j in range(4))
    assert matrix.durations[0][2] == matrix.distances[0][2] == 0  # Lyon twice
    assert matrix.durations[0][1] > 120


def test_five_hundred_points_give_a_full_matrix_of_plain_ints() -> None:
    rng = random.Random(7)
    points = [(45 + rng.random(), 4.5 + rng.random()) for _ in range(500)]
    model = StraightLineModel()
    matrix = model.matrix(points)
    durations = np.array(matrix.durations)
    distances = np.array(matrix.distances)
    assert durations.shape == distances.shape == (500, 500)
    assert (durations == durations.T).all() and (distances == distances.T).all()
    assert (np.diag(durations) == 0).all()
    assert (durations[~np.eye(500, dtype=bool)] > model.stop_overhead_s).all()
    assert type(matrix.durations[3][4]) is int and type(matrix.distances[3][4]) is int
    for i, j in [(0, 1), (17, 400), (499, 250)]:
        assert (matrix.durations[i][j], matrix.distances[i][j]) == one_leg(
            model, points[i], points[j])


def test_table_is_a_block_of_the_matrix() -> None:
    model = StraightLineModel()
    points = [LYON, GRENOBLE, PARIS, LONDON]
    matrix = model.matrix(points)
    table = model.table(points[:1], points[1:])
    assert table.durations == [matrix.durations[0][1:]]
    assert table.distances == [matrix.distances[0][1:]]


def test_empty_and_single_point() -> None:
    assert StraightLineModel().matrix([]) == Matrix([], [], "straight line")
    assert StraightLineModel().matrix([LYON]) == Matrix([[0]], [[0]], "straight line")


@pytest.mark.parametrize("point", [(95.0, 4.8), (45.0, 181.0), (math.nan, 4.8)])
def test_a_point_that_is_not_a_latitude_longitude_is_named(point: tuple[float, float]) -> None:
    with pytest.raises(ValueError, match=r"point 1 .* not a latitude, longitude"):
        StraightLineModel().matrix([LYON, point])


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"circuity": 0.8}, "circuity"),
    ({"urban_kmh": 0}, "urban_kmh"),
    ({"urban_kmh": 90}, "urban_kmh"),
    ({"urban_km": 40}, "less than rural_km"),
    ({"urban_km": 20, "rural_km": 21}, "would be quicker"),
    ({"stop_overhead_s": -5}, "stop_overhead_s"),
])
def test_settings_that_make_no_sense_are_refused(kwargs: dict[str, float], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        StraightLineModel(**kwargs)  # type: ignore[arg-type]


def test_stop_overhead_goes_on_every_leg_that_moves() -> None:
    matrix = Matrix([[0, 100, 0], [100, 0, 5], [0, 5, 0]],
                    [[0, 900, 0], [900, 0, 40], [0, 40, 0]], "osrm")
    assert with_stop_overhead(matrix, 60).durations == [[0, 160, 0], [160, 0, 65], [0, 65, 0]]
    assert with_stop_overhead(matrix, 0) is matrix


def test_settings_build_the_model_and_empty_means_default() -> None:
    model = straight_line_from_settings({})
    defaults = StraightLineModel()
    assert vars(model) == vars(defaults)
    assert all(s.key.startswith("travel.") and s.help for s in TRAVEL_SETTINGS)
    custom = straight_line_from_settings({
        "travel.circuity": "1,2", "travel.urban_kmh": "20", "travel.urban_km": "",
        "travel.rural_kmh": "90", "travel.rural_km": "40", "travel.stop_overhead_s": "60"})
    assert (custom.circuity, custom.urban_kmh, custom.urban_km, custom.rural_kmh,
            custom.rural_km, custom.stop_overhead_s) == (1.2, 20, 3, 90, 40, 60)


@pytest.mark.parametrize(("settings", "message"), [
    ({"travel.urban_kmh": "fast"}, "travel.urban_kmh must be a number"),
    ({"travel.circuity": "inf"}, "travel.circuity must be a finite number"),
    ({"travel.stop_overhead_s": "1.5"}, "travel.stop_overhead_s must be a whole number"),
    ({"travel.rural_km": "2"}, "travel settings: urban_km"),
    ({"travel.osrm_url": "http://x", "travel.osrm_max_table": "0"}, "travel.osrm_max_table"),
    ({"travel.osrm_url": "http://x", "travel.osrm_timeout": "0"}, "travel.osrm_timeout"),
])
def test_faulty_settings_are_named(settings: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_travel_model(settings)


def test_without_a_road_server_the_model_is_the_straight_line() -> None:
    assert isinstance(make_travel_model({"travel.osrm_url": "  "}), StraightLineModel)
    with_url = make_travel_model({"travel.osrm_url": "http://127.0.0.1:9"})
    assert isinstance(with_url, FallbackModel)
    assert isinstance(with_url.fallback, StraightLineModel)
