"""Which ways a car may drive, how fast and which way: the tag rules."""

import pytest

from fieldrep.roads.highways import Direction, direction, maxspeed_kmh, road_class, speed_kmh


@pytest.mark.parametrize(("tags", "drivable"), [
    ({"highway": "residential"}, True),
    ({"highway": "footway"}, False),
    ({"highway": "track"}, False),
    ({"highway": "primary", "access": "private"}, False),
    ({"highway": "service", "access": "private", "motorcar": "yes"}, True),
    ({"highway": "service", "access": "customers"}, True),
    ({"highway": "tertiary", "motor_vehicle": "no"}, False),
    ({"highway": "service", "service": "parking_aisle"}, False),
    ({"highway": "pedestrian", "area": "yes"}, False),
])
def test_only_roads_a_car_may_drive_are_kept(tags: dict[str, str], drivable: bool) -> None:
    assert (road_class(tags) is not None) is drivable


def test_maxspeed_is_read_in_kmh_or_mph_and_words_fall_back_to_the_class() -> None:
    assert maxspeed_kmh("50") == 50
    assert maxspeed_kmh("30 mph") == pytest.approx(48.28, abs=0.01)
    assert maxspeed_kmh("CH:urban") is None and maxspeed_kmh("none") is None
    assert speed_kmh("residential", {"maxspeed": "walk"}) == speed_kmh("residential", {})
    assert speed_kmh("primary", {"maxspeed": "80"}) < 80  # a signed limit is not an average


@pytest.mark.parametrize(("road", "tags", "expected"), [
    ("residential", {}, Direction.BOTH),
    ("residential", {"oneway": "yes"}, Direction.FORWARD),
    ("residential", {"oneway": "-1"}, Direction.BACKWARD),
    ("primary", {"junction": "roundabout"}, Direction.FORWARD),
    ("motorway", {}, Direction.FORWARD),
    ("motorway", {"oneway": "no"}, Direction.BOTH),
])
def test_one_ways(road: str, tags: dict[str, str], expected: Direction) -> None:
    assert direction(road, tags) is expected
