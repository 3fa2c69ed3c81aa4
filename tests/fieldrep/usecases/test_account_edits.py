"""Account changes that can be taken back: each hands back what its undo needs."""

from __future__ import annotations

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account
from fieldrep.store import Store
from fieldrep.territories.service import list_territories
from fieldrep.usecases.account_edits import pin_account, put_back, tag, territory_for


def test_a_pin_moved_by_hand_is_a_manual_location(store: Store) -> None:
    account = add_account(store, AccountData("Cave", lat=45.0, lon=4.0,
                                             geocode_precision="exact"))
    edit = pin_account(store, account.id, 45.12345678, 4.5)
    assert (edit.before.lat, edit.before.geocode_precision) == (45.0, "exact")
    assert (edit.after.lat, edit.after.lon) == (45.123457, 4.5)
    assert get_account(store, account.id).geocode_precision == "manual"


def test_undoing_a_territory_set_by_hand_removes_the_territory_it_created(store: Store) -> None:
    ids = [add_account(store, AccountData(n)).id for n in ("A", "B")]
    edit = territory_for(store, ids, "  Lyon   nord ")
    assert edit.created_territory is not None and edit.count == 2
    assert get_account(store, ids[0]).territory == "Lyon nord"
    put_back(store, edit)
    assert get_account(store, ids[0]).territory == ""
    assert list_territories(store) == []
    again = territory_for(store, ids, "Lyon nord")
    assert territory_for(store, ids, "lyon NORD").created_territory is None
    assert again.created_territory == "Lyon nord"


def test_undoing_a_tag_puts_the_tags_back(store: Store) -> None:
    account = add_account(store, AccountData("Cave", tags=("vin",)))
    edit = tag(store, [account.id], "Bio")
    assert get_account(store, account.id).tags == ("bio", "vin")
    put_back(store, edit)
    assert get_account(store, account.id).tags == ("vin",)
