"""The map of a plan on a real store: each day's route, where each account is, addresses."""

from datetime import date, time
from pathlib import Path

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.maps.territory_map import MapOptions
from fieldrep.planning.model import DayPlan, Place, PlannedStop, Totals
from fieldrep.planning.route_map import map_options, stop_locations, write_plan_map
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings

HOME = Place("Home", 45.764, 4.8357)


def test_the_map_draws_the_routes_and_knows_where_each_stop_is(store: Store, tmp_path: Path
                                                               ) -> None:
    cave = add_account(store, AccountData("Cave", street="3 rue X", postcode="69009",
                                          city="Lyon", lat=45.775, lon=4.805)).id
    other = add_account(store, AccountData("Far away", city="Paris", lat=48.85, lon=2.35)).id
    assert cave is not None and other is not None
    stop = PlannedStop(cave, "Cave", time(9, 0), time(9, 0), time(9, 30), 0, 1000, 300)
    day = DayPlan(date(2031, 3, 3), HOME, HOME, time(8, 30), time(10, 0), (stop,), (),
                  Totals(600, 2000, 1800, 0, 0))
    drawn = write_plan_map(store, tmp_path / "plan.html", [day], MapOptions(tiles=False), ())
    assert dict(drawn.located) == {cave: (45.775, 4.805)}
    assert drawn.addresses == {cave: "3 rue X, 69009 Lyon"}
    assert "FieldRep.setRoutes([{" in drawn.page.read_text(encoding="utf-8")
    everyone = write_plan_map(store, tmp_path / "all.html", [day], MapOptions(tiles=False))
    assert set(everyone.located) == {cave, other}
    assert stop_locations(store, [day]) == {cave: (45.775, 4.805)}


def test_the_map_options_follow_the_settings(store: Store) -> None:
    set_settings(store, {"home.lat": "45.764", "home.lon": "4.8357", "map.tiles": "none"})
    options = map_options(store)
    assert options.home == (45.764, 4.8357) and not options.tiles
    assert not map_options(store, tiles=False).tiles
