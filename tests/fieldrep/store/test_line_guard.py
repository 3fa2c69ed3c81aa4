"""The database's own guard on locked report lines: any tool, not only FieldRep, is refused.

The writes below go through a plain connection with SQL, as a database tool or a script
would, on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, list_expenses, update_expense
from fieldrep.expenses.records import ExpenseError
from fieldrep.expenses.report_service import create_report, get_report, reopen_report, submit_report
from fieldrep.store import Store

DAY = date(2026, 3, 2)


def submitted_line(store: Store) -> tuple[int, int, int]:
    """An expense with an account in a submitted report: (report, expense, account) ids."""
    account = add_account(store, AccountData("Cave des Canuts"))
    assert account.id is not None
    line = add_expense(store, ExpenseEntry(DAY, Category.MEALS, Decimal("31.50"), "EUR",
                                           merchant="Brasserie", account_id=account.id))
    report = create_report(store, date(2026, 3, 1), date(2026, 3, 31))
    submit_report(store, report.id)
    return report.id, line.id, account.id


@pytest.mark.parametrize("statement", [
    "UPDATE expenses SET amount = 999 WHERE id = :line",
    "UPDATE expenses SET report_id = NULL WHERE id = :line",
    "DELETE FROM expenses WHERE id = :line",
    "INSERT INTO expenses (day, category, amount, currency, tax, merchant, paid_by, "
    "reimbursable, report_id, attendees, notes, distance_unit, rate_label, mileage_source, "
    "created_at, updated_at) VALUES ('2026-03-03', 'meals', 100, 'EUR', 0, '', 'personal', "
    "true, :report, '', '', '', '', '', '2026-03-03', '2026-03-03')",
    "DELETE FROM expense_reports WHERE id = :report",
    "INSERT INTO expense_receipts (expense_id, stored_name, original_name, kind, size, "
    "created_at) VALUES (:line, 'x.png', 'x.png', 'png', 1, '2026-03-03')",
])
def test_any_tool_is_refused_a_write_to_a_submitted_line(store: Store, db_url: str,
                                                          statement: str) -> None:
    report, line, _account = submitted_line(store)
    tool = create_engine(db_url)
    try:
        with pytest.raises(DBAPIError, match="locked report line"), tool.begin() as conn:
            conn.execute(text(statement), {"line": line, "report": report})
    finally:
        tool.dispose()
    assert [(r.id, r.entry.amount) for r in list_expenses(store, report_id=report)] == [
        (line, Decimal("31.50"))]


def test_deleting_the_account_lets_go_of_the_line_but_keeps_its_text(store: Store) -> None:
    report, line, account = submitted_line(store)
    # With foreign keys enforced (FieldRep's connections: SQLite needs them switched on),
    # the account's deletion clears the line's link, which the guard lets through.
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM accounts WHERE id = :a"), {"a": account})
    [record] = list_expenses(store, report_id=report)
    assert (record.id, record.entry.account_id, record.account_name) == (
        line, None, "Cave des Canuts")


def test_a_write_the_guard_refuses_is_one_sentence_and_recorded(store: Store) -> None:
    report, line, _account = submitted_line(store)
    reopen_report(store, report, "the amount was wrong")
    update_expense(store, line, ExpenseEntry(DAY, Category.MEALS, Decimal("13.50"), "EUR",
                                             merchant="Brasserie"))
    submit_report(store, report)
    with pytest.raises(ExpenseError, match="cannot be changed; reopen the report first"):
        update_expense(store, line, ExpenseEntry(DAY, Category.MEALS, Decimal("1.00"), "EUR"))
    history = get_report(store, report).history
    assert [e.action for e in history] == ["submitted", "reopened", "line changed", "submitted",
                                           "refused"]
    assert history[2].reason == (f"expense #{line}: amount 31.50 → 13.50; account "
                                 "'Cave des Canuts' → ''")
