"""The manager's moves on an expense report, on SQLite (one rep, both roles) and on a real
PostgreSQL server, where the database login is the user and only a member of the
``fieldrep_manager`` role may approve, return or reimburse."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, update_expense
from fieldrep.expenses.records import ExpenseError, ReportStatus
from fieldrep.expenses.report_service import (
    approve_report,
    create_report,
    get_report,
    mark_reimbursed,
    reopen_report,
    return_report,
    submit_report,
)
from fieldrep.store import Store, open_store
from fieldrep.team.identity import MANAGER_ROLE, TeamError, database_login, is_manager
from fieldrep.usecases.settings import set_setting

DAY = date(2026, 3, 2)


def parking(amount: str) -> ExpenseEntry:
    return ExpenseEntry(DAY, Category.PARKING, Decimal(amount), "EUR")


def submitted(store: Store) -> int:
    add_expense(store, parking("12.00"))
    report = create_report(store, date(2026, 3, 1), date(2026, 3, 31))
    submit_report(store, report.id)
    return report.id


def test_approve_then_reimburse_each_step_kept_with_who_and_when(any_db_url: str) -> None:
    store = open_store(any_db_url)
    set_setting(store, "rep.name", "Jean Dupont")
    before = datetime.now(UTC)
    report_id = submitted(store)
    with pytest.raises(ExpenseError, match="only an approved report can be reimbursed"):
        mark_reimbursed(store, report_id)
    approve_report(store, report_id)
    done = mark_reimbursed(store, report_id)
    assert done.status is ReportStatus.REIMBURSED
    who = database_login(store) or "Jean Dupont"
    assert [(e.action, e.by) for e in done.history] == [
        ("submitted", who), ("refused", who), ("approved", who), ("reimbursed", who)]
    assert all(before <= e.at <= datetime.now(UTC) for e in done.history)
    store.close()


def test_a_returned_report_opens_its_lines_and_is_submitted_again(any_db_url: str) -> None:
    store = open_store(any_db_url)
    report_id = submitted(store)
    with pytest.raises(ExpenseError, match="say why the report is returned"):
        return_report(store, report_id, " ")
    back = return_report(store, report_id, "the parking receipt is missing", by="Anna")
    assert back.status is ReportStatus.RETURNED
    assert (back.history[-1].action, back.history[-1].by, back.history[-1].reason) == (
        "returned", "Anna", "the parking receipt is missing")
    with pytest.raises(ExpenseError, match="only a submitted report can be approved"):
        approve_report(store, report_id)
    line = add_expense(store, parking("14.00"))  # the rep fixes it: it joins the report
    update_expense(store, line.id, parking("15.00"))
    again = submit_report(store, report_id, by="Jean")
    assert (again.status, again.lines) == (ReportStatus.SUBMITTED, 2)
    with pytest.raises(ExpenseError, match="only a submitted report can be reopened"):
        reopen_report(store, approve_report(store, report_id).id, "late")
    assert get_report(store, report_id).status is ReportStatus.APPROVED
    store.close()


def test_on_sqlite_the_one_rep_is_the_manager(db_url: str) -> None:
    store = open_store(db_url)
    assert database_login(store) is None and is_manager(store)
    store.close()


@pytest.mark.postgres
def test_a_login_outside_the_manager_role_cannot_approve_its_own_report(
        pg_url: str, rep_login: str) -> None:
    rep = open_store(rep_login)
    login = database_login(rep)
    assert login is not None and login.startswith("rep_") and not is_manager(rep)
    report_id = submitted(rep)
    with pytest.raises(TeamError, match=f"only a manager may approve report #{report_id}: "
                                        f"{login} is not a member of the {MANAGER_ROLE}"):
        approve_report(rep, report_id)
    with pytest.raises(TeamError, match="only a manager may return"):
        return_report(rep, report_id, "no")
    after = get_report(rep, report_id)
    assert after.status is ReportStatus.SUBMITTED
    assert [(e.action, e.by) for e in after.history] == [
        ("submitted", login), ("refused", login), ("refused", login)]

    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {MANAGER_ROLE}") if connection.execute(text(
            "SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": MANAGER_ROLE}).first()
            is None else text("SELECT 1"))
        connection.execute(text(f"GRANT {MANAGER_ROLE} TO {login}"))
    admin.dispose()
    assert is_manager(rep)
    assert approve_report(rep, report_id).history[-1].by == login
    rep.close()
