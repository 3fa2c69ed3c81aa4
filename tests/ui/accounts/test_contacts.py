"""The account dialog's contacts: a table model, checked as the rep types in its cells."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from fieldrep.accounts.form import ContactFields, Problem
from fieldrep.accounts.model import ContactData
from tests.ui.accounts.dialog_support import DEMO, open_dialog, type_in_cell
from ui.accounts.contacts import ContactsModel
from ui.kit.colours import ERROR_BACKGROUND

pytestmark = pytest.mark.usefixtures("asked")


def test_a_bad_contact_email_is_marked_in_its_cell(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    cell = dialog.contacts.model.index(1, 3)
    type_in_cell(dialog, 1, 3, "julie@martin")
    assert not dialog.ok_button.isEnabled()
    assert "'julie@martin' is not an e-mail address" in cell.data(Qt.ItemDataRole.ToolTipRole)
    background = cell.data(Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == ERROR_BACKGROUND
    assert "Contact 2 e-mail" in dialog.message_line.text()
    type_in_cell(dialog, 1, 3, "julie@martin.fr")
    assert dialog.ok_button.isEnabled()
    assert cell.data(Qt.ItemDataRole.ToolTipRole) is None
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None


def test_enter_in_a_contact_cell_does_not_close_the_dialog(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    dialog.contacts.add_contact()
    editors = [w for w in dialog.contacts.table.viewport().findChildren(QLineEdit)
               if w.isVisible()]
    assert len(editors) == 1
    qtbot.keyClicks(editors[0], "Marc")
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.contacts.model.index(2, 0).data() == "Marc")
    assert dialog.isVisible()
    assert dialog.account().contacts[-1] == ContactData("Marc")


def test_removing_a_contact(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, DEMO)
    dialog.contacts.add_contact()
    assert not dialog.is_modified()  # an empty row is not worth a "discard?" question
    dialog.contacts.table.selectRow(0)
    qtbot.mouseClick(dialog.contacts.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.account().contacts == DEMO.contacts[1:]


def test_the_contacts_model_passes_qtmodeltester(qtmodeltester) -> None:
    model = ContactsModel()
    for contact in DEMO.contacts:
        model.append(ContactFields(contact.name, contact.role, contact.phone, contact.email))
    model.set_problems({"contact:1:email": Problem("contact:1:email", "Contact 2 e-mail",
                                                   "'x' is not an e-mail address")})
    qtmodeltester.check(model, force_py=True)
    assert model.setData(model.index(0, 1), "Patron")
    assert model.contacts()[0].role == "Patron"
    model.remove({0, 7})
    assert [c.name for c in model.contacts()] == ["Julie Martin"]
