"""The Accounts page's view: counts, filter choices and the map's data, typed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import AccountFilter, add_account
from fieldrep.maps.territory_map import MapOptions
from fieldrep.store import Store
from fieldrep.usecases.accounts_view import accounts_view


def test_a_reload_counts_and_hands_the_map_data_or_a_new_page(store: Store,
                                                              tmp_path: Path) -> None:
    add_account(store, AccountData("Cave", lat=45.7, lon=4.8, tier="A", tags=("vin",)))
    add_account(store, AccountData("Garage", tier="B"))
    where = AccountFilter(tiers=frozenset("A"))
    view = accounts_view(store, where, map_page=None, options=MapOptions(tiles=False),
                         by_due=True, today=date(2026, 3, 2))
    assert (view.total, view.everything, view.tags) == (1, 2, ("vin",))
    assert view.map_page is None and len(json.loads(view.points_json)) == 1
    assert view.due_json is not None
    page = tmp_path / "map.html"
    written = accounts_view(store, where, map_page=page, options=MapOptions(tiles=False),
                            by_due=False, today=date(2026, 3, 2))
    assert written.map_page == page and page.exists() and written.due_json is None
