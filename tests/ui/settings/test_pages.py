"""Generated settings pages: a setting a feature declares gets a field of its kind, its help
as tooltip and its error line, with no code in the dialog; and the window opens the dialog
on settings read off the UI thread."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from fieldrep.expenses.settings import EXCLUDE_COMMUTE
from fieldrep.planning.settings import WORK_START
from fieldrep.store import Store
from fieldrep.usecases.settings import get_settings, set_settings
from tests.fieldrep.settings.test_catalogue import COLOUR, SIZE
from ui.kit.tasks import TaskRunner
from ui.settings.check_field import CheckField
from ui.settings.dialog import SettingsDialog
from ui.settings.fields import ChoiceField, RadioField, TimeField, WholeField
from ui.settings.form import GeneratedPage
from ui.settings.pages import work_summary
from ui.settings.rates_editor import RatesEditor
from ui.settings.spec import FieldSpec, PageSpec
from ui.window.main_window import MainWindow


def test_a_declared_setting_gets_a_field_of_its_kind(qtbot: QtBot) -> None:
    page = GeneratedPage(PageSpec("Demo", "Pins on the demo map.", (
        FieldSpec(COLOUR), FieldSpec(SIZE, maximum=99, suffix=" px"), FieldSpec(WORK_START))))
    qtbot.addWidget(page)

    colour, size, start = (page.editors[key] for key in ("demo.colour", "demo.size",
                                                           "work.start"))
    assert isinstance(colour, ChoiceField) and isinstance(size, WholeField)
    assert isinstance(start, TimeField)
    assert "the colour of the demo's pins" in colour.toolTip()
    assert [colour.itemText(i) for i in range(colour.count())] == ["Red", "Blue"]
    assert page.form.labelForField(page.form.itemAt(0, page.form.ItemRole.FieldRole).widget()
                                   ).text() == "Pin colour:"

    page.load({"demo.colour": "blue", "demo.size": "12", "work.start": "7h45"})
    assert page.values() == {"demo.colour": "blue", "demo.size": "12", "work.start": "07:45"}

    page.show_problems({"demo.size": "Pin size above 50 must be blue"})
    error = page.errors["demo.size"]
    assert isinstance(error, QLabel) and not error.isHidden()
    assert error.text() == "Pin size above 50 must be blue"
    assert page.errors["demo.colour"].isHidden()


def test_a_choice_can_be_radio_buttons(qtbot: QtBot) -> None:
    page = GeneratedPage(PageSpec("Demo", "", (FieldSpec(COLOUR, radio=True),)))
    qtbot.addWidget(page)
    field = page.editors["demo.colour"]
    assert isinstance(field, RadioField)
    field.set_value_text("blue")
    assert field.buttons["blue"].isChecked() and field.value_text() == "blue"


def test_the_working_day_summary() -> None:
    values = {"work.start": "08:30", "work.end": "18:00", "work.lunch_minutes": "45",
              "work.days": "Mo-Fr"}
    assert work_summary(values) == ("8 h 45 min of work a day, lunch excluded; 5 days a week "
                                    "(43 h 45 min)")
    assert work_summary({**values, "work.days": "Mo"}).endswith("1 day a week (8 h 45 min)")
    assert work_summary({**values, "work.end": "08:00"}) == ""
    assert work_summary({**values, "work.days": ""}) == ""


def test_the_window_opens_the_dialog_on_the_store_settings(qtbot: QtBot, store: Store) -> None:
    set_settings(store, {"currency": "GBP"})
    window = MainWindow(store, tiles=False)
    qtbot.addWidget(window)
    window.open_settings()
    qtbot.waitUntil(lambda: window.settings_dialog is not None, timeout=5000)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    assert dialog.values()["currency"] == "GBP" and dialog.changes() == {}
    dialog.reject()
    window.tasks.wait()


def test_the_rate_periods_are_a_checked_model(qtbot: QtBot, qtmodeltester: Any) -> None:
    editor = RatesEditor()
    qtbot.addWidget(editor)
    editor.add_row({"from": "2026-01-01", "rate": "0.636", "unit": "km", "currency": "EUR"})
    editor.add_row()
    qtmodeltester.check(editor.model)
    model = editor.model
    assert model.setData(model.index(1, 0), " 2027-01-01 ")
    assert model.data(model.index(1, 3)) == "km"
    with qtbot.waitSignal(editor.value_changed):
        editor.table.selectRow(0)
        editor.remove_selected()
    assert json.loads(editor.value_text()) == [
        {"from": "2027-01-01", "to": None, "rate": "", "unit": "km", "currency": "EUR",
         "label": ""}]
    editor.set_value_text("not json")
    assert model.rowCount() == 0 and editor.value_text() == ""


def whole_words_shown(field: CheckField, edge: int) -> bool:
    """Whether every wrapped line of the field's words is shown, left of ``edge`` (x in
    the window)."""
    words = field.words
    right = words.mapTo(field.window(), QPoint(words.width(), 0)).x()
    return right <= edge and words.height() >= words.heightForWidth(words.width())


def test_the_commute_box_is_read_whole_at_every_size_of_the_dialog(
        qtbot: QtBot, store: Store) -> None:
    tasks = TaskRunner()
    dialog = SettingsDialog(store, tasks, get_settings(store))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page("Quotas & expenses")
    field = dialog.editor("mileage.exclude_commute")
    assert isinstance(field, CheckField)
    assert field.words.text() == "Leave out the commute (home → first visit, last visit → home)"
    for width, height in ((760, 540), (1266, 688), (1820, 980)):  # its least, laptops, desktop
        dialog.resize(width, height)
        qtbot.waitUntil(lambda width=width: dialog.width() == width and whole_words_shown(
            field, dialog.stack.x() + dialog.stack.width()))
    tasks.wait()


def test_a_long_check_box_text_wraps_and_a_click_on_it_ticks_the_box(qtbot: QtBot) -> None:
    words = ("Leave out the drive from home to the first visit of each day and the drive "
             "back home from the last one, as most tax offices count it as commuting")
    page = GeneratedPage(PageSpec("Demo", "", (FieldSpec(EXCLUDE_COMMUTE, text=words),)))
    qtbot.addWidget(page)
    page.resize(380, 300)
    page.show()
    field = page.editors["mileage.exclude_commute"]
    assert isinstance(field, CheckField) and field.box.accessibleName() == words
    qtbot.waitUntil(lambda: whole_words_shown(field, 380))
    assert field.words.height() >= 3 * field.words.fontMetrics().height()  # wrapped
    with qtbot.waitSignal(field.value_changed):
        qtbot.mouseClick(field.words, Qt.MouseButton.LeftButton)
    assert page.values() == {"mileage.exclude_commute": "yes"}
