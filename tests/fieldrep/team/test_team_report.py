"""The team's month: figures per rep and together, on SQLite (one rep) and PostgreSQL
(each database login a rep); the manager giving a territory to a rep."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account
from fieldrep.cli.main import main
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense
from fieldrep.store import Store, open_store
from fieldrep.store.models import Account
from fieldrep.team.identity import TeamError
from fieldrep.territories.service import TerritoryData, save_territory
from fieldrep.usecases.settings import set_setting, set_settings
from fieldrep.usecases.team import assign_territory
from fieldrep.usecases.team_report import team_month
from fieldrep.visits.logbook import log_visit
from fieldrep.visits.model import VisitInput
from fieldrep.visits.settings import quotas


def seed(store: Store, name: str, visits: int) -> None:
    """``visits`` visits in March 2026 to two accounts, one in April, two expenses."""
    first = add_account(store, AccountData(f"{name} Pharmacie", city="Lyon"))
    second = add_account(store, AccountData(f"{name} Cave", city="Lyon"))
    for n in range(visits):
        account = first if n % 2 == 0 else second
        assert account.id is not None
        log_visit(store, VisitInput(account_id=account.id, day=date(2026, 3, 2 + n)))
    assert first.id is not None
    log_visit(store, VisitInput(account_id=first.id, day=date(2026, 4, 1)))
    add_expense(store, ExpenseEntry(date(2026, 3, 3), Category.PARKING, Decimal("12.00"),
                                    "EUR"))
    add_expense(store, ExpenseEntry(date(2026, 3, 4), Category.MEALS, Decimal("10.00"),
                                    "USD", rate_to_report=Decimal("0.9")))


def test_one_rep_on_sqlite_with_the_quota(db_url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db_url)
    set_settings(store, {"rep.name": "Jean Dupont", "quota.visits_per_month": "6"})
    seed(store, "Jean", 3)
    month = team_month(store, date(2026, 3, 15))
    (jean,) = month.reps
    assert (jean.rep, jean.visits, jean.accounts, jean.expenses, jean.quota) == (
        "Jean Dupont", 3, 2, Decimal("21.00"), 6)
    assert jean.progress == Decimal("0.5")
    assert (month.team.visits, month.team.expenses) == (3, Decimal("21.00"))
    store.close()

    target = tmp_path / "team.csv"
    assert main(["--db", db_url, "team", "report", "--month", "2026-03", "--csv",
                 str(target)]) == 0
    out = capsys.readouterr().out
    assert "Jean Dupont" in out and "50%" in out
    with target.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert ["Jean Dupont", "3", "0", "2", "0.0", "21.00", "6", "50.0%"] in rows
    assert rows[-1][:2] == ["Team", "3"]


@pytest.mark.postgres
def test_each_login_is_a_rep_and_the_team_adds_them_up(pg_url: str, rep_login: str) -> None:
    manager = open_store(pg_url)
    rep = open_store(rep_login)
    seed(manager, "Anna", 1)
    seed(rep, "Bob", 4)
    month = team_month(manager, date(2026, 3, 1))
    by_rep = {r.rep: (r.visits, r.accounts, r.expenses) for r in month.reps}
    login = rep_login.split("://", 1)[1].split("@", 1)[0]
    assert by_rep == {"fieldrep": (1, 1, Decimal("21.00")),
                      login: (4, 2, Decimal("21.00"))}
    assert (month.team.visits, month.team.accounts, month.team.expenses) == (
        5, 3, Decimal("42.00"))

    north = save_territory(manager, TerritoryData("North"))
    account = add_account(manager, AccountData("Cave Nord", city="Lille", territory="North"))
    with pytest.raises(TeamError, match="only a manager may assign territory North"):
        assign_territory(rep, "North", login)
    assert assign_territory(manager, "North", login) == 1
    with manager.unit_of_work() as uow:
        assert account.id is not None and north.id is not None
        assert uow.session.get(Account, account.id).owner == login  # type: ignore[union-attr]
    assert get_account(rep, account.id).name == "Cave Nord"
    manager.close()
    rep.close()


@pytest.mark.postgres
def test_the_manager_sets_each_reps_quota_the_team_adds_them_up(
        pg_url: str, rep_login: str, capsys: pytest.CaptureFixture[str]) -> None:
    manager = open_store(pg_url)
    rep = open_store(rep_login)
    login = rep_login.split("://", 1)[1].split("@", 1)[0]
    seed(manager, "Anna", 1)
    seed(rep, "Bob", 4)
    set_setting(manager, "quota.visits_per_month", "10")  # the team's
    assert main(["--db", pg_url, "team", "quota", login, "8"]) == 0
    assert f"{login}'s monthly visit quota: 8" in capsys.readouterr().out
    assert main(["--db", rep_login, "team", "quota", login, "2"]) == 2  # not the manager
    assert "only a manager may set a rep's quota.visits_per_month" in capsys.readouterr().err
    month = team_month(manager, date(2026, 3, 1))
    assert {r.rep: (r.quota, r.progress) for r in month.reps} == {
        "fieldrep": (10, Decimal("0.1")), login: (8, Decimal("0.5"))}
    assert month.team.quota == 18
    assert quotas(rep).visits_per_month == 8  # the rep's own activity report reads it too
    assert main(["--db", pg_url, "team", "quota", login, ""]) == 0  # the team's again
    assert quotas(rep).visits_per_month == 10
    manager.close()
    rep.close()
