"""The Visits page, the visit form and the activity report offscreen, on a real store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTime
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData, ContactData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store, open_store
from fieldrep.usecases.settings import set_settings
from fieldrep.visits.follow_ups import add_follow_up, open_follow_ups
from fieldrep.visits.logbook import get_visit, list_visits, load_draft, log_visit
from fieldrep.visits.model import Mode, Outcome, Result, VisitInput
from ui.kit.tasks import TaskRunner
from ui.visits.activity_dialog import ActivityDialog
from ui.visits.dialog import VisitDialog, draft_key
from ui.visits.due_model import DueModel
from ui.visits.page import VisitsPage

TODAY = date.today()
EVIL = "<b>Bold</b> & <script>x</script>"


def _now() -> datetime:
    return datetime.combine(TODAY, time(18, 0))


def seed(store: Store) -> dict[str, int]:
    accounts = [("Clinique du Parc", "A", 45.76, 4.84), ("Pharmacie Bellecour", "B", 45.757,
                4.832), ("Cabinet Martin", "C", 45.77, 4.85), (EVIL, "B", 45.75, 4.85)]
    ids = {}
    for name, tier, lat, lon in accounts:
        saved = add_account(store, AccountData(
            name, city="Lyon", tier=tier, cadence_days={"A": 30, "B": 60, "C": 90}[tier],
            lat=lat, lon=lon, contacts=(ContactData("Claire Martin", "buyer"),)))
        ids[name] = saved.id or 0
    set_settings(store, {"home.lat": "45.764", "home.lon": "4.8357"})
    return ids


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[VisitsPage]:
    tasks = TaskRunner()
    made = VisitsPage(store, tasks)
    qtbot.addWidget(made)
    made.resize(1300, 800)
    made.show()
    yield made
    tasks.wait(10000)


def opened(qtbot: QtBot, store: Store, account_id: int, **options: Any) -> VisitDialog:
    """The visit form for an account, its account, visit and draft read and shown."""
    tasks = TaskRunner()
    dialog = VisitDialog(store, tasks, account_id, now=_now, **options)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=10000):
        pass
    return dialog


def saved_visit(qtbot: QtBot, dialog: VisitDialog) -> Any:
    """Save the form and wait for the stored visit."""
    with qtbot.waitSignal(dialog.saved, timeout=10000) as signal:
        assert dialog.save() is not None
    return signal.args[0]


def refreshed(qtbot: QtBot, page: VisitsPage) -> None:
    with qtbot.waitSignal(page.refresh().finished, timeout=10000):
        pass


def test_planned_model_passes_qtmodeltester(qtmodeltester: Any, store: Store) -> None:
    from fieldrep.visits.planned import PlannedVisit
    from ui.visits.planned_stops import PlannedModel

    model = PlannedModel()
    model.set_stops([PlannedVisit(1, 1, 0, 7, "Cabinet Martin", time(9), time(9, 40), True,
                                  None)])
    qtmodeltester.check(model, force_py=True)


def test_due_model_passes_qtmodeltester(qtmodeltester: Any, store: Store) -> None:
    from fieldrep.visits.due import due_accounts

    seed(store)
    model = DueModel()
    model.set_suggestions(due_accounts(store, TODAY), 2)
    qtmodeltester.check(model, force_py=True)


def test_page_ranks_accounts_with_reasons_and_shows_the_brief_escaped(
        qtbot: QtBot, page: VisitsPage, store: Store) -> None:
    ids = seed(store)
    add_follow_up(store, ids["Cabinet Martin"], TODAY, at=time(10), note="demo", today=TODAY)
    refreshed(qtbot, page)
    names = [s.name for s in page.model.suggestions]
    assert names[0] == "Cabinet Martin"  # the appointment today comes first
    assert page.model.data(page.model.index(0, 4)).startswith("appointment 10:00: demo")
    assert page.model.checked_ids()[:1] == [ids["Cabinet Martin"]]
    row = names.index(EVIL)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: EVIL in page.brief.toPlainText(), timeout=5000)
    html = page.brief.toHtml()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Never visited" in page.brief.toPlainText()
    assert page.follow_ups.list.count() == 1 and "demo" in page.follow_ups.list.item(0).text()


def test_plan_the_day_hands_the_ticked_accounts_to_the_planner(
        qtbot: QtBot, page: VisitsPage, store: Store) -> None:
    ids = seed(store)
    refreshed(qtbot, page)
    first = page.model.index(0, 0)
    page.model.setData(first, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    with qtbot.waitSignal(page.plan_requested) as signal:
        page.plan_day_button.click()
    account_ids, day, kind = signal.args
    assert kind == "day" and day == TODAY
    assert page.model.suggestions[0].account_id not in account_ids
    assert set(account_ids) < set(ids.values()) and len(account_ids) == 3


def test_logging_from_the_page_updates_the_list(qtbot: QtBot, page: VisitsPage,
                                                store: Store) -> None:
    seed(store)
    refreshed(qtbot, page)
    page.table.selectRow(0)
    dialog = page.log_selected()  # the page owns it; it deletes itself once closed
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.form.isEnabled())
    dialog.now = _now
    dialog.form.notes.setPlainText("Met the buyer")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: len(page.model.suggestions) == 3, timeout=10000)
    assert [v.notes for v in list_visits(store)] == ["Met the buyer"]


def test_the_form_saves_a_visit_with_order_and_appointment(qtbot: QtBot, store: Store) -> None:
    ids = seed(store)
    dialog = opened(qtbot, store, ids["Clinique du Parc"])
    assert dialog.form.contact.findText("Claire Martin") > 0
    dialog.form.check_in_on.setChecked(True)
    dialog.form.check_in.setTime(QTime(9, 0))
    dialog.form.check_out_on.setChecked(True)
    dialog.form.check_out.setTime(QTime(9, 40))
    dialog.form.results[Result.DEMO].setChecked(True)
    dialog.form.order_value.setText("1 250,50")
    dialog.form.contact.setCurrentText("Claire Martin")
    dialog.form.notes.setPlainText("Wants the winter range")
    dialog.form.next_step.setText("bring samples")
    dialog.form.competitors.setText("Medline, B. Braun")
    dialog.form.follow_up_on.setChecked(True)
    tomorrow = TODAY + timedelta(days=1)
    dialog.form.follow_up.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    dialog.form.appointment_on.setChecked(True)
    dialog.form.appointment_at.setTime(QTime(10, 30))
    saved = saved_visit(qtbot, dialog)
    assert saved.results == (Result.DEMO, Result.ORDER, Result.FOLLOW_UP)
    assert str(saved.order_value) == "1250.50"
    assert saved.competitors == ("Medline", "B. Braun")
    [follow_up] = open_follow_ups(store)
    assert (follow_up.due, follow_up.at, follow_up.note) == (tomorrow, time(10, 30),
                                                             "bring samples")
    # editing brings back the appointment time, and keeps the old notes
    edit = opened(qtbot, store, ids["Clinique du Parc"], visit=saved)
    assert edit.form.appointment_on.isChecked() and edit.form.appointment_at.time() == QTime(10, 30)
    edit.form.notes.setPlainText("Wants the winter range; call Friday")
    saved_visit(qtbot, edit)
    assert get_visit(store, saved.id).revisions == (("Wants the winter range",
                                                     "bring samples"),)


def test_a_refused_visit_says_why_and_keeps_the_typing(qtbot: QtBot, store: Store) -> None:
    ids = seed(store)
    dialog = opened(qtbot, store, ids["Clinique du Parc"])
    dialog.form.notes.setPlainText("Two pages of notes")
    dialog.form.check_in_on.setChecked(True)
    dialog.form.check_in.setTime(QTime(11, 0))
    dialog.form.check_out_on.setChecked(True)
    dialog.form.check_out.setTime(QTime(10, 0))
    with qtbot.waitSignal(dialog.save().finished, timeout=10000):
        pass
    assert "before check-in" in dialog.field_errors.shown()["check_out"]  # under the field
    assert dialog.result() == 0  # still open
    dialog.tasks.wait()
    assert load_draft(store, dialog.key)["notes"] == "Two pages of notes"
    assert list_visits(store) == []


def test_notes_survive_a_crash_and_come_back(qtbot: QtBot, store: Store, db_url: str) -> None:
    ids = seed(store)
    dialog = opened(qtbot, store, ids["Cabinet Martin"], plan_stop_id=None)
    dialog.form.notes.setPlainText("Typed before the battery died")
    qtbot.waitUntil(lambda: load_draft(store, dialog.key) is not None, timeout=3000)
    # a second connection, as after a restart, sees the draft
    other = open_store(db_url)
    try:
        assert load_draft(other, draft_key(ids["Cabinet Martin"]))["notes"] == \
            "Typed before the battery died"
    finally:
        other.close()
    again = opened(qtbot, store, ids["Cabinet Martin"])
    assert again.restored and again.banner.isVisibleTo(again)
    assert again.form.notes.toPlainText() == "Typed before the battery died"
    saved_visit(qtbot, again)
    assert load_draft(store, again.key) is None


def test_activity_report_preview_and_export(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ids = seed(store)
    log_visit(store, VisitInput(ids["Clinique du Parc"], TODAY, order_value=None,
                                notes="fine"), now=_now())
    log_visit(store, VisitInput(ids["Cabinet Martin"], TODAY, mode=Mode.PHONE,
                                outcome=Outcome.COMPLETED,
                                order_value=Decimal("42.10")),
              now=_now())
    tasks = TaskRunner()
    dialog = ActivityDialog(store, tasks, day=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Activity report" in dialog.preview.toPlainText(), timeout=10000)
    text = dialog.preview.toPlainText()
    assert "Visits done in person" in text and "42.10" in text
    assert "1 visit done in person (0 of 0 planned), 1 remote" in dialog.status.text()
    with qtbot.waitSignal(dialog.export(tmp_path / "week.pdf").finished, timeout=10000):
        pass
    pdf = " ".join(p.extract_text() for p in PdfReader(tmp_path / "week.pdf").pages)
    assert "42.10" in pdf
    tasks.wait(10000)


def test_the_accounts_page_shows_the_history_and_logs_a_visit(qtbot: QtBot,
                                                              store: Store) -> None:
    from ui.window.main_window import MainWindow

    ids = seed(store)
    log_visit(store, VisitInput(ids["Clinique du Parc"], TODAY - timedelta(days=3),
                                notes="Talked about the <new> range"), now=_now())
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model is not None and window.model.rowCount() == 4,
                    timeout=20000)
    window.accounts.select_account(ids["Clinique du Parc"])
    qtbot.waitUntil(lambda: "Talked about the <new> range" in window.details.toPlainText(),
                    timeout=5000)
    dialog = window.log_visit_to_selected()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.account is not None)
    assert dialog.account.name == "Clinique du Parc"
    dialog.now = _now
    dialog.form.notes.setPlainText("Second visit")
    saved_visit(qtbot, dialog)
    assert [v.notes for v in list_visits(store, account_id=ids["Clinique du Parc"])] == [
        "Second visit", "Talked about the <new> range"]
    window.plan_accounts([ids["Cabinet Martin"]], TODAY, "day")
    assert window.pages.currentWidget() is window.plan_page
    assert window.plan_page.account_ids == [ids["Cabinet Martin"]]
    window.close()


def test_planned_stops_are_logged_from_the_page_and_greyed(
        qtbot: QtBot, page: VisitsPage, store: Store) -> None:
    from fieldrep.planning.model import DayPlan, Place, PlannedStop, Totals
    from fieldrep.planning.saved import save_plan

    ids = seed(store)
    home = Place("Home", 45.764, 4.8357)
    stops = tuple(PlannedStop(ids[name], name, time(h), time(h), time(h, 40), 0, 3000, 600)
                  for name, h in (("Clinique du Parc", 9), ("Cabinet Martin", 11)))
    save_plan(store, [DayPlan(TODAY, home, home, time(8, 45), time(12, 10), stops, (),
                              Totals(1800, 9000, 4800, 0, 0))])
    refreshed(qtbot, page)
    assert page.left.tabText(1) == "Planned stops (0/2)"
    page.left.setCurrentIndex(1)
    page.planned.selectRow(0)
    qtbot.waitUntil(lambda: "Clinique du Parc" in page.brief.toPlainText(), timeout=5000)
    dialog = page.log_planned_stop()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.form.isEnabled())
    assert dialog.form.check_in.time() == QTime(9, 0)
    assert dialog.form.check_out.time() == QTime(9, 40)
    dialog.now = _now
    dialog.form.notes.setPlainText("Planned visit done")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: page.left.tabText(1) == "Planned stops (1/2)", timeout=10000)
    assert page.stops.model.index(0, 2).data() == "done"
    assert page.stops.model.index(0, 1).data(Qt.ItemDataRole.FontRole).strikeOut()
    with qtbot.waitSignal(page.replan_requested) as signal:
        page.stops.plan_rest_button.click()
    assert signal.args[1] == ids["Clinique du Parc"]  # the rest of the day from there


def test_the_visit_form_reads_and_saves_off_the_ui_thread(
        qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import fieldrep.usecases.visit_form as visit_form
    import ui.visits.dialog as dialog_module

    main, on_ui = threading.get_ident(), []
    for module, name in ((visit_form, "get_account"), (visit_form, "load_draft"),
                         (visit_form, "log_visit"), (dialog_module, "save_draft")):
        real = getattr(module, name)

        def watched(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            on_ui.append(threading.get_ident() == main)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, watched)
    ids = seed(store)
    dialog = opened(qtbot, store, ids["Cabinet Martin"])
    dialog.form.notes.setPlainText("Typed")
    qtbot.waitUntil(lambda: load_draft(store, dialog.key) is not None, timeout=3000)
    saved_visit(qtbot, dialog)
    assert len(on_ui) == 4 and not any(on_ui)
