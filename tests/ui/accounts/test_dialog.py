"""The account dialog offscreen: typing an account, validation as you type, editing, keys."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from operator import attrgetter

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import DEFAULT_CADENCE_DAYS, AccountData, ContactData
from fieldrep.accounts.service import add_account, get_account, update_account
from fieldrep.store import Store
from tests.ui.accounts.dialog_support import DEMO, is_marked, open_dialog, type_in_cell, type_into
from ui.kit.tasks import TaskRunner

pytestmark = pytest.mark.usefixtures("asked")


def test_a_new_account_typed_in_the_dialog_is_saved_and_read_back(
    qtbot: QtBot, store: Store
) -> None:
    dialog = open_dialog(qtbot, territories=["Lyon Est", "Savoie"])
    assert dialog.windowTitle() == "New account"
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.identity.name_edit, "Boulangerie Paul")
    qtbot.keyClicks(dialog.identity.external_id_edit, "CRM-42")
    dialog.identity.territory_combo.setCurrentText("Lyon Nord")  # a new territory
    qtbot.keyClicks(dialog.identity.tags_edit, "Bakery, bread")
    qtbot.keyClicks(dialog.identity.annual_value_edit, "12 500,50")
    qtbot.keyClicks(dialog.address.street_edit, "4 place Bellecour")
    qtbot.keyClicks(dialog.address.postcode_edit, "69002")
    qtbot.keyClicks(dialog.address.city_edit, "Lyon")
    qtbot.keyClicks(dialog.address.country_edit, "France")
    qtbot.keyClicks(dialog.address.lat_edit, "45,7578")
    qtbot.keyClicks(dialog.address.lon_edit, "4.8320")
    qtbot.keyClicks(dialog.notes.notes_edit, "Ring at the back door")
    dialog.visits.tier_combo.setCurrentIndex(dialog.visits.tier_combo.findData("A"))
    dialog.visits.meeting_spin.setValue(45)
    qtbot.keyClicks(dialog.visits.hours_edit, "lundi-vendredi 7h-13h; Sa 07:00-12:00")
    qtbot.mouseClick(dialog.contacts.add_button, Qt.MouseButton.LeftButton)
    for column, text in enumerate(("Paul Bocuse", "Owner", "04 72 00 00 00", "paul@example.com")):
        type_in_cell(dialog, 0, column, text)
    assert "= 12\u202f500.50" in dialog.identity.annual_value_hint.text()
    assert dialog.problems() == ()
    assert dialog.ok_button.isEnabled()

    typed = dialog.account()
    saved = add_account(store, typed)
    assert get_account(store, saved.id) == replace(typed, id=saved.id, version=1)
    assert typed == AccountData(
        name="Boulangerie Paul", street="4 place Bellecour", postcode="69002", city="Lyon",
        country="FR", lat=45.7578, lon=4.832, geocode_source="manual",
        geocode_precision="manual", external_id="CRM-42", tier="A", cadence_days=14,
        opening_hours="Mo-Fr 07:00-13:00; Sa 07:00-12:00", meeting_minutes=45,
        annual_value=Decimal("12500.50"), tags=("bakery", "bread"),
        notes="Ring at the back door", territory="Lyon Nord", territory_locked=True,
        contacts=(ContactData("Paul Bocuse", "Owner", "04 72 00 00 00", "paul@example.com"),))


@pytest.mark.parametrize(("field", "text", "reason"), [
    ("identity.name_edit", "", "Name: the account name is empty"),
    ("address.lat_edit", "91", "Latitude: 91.0 is outside -90..90"),
    ("address.lon_edit", "", "Longitude: missing: give both coordinates, or clear the latitude"),
    ("visits.hours_edit", "Mo-Fr 8-12 and more", "Opening hours: 'Mo-Fr 8-12 and more'"),
    ("identity.annual_value_edit", "a lot", "Annual value: 'a lot' is not an amount"),
])
def test_an_invalid_field_is_marked_disables_ok_and_says_why(
    qtbot: QtBot, field: str, text: str, reason: str
) -> None:
    dialog = open_dialog(qtbot, DEMO)
    assert dialog.ok_button.isEnabled()
    edit = attrgetter(field)(dialog)
    type_into(qtbot, edit, text)
    assert not dialog.ok_button.isEnabled()
    assert is_marked(edit)
    assert reason.split(": ", 1)[1] in edit.toolTip()
    assert reason in dialog.message_line.text().replace("<b>", "").replace("</b>", "") \
        .replace("</a>", "").replace("&#x27;", "'")
    with pytest.raises(ValueError, match="^" + reason.split(":")[0]):
        dialog.account()
    edit.undo()  # the rep fixes it: everything is fine again
    assert dialog.ok_button.isEnabled() and not is_marked(edit)




def test_the_first_problem_is_named_and_the_others_listed(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    type_into(qtbot, dialog.visits.hours_edit, "every day")
    type_into(qtbot, dialog.address.lat_edit, "91")
    message = dialog.message_line.text()
    assert message.index("Latitude") < message.index("Also check")
    assert "Opening hours" in message.split("Also check")[1]
    assert "⚠" in dialog.visits.hours_preview.text()
    assert "91.0 is outside -90..90" in dialog.address.location_label.text()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.message_line.linkActivated.emit("opening_hours")  # the links jump to the field
    assert dialog.visits.hours_edit.hasFocus()


def test_a_new_empty_form_is_not_red_before_the_rep_types(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    assert not dialog.ok_button.isEnabled()
    assert not is_marked(dialog.identity.name_edit)
    assert "name" in dialog.message_line.text()
    qtbot.keyClick(dialog.identity.name_edit, Qt.Key.Key_Return)  # Enter on an invalid form
    assert dialog.isVisible()
    assert is_marked(dialog.identity.name_edit)
    assert "the account name is empty" in dialog.message_line.text()


def test_editing_keeps_the_id_the_contacts_and_the_change(qtbot: QtBot, store: Store) -> None:
    stored = add_account(store, DEMO)
    dialog = open_dialog(qtbot, stored, territories=["Lyon Est"])
    assert dialog.windowTitle() == "Edit account — Carrosserie Martin"
    assert dialog.account() == stored  # nothing changed yet
    type_into(qtbot, dialog.identity.name_edit, "Carrosserie Martin & Fils")
    edited = dialog.account()
    assert edited == replace(stored, name="Carrosserie Martin & Fils")
    saved = update_account(store, edited)
    assert saved.id == stored.id
    assert saved.contacts == DEMO.contacts
    assert get_account(store, stored.id).name == "Carrosserie Martin & Fils"


def test_typing_coordinates_makes_a_manual_pin(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, replace(DEMO, id=7))
    type_into(qtbot, dialog.address.lat_edit, "45.7701")
    type_into(qtbot, dialog.address.lon_edit, "4.8590")
    account = dialog.account()
    assert (account.lat, account.lon) == (45.7701, 4.859)
    assert (account.geocode_source, account.geocode_precision) == ("manual", "manual")
    assert "Manual pin" in dialog.address.location_label.text()
    assert account.id == 7


def test_a_pair_pasted_from_a_web_map_fills_both_coordinates(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(dialog.identity.name_edit, "Shop")
    QApplication.clipboard().setText("45.7640, 4.8357")
    dialog.address.lat_edit.paste()
    assert (dialog.address.lat_edit.text(), dialog.address.lon_edit.text()) == ("45.7640", "4.8357")
    assert dialog.account().lat == 45.764


def test_a_pair_typed_into_the_latitude_is_split_when_leaving_it(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(dialog.identity.name_edit, "Shop")
    qtbot.keyClicks(dialog.address.lat_edit, "45,764; 4,8357")
    assert dialog.address.lon_edit.text() == ""  # nothing moves under the rep's fingers
    dialog.address.lat_edit.editingFinished.emit()
    assert (dialog.address.lat_edit.text(), dialog.address.lon_edit.text()) == ("45,764", "4,8357")
    assert (dialog.account().lat, dialog.account().lon) == (45.764, 4.8357)


def test_a_new_address_clears_the_geocoded_location_until_undone(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    type_into(qtbot, dialog.address.street_edit, "12 rue Neuve")
    assert dialog.address.lat_edit.text() == "" and dialog.address.lon_edit.text() == ""
    assert "The address changed" in dialog.address.location_label.text()
    account = dialog.account()
    assert (account.lat, account.geocode_precision, account.geocode_source) == (None, "", "")
    type_into(qtbot, dialog.address.street_edit, DEMO.street)  # changed their mind
    assert dialog.account() == DEMO


def test_a_new_address_never_clears_coordinates_the_rep_typed(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    type_into(qtbot, dialog.address.lat_edit, "45.7")
    type_into(qtbot, dialog.address.lon_edit, "4.9")
    type_into(qtbot, dialog.address.street_edit, "12 rue Neuve")
    assert (dialog.address.lat_edit.text(), dialog.address.lon_edit.text()) == ("45.7", "4.9")
    assert dialog.account().geocode_precision == "manual"


def test_changing_the_tier_updates_the_default_cadence(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    assert dialog.visits.cadence_spin.value() == DEFAULT_CADENCE_DAYS["C"]
    dialog.visits.tier_combo.setCurrentIndex(dialog.visits.tier_combo.findData("A"))
    assert dialog.visits.cadence_spin.value() == DEFAULT_CADENCE_DAYS["A"]
    dialog.visits.tier_combo.setCurrentIndex(dialog.visits.tier_combo.findData("B"))
    assert dialog.visits.cadence_spin.value() == DEFAULT_CADENCE_DAYS["B"]
    assert "tier B default" in dialog.visits.cadence_hint.text()


def test_a_cadence_the_rep_chose_survives_a_tier_change(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    dialog.visits.cadence_spin.setValue(21)  # what a rep's arrow keys or typing do
    dialog.visits.tier_combo.setCurrentIndex(dialog.visits.tier_combo.findData("A"))
    assert dialog.visits.cadence_spin.value() == 21
    assert "use tier A default (14 days)" in dialog.visits.cadence_hint.text()
    dialog.visits.cadence_hint.linkActivated.emit("reset")
    assert dialog.visits.cadence_spin.value() == 14
    dialog.visits.tier_combo.setCurrentIndex(dialog.visits.tier_combo.findData("C"))
    assert dialog.visits.cadence_spin.value() == 60  # following the tier again


def test_enter_accepts_a_valid_form_and_esc_cancels_an_untouched_one(
    qtbot: QtBot, asked: list[str]
) -> None:
    dialog = open_dialog(qtbot, DEMO)
    qtbot.keyClick(dialog.identity.name_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()

    other = open_dialog(qtbot, DEMO)
    qtbot.keyClick(other.identity.name_edit, Qt.Key.Key_Escape)
    assert other.result() == QDialog.DialogCode.Rejected and not other.isVisible()
    assert asked == []  # nothing typed, nothing to confirm


def test_esc_asks_before_dropping_what_the_rep_typed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, asked: list[str]
) -> None:
    dialog = open_dialog(qtbot, DEMO)
    type_into(qtbot, dialog.address.city_edit, "Villeurbanne")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog.address.city_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.address.city_edit.text() == "Villeurbanne"  # kept editing
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog.address.city_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert asked == ["You changed this account. Close without saving the changes?"]






def test_a_failed_save_keeps_the_dialog_and_the_text(qtbot: QtBot, store: Store) -> None:
    add_account(store, AccountData(name="Other", external_id="DEMO-0003"))
    dialog = open_dialog(qtbot, save=lambda account: add_account(store, account))
    qtbot.keyClicks(dialog.identity.name_edit, "Carrosserie Martin")
    qtbot.keyClicks(dialog.identity.external_id_edit, "DEMO-0003")  # already taken
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.saved is None
    assert "Could not save" in dialog.message_line.text()
    assert dialog.identity.name_edit.text() == "Carrosserie Martin"
    type_into(qtbot, dialog.identity.external_id_edit, "DEMO-0099")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.saved is not None and dialog.saved.id is not None


def test_tab_goes_through_the_fields_in_reading_order(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.identity.name_edit.setFocus()
    identity, address, visits = dialog.identity, dialog.address, dialog.visits
    expected = [identity.name_edit, identity.external_id_edit, identity.territory_combo,
                identity.tags_edit, identity.annual_value_edit, identity.active_check,
                address.street_edit, address.postcode_edit, address.city_edit,
                address.region_edit, address.country_edit, address.lat_edit, address.lon_edit,
                dialog.notes.notes_edit, visits.tier_combo, visits.cadence_spin,
                visits.meeting_spin, visits.hours_edit, dialog.contacts.table,
                dialog.contacts.add_button]
    seen: list[QWidget] = []
    for _ in expected:
        focused = QApplication.focusWidget()
        seen.append(next((w for w in expected if w is focused or w.isAncestorOf(focused)),
                         focused))
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert seen == expected


def test_the_dialog_fits_a_laptop_screen(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700
    assert dialog.height() <= 700




def test_given_the_worker_the_dialog_saves_off_the_ui_thread(qtbot: QtBot, store: Store) -> None:
    add_account(store, AccountData(name="Other", external_id="DEMO-0003"))
    tasks = TaskRunner()
    threads: list[bool] = []

    def save(account: AccountData) -> AccountData:
        threads.append(QThread.currentThread() is QApplication.instance().thread())
        return add_account(store, account)

    dialog = open_dialog(qtbot, save=save, tasks=tasks)
    qtbot.keyClicks(dialog.identity.name_edit, "Carrosserie Martin")
    qtbot.keyClicks(dialog.identity.external_id_edit, "DEMO-0003")  # already taken
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.is_saving() and not dialog.identity.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_saving(), timeout=5000)
    assert dialog.isVisible() and dialog.saved is None
    assert "Could not save" in dialog.message_line.text()
    assert "already used by" in dialog.message_line.text()
    assert dialog.identity.name_edit.text() == "Carrosserie Martin"
    type_into(qtbot, dialog.identity.external_id_edit, "DEMO-0099")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved is not None and get_account(store, dialog.saved.id).external_id == (
        "DEMO-0099")
    assert threads == [False, False]
    tasks.wait(5000)
