"""The Team dialog shows the chosen month's figures per rep and the team, and exports them."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings
from fieldrep.visits.logbook import log_visit
from fieldrep.visits.model import VisitInput
from ui.kit.tasks import TaskRunner
from ui.team.dialog import TeamDialog


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)


def test_the_team_dialog_shows_the_month_and_exports_it(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    set_settings(store, {"rep.name": "Jean Dupont", "quota.visits_per_month": "4"})
    account = add_account(store, AccountData("Pharmacie du Marché", city="Lyon"))
    assert account.id is not None
    for day in (2, 9, 16):
        log_visit(store, VisitInput(account_id=account.id, day=date(2026, 3, day)))
    dialog = TeamDialog(store, tasks, today=date(2026, 4, 10))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Team activity" in dialog.preview.toPlainText(), timeout=10000)
    assert "April 2026" in dialog.preview.toPlainText()
    assert "Jean Dupont" not in dialog.preview.toPlainText()  # nothing in April
    assert "rep and manager" in dialog.me.text()
    dialog.month.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "Jean Dupont" in dialog.preview.toPlainText(), timeout=10000)
    assert "75.0 %" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.export(tmp_path / "team.csv").finished, timeout=10000):
        pass
    with (tmp_path / "team.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[1] == ["March 2026"]
    assert ["Jean Dupont", "3", "0", "1", "0.0", "0.00", "4", "75.0%"] in rows


@pytest.mark.postgres
def test_the_manager_sets_a_reps_quota_in_the_team_dialog(
        qtbot: QtBot, pg_url: str, rep_login: str, tasks: TaskRunner) -> None:
    from fieldrep.store import open_store

    rep = open_store(rep_login)
    shop = add_account(rep, AccountData("Cave Nord", city="Lille"))
    log_visit(rep, VisitInput(account_id=shop.id or 0, day=date(2026, 3, 2)))
    manager = open_store(pg_url)  # the server's superuser: a manager
    set_settings(manager, {"quota.visits_per_month": "10"})
    dialog = TeamDialog(manager, tasks, today=date(2026, 3, 20))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.quota_row.isVisible, timeout=10000)
    login = rep_login.split("://", 1)[1].split("@", 1)[0]
    dialog.quota_rep.setCurrentIndex(dialog.quota_rep.findText(login))
    assert dialog.quota_visits.value() == 10  # the team's, until the manager says
    dialog.quota_visits.setValue(4)
    dialog.quota_set.click()
    qtbot.waitUntil(lambda: "25.0" in dialog.preview.toPlainText(), timeout=10000)
    assert dialog.quota_rep.currentText() == login and dialog.quota_visits.value() == 4
    tasks.wait(10000)
    rep.close()
    manager.close()

    # A rep opens the same dialog read-only: no quota row.
    mine = open_store(rep_login)
    theirs = TeamDialog(mine, tasks, today=date(2026, 3, 20))
    qtbot.addWidget(theirs)
    theirs.show()
    qtbot.waitUntil(lambda: "Team activity" in theirs.preview.toPlainText(), timeout=10000)
    assert not theirs.quota_row.isVisible()
    tasks.wait(10000)
    mine.close()
