"""Routes on the real Liechtenstein extract: plausible, exact, and the travel model that
plans on them (cached in the store, falling back with the reason)."""

from datetime import date

import numpy as np
from scipy.sparse.csgraph import dijkstra
from sqlalchemy import func, select

from fieldrep.roads.network import RoadNetwork
from fieldrep.store import Store
from fieldrep.store.models import TravelCacheEntry
from fieldrep.travel import make_travel_model, travel_settings
from tests.osm_extracts import SCHAAN, VADUZ

BALZERS = (47.0664, 9.5025)
STUTTGART = (48.7758, 9.1829)


def test_the_extract_is_read_with_its_date_and_places(liechtenstein: RoadNetwork) -> None:
    info = liechtenstein.info
    assert info.data_date == date(2015, 10, 6)
    assert info.ways > 2000 and info.vertices > 10_000
    assert {"Vaduz", "Schaan", "Balzers"} <= {p.name for p in liechtenstein.ways.places}
    assert liechtenstein.graph.main.mean() > 0.95  # nearly all of it is one network


def test_vaduz_to_schaan_is_a_few_minutes_by_road(liechtenstein: RoadNetwork) -> None:
    there = liechtenstein.route(VADUZ, SCHAAN)
    back = liechtenstein.route(SCHAAN, VADUZ)
    for leg in (there, back):
        assert 2800 < leg.metres < 5000  # 2.9 km as the crow flies
        assert 3 * 60 < leg.seconds < 10 * 60
        assert max(leg.snapped_metres) < 100
        assert leg.line[0] == VADUZ or leg.line[-1] == VADUZ
    assert len(there.line) > 20  # it follows the streets


def test_the_index_agrees_exactly_with_a_plain_dijkstra(liechtenstein: RoadNetwork) -> None:
    graph = liechtenstein.graph
    rng = np.random.default_rng(14)
    main = np.flatnonzero(graph.main)
    sources, targets = rng.choice(main, 25), rng.choice(main, 40)
    legs = liechtenstein.index.legs(sources.tolist(), targets.tolist())
    for found, weights in ((legs.millis, graph.millis), (legs.decimetres, graph.decimetres)):
        reference = dijkstra(graph.csr(weights), indices=sources)[:, targets]
        assert np.array_equal(found, reference.astype(np.int64))


def test_plans_use_the_roads_cached_in_the_store(liechtenstein: RoadNetwork,
                                                  store: Store) -> None:
    settings = travel_settings(store)
    model = make_travel_model(settings, store)
    matrix = model.matrix([VADUZ, SCHAAN, BALZERS])
    route = liechtenstein.route(VADUZ, SCHAAN)
    overhead = settings.straight_line.stop_overhead_s
    assert matrix.source == "roads, OSM extract of 2015-10-06"
    assert "© OpenStreetMap contributors" in matrix.note
    assert matrix.durations[0][1] == route.seconds + overhead
    assert matrix.distances[0][1] == route.metres
    with store.unit_of_work() as uow:
        cached = uow.session.scalar(select(func.count()).select_from(TravelCacheEntry))
    assert cached == 6
    assert make_travel_model(settings, store).matrix([VADUZ, SCHAAN, BALZERS]) == matrix


def test_a_point_outside_the_extract_falls_back_to_straight_lines_saying_why(
        liechtenstein: RoadNetwork, store: Store) -> None:
    matrix = make_travel_model(travel_settings(store), store).matrix([VADUZ, STUTTGART])
    assert matrix.source == "straight line"
    assert matrix.note.startswith("point 2: 48.77580,9.18290 is outside the imported roads "
                                  "(liechtenstein.osm.pbf, OSM extract of 2015-10-06)")
    assert "straight-line estimate used" in matrix.note


def test_without_roads_imported_nothing_changes(store: Store) -> None:
    matrix = make_travel_model(travel_settings(store), store).matrix([VADUZ, SCHAAN])
    assert matrix.source == "straight line" and matrix.note == ""
