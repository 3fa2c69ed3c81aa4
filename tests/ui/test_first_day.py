"""A rep's first day, scripted on the whole window over the demo territory: Today, the
route planned, directions to the first stop, Arrived, Done with a note, on to the next
stop, an expense, the expense report; no error box and no traceback on the way."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, QUrl
from pytestqt.qtbot import QtBot

from fieldrep.expenses.ledger import list_expenses
from fieldrep.store import Store
from fieldrep.visits.logbook import list_visits
from tests.ui.today.support import MONDAY, Clock, demo, wait
from ui.today import page as today_page
from ui.window.main_window import MainWindow


@pytest.fixture
def error_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every error box the window or an operation would open (none is expected)."""
    shown: list[str] = []

    def record(_parent: Any, message: str, *_args: Any, **_kwargs: Any) -> None:
        shown.append(message)

    for where in ("ui.window.main_window", "ui.kit.operations"):
        monkeypatch.setattr(f"{where}.show_error_box", record)
    return shown


def test_a_first_day_from_today_to_the_expense_report(
        qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str], error_boxes: list[str]) -> None:
    opened: list[str] = []

    class Desktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url.toString())
            return True

    monkeypatch.setattr(today_page, "QDesktopServices", Desktop)
    demo(store)
    clock = Clock()
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    today = window.today
    assert window.pages.currentWidget() is today  # the window opens on Today
    today.now = clock
    today.date.setDate(QDate(MONDAY))
    wait(qtbot, today.job)
    assert today.route is not None and today.route.day == MONDAY

    # Plan the day from the accounts due; the route and the next stop show.
    today.ui.plan_button.click()
    wait(qtbot, today.job)
    route = today.route
    assert route is not None and len(route.stops) >= 3
    first, second = route.stops[0], route.stops[1]
    assert today.card.stop == first
    qtbot.waitUntil(lambda: today.map_job is not None, timeout=30000)
    assert window.tasks.wait(120_000)  # the map written (it may be done already)
    qtbot.waitUntil(lambda: today.map.is_ready, timeout=60000)

    # Navigate to the first stop, arrive, finish, say how it went.
    today.card.navigate_button.click()
    assert len(opened) == 1 and f"{first.lat:.6f},{first.lon:.6f}" in QUrl(
        opened[0]).query(QUrl.ComponentFormattingOption.FullyDecoded)
    clock.set(first.arrival.hour, first.arrival.minute)
    today._tick()
    today.card.arrived_button.click()
    wait(qtbot, today.job)
    clock.set(first.end.hour, first.end.minute)
    today._tick()
    today.card.done_button.click()
    wait(qtbot, today.job)
    dialog = today.check_out
    assert dialog is not None
    qtbot.waitUntil(dialog.form.isEnabled, timeout=10000)
    dialog.form.notes.setPlainText("Met the owner; sample of the new range left")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()
    (visit,) = list_visits(store)
    assert (visit.account_id, visit.day, visit.notes) == (
        first.account_id, MONDAY, "Met the owner; sample of the new range left")
    assert (visit.check_in.hour, visit.check_in.minute) == (first.arrival.hour,
                                                            first.arrival.minute)

    # On to the next stop.
    qtbot.waitUntil(lambda: today.card.stop is not None and today.card.stop.number == 2,
                    timeout=10000)
    assert today.card.stop is not None and today.card.stop.account_id == second.account_id
    today.card.navigate_button.click()
    assert f"{second.lat:.6f},{second.lon:.6f}" in QUrl(opened[-1]).query(
        QUrl.ComponentFormattingOption.FullyDecoded)

    # An expense (parking at the first stop), then the expense report.
    expenses = window.expenses_page
    window.nav.setCurrentRow(window.pages.indexOf(expenses))
    wait(qtbot, expenses.refresh())
    expenses.quick_category.setCurrentIndex(expenses.quick_category.findData("parking"))
    expenses.quick_amount.setText("4,20")
    expenses.quick_merchant.setText("Parking Bellecour")
    wait(qtbot, expenses.add_quick())
    (parking,) = list_expenses(store)
    assert parking.entry.merchant == "Parking Bellecour"
    report = expenses.open_report()
    qtbot.waitUntil(lambda: "Expense report" in report.preview.toPlainText(), timeout=10000)
    assert "4.20" in report.preview.toPlainText()
    wait(qtbot, report.create())
    qtbot.waitUntil(report.submit_button.isEnabled, timeout=10000)
    report.close()

    assert error_boxes == []
    window.close()
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
