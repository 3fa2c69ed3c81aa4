"""The due ranking's distances are road distances when the roads are imported."""

from datetime import date

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.roads.network import RoadNetwork
from fieldrep.store import Store
from fieldrep.travel.straight_line import great_circle_km
from fieldrep.visits.due import due_accounts
from tests.osm_extracts import SCHAAN, VADUZ

STUTTGART = (48.7758, 9.1829)


def test_due_accounts_are_so_many_km_away_by_road(liechtenstein: RoadNetwork,
                                                   store: Store) -> None:
    for name, (lat, lon) in (("Schaan", SCHAAN), ("Stuttgart", STUTTGART)):
        add_account(store, AccountData(name=name, tier="A", lat=lat, lon=lon))
    found = {s.name: s.km for s in due_accounts(store, date(2015, 10, 13), near=VADUZ)}
    road = liechtenstein.index.legs(*(liechtenstein.snap([p]).vertices.tolist()
                                      for p in (VADUZ, SCHAAN)))
    assert found["Schaan"] == pytest.approx(int(road.decimetres[0, 0]) / 10_000)
    assert found["Schaan"] > great_circle_km(VADUZ, SCHAAN)
    # off the extract: as the crow flies
    assert found["Stuttgart"] == pytest.approx(great_circle_km(VADUZ, STUTTGART), rel=1e-6)
