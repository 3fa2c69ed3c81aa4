"""The Settings dialog offscreen, on a real SQLite store: saving, checking, locating the home
base (offline, and online against the loopback Nominatim) and choosing the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from fieldrep.store import Store, open_store
from fieldrep.usecases.settings import (
    get_setting,
    get_settings,
    locked_settings,
    set_settings,
)
from tests.nominatim_server import NominatimServer, nominatim
from ui.app import make_startup, parse_args, resolve_db_url
from ui.kit.tasks import TaskRunner
from ui.settings.dialog import SettingsDialog
from ui.settings.preferences import STORE_URL_KEY, preferences, save_store_url, saved_store_url

__all__ = ["nominatim"]  # the loopback Nominatim fixture

HOME = "12 rue de la République, 69001 Lyon"
LYON = (45.749, 4.848)


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()


def open_dialog(qtbot: QtBot, store: Store, tasks: TaskRunner) -> SettingsDialog:
    opened = SettingsDialog(store, tasks, get_settings(store))
    qtbot.addWidget(opened)
    return opened


@pytest.fixture
def dialog(qtbot: QtBot, store: Store, tasks: TaskRunner) -> SettingsDialog:
    opened = open_dialog(qtbot, store, tasks)
    opened.show()
    return opened


def near_lyon(dialog: SettingsDialog, tolerance: float = 0.02) -> bool:
    return (abs(float(dialog.home.lat.text()) - LYON[0]) < tolerance
            and abs(float(dialog.home.lon.text()) - LYON[1]) < tolerance)


def test_working_hours_and_currency_are_saved_on_ok(
        qtbot: QtBot, store: Store, dialog: SettingsDialog) -> None:
    dialog.editor("work.start").setTime(QTime(7, 45))
    dialog.editor("work.end").setTime(QTime(17, 0))
    dialog.editor("work.lunch_minutes").setValue(30)
    dialog.editor("work.days").boxes[5].setChecked(True)  # Saturday
    dialog.editor("currency").setEditText("chf")
    dialog.editor("distance.unit").setCurrentIndex(dialog.editor("distance.unit").findData("mi"))
    dialog.editor("map.tiles").buttons["none"].setChecked(True)
    assert dialog.ok_button.isEnabled()

    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.ok_button.click()

    values = get_settings(store)
    assert {key: values[key] for key in ("work.start", "work.end", "work.lunch_minutes",
                                          "work.days", "currency", "distance.unit",
                                          "map.tiles")} == {
        "work.start": "07:45", "work.end": "17:00", "work.lunch_minutes": "30",
        "work.days": "Mo-Sa", "currency": "CHF", "distance.unit": "mi", "map.tiles": "none"}
    assert not dialog.isVisible()


def test_unchanged_settings_are_not_written(
        qtbot: QtBot, store: Store, dialog: SettingsDialog) -> None:
    assert dialog.changes() == {}
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.ok_button.click()
    with store.unit_of_work() as uow:
        from fieldrep.store.models import Setting
        assert uow.session.query(Setting).count() == 0  # defaults stay defaults


def test_the_dialog_shows_what_the_store_holds(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    set_settings(store, {"work.start": "09:00", "work.days": "Mo,Tu,Th", "currency": "GBP",
                         "geocoder.min_delay": "2.5"})
    dialog = open_dialog(qtbot, store, tasks)
    assert dialog.editor("work.start").time() == QTime(9, 0)
    assert [box.isChecked() for box in dialog.editor("work.days").boxes] == [
        True, True, False, True, False, False, False]
    assert dialog.editor("currency").currentText() == "GBP — Pound Sterling"
    assert dialog.editor("geocoder.min_delay").value() == 2.5
    assert dialog.changes() == {}


def test_an_end_before_the_start_disables_ok_with_the_reason(
        store: Store, dialog: SettingsDialog) -> None:
    dialog.editor("work.end").setTime(QTime(7, 30))

    error = dialog.error_line("work.end")
    assert not dialog.ok_button.isEnabled()
    assert not error.isHidden()
    assert error.text() == "End (07:30) must be after start (08:30)"
    assert dialog.summary.text() == "Working day: End (07:30) must be after start (08:30)"
    assert dialog.page_list.item(1).icon().cacheKey() == dialog.problem_icon.cacheKey()

    dialog.accept()  # even when forced, nothing is saved
    assert get_setting(store, "work.end") == "18:00"
    dialog.editor("work.end").setTime(QTime(16, 30))
    assert dialog.ok_button.isEnabled() and error.isHidden()


def test_other_faulty_fields_say_why(dialog: SettingsDialog) -> None:
    dialog.editor("currency").setEditText("Dollar")
    dialog.home.lat.setText("45.76")
    dialog.editor("map.tile_url").setText("https://tiles.example.com/{z}/{x}.png")
    for box in dialog.editor("work.days").boxes:
        box.setChecked(False)

    problems = dialog.problems()
    assert problems["currency"].startswith("Currency must be an ISO 4217 currency code")
    assert problems["home.lon"] == ("Longitude is missing: a home pin needs both latitude "
                                    "and longitude (or neither)")
    assert problems["map.tile_url"].endswith("({y} missing)")
    assert problems["work.days"] == "Choose at least one working day"
    assert not dialog.ok_button.isEnabled()
    assert "(and 3 more)" in dialog.summary.text()


def test_locate_offline_fills_the_pin_near_lyon(
        qtbot: QtBot, store: Store, dialog: SettingsDialog) -> None:
    dialog.home.address.setText(HOME)
    dialog.home.locate_online.setChecked(False)

    dialog.home.locate_button.click()

    qtbot.waitUntil(lambda: dialog.home.lat.text() != "", timeout=10000)
    assert near_lyon(dialog)
    assert "centre of Lyon (FR)" in dialog.home.precision_line.text()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.ok_button.click()
    values = get_settings(store)
    assert (values["home.address"], values["home.precision"]) == (HOME, "town")
    assert abs(float(values["home.lat"]) - LYON[0]) < 0.02


def test_locate_online_runs_off_the_ui_thread(
        qtbot: QtBot, dialog: SettingsDialog, nominatim: NominatimServer) -> None:
    nominatim.known["rue de la République"] = (45.7640, 4.8357, "building")
    # not saved yet: the dialog's values are used
    dialog.editor("geocoder.domain").setText(nominatim.url_host)
    dialog.editor("geocoder.scheme").setCurrentText("http")
    dialog.editor("geocoder.min_delay").setValue(0)
    dialog.home.address.setText(HOME)

    dialog.home.locate_button.click()

    assert dialog.home.lat.text() == "" and not dialog.home.locate_button.isEnabled()  # not blocked
    assert dialog.home.precision_line.text() == "Looking up…"
    qtbot.waitUntil(lambda: dialog.home.lat.text() != "", timeout=10000)
    assert (dialog.home.lat.text(), dialog.home.lon.text()) == ("45.764000", "4.835700")
    assert dialog.values()["home.precision"] == "address"
    assert dialog.home.precision_line.text().startswith("Precise: at the address, from nominatim")
    assert nominatim.queries == [HOME]
    assert dialog.home.locate_button.isEnabled()


def test_typing_the_pin_marks_it_manual_and_a_new_address_asks_to_locate(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    set_settings(store, {"home.address": HOME, "home.lat": "45.749", "home.lon": "4.848",
                         "home.precision": "town"})
    dialog = open_dialog(qtbot, store, tasks)
    assert dialog.home.precision_line.text().startswith("Approximate: the centre of the town")
    dialog.home.address.setText("3 avenue Victor Hugo, 26000 Valence")
    assert "press Locate to move the pin" in dialog.home.precision_line.text()

    qtbot.keyClicks(dialog.home.lat, "1")  # 45.7491: typed by the rep
    assert dialog.values()["home.precision"] == "manual"
    assert dialog.home.precision_line.text().startswith("Exact: a pin set by hand")


def test_the_store_url_goes_to_qsettings_and_the_app_uses_it(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialog: SettingsDialog) -> None:
    chosen = f"sqlite:///{tmp_path / 'team' / 'fieldrep.sqlite3'}"
    dialog.show_page("Store")
    dialog.store_page.store_url.setText(chosen)
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.ok_button.click()

    assert preferences().value(STORE_URL_KEY) == chosen
    assert saved_store_url() == chosen
    monkeypatch.delenv("FIELDREP_DB")
    assert resolve_db_url(None) == chosen
    assert resolve_db_url("sqlite:////elsewhere/cli.sqlite3") == "sqlite:////elsewhere/cli.sqlite3"
    monkeypatch.setenv("FIELDREP_DB", "sqlite:////elsewhere/env.sqlite3")
    assert resolve_db_url(None) == "sqlite:////elsewhere/env.sqlite3"
    assert resolve_db_url("sqlite:////elsewhere/cli.sqlite3") == "sqlite:////elsewhere/cli.sqlite3"


def test_without_any_choice_the_app_opens_the_default_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDREP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert saved_store_url() == ""
    default_file = tmp_path / "data" / "FieldRep" / "fieldrep.sqlite3"
    assert resolve_db_url(None) == f"sqlite:///{default_file}"


def test_clearing_the_store_url_forgets_the_choice(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    preferences().setValue(STORE_URL_KEY, "sqlite:////somewhere/old.sqlite3")
    dialog = open_dialog(qtbot, store, tasks)
    assert dialog.store_page.store_url.text() == "sqlite:////somewhere/old.sqlite3"
    dialog.store_page.store_url.clear()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.accept()
    assert saved_store_url() == "" and not preferences().contains(STORE_URL_KEY)


def test_a_bad_store_url_disables_ok(dialog: SettingsDialog) -> None:
    for text, reason in (("relative.sqlite3", "give the full path of the SQLite file"),
                         ("nonsense://host/db", "Unknown kind of database 'nonsense'"),
                         ("sqlite://", "An in-memory SQLite store would be lost")):
        dialog.store_page.store_url.setText(text)
        assert reason in dialog.error_line(STORE_URL_KEY).text()
        assert not dialog.ok_button.isEnabled() and not dialog.store_page.test_button.isEnabled()
    dialog.store_page.store_url.setText("postgresql+psycopg://rep@db.example.com/fieldrep")
    assert dialog.ok_button.isEnabled() and dialog.store_page.test_button.isEnabled()


def test_test_connection_says_what_is_there_or_why_not(
        qtbot: QtBot, tmp_path: Path, dialog: SettingsDialog) -> None:
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other.close()
    dialog.store_page.store_url.setText(str(tmp_path / "other.sqlite3"))  # a plain path works too
    dialog.store_page.test_button.click()
    result = dialog.store_page.test_result
    qtbot.waitUntil(lambda: result.text().startswith("Connected"), timeout=5000)
    assert dialog.store_page.test_result.text() == "Connected: a FieldRep store with 0 accounts"

    (tmp_path / "notes.txt").write_text("not a database\n" * 100)
    dialog.store_page.store_url.setText(f"sqlite:///{tmp_path / 'notes.txt'}")
    dialog.store_page.test_button.click()
    qtbot.waitUntil(lambda: dialog.store_page.test_result.text().startswith("Failed"), timeout=5000)
    assert dialog.store_page.test_result.text() == "Failed: file is not a database"
    assert dialog.store_page.test_result.toolTip().startswith("cannot open the store sqlite:///")
    assert (tmp_path / "notes.txt").read_text().startswith("not a database")  # untouched


def test_browse_picks_a_sqlite_file(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dialog: SettingsDialog) -> None:
    picked = tmp_path / "mine.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(picked), ""))
    dialog.store_page.choose_store_file()
    assert dialog.store_page.store_url.text() == f"sqlite:///{picked}"


def test_restore_page_defaults_resets_only_that_page(dialog: SettingsDialog) -> None:
    dialog.editor("currency").setEditText("USD")
    dialog.show_page("Working day")
    dialog.editor("work.start").setTime(QTime(6, 0))
    dialog.editor("work.lunch_minutes").setValue(90)
    dialog.restore_page_defaults()
    assert dialog.editor("work.start").time() == QTime(8, 30)
    assert dialog.editor("work.lunch_minutes").value() == 45
    assert dialog.values()["currency"] == "USD"


def test_locate_with_an_unknown_provider_falls_back_offline_and_says_why(
        qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.editor("geocoder.provider").setEditText("nosuchgeocoder")
    dialog.home.address.setText(HOME)
    dialog.home.locate_button.click()
    qtbot.waitUntil(lambda: dialog.home.lat.text() != "", timeout=10000)
    assert near_lyon(dialog)
    line = dialog.home.precision_line.text()  # rich text: quotes are escaped
    assert "online look-up not possible (geopy knows no geocoder called" in line
    assert "nosuchgeocoder" in line


def test_the_app_offers_the_local_store_when_the_chosen_one_fails(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDREP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "notes.txt").write_text("not a database\n" * 100)
    save_store_url(f"sqlite:///{tmp_path / 'notes.txt'}")
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    startup = make_startup(parse_args(["--no-demo", "--no-setup"]))
    startup.network = False
    first = startup.start(resolve_db_url(None))
    assert first is not None  # the window shows while the store opens
    with qtbot.waitSignal(startup.ready, timeout=20000):
        pass

    assert startup.store is not None and startup.window is not None
    assert startup.store.url == \
        f"sqlite:///{tmp_path / 'data' / 'FieldRep' / 'fieldrep.sqlite3'}"
    assert len(asked) == 1 and "file is not a database" in asked[0]
    assert "Open the local store instead" in asked[0]
    assert saved_store_url().endswith("notes.txt")  # still chosen for the next start
    window = startup.window
    qtbot.addWidget(window)
    window.close()
    startup.store.close()


def test_quotas_policy_and_mileage_rates_are_saved_on_ok(
        qtbot: QtBot, store: Store, dialog: SettingsDialog, tasks: TaskRunner) -> None:
    from fieldrep.expenses.mileage_rates import parse_rate_table

    dialog.editor("rep.name").setText("Camille Martin")
    dialog.editor("quota.visits_per_month").setValue(80)
    dialog.editor("quota.orders_per_month").setText("30 000")
    dialog.editor("policy.meals_per_day").setText("35")
    dialog.editor("mileage.exclude_commute").setChecked(True)
    rates = dialog.editor("mileage.rates")
    rates.add_row({"from": "2025-01-01", "to": "2025-12-31", "rate": "0.603",
                   "unit": "km", "currency": "EUR", "label": "2025 rate"})
    rates.add_row({"from": "2026-01-01", "rate": "0.636", "unit": "km",
                   "currency": "EUR", "label": "2026 rate"})
    assert dialog.ok_button.isEnabled(), dialog.summary.text()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.ok_button.click()
    values = get_settings(store)
    assert (values["rep.name"], values["quota.visits_per_month"],
            values["quota.orders_per_month"], values["policy.meals_per_day"],
            values["mileage.exclude_commute"]) == ("Camille Martin", "80", "30000", "35.00",
                                                   "yes")
    table = parse_rate_table(values["mileage.rates"])
    assert [str(r.rate) for r in table.rates] == ["0.603", "0.636"]
    again = open_dialog(qtbot, store, tasks)
    assert again.editor("mileage.rates").model.rowCount() == 2
    assert again.editor("quota.visits_per_month").value() == 80


def test_an_overlapping_rate_period_is_named_and_nothing_is_saved(
        qtbot: QtBot, store: Store, dialog: SettingsDialog) -> None:
    rates = dialog.editor("mileage.rates")
    rates.add_row({"from": "2026-01-01", "rate": "0.636", "unit": "km",
                   "currency": "EUR"})
    rates.add_row({"from": "2026-06-01", "rate": "0.7", "unit": "km",
                   "currency": "EUR"})
    assert not dialog.ok_button.isEnabled()
    assert "overlap" in dialog.summary.text().lower()
    assert get_setting(store, "mileage.rates") == ""


@pytest.mark.postgres
def test_a_rep_who_is_no_manager_sees_the_teams_settings_read_only(
        qtbot: QtBot, rep_login: str, tasks: TaskRunner) -> None:
    rep = open_store(rep_login)
    locked = locked_settings(rep)
    assert {"quota.visits_per_month", "travel.osrm_url", "travel.osrm_timeout"} <= locked
    assert "home.lat" not in locked and "work.start" not in locked  # the rep's own
    opened = SettingsDialog(rep, tasks, get_settings(rep), locked=locked)
    qtbot.addWidget(opened)
    opened.show()
    quota = cast(QWidget, opened.editor("quota.visits_per_month"))
    assert not quota.isEnabled() and "only a manager" in quota.toolTip()
    assert cast(QWidget, opened.editor("work.start")).isEnabled()
    # Typing a road server (were it enabled) would enable its neighbours: they stay locked.
    opened.page("Travel").refresh({**get_settings(rep), "travel.osrm_url": "http://x:5000"})
    assert not cast(QWidget, opened.editor("travel.osrm_timeout")).isEnabled()
    tasks.wait()
    rep.close()


def test_on_a_sqlite_file_every_setting_can_be_changed(store: Store) -> None:
    assert locked_settings(store) == frozenset()
