"""The Plan page offscreen on a real store: optimise, see, change by hand, save, export."""

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldrep.planning.saved import list_plans, load_plan
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings
from tests.ui.plan.page_support import (
    EVIL,
    MONDAY,
    cell_texts,
    map_state,
    planned,
    seed,
    wait_job,
)
from ui.kit.colours import MUTED, qcolor

PAST_MONDAY = date(2026, 3, 2)


def test_optimise_a_day_shows_the_timeline_totals_and_the_route(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    qtbot.waitUntil(lambda: page.request.start.text() == "home")
    planned(qtbot, page, list(ids.values()))
    qtbot.waitUntil(lambda: page.accounts_model.index(0, 0).data() == "Pharmacie Bellecour")
    assert page.accounts.label.text() == f"Accounts to plan ({len(ids)})"
    day = page.days[0]
    assert day.day == MONDAY
    stops = len(day.stops)
    assert stops == 6  # all but the week-end bookshop
    names = cell_texts(page, 4)
    assert names[0].startswith("Leave ") and names[-1].startswith("Back at ")
    assert "Lunch break" in names
    assert EVIL in names  # shown as text, as it is
    assert [n for n in cell_texts(page, 0) if n] == [str(n) for n in range(1, stops + 1)]
    totals = page.summary.totals.text()
    assert "driving" in totals and "km" in totals and "meetings 3 h 00 min" in totals
    first = cell_texts(page, 0).index("1")
    assert cell_texts(page, 2)[first] == f"{day.stops[0].arrival:%H:%M}"
    assert cell_texts(page, 3)[first] == f"{day.stops[0].start:%H:%M}–{day.stops[0].end:%H:%M}"
    assert not page.summary.warnings.isVisible()  # the optimised day breaks nothing

    qtbot.waitUntil(lambda: page.map.is_ready, timeout=20000)
    qtbot.waitUntil(lambda: map_state(qtbot, page).get("routeStops") == stops, timeout=20000)
    assert map_state(qtbot, page)["accounts"] == len(ids)
    assert page.map.page.console == []


def test_a_closed_account_is_left_out_with_its_reason(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    assert page.left_out.label.text() == "Left out (1)"
    (text,) = page.dropped_texts()
    assert text.startswith("Librairie du Week-end: ")
    assert "Monday" in text
    assert ids["Librairie du Week-end"] not in page.timeline_ids()


def test_a_bad_order_by_hand_shows_its_problems(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    garage = ids["Garage Villeurbanne"]
    page.set_accounts(list(ids.values()))
    page.add_appointment(garage, time(9, 0))
    assert page.appointments() == {garage: time(9, 0)}
    wait_job(qtbot, page.optimise())
    assert page.timeline_ids()[0] == garage
    row = cell_texts(page, 0).index("1")
    assert "appt 09:00" in cell_texts(page, 7)[row]
    page.set_locked(garage, True)
    assert page.locked == [garage]
    assert "locked" in cell_texts(page, 7)[row]

    page.select_stop(garage)
    assert page.selected_stop() == garage
    for _ in range(3):  # the buttons, as the rep presses them
        page.day_panel.down_button.click()
        qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    assert page.timeline_ids()[3] == garage
    assert page.selected_stop() == garage
    assert page.summary.warnings.isVisible()
    assert any("Garage Villeurbanne" in p and "late for the 09:00 appointment" in p
               for p in page.summary.problems)
    assert "late for the 09:00 appointment" in page.summary.warnings.text()
    row = cell_texts(page, 0).index("4")
    assert cell_texts(page, 3)[row] > "09:00"  # late, but the appointment keeps its time
    assert "appt 09:00" in cell_texts(page, 7)[row]
    assert page.dropped_texts()  # what was left out stays listed


def test_save_and_export_the_day(
    qtbot: QtBot, store: Store, make_page: Any, tmp_path: Path
) -> None:
    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    stops = len(page.days[0].stops)
    wait_job(qtbot, page.save())
    ((plan_id, kind, first, count),) = list_plans(store)
    assert (kind, first, count) == ("day", MONDAY, stops)
    assert len(load_plan(store, plan_id).dropped) == 1
    assert f"plan {plan_id}" in page.summary.status.text()

    set_settings(store, {"work.timezone": "Europe/Paris"})
    wait_job(qtbot, page.export_day(tmp_path / "day.ics"))
    assert "written to" in page.summary.status.text()
    calendar = Calendar.from_ical((tmp_path / "day.ics").read_bytes())
    events = calendar.walk("VEVENT")
    summaries = [str(e["summary"]) for e in events]
    assert len(summaries) == stops + 1 and "Lunch break" in summaries
    assert {e["dtstart"].params["TZID"] for e in events} == {"Europe/Paris"}
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    wait_job(qtbot, page.export_day(tmp_path / "day.gpx"))
    wait_job(qtbot, page.export_day(tmp_path / "day.txt"))
    assert (tmp_path / "day.gpx").exists()
    assert (tmp_path / "day.txt").read_text().startswith("https://www.google.com/maps")
    assert page.export_day(tmp_path / "day.pdf") is None
    assert "a plan exports as .ics (calendar)" in page.summary.status.text()


def test_a_week_has_a_tab_and_a_colour_per_day(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    page.mode.setCurrentIndex(page.mode.findData("week"))
    page.request.week_days.setValue(2)
    planned(qtbot, page, list(ids.values()))
    assert page.day_panel.tabs.isVisible() and page.day_panel.tabs.count() == 2
    assert [d.day for d in page.days] == [MONDAY, date(2031, 3, 4)]
    seen = set(page.timeline_ids())
    page.day_panel.tabs.setCurrentIndex(1)
    seen |= set(page.timeline_ids())
    assert seen == set(ids.values()) - {ids["Librairie du Week-end"]}
    stops = sum(len(d.stops) for d in page.days)
    qtbot.waitUntil(lambda: page.map.is_ready, timeout=20000)
    qtbot.waitUntil(lambda: map_state(qtbot, page).get("routeStops") == stops, timeout=20000)
    wait_job(qtbot, page.save())
    assert list_plans(store)[0][1] == "week"


def test_week_appointments_fall_on_their_own_day(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    page.mode.setCurrentIndex(page.mode.findData("week"))
    page.request.week_days.setValue(3)
    page.set_accounts(list(ids.values()))
    assert not page.accounts.view.isColumnHidden(2)  # the Day column shows in a week
    wednesday = date(2031, 3, 5)
    page.add_appointment(ids["Cave de Vaise"], time(10, 0), wednesday)
    page.add_appointment(ids["Garage Villeurbanne"], time(15, 0), date(2031, 3, 4))
    wait_job(qtbot, page.optimise())
    by_day = {d.day: {s.account_id: s for s in d.stops} for d in page.days}
    assert list(by_day) == [MONDAY, date(2031, 3, 4), wednesday], page.summary.status.text()
    assert by_day[wednesday][ids["Cave de Vaise"]].start == time(10, 0)
    assert by_day[date(2031, 3, 4)][ids["Garage Villeurbanne"]].start == time(15, 0)
    assert ids["Cave de Vaise"] not in by_day[MONDAY]
    page.mode.setCurrentIndex(page.mode.findData("day"))
    assert page.accounts.view.isColumnHidden(2)


def test_replan_from_a_stop_keeps_the_visits_done_and_plans_the_rest(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    morning = page.timeline_ids()
    assert len(morning) >= 3
    page.select_stop(morning[1])
    assert page.day_panel.replan_button.isEnabled()
    wait_job(qtbot, page.replan_from_stop(morning[1], now=time(14, 30)))
    day = page.days[0]
    assert page.timeline_ids()[:2] == morning[:2]  # the visits done stay first
    assert sorted(page.timeline_ids()) == sorted(morning)  # the rest is planned again
    assert all(s.arrival >= time(14, 30) for s in day.stops[2:])
    assert day.stops[2].leg_metres > 0  # from the stop where the rep is
    notes = dict(zip(cell_texts(page, 0), cell_texts(page, 7), strict=True))
    assert "done" in notes["1"] and "done" in notes["2"] and "done" not in notes["3"]
    status = page.summary.status.text()
    assert "Re-planned from" in status and "2 visits done" in status
    assert day.totals.distance_metres >= sum(s.leg_metres for s in day.stops)


def test_the_distance_driven_is_recorded_for_a_saved_day(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    from fieldrep.planning.saved import driven_metres

    ids = seed(store)
    set_settings(store, {"distance.unit": "mi"})
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    wait_job(qtbot, page.save())
    assert page.keeping.ask_driven() is None  # MONDAY is still to come: nothing to record
    assert "is still to come: record the distance driven" in page.summary.status.text()
    page.date.setDate(PAST_MONDAY)
    planned(qtbot, page, list(ids.values()))
    assert not page.save_bar.driven_button.isEnabled()  # not saved yet
    wait_job(qtbot, page.save())
    assert page.save_bar.driven_button.isEnabled()
    wait_job(qtbot, page.record_driven(driven_metres("12.5", "mi"), "mi"))
    (plan_id,) = [p[0] for p in list_plans(store) if p[2] == PAST_MONDAY]
    assert load_plan(store, plan_id).driven_metres == (20_117,)
    assert "12.5 mi driven" in page.summary.status.text()


def test_errors_are_shown_in_words(qtbot: QtBot, store: Store, make_page: Any) -> None:
    ids = seed(store, home=False)
    page = make_page()
    qtbot.waitUntil(lambda: "no home base" in page.request.start.placeholderText())
    assert page.request.start.text() == ""
    assert page.optimise() is None
    assert "Choose the accounts" in page.summary.status.text()
    page.set_accounts(list(ids.values()))
    job = page.optimise()
    with qtbot.waitSignals([job.finished, page.home_needed], timeout=30000):
        pass  # the window opens the setup assistant at its home step
    assert "home base, which is not set yet" in page.summary.status.text()
    assert not page.days and not page.request.cancel_button.isVisible()
    page.request.start.setText("45.764,4.8357")
    page.add_appointment(ids["Cave de Vaise"], time(7, 0))  # before the working day
    job = page.optimise()
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    assert page.summary.status.text().startswith("Could not plan: ")
    assert page.save() is None and page.export_day(Path("x.ics")) is None


def test_the_window_plans_the_selected_accounts(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.window.main_window import MainWindow

    ids = seed(store)
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, **kwargs: None)
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model is not None, timeout=10000)
    window.table.selectAll()
    qtbot.waitUntil(lambda: len(window.accounts.selected_ids()) == len(ids))
    window.plan_action.trigger()
    assert window.pages.currentWidget() is window.plan_page
    assert sorted(window.plan_page.account_ids) == sorted(ids.values())
    assert window.nav.currentItem().text() == "Plan"
    window.close()
    window.tasks.wait(10000)


def test_a_saved_plan_reopens_with_its_logged_visits_greyed(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    from datetime import datetime

    from fieldrep.visits.logbook import log_visit
    from fieldrep.visits.model import VisitInput
    from fieldrep.visits.planned import planned_visits

    ids = seed(store)
    page = make_page()
    planned(qtbot, page, list(ids.values()))
    morning = page.timeline_ids()
    wait_job(qtbot, page.save())
    first = planned_visits(store, MONDAY)[0]
    log_visit(store, VisitInput(first.account_id, MONDAY, plan_stop_id=first.stop_id),
              now=datetime(2031, 3, 3, 18, 0))

    other = make_page()
    wait_job(qtbot, other.open_plan(page.saved_id))
    assert other.timeline_ids() == morning and other.saved_id == page.saved_id
    assert other.done == [first.account_id]
    row = cell_texts(other, 0).index("1")
    assert other.stops.index(row, 4).data(Qt.ItemDataRole.ForegroundRole) == qcolor(MUTED)
    assert "1 visit already logged" in other.summary.status.text()
    # and the rest of the day is planned again from that stop
    wait_job(qtbot, other.replan_from_stop(first.account_id, now=time(11, 0)))
    assert other.timeline_ids()[0] == first.account_id
    assert sorted(other.timeline_ids()) == sorted(morning)


def test_cancel_keeps_the_best_plan_found_so_far(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    page = make_page()
    page.mode.setCurrentIndex(page.mode.findData("week"))
    page.request.week_days.setValue(3)
    page.set_accounts(list(ids.values()))
    job = page.optimise()
    assert job is not None and page.request.cancel_button.isVisible()
    job.progress.connect(lambda *_args: page.request.cancel_button.click())
    wait_job(qtbot, job)
    assert page.days and "stopped early: the best plan found so far" in \
        page.summary.status.text()
    assert not page.request.cancel_button.isVisible() and page.job is None


def test_a_day_too_short_for_lunch_says_what_to_change(
    qtbot: QtBot, store: Store, make_page: Any
) -> None:
    ids = seed(store)
    set_settings(store, {"work.start": "08:30", "work.end": "11:00"})
    page = make_page()
    qtbot.waitUntil(lambda: page.request.start.text() == "home")
    page.set_accounts(list(ids.values()))
    job = page.optimise()
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    assert page.summary.status.text() == (
        "Could not plan: Monday 3 March 2031: the 45-minute lunch break, which starts "
        "between 11:45 and 14:00, does not fit in your working hours 08:30–11:00: end the "
        "day at 12:30 or later, or set the lunch break to 0 minutes (none) in Settings")
    assert not page.days


def test_a_search_going_on_keeps_the_window_on_a_laptop_screen(
    qtbot: QtBot, store: Store
) -> None:
    from ui.window.main_window import MainWindow

    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.nav.setCurrentRow(window.pages.indexOf(window.plan_page))
    bar = window.plan_page.request
    qtbot.waitUntil(bar.isVisible)
    bar.set_busy(True, "Optimising…")
    bar.show_progress("128 better plans")  # grows as the search runs
    qtbot.wait(200)
    assert window.width() == 1366
    assert bar.cancel_button.isVisible() and not bar.optimise_button.isVisible()
    bar.set_busy(False)
    assert bar.optimise_button.isVisible() and not bar.cancel_button.isVisible()
    window.close()
    window.tasks.wait(10000)
