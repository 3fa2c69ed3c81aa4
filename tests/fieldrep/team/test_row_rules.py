"""A rep plans and changes their own records and reads the team's: the server's
row-level rules (migration 0012) and FieldRep's one-line refusals, on a real PostgreSQL
server with two rep logins and a manager; on a SQLite file the one rep owns everything."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, func, select, text

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import (
    add_account,
    add_tag,
    delete_accounts,
    get_account,
    list_accounts,
    restore_accounts,
    update_account,
)
from fieldrep.cli.main import main
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, list_expenses
from fieldrep.expenses.report_service import create_report, list_reports
from fieldrep.geocoding.service import geocode_accounts
from fieldrep.planning.saved import list_plans, save_plan
from fieldrep.store import Store, open_store
from fieldrep.store.models import Account
from fieldrep.store.owners import NotYours, current_login
from fieldrep.territories.service import (
    TerritoryData,
    list_territories,
    save_territory,
    set_territory,
)
from fieldrep.usecases.planning import DayPlanRequest, plan_a_day
from fieldrep.usecases.team import assign_territory
from fieldrep.visits.due import due_accounts
from tests.postgres_server import grant_manager

DAY = date(2026, 3, 3)  # a Tuesday
LYON = (45.76, 4.84)


def account(name: str, n: int = 0) -> AccountData:
    return AccountData(name, city="Lyon", lat=LYON[0] + n / 100, lon=LYON[1] + n / 100,
                       tier="A", cadence_days=14, territory="Lyon Nord" if n < 3 else "")


def login(store: Store) -> str:
    with store.engine.connect() as connection:
        return str(connection.execute(text("SELECT current_user")).scalar_one())


@pytest.fixture
def two_reps(new_rep: Callable[[], str]) -> Iterator[tuple[Store, Store]]:
    first, second = open_store(new_rep()), open_store(new_rep())
    yield first, second
    first.close()
    second.close()


@pytest.mark.postgres
def test_a_rep_reads_a_colleagues_account_but_cannot_change_it(
        two_reps: tuple[Store, Store]) -> None:
    anna, ben = two_reps
    shop = add_account(anna, account("Boulangerie Martin"))
    assert shop.id is not None
    seen = get_account(ben, shop.id)  # the team's accounts are read by everyone
    assert seen.name == "Boulangerie Martin"
    refusal = (f"account #{shop.id} “Boulangerie Martin” belongs to {login(anna)}: you can "
               "read it, not change it")
    with pytest.raises(NotYours, match=refusal):
        update_account(ben, replace(seen, notes="Ben was here"))
    with pytest.raises(NotYours, match=refusal):
        add_tag(ben, [shop.id], "key-account")
    with pytest.raises(NotYours, match=refusal):
        delete_accounts(ben, [shop.id])
    with pytest.raises(NotYours, match=refusal):
        set_territory(ben, [shop.id], "Ben's")
    # From any other tool, the server's rules refuse the same: nothing changes.
    with ben.engine.begin() as connection:
        changed = connection.execute(text("UPDATE accounts SET notes = 'psql' WHERE id = :i"),
                                     {"i": shop.id}).rowcount
    assert changed == 0
    after = get_account(anna, shop.id)
    assert (after.notes, after.tags, after.version) == ("", (), shop.version)
    # Anna changes her own as before.
    assert update_account(anna, replace(after, notes="order on Fridays")).notes == \
        "order on Fridays"


@pytest.mark.postgres
def test_plans_and_expenses_are_private_to_their_rep_and_the_manager(
        pg_url: str, two_reps: tuple[Store, Store], new_rep: Callable[[], str]) -> None:
    anna, ben = two_reps
    shops = [add_account(anna, account(f"Anna {n}", n)).id for n in range(3)]
    plan = plan_a_day(anna, DayPlanRequest(DAY, account_ids=tuple(shops),
                                           start=f"{LYON[0]},{LYON[1]}", seconds=1))
    save_plan(anna, plan.days)
    add_expense(anna, ExpenseEntry(DAY, Category.PARKING, Decimal("4.50"), "EUR"))
    create_report(anna, date(2026, 3, 1), date(2026, 3, 31))
    add_expense(ben, ExpenseEntry(DAY, Category.TOLLS, Decimal("7.20"), "EUR"))
    ben_report = create_report(ben, date(2026, 3, 1), date(2026, 3, 31))
    assert ben_report.lines == 1  # Ben's report takes Ben's expense, not Anna's

    assert [len(list_plans(s)) for s in (anna, ben)] == [1, 0]
    assert [[e.entry.amount for e in list_expenses(s)] for s in (anna, ben)] == [
        [Decimal("4.50")], [Decimal("7.20")]]
    assert [len(list_reports(s)) for s in (anna, ben)] == [1, 1]
    with ben.engine.connect() as connection:  # not even raw SQL shows them
        assert connection.execute(text("SELECT count(*) FROM plan_stops")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM expenses")).scalar() == 1

    boss_url = new_rep()
    grant_manager(pg_url, boss_url)
    boss = open_store(boss_url)
    assert len(list_reports(boss)) == 2  # every report, to approve
    assert list_expenses(boss) == []  # the manager's own expenses list stays theirs
    assert len(list_expenses(boss, report_id=ben_report.id)) == 1
    boss.close()


@pytest.mark.postgres
def test_a_rep_is_offered_their_own_accounts_to_plan(two_reps: tuple[Store, Store]) -> None:
    anna, ben = two_reps
    for n in range(3):
        add_account(anna, account(f"Anna {n}", n))
        add_account(ben, account(f"Ben {n}", n))
    offered = {s.name for s in due_accounts(ben, DAY, near=LYON)}
    assert offered == {"Ben 0", "Ben 1", "Ben 2"}
    planned = plan_a_day(ben, DayPlanRequest(DAY, start=f"{LYON[0]},{LYON[1]}", seconds=1))
    names = {stop.name for stop in planned.days[0].stops}
    assert names and names <= offered
    # ... and still sees the whole team's accounts on the map and in the table.
    assert len(list_accounts(ben)) == 6


@pytest.mark.postgres
def test_the_manager_gives_a_territory_to_a_rep_who_then_changes_it(
        pg_url: str, two_reps: tuple[Store, Store], new_rep: Callable[[], str]) -> None:
    anna, ben = two_reps
    shops = [add_account(anna, account(f"Anna {n}", n)) for n in range(3)]
    boss_url = new_rep()
    grant_manager(pg_url, boss_url)
    boss = open_store(boss_url)
    first = get_account(boss, shops[0].id or 0)
    assert update_account(boss, replace(first, notes="checked by the manager")).notes
    assert assign_territory(boss, "Lyon Nord", login(ben)) == 3
    extra = add_account(anna, account("Anna extra", 5))
    restore_accounts(boss, delete_accounts(boss, [extra.id or 0]))  # the manager's undo
    assert get_account(anna, extra.id or 0).owner == login(anna)  # still Anna's
    boss.close()
    moved = get_account(ben, shops[1].id or 0)
    assert update_account(ben, replace(moved, notes="Ben's now")).notes == "Ben's now"
    with pytest.raises(NotYours):
        update_account(anna, replace(get_account(anna, shops[2].id or 0), notes="mine?"))


def test_on_a_sqlite_file_the_one_rep_owns_everything(store: Store) -> None:
    for n in range(3):
        add_account(store, account(f"Shop {n}", n))
    with store.unit_of_work() as uow:
        mine = uow.session.scalar(select(func.count()).select_from(Account)
                                  .where(Account.owner == current_login()))
    assert mine == 3
    assert len(due_accounts(store, DAY, near=LYON)) == 3


@pytest.mark.postgres
def test_the_rules_hold_against_raw_sql_from_a_rep(two_reps: tuple[Store, Store]) -> None:
    anna, ben = two_reps
    shop = add_account(anna, account("Shop", 1))
    engine = create_engine(ben.url)
    with engine.begin() as connection:
        assert connection.execute(text("DELETE FROM accounts WHERE id = :i"),
                                  {"i": shop.id}).rowcount == 0
        with pytest.raises(Exception, match="row-level security"), connection.begin_nested():
            connection.execute(text("INSERT INTO contacts (account_id, name, role, "
                                    "email, phone) VALUES (:i, 'x', '', '', '')"),
                               {"i": shop.id})
    engine.dispose()
    assert get_account(anna, shop.id or 0).name == "Shop"


@pytest.mark.postgres
def test_the_command_line_lists_my_accounts_or_the_teams_with_their_rep(
        two_reps: tuple[Store, Store], capsys: pytest.CaptureFixture[str]) -> None:
    anna, ben = two_reps
    add_account(anna, account("Cave Anna", 1))
    add_account(ben, account("Cave Ben", 2))
    assert main(["--db", ben.url, "accounts", "--mine"]) == 0
    mine = capsys.readouterr().out
    assert "Cave Ben" in mine and "Cave Anna" not in mine
    assert mine.rstrip().endswith("\n1 account")
    assert main(["--db", ben.url, "accounts"]) == 0
    team = capsys.readouterr().out.splitlines()
    assert "rep" in team[0]
    (anna_line,) = [line for line in team if "Cave Anna" in line]
    assert login(anna) in anna_line
    assert main(["--db", ben.url, "accounts", "--search", "Cave Anna"]) == 0


@pytest.mark.postgres
def test_a_rep_places_their_own_accounts_not_a_colleagues(
        two_reps: tuple[Store, Store]) -> None:
    anna, ben = two_reps
    hers = add_account(anna, AccountData("Cave Anna", postcode="69002", city="Lyon",
                                         country="FR"))
    his = add_account(ben, AccountData("Cave Ben", postcode="42000", city="Saint-Étienne",
                                       country="FR"))
    report = geocode_accounts(ben, None)  # offline: the town index
    assert report.total == 1
    assert get_account(ben, his.id or 0).located
    assert not get_account(anna, hers.id or 0).located  # left for Anna to place
    assert geocode_accounts(anna, None).total == 1
    assert get_account(anna, hers.id or 0).located


@pytest.mark.postgres
def test_a_colleagues_territory_is_named_in_the_refusal(two_reps: tuple[Store, Store]) -> None:
    anna, ben = two_reps
    north = save_territory(anna, TerritoryData("Lyon Nord", areas=("69004",)))
    with pytest.raises(NotYours, match=f"territory #{north.id} “Lyon Nord” belongs to "
                                       f"{login(anna)}: you can read it, not change it"):
        save_territory(ben, replace(north, areas=("69004", "69009")))
    assert [t.areas for t in list_territories(anna)] == [("69004",)]
