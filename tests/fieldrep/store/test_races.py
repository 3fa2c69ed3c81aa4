"""Two clients of one store at once: nothing lost, nothing silently overwritten.

Each race runs with two real connections (two opened stores) on a SQLite file and on a
real PostgreSQL database, in the interleaving that used to go wrong: the first client
has read and decided, the second one acts, then the first one goes on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from fieldrep.accounts.conflicts import StaleAccount
from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, delete_accounts, get_account, update_account
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, list_expenses, update_expense
from fieldrep.expenses.records import ExpenseError, ReportStatus
from fieldrep.expenses.report_service import (
    approve_report,
    create_report,
    get_report,
    reopen_report,
    report_document,
    submit_report,
)
from fieldrep.store import Store
from fieldrep.visits.logbook import delete_visit, log_visit
from fieldrep.visits.model import VisitInput
from tests.fieldrep.store.interleave import BLOCKED, Client, Pause, Reached

DAY = date(2026, 3, 2)


def parking(amount: str, day: date = DAY, **fields: object) -> ExpenseEntry:
    return ExpenseEntry(day, Category.PARKING, Decimal(amount), "EUR", **fields)  # type: ignore[arg-type]


def test_an_account_edited_in_two_windows_keeps_both_changes(
        two: tuple[Store, Store]) -> None:
    mine, theirs = two
    saved = add_account(mine, AccountData("Garage Martin", street="1 rue Neuve",
                                          notes="Ask for Paul"))
    window_one = get_account(mine, saved.id)
    window_two = get_account(theirs, saved.id)
    update_account(theirs, replace(window_two, notes="Ask for Paul; closed on Mondays"))

    with pytest.raises(StaleAccount) as refused:
        update_account(mine, replace(window_one, street="3 rue Neuve"))
    stale = refused.value
    assert "nothing was saved" in str(stale) and "Street" in str(stale)
    assert (stale.mine_version, stale.theirs_version) == (1, 2)
    assert {d.field: (d.mine, d.theirs) for d in stale.differences} == {
        "street": ("3 rue Neuve", "1 rue Neuve"),
        "notes": ("Ask for Paul", "Ask for Paul; closed on Mondays")}
    assert get_account(mine, saved.id).notes == "Ask for Paul; closed on Mondays"

    merged = update_account(mine, stale.merged({"street"}))
    assert (merged.street, merged.notes) == ("3 rue Neuve", "Ask for Paul; closed on Mondays")
    assert merged.version == 3


def test_an_expense_changed_while_another_client_submits_is_never_changed_after(
        two: tuple[Store, Store]) -> None:
    editor, submitter = two
    line = add_expense(editor, parking("12.00"))
    report = create_report(editor, date(2026, 3, 1), date(2026, 3, 31))
    paused = Pause(editor, "before_flush")  # the editor has checked the report: a draft
    moving = Reached(submitter, "UPDATE")  # the submission has checked the lines
    try:
        edit = Client(lambda: update_expense(editor, line.id, parking("99.00"))).start()
        assert paused.reached.wait(30)
        submit = Client(lambda: submit_report(submitter, report.id)).start()
        assert moving.wait()
        submit.done.wait(BLOCKED)  # the submission waits for the editor's lock
        paused.release()
        edit.finish()
        submit.finish()
    finally:
        paused.remove()
        moving.remove()

    # The edit went in first; the submission saw its lines change and was refused (and
    # recorded), so nothing changed after a submission.
    assert edit.error is None
    assert isinstance(submit.error, ExpenseError)
    assert "changed while it was being submitted" in str(submit.error)
    after = get_report(submitter, report.id)
    assert after.status is ReportStatus.DRAFT
    assert [e.action for e in after.history] == ["refused"]
    assert [r.entry.amount for r in list_expenses(submitter, report_id=report.id)] == [
        Decimal("99.00")]
    assert submit_report(submitter, report.id).status is ReportStatus.SUBMITTED


def test_an_expense_added_while_another_client_submits_stays_out_of_the_report(
        two: tuple[Store, Store]) -> None:
    adder, submitter = two
    add_expense(submitter, parking("12.00"))
    report = create_report(submitter, date(2026, 3, 1), date(2026, 3, 31))
    paused = Pause(submitter, "before_commit")  # the submission is written, not committed
    try:
        submit = Client(lambda: submit_report(submitter, report.id)).start()
        assert paused.reached.wait(30)
        add = Client(lambda: add_expense(adder, parking("40.00", day=date(2026, 3, 3)))).start()
        add.done.wait(BLOCKED)  # the new expense waits for the submission
        paused.release()
        submit.finish()
        add.finish()
    finally:
        paused.remove()

    assert submit.error is None and add.error is None
    assert add.result.report_id is None  # saved, in no report: the report was submitted
    document = report_document(submitter, report_id=report.id)
    assert [r.entry.amount for r in document.records] == [Decimal("12.00")]
    assert [e.action for e in get_report(adder, report.id).history] == ["submitted"]


def test_approve_and_reopen_racing_only_one_wins_and_the_other_is_recorded(
        two: tuple[Store, Store]) -> None:
    accounts, rep = two
    add_expense(accounts, parking("12.00"))
    report = create_report(accounts, date(2026, 3, 1), date(2026, 3, 31))
    submit_report(accounts, report.id)
    paused = Pause(accounts, "before_commit")
    try:
        reimburse = Client(lambda: approve_report(accounts, report.id, by="Accounts")).start()
        assert paused.reached.wait(30)
        reopen = Client(lambda: reopen_report(rep, report.id, "a receipt is missing",
                                              by="Jean")).start()
        reopen.done.wait(BLOCKED)
        paused.release()
        reimburse.finish()
        reopen.finish()
    finally:
        paused.remove()

    assert reimburse.error is None
    assert isinstance(reopen.error, ExpenseError)
    assert "is approved: only a submitted report can be reopened" in str(reopen.error)
    after = get_report(rep, report.id)
    assert after.status is ReportStatus.APPROVED
    assert [(e.action, e.by) for e in after.history] == [
        ("submitted", after.history[0].by), ("approved", "Accounts"), ("refused", "Jean")]


def test_deleting_an_account_or_a_visit_leaves_a_submitted_report_as_it_was(
        two: tuple[Store, Store]) -> None:
    rep, other = two
    account = add_account(rep, AccountData("Cave des Canuts", city="Lyon"))
    assert account.id is not None
    visit = log_visit(rep, VisitInput(account_id=account.id, day=DAY))
    add_expense(rep, parking("12.00", account_id=account.id, visit_id=visit.id,
                             merchant="Parking Bellecour"))
    report = create_report(rep, date(2026, 3, 1), date(2026, 3, 31))
    submit_report(rep, report.id)
    before = list_expenses(rep, report_id=report.id)
    assert before[0].account_name == "Cave des Canuts"
    document = report_document(rep, report_id=report.id).report

    delete_visit(other, visit.id)
    delete_accounts(other, [account.id])

    after = list_expenses(rep, report_id=report.id)
    assert [(r.account_name, r.entry.merchant, r.entry.amount, r.locked) for r in after] == [
        ("Cave des Canuts", "Parking Bellecour", Decimal("12.00"), True)]
    assert report_document(rep, report_id=report.id).report == document
