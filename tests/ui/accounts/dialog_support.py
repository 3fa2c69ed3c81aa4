"""Opening the account dialog and typing into it the way a rep would."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData, ContactData
from ui.accounts.dialog import AccountDialog

DEMO = AccountData(
    name="Carrosserie Martin", street="53 chemin des Vignes", postcode="69006", city="Lyon",
    region="Auvergne-Rhône-Alpes", country="FR", lat=45.7638, lon=4.85402,
    geocode_source="nominatim", geocode_precision="address", external_id="DEMO-0003",
    tier="B", cadence_days=30, opening_hours="Mo-Fr 08:00-12:00,14:00-18:30; Sa 08:00-12:00",
    meeting_minutes=20, annual_value=Decimal("37500.00"), tags=("garage", "tyres"),
    notes="Door code by phone", territory="Lyon Est",
    contacts=(ContactData("Christophe Martinez", "Garagiste", "04 65 71 59 99",
                          "christophe.martinez@example.com"),
              ContactData("Julie Martin", "Comptabilité", "04 65 71 59 90", "")),
)


def open_dialog(qtbot: QtBot, account: AccountData | None = None, **kwargs) -> AccountDialog:
    dialog = AccountDialog(None, account, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace the text of a line edit the way a rep would: select all, type."""
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)


def type_in_cell(dialog: AccountDialog, row: int, column: int, text: str) -> None:
    """What the table's cell editor does when the rep types ``text`` and presses Enter."""
    model = dialog.contacts.model
    assert model.setData(model.index(row, column), text)


def is_marked(widget: QWidget) -> bool:
    return widget.property("invalid") is True
