"""A visit saved from a form whose copy was changed elsewhere meanwhile: both versions are
shown field by field and the rep's merge is saved; Cancel saves nothing and keeps the form
(and its draft) as typed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store, open_store
from fieldrep.visits.logbook import get_visit, load_draft, log_visit, update_visit
from fieldrep.visits.model import VisitData, VisitInput
from tests.ui.merge_answer import MergeAnswer
from ui.kit.tasks import TaskRunner
from ui.visits.dialog import VisitDialog, draft_key

DAY = date(2026, 3, 2)


def _now() -> datetime:
    return datetime(2026, 3, 2, 18)


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)


def opened_then_changed(qtbot: QtBot, store: Store, db_url: str,
                        tasks: TaskRunner) -> tuple[VisitData, VisitDialog]:
    """The rep opens a logged visit; meanwhile another client rewrites its notes."""
    account = add_account(store, AccountData("Cave des Canuts", city="Lyon"))
    assert account.id is not None
    typed = VisitInput(account_id=account.id, day=DAY, check_in=time(9, 30),
                       notes="Wants the new catalogue")
    visit = log_visit(store, typed, now=_now())
    dialog = VisitDialog(store, tasks, account.id, visit=visit, now=_now)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=10000):
        dialog.show()
    other = open_store(db_url)
    try:
        update_visit(other, visit.id, replace(typed, notes="Ordered 12 cases"), now=_now(),
                     expected_version=visit.version)
    finally:
        other.close()
    return visit, dialog


def test_the_rep_keeps_their_changes_and_the_notes_written_elsewhere(
        qtbot: QtBot, store: Store, db_url: str, tasks: TaskRunner) -> None:
    visit, dialog = opened_then_changed(qtbot, store, db_url, tasks)
    dialog.form.needs.setText("Delivery on Tuesdays")
    dialog.form.check_in.setTime(QTime(9, 45))
    answer = MergeAnswer()
    with qtbot.waitSignal(dialog.saved, timeout=20000) as signal:
        dialog.save()

    assert [(d.label, d.mine, d.theirs) for d in answer.differences[0]] == [
        ("Check-in", "09:45", "09:30"),
        ("Notes", "Wants the new catalogue", "Ordered 12 cases"),
        ("Needs", "Delivery on Tuesdays", "")]
    assert answer.defaults == [{"check_in", "needs"}]  # the notes only changed elsewhere
    stored = get_visit(store, visit.id)
    assert (stored.check_in, stored.notes, stored.needs) == (
        time(9, 45), "Ordered 12 cases", "Delivery on Tuesdays")
    assert signal.args[0] == stored and dialog.result() == dialog.DialogCode.Accepted


def test_choosing_the_rep_s_notes_over_the_saved_ones(
        qtbot: QtBot, store: Store, db_url: str, tasks: TaskRunner) -> None:
    visit, dialog = opened_then_changed(qtbot, store, db_url, tasks)
    dialog.form.notes.setPlainText("Wants the new catalogue; call back Friday")
    answer = MergeAnswer({"notes": True})
    with qtbot.waitSignal(dialog.saved, timeout=20000):
        dialog.save()
    assert answer.defaults == [{"notes"}]
    stored = get_visit(store, visit.id)
    assert stored.notes == "Wants the new catalogue; call back Friday"
    # Editing never loses what was written: the notes saved elsewhere are kept as before.
    assert ("Ordered 12 cases", "") in stored.revisions


def test_cancelling_the_merge_saves_nothing_and_keeps_the_form_and_its_draft(
        qtbot: QtBot, store: Store, db_url: str, tasks: TaskRunner) -> None:
    visit, dialog = opened_then_changed(qtbot, store, db_url, tasks)
    dialog.form.needs.setText("Delivery on Tuesdays")
    answer = MergeAnswer(accept=False)
    job = dialog.save()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: bool(answer.defaults), timeout=5000)

    assert dialog.isVisible() and dialog.result() == 0
    assert "changed elsewhere" in dialog.error.text()
    assert dialog.form.needs.text() == "Delivery on Tuesdays"
    stored = get_visit(store, visit.id)
    assert (stored.notes, stored.needs) == ("Ordered 12 cases", "")
    draft = load_draft(store, draft_key(visit.account_id or 0, visit_id=visit.id))
    assert draft is not None and draft["needs"] == "Delivery on Tuesdays"
