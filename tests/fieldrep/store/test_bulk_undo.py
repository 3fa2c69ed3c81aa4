"""Undoing a tag or a territory given to many accounts never writes over an account changed
since: those are left as they are and named, the others are put back.

Two real clients of one store (a SQLite file, then a real PostgreSQL database): the rep's
window made the bulk change, another window or rep edits some accounts, then the rep
undoes.
"""

from __future__ import annotations

from dataclasses import replace

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, add_tag, get_account, update_account
from fieldrep.store import Store
from fieldrep.territories.service import list_territories
from fieldrep.usecases.account_edits import put_back, tag, territory_for


def accounts(store: Store, *names: str) -> list[int]:
    return [add_account(store, AccountData(n, tags=("vin",))).id or 0 for n in names]


def test_undoing_a_tag_leaves_the_account_edited_since_and_names_it(
        two: tuple[Store, Store]) -> None:
    mine, theirs = two
    cave, garage, epicerie = accounts(mine, "Cave", "Garage Martin", "Épicerie")
    edit = tag(mine, [cave, garage, epicerie], "Bio")
    # Another window opened the garage after it was tagged and saves a note.
    update_account(theirs, replace(get_account(theirs, garage), notes="Closed on Mondays"))

    done = put_back(mine, edit)

    assert done.restored == (cave, epicerie)
    assert done.left == ("Garage Martin",)
    assert done.message == "1 account changed since; left as they are: Garage Martin"
    assert get_account(mine, cave).tags == ("vin",)
    assert get_account(mine, epicerie).tags == ("vin",)
    garage_now = get_account(mine, garage)
    assert (garage_now.notes, garage_now.tags) == ("Closed on Mondays", ("bio", "vin"))


def test_undoing_a_territory_keeps_it_while_an_account_changed_since_is_still_in_it(
        two: tuple[Store, Store]) -> None:
    mine, theirs = two
    cave, garage = accounts(mine, "Cave", "Garage Martin")
    edit = territory_for(mine, [cave, garage], "Lyon nord")
    assert edit.created_territory == "Lyon nord"
    update_account(theirs, replace(get_account(theirs, garage), street="3 rue Neuve"))

    done = put_back(mine, edit)

    assert (done.restored, done.left) == ((cave,), ("Garage Martin",))
    assert get_account(mine, cave).territory == ""
    garage_now = get_account(mine, garage)
    assert (garage_now.territory, garage_now.street) == ("Lyon nord", "3 rue Neuve")
    assert [t.name for t in list_territories(mine)] == ["Lyon nord"]  # the garage is in it


def test_undoing_a_territory_no_one_touched_since_puts_everything_back(
        two: tuple[Store, Store]) -> None:
    mine, _theirs = two
    ids = accounts(mine, "Cave", "Garage Martin")
    done = put_back(mine, territory_for(mine, ids, "Lyon nord"))
    assert (done.restored, done.left, done.message) == (tuple(ids), (), "")
    assert [get_account(mine, i).territory for i in ids] == ["", ""]
    assert list_territories(mine) == []


def test_a_bulk_change_made_since_by_another_client_is_not_undone_either(
        two: tuple[Store, Store]) -> None:
    mine, theirs = two
    names = [f"Cave {n}" for n in "ABCDEFG"]
    ids = accounts(mine, *names)
    edit = tag(mine, ids, "Bio")
    add_tag(theirs, ids[:6], "Salon 2026")  # another rep tags six of them meanwhile

    done = put_back(mine, edit)

    assert done.restored == (ids[6],)
    assert done.message == ("6 accounts changed since; left as they are: Cave A, Cave B, "
                            "Cave C, Cave D, Cave E and 1 more")
    assert get_account(mine, ids[0]).tags == ("bio", "salon 2026", "vin")
    assert get_account(mine, ids[6]).tags == ("vin",)
