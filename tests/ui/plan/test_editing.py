"""Editing a plan on the Plan page, offscreen, with real solves: lock, move, re-optimise.

A lock keeps a stop at its place in the day (and at its time when the rep sets one), a
lock that cannot be kept is told in words, appointments keep their own time, a day off
is refused with the reason."""

import re
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from fieldrep.visits.follow_ups import add_follow_up
from tests.ui.plan.page_support import MONDAY, cell_texts, planned, seed, wait_job
from ui.plan.lock_dialog import LockDialog
from ui.plan.page import PlanPage
from ui.plan.stops_model import LOCK, NOTES

ENGINE_WORDS = re.compile(r"infeasible|mandatory|\bvisits? \d|\bvehicle \d|solver|status",
                          re.IGNORECASE)


def failed_job(qtbot: QtBot, job: Any) -> None:
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass


def notes(page: PlanPage) -> dict[str, str]:
    """Stop number -> its notes."""
    return {n: text for n, text in zip(cell_texts(page, 0), cell_texts(page, NOTES),
                                       strict=True) if n}


def tick_lock(page: PlanPage, account_id: int) -> None:
    """Tick the Lock box of a stop, as a click in the view does."""
    row = page.stops.row_of(account_id)
    assert row is not None
    assert page.stops.setData(page.stops.index(row, LOCK), Qt.CheckState.Checked.value,
                              Qt.ItemDataRole.CheckStateRole)


def test_locked_stops_keep_their_place_when_the_day_is_optimised_again(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    order = page.timeline_ids()
    assert len(order) == 6
    tick_lock(page, order[5])  # the last stop, and the third: where they are
    tick_lock(page, order[2])
    assert "locked" in notes(page)["6"]
    wait_job(qtbot, page.reoptimise())
    again = page.timeline_ids()
    assert (again[5], again[2]) == (order[5], order[2])
    assert sorted(again) == sorted(order)
    assert [n for n, text in notes(page).items() if "locked" in text] == ["3", "6"]
    assert page.summary.status.text().startswith("Planned 6 visits")


def test_a_stop_moved_by_hand_then_locked_stays_where_the_rep_put_it(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    first = page.timeline_ids()[0]
    page.select_stop(first)
    for _ in range(2):  # the buttons, as the rep presses them
        page.day_panel.down_button.click()
        qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    assert page.timeline_ids()[2] == first
    page.set_locked(first, True)
    wait_job(qtbot, page.reoptimise())
    assert page.timeline_ids()[2] == first and not page.summary.warnings.isVisible()


def test_lock_at_a_time_through_the_dialog(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    garage = ids["Garage Villeurbanne"]  # open all day
    page.select_stop(garage)
    place = page.timeline_ids().index(garage) + 1
    assert page.day_panel.lock_button.isEnabled()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LockDialog)
        dialog.timed.setChecked(True)
        dialog.time.setTime(dialog.time.time().fromString("16:30", "HH:mm"))
        dialog.accept()

    QTimer.singleShot(0, answer)
    page.day_panel.lock_button.click()
    assert page.stops.lock_times == {garage: time(16, 30)}
    assert "locked at 16:30" in notes(page)[str(place)]
    wait_job(qtbot, page.reoptimise())
    stop = page.days[0].stops[place - 1]
    assert (stop.account_id, stop.start) == (garage, time(16, 30))


def test_a_lock_that_cannot_be_kept_is_told_in_words_and_the_plan_stays(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    before = page.timeline_ids()
    cave = ids["Cave de Vaise"]  # opens at 09:00
    page.set_locked(cave, True, at=time(8, 40))
    place = before.index(cave) + 1
    failed_job(qtbot, page.reoptimise())
    status = page.summary.status.text()
    assert status == (f"Could not plan: Stop {place} (Cave de Vaise) locked at 08:40 cannot "
                      "be reached: it opens at 09:00")
    assert not ENGINE_WORDS.search(status)
    assert page.timeline_ids() == before  # the day shown is left as it was
    page.set_locked(cave, True, at=None)  # its place only: now it can be kept
    wait_job(qtbot, page.reoptimise())
    assert page.timeline_ids()[place - 1] == cave


def test_a_booked_appointment_shows_its_time_in_the_accounts_and_the_day(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    garage = ids["Garage Villeurbanne"]
    add_follow_up(store, garage, MONDAY, at=time(14, 30), today=date(2031, 3, 1))
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    row = page.accounts_model.ids().index(garage)
    assert page.accounts_model.index(row, 1).data() == "14:30"  # not "—"
    number = str(page.timeline_ids().index(garage) + 1)
    assert "appt 14:30" in notes(page)[number]
    page.select_stop(garage)
    page.day_panel.up_button.click()  # earlier: the rep waits, the time stays its own
    qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    number = str(page.timeline_ids().index(garage) + 1)
    assert "appt 14:30" in notes(page)[number]
    (stop,) = [s for s in page.days[0].stops if s.account_id == garage]
    assert stop.start == time(14, 30) and stop.arrival >= time(14, 20)


def test_a_day_off_is_refused_with_the_reason(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    page.set_accounts(list(ids.values()))
    page.date.setDate(date(2031, 3, 8))
    failed_job(qtbot, page.optimise())
    assert page.summary.status.text() == (
        "Could not plan: Saturday 08 March 2031 is not one of your working days (Monday to "
        "Friday): choose another day, or add it to your working days in Settings")
    assert not page.days
