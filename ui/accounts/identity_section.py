"""The account dialog's "Identity" section: name, external id, territory, tags, value, active."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLineEdit, QWidget

from fieldrep.accounts.form import AccountFields, Problem, readable_amount
from fieldrep.importing.values import parse_amount
from ui.accounts.form_parts import hint_label, labelled, section_form, side_by_side


class IdentitySection(QGroupBox):
    """Who the account is; ``territories`` are offered (a new name may be typed)."""

    #: Something was typed or chosen.
    changed = Signal()
    #: The rep typed in the name (until then an empty name is not shown as a problem).
    name_typed = Signal()

    def __init__(self, territories: Sequence[str], own_territory: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__("Identity", parent)
        self.name_edit = QLineEdit(placeholderText="Company, shop or site name")
        self.external_id_edit = QLineEdit(placeholderText="Id in your company's system")
        self.territory_combo = _territory_combo(territories, own_territory)
        self.tags_edit = QLineEdit(placeholderText="Comma-separated, e.g. garage, tyres")
        self.annual_value_edit = QLineEdit(placeholderText="e.g. 12 500,50")
        self.annual_value_edit.setMaximumWidth(160)
        self.annual_value_hint = hint_label()
        self.active_check = QCheckBox("Active (plan visits to this account)")

        form = section_form(self)
        form.addRow(labelled("&Name *", self.name_edit), self.name_edit)
        form.addRow(labelled("E&xternal id", self.external_id_edit), self.external_id_edit)
        form.addRow(labelled("&Territory", self.territory_combo), self.territory_combo)
        form.addRow(labelled("Ta&gs", self.tags_edit), self.tags_edit)
        form.addRow(labelled("Annual &value", self.annual_value_edit),
                    side_by_side(self.annual_value_edit, self.annual_value_hint, stretch=1))
        form.addRow("", self.active_check)

        for edit in (self.name_edit, self.external_id_edit, self.tags_edit,
                     self.annual_value_edit):
            edit.textChanged.connect(self.changed)
        self.name_edit.textEdited.connect(self.name_typed)
        self.territory_combo.currentTextChanged.connect(self.changed)
        self.active_check.toggled.connect(self.changed)

    def field_widgets(self) -> dict[str, QWidget]:
        """The widget of each field key (as :class:`Problem` names them)."""
        return {"name": self.name_edit, "external_id": self.external_id_edit,
                "territory": self.territory_combo, "tags": self.tags_edit,
                "annual_value": self.annual_value_edit}

    def focus_chain(self) -> list[QWidget]:
        return [self.name_edit, self.external_id_edit, self.territory_combo, self.tags_edit,
                self.annual_value_edit, self.active_check]

    def fill(self, fields: AccountFields) -> None:
        self.name_edit.setText(fields.name)
        self.external_id_edit.setText(fields.external_id)
        self.territory_combo.setCurrentText(fields.territory)
        self.tags_edit.setText(fields.tags)
        self.annual_value_edit.setText(fields.annual_value)
        self.active_check.setChecked(fields.active)

    def read(self, fields: AccountFields) -> AccountFields:
        """``fields`` with this section's texts."""
        return replace(fields, name=self.name_edit.text(),
                       external_id=self.external_id_edit.text(),
                       territory=self.territory_combo.currentText(), tags=self.tags_edit.text(),
                       annual_value=self.annual_value_edit.text(),
                       active=self.active_check.isChecked())

    def show_amount(self, text: str, problem: Problem | None) -> None:
        """The typed annual value read back, unambiguous (``= 12 500.50``)."""
        readable = text.strip() and problem is None
        self.annual_value_hint.setText(f"= {readable_amount(parse_amount(text))}"
                                       if readable else "")


def _territory_combo(territories: Sequence[str], own: str) -> QComboBox:
    combo = QComboBox(editable=True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    names = sorted({t for t in territories if t}, key=str.casefold)
    if own and own not in names:
        names.append(own)
    combo.addItems(["", *names])
    combo.lineEdit().setPlaceholderText("None — pick one or type a new name")
    combo.setToolTip("Accounts fall into a territory by its shape on the map or its "
                     "postcodes; choosing one here keeps the account in it.")
    completer = combo.completer()
    if completer is not None:
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return combo
