"""The accounts list sorted in the store as a rep reads it: accents and case do not push a
name to the end, and the orders by last visit, next due date and status are SQL too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import (
    account_position,
    account_positions,
    add_account,
    list_accounts,
)
from fieldrep.store import Store
from fieldrep.store.models import Account, Visit

TODAY = date(2026, 11, 24)
TOWNS = ["Vénissieux", "Écully", "villeurbanne", "Lyon", "Łódź", "Échirolles", "Annecy"]


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return {town: add_account(store, AccountData(f"Pharmacie {town}", city=town,
                                                 cadence_days=30)).id or 0
            for town in TOWNS}


def names(accounts: list[AccountData]) -> list[str]:
    return [a.city for a in accounts]


def test_towns_sort_by_their_letters_not_their_bytes(store: Store, ids: dict[str, int]) -> None:
    expected = ["Annecy", "Échirolles", "Écully", "Łódź", "Lyon", "Vénissieux", "villeurbanne"]
    assert names(list_accounts(store, sort="city")) == expected
    assert names(list_accounts(store, sort="city", descending=True)) == expected[::-1]
    assert names(list_accounts(store, sort="name")) == expected  # the names hold the towns
    # paging and the row of an account follow the same order
    assert names(list_accounts(store, sort="city", offset=2, limit=2)) == ["Écully", "Łódź"]
    assert account_position(store, ids["Écully"], sort="city") == 2
    assert account_positions(store, [ids["Vénissieux"], ids["Annecy"]], sort="city") == {
        ids["Vénissieux"]: 5, ids["Annecy"]: 0}


def test_by_last_visit_and_next_due_date(store: Store, ids: dict[str, int]) -> None:
    with store.unit_of_work() as uow:
        for town, cadence, ago in (("Lyon", 30, 10), ("Écully", 30, 40), ("Annecy", 90, 40)):
            uow.session.add(Visit(account_id=ids[town], account_name=town,
                                  day=TODAY - timedelta(days=ago), mode="in_person",
                                  outcome="completed"))
            uow.session.get_one(Account, ids[town]).cadence_days = cadence
        uow.commit()
    never = ["Échirolles", "Łódź", "Vénissieux", "villeurbanne"]  # never visited, by name
    # next due: never visited first (due at once), then Écully (due 10 days ago), Lyon (in
    # 20 days), Annecy (in 50 days)
    assert names(list_accounts(store, sort="next_due")) == [*never, "Écully", "Lyon", "Annecy"]
    assert names(list_accounts(store, sort="status")) == [*never, "Écully", "Lyon", "Annecy"]
    by_last = names(list_accounts(store, sort="last_visit"))
    assert by_last[:4] == never and set(by_last[4:6]) == {"Annecy", "Écully"}
    assert by_last[6] == "Lyon"
    assert names(list_accounts(store, sort="next_due", descending=True))[0] == "Annecy"
    assert account_position(store, ids["Lyon"], sort="next_due") == 5


def test_on_postgresql_the_order_is_icu_s_and_the_due_date_a_date() -> None:
    """What PostgreSQL is sent (not run here: the suite has no PostgreSQL server)."""
    from sqlalchemy import select
    from sqlalchemy.dialects import postgresql

    from fieldrep.accounts.ordering import ordering

    sql = str(select(Account.id).order_by(*ordering("next_due", False))
              .compile(dialect=postgresql.dialect()))
    assert 'accounts.name COLLATE "und-x-icu" ASC' in sql
    assert "(last_visit.day + accounts.cadence_days) ASC" in sql
