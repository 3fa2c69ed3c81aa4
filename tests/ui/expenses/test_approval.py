"""The manager's buttons of the expense report dialog: approve, return with a reason,
mark reimbursed, each enabled only where the move is allowed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fieldrep.expenses.records import ReportStatus
from fieldrep.expenses.report_service import create_report, get_report, submit_report
from fieldrep.store import Store
from tests.ui.expenses.test_page import TODAY, seed
from ui.expenses.report_dialog import ExpenseReportDialog
from ui.kit.tasks import TaskRunner


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)


def test_the_manager_returns_then_approves_and_reimburses_a_report(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed(store, tmp_path)
    report = create_report(store, TODAY.replace(day=1), TODAY.replace(day=31))
    submit_report(store, report.id, confirmed=True, by="Jean")
    dialog = ExpenseReportDialog(store, tasks, day=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Expense report" in dialog.preview.toPlainText(), timeout=10000)
    dialog.select_report(report.id)
    qtbot.waitUntil(lambda: dialog.approve_button.isEnabled(), timeout=10000)
    assert dialog.return_button.isEnabled() and not dialog.reimbursed_button.isEnabled()

    monkeypatch.setattr("ui.expenses.report_dialog.QInputDialog.getText",
                        lambda *_a, **_k: ("the hotel receipt is missing", True))
    dialog.return_button.click()
    qtbot.waitUntil(lambda: dialog.submit_button.isEnabled(), timeout=10000)
    assert "Returned" in dialog.preview.toPlainText()
    assert "returned by Jean: the hotel receipt is missing" in \
        dialog.preview.toPlainText()
    assert not dialog.approve_button.isEnabled()

    asked: list[tuple[str, ...]] = []  # its meals are over the policy: the rep confirms
    monkeypatch.setattr(dialog, "confirm_submit", lambda w: asked.append(w) or True)
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.approve_button.isEnabled(), timeout=10000)
    assert len(asked) == 1
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: dialog.reimbursed_button.isEnabled(), timeout=10000)
    assert not dialog.reopen_button.isEnabled() and not dialog.return_button.isEnabled()
    dialog.reimbursed_button.click()
    qtbot.waitUntil(lambda: get_report(store, report.id).status is ReportStatus.REIMBURSED,
                    timeout=10000)
    assert [e.action for e in get_report(store, report.id).history] == [
        "submitted", "returned", "submitted", "approved", "reimbursed"]
