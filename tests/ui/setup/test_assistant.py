"""The setup assistant offscreen on a real SQLite store: each step filled in, the pin put by
a click on the map, skipping, problems shown at their field, and a plan made after it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldrep.expenses.settings import expense_settings
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.planning.settings import distance_unit, home_base, work_day
from fieldrep.store import Store
from fieldrep.usecases.first_run import setup_answers
from fieldrep.usecases.settings import get_settings
from ui.kit.tasks import TaskRunner
from ui.setup.assistant import SetupAssistant

LYON = (45.75, 4.85)


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)


@pytest.fixture
def assistant(qtbot: QtBot, store: Store, tasks: TaskRunner) -> SetupAssistant:
    opened = SetupAssistant(store, tasks, setup_answers(store))
    qtbot.addWidget(opened)
    opened.show()
    return opened


def next_step(qtbot: QtBot, assistant: SetupAssistant) -> None:
    """Press Next and wait for the next step (the check runs on the worker)."""
    before = assistant.currentId()
    assistant.next()
    qtbot.waitUntil(lambda: assistant.currentId() == before + 1, timeout=10000)


def press_next_and_wait_for_the_check(qtbot: QtBot, assistant: SetupAssistant) -> None:
    assistant.next()
    qtbot.waitUntil(lambda: not assistant.checking and not assistant.saving, timeout=10000)


def fill_region(assistant: SetupAssistant, country: str = "FR") -> None:
    assistant.region.set_country(country)


def find_home(qtbot: QtBot, assistant: SetupAssistant, address: str) -> None:
    home = assistant.home
    home.address.setText(address)
    home.find_button.click()
    qtbot.waitUntil(lambda: not home.finding, timeout=20000)


def save(qtbot: QtBot, assistant: SetupAssistant) -> None:
    with qtbot.waitSignal(assistant.saved, timeout=10000):
        assistant.next()  # Save, on the last step


def test_every_step_filled_in_is_saved_in_the_settings(
        qtbot: QtBot, store: Store, assistant: SetupAssistant) -> None:
    fill_region(assistant, "GB")
    assert (assistant.region.currency.currentText(), assistant.region.mi.isChecked()) == (
        "GBP", True)  # proposed for the country
    assistant.region.currency.setCurrentText("EUR")
    assistant.region.km.setChecked(True)
    assert assistant.mileage.per.text() == "EUR per km"
    next_step(qtbot, assistant)

    find_home(qtbot, assistant, "12 rue de la République, 69001 Lyon")
    home = assistant.home
    lat, lon = float(home.lat.text()), float(home.lon.text())
    assert abs(lat - LYON[0]) < 0.05 and abs(lon - LYON[1]) < 0.05
    assert "offline" in home.found_line.text()
    next_step(qtbot, assistant)

    week = assistant.week
    week.days[4].setChecked(False)  # no Fridays
    week.start.setTime(QTime(7, 45))
    week.end.setTime(QTime(16, 30))
    week.lunch.setValue(30)
    next_step(qtbot, assistant)

    assistant.mileage.rate.setText("0,55")
    assistant.mileage.open_ended.setChecked(True)
    save(qtbot, assistant)

    assert not assistant.isVisible()
    base = home_base(store)
    assert base is not None and (round(base.lat, 4), round(base.lon, 4)) == (
        round(lat, 4), round(lon, 4))
    assert base.address == "12 rue de la République, 69001 Lyon"
    day = work_day(store)
    assert (day.start.strftime("%H:%M"), day.end.strftime("%H:%M"), day.days,
            day.lunch.seconds // 60) == ("07:45", "16:30", frozenset({0, 1, 2, 3}), 30)
    assert geocoder_settings(store).default_country == "GB"
    assert distance_unit(store) == "km"
    rate = expense_settings(store).rates.rate_on(date.today())
    assert (rate.rate, rate.unit, rate.currency) == (Decimal("0.55"), "km", "EUR")


def test_a_click_on_the_map_puts_the_pin_there(
        qtbot: QtBot, store: Store, assistant: SetupAssistant) -> None:
    fill_region(assistant)
    next_step(qtbot, assistant)
    home = assistant.home
    qtbot.waitUntil(lambda: home.map.is_ready, timeout=20000)
    home.map.run("FieldRepPin.map.fire('click', {latlng: L.latLng(45.7712, 4.8901)})",
                 lambda _result: None)
    qtbot.waitUntil(lambda: home.lat.text() != "", timeout=10000)
    assert (home.lat.text(), home.lon.text()) == ("45.771200", "4.890100")
    assert home.values()["precision"] == "manual"
    shown: list[dict[str, object]] = []
    home.map.state(shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0]["pin"] == [45.7712, 4.8901]
    assert home.map.page.console == []

    next_step(qtbot, assistant)
    next_step(qtbot, assistant)
    save(qtbot, assistant)
    base = home_base(store)
    assert base is not None and base.point == (45.7712, 4.8901)
    assert base.precision == "manual"


def test_skipping_saves_nothing(qtbot: QtBot, store: Store,
                                assistant: SetupAssistant) -> None:
    before = get_settings(store)
    fill_region(assistant, "DE")
    next_step(qtbot, assistant)
    assistant.home.lat.setText("48.1")
    assistant.home.lon.setText("11.5")
    assistant.reject()  # "Skip for now"
    assert not assistant.isVisible()
    assert get_settings(store) == before
    assert home_base(store) is None


def test_a_wrong_pin_is_named_under_the_pin_and_next_waits(
        qtbot: QtBot, assistant: SetupAssistant) -> None:
    fill_region(assistant)
    next_step(qtbot, assistant)
    home = assistant.home
    home.lat.setText("95")
    home.lon.setText("4.8")
    press_next_and_wait_for_the_check(qtbot, assistant)

    assert assistant.currentPage() is home
    assert home.error("lat") == "Latitude must be between -90 and 90, not '95'."
    assert home.error("address") == ""
    home.lat.setText("45.76")
    next_step(qtbot, assistant)
    assert home.error("lat") == ""


def test_an_address_found_nowhere_is_named_under_the_address(
        qtbot: QtBot, assistant: SetupAssistant) -> None:
    fill_region(assistant)
    next_step(qtbot, assistant)
    find_home(qtbot, assistant, "Nowhere-in-particular-xyz")
    assert assistant.home.error("address").startswith("No town of the offline list")
    assert assistant.home.lat.text() == ""


def test_a_day_that_ends_before_it_starts_is_named_at_its_end(
        qtbot: QtBot, assistant: SetupAssistant) -> None:
    fill_region(assistant)
    next_step(qtbot, assistant)
    next_step(qtbot, assistant)
    assistant.week.end.setTime(QTime(7, 0))
    press_next_and_wait_for_the_check(qtbot, assistant)
    assert assistant.currentPage() is assistant.week
    assert assistant.week.error("work_end") == "End (07:00) must be after start (08:30)."
    assert assistant.week.error("work_start") == ""


def test_a_rate_that_is_no_amount_is_named_at_the_rate_and_nothing_is_saved(
        qtbot: QtBot, store: Store, assistant: SetupAssistant) -> None:
    fill_region(assistant)
    for _ in range(3):
        next_step(qtbot, assistant)
    assistant.mileage.rate.setText("cheap")
    press_next_and_wait_for_the_check(qtbot, assistant)
    assert assistant.isVisible() and assistant.currentPage() is assistant.mileage
    assert assistant.mileage.error("rate").startswith("The mileage rate must be an amount")
    assert get_settings(store)["geocoder.default_country"] == ""


def test_the_assistant_opens_on_the_settings_it_finds(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    from fieldrep.usecases.first_run import SetupAnswers, save_setup

    save_setup(store, SetupAnswers(lat="45.7", lon="4.8", country="CH", currency="CHF",
                                   work_days="Tu-Sa", rate="0.70",
                                   rate_from="2026-01-01"))
    opened = SetupAssistant(store, tasks, setup_answers(store), start_at="home")
    qtbot.addWidget(opened)
    opened.show()
    assert opened.currentPage() is opened.home
    assert (opened.home.lat.text(), opened.region.values()["country"]) == ("45.7", "CH")
    assert [box.isChecked() for box in opened.week.days] == [False, True, True, True, True,
                                                             True, False]
    assert opened.mileage.rate.text() == "0.70"
    assert opened.mileage.per.text() == "CHF per km"


def test_no_error_box_is_opened(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot,
                                assistant: SetupAssistant) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: opened.append(box.text()))
    fill_region(assistant)
    next_step(qtbot, assistant)
    assert opened == []
