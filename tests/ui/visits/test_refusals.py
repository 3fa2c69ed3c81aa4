"""The visit form's refusals: one sentence under the field it concerns, never a box or a
traceback; what was typed stays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, QTime
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store
from fieldrep.visits.logbook import list_visits
from fieldrep.visits.model import Outcome
from ui.kit.tasks import TaskRunner
from ui.visits.dialog import VisitDialog

TODAY = date.today()
TOMORROW = TODAY + timedelta(days=1)


def _now() -> datetime:
    return datetime.combine(TODAY, time(12, 0))


@pytest.fixture
def dialog(qtbot: QtBot, store: Store) -> VisitDialog:
    account = add_account(store, AccountData("Pharmacie du Parc", city="Lyon", lat=45.76,
                                             lon=4.84))
    made = VisitDialog(store, TaskRunner(), account.id or 0, now=_now)
    qtbot.addWidget(made)
    made.show()
    with qtbot.waitSignal(made.ready, timeout=10000):
        pass
    return made


def _refused(qtbot: QtBot, dialog: VisitDialog) -> dict[str, str]:
    job = dialog.save()
    if job is not None:
        with qtbot.waitSignal(job.finished, timeout=10000):
            pass
    assert dialog.result() == 0  # still open
    return dialog.field_errors.shown()


@pytest.mark.parametrize("outcome", [Outcome.NO_ONE_THERE, Outcome.COMPLETED])
def test_a_visit_tomorrow_cannot_be_no_one_there_or_completed(
        qtbot: QtBot, dialog: VisitDialog, store: Store, outcome: Outcome) -> None:
    dialog.form.day.setDate(QDate(TOMORROW.year, TOMORROW.month, TOMORROW.day))
    dialog.form.outcome.setCurrentIndex(dialog.form.outcome.findData(outcome.value))
    dialog.form.notes.setPlainText("nobody at the counter")
    shown = _refused(qtbot, dialog)
    assert shown == {"day": f"{TOMORROW:%a %d %b %Y} is in the future: a visit can be marked "
                            f"{outcome.label.lower()} once it has happened (plan it for "
                            "that day instead)"}
    assert not dialog.error.isVisible()
    line = dialog.field_errors.lines["day"]
    day_row = dialog.form.layout_form.getWidgetPosition(dialog.form.day)[0]
    assert dialog.form.layout_form.getWidgetPosition(line)[0] == day_row + 1
    assert dialog.form.notes.toPlainText() == "nobody at the counter"
    assert list_visits(store) == []
    dialog.form.day.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    assert dialog.field_errors.shown() == {}  # typing clears it
    dialog.tasks.wait()


def test_a_check_in_later_than_now_is_shown_at_the_check_in(
        qtbot: QtBot, dialog: VisitDialog) -> None:
    dialog.form.check_in_on.setChecked(True)
    dialog.form.check_in.setTime(QTime(15, 0))
    shown = _refused(qtbot, dialog)
    assert list(shown) == ["check_in"] and "later than now (12:00)" in shown["check_in"]
    dialog.tasks.wait()
