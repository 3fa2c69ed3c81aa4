"""The account dialog's "Address & location" section: the address, the coordinates, and a
line saying where the account will be and where that comes from.

Coordinates typed by hand make a manual pin and are never rewritten; a geocoded location
follows the address (cleared when it changes, back when the change is undone); a pair
pasted from a web map into the latitude is split into both fields.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLineEdit, QWidget

from fieldrep.accounts.form import AccountFields, Problem
from fieldrep.accounts.form_feedback import (
    Tone,
    coordinates_after_address_change,
    location_note,
    split_coordinate_pair,
)
from fieldrep.accounts.model import AccountData
from ui.accounts.form_parts import hint_label, labelled, section_form, side_by_side
from ui.kit.colours import ERROR, MUTED, TEXT, WARNING, span

_TONES = {Tone.PLAIN: TEXT, Tone.WARNING: WARNING, Tone.ERROR: ERROR}


class AddressSection(QGroupBox):
    """The address and location of ``original`` (None: a new account)."""

    #: Something was typed.
    changed = Signal()

    def __init__(self, original: AccountData | None, parent: QWidget | None = None) -> None:
        super().__init__("Address && location", parent)
        self._original = original
        self._filling = False
        self._coords_by_hand = False
        self._lat_before = ""
        self.street_edit = QLineEdit(placeholderText="Number and street")
        self.postcode_edit = QLineEdit(placeholderText="Postcode")
        self.postcode_edit.setMaximumWidth(100)
        self.city_edit = QLineEdit(placeholderText="Town or city")
        self.region_edit = QLineEdit(placeholderText="Region or state")
        self.country_edit = QLineEdit(placeholderText="Country, e.g. FR")
        self.country_edit.setMaximumWidth(130)
        self.lat_edit = QLineEdit(placeholderText="Latitude, e.g. 45.7640")
        self.lon_edit = QLineEdit(placeholderText="Longitude, e.g. 4.8357")
        self.location_label = hint_label()
        self.location_label.setWordWrap(True)
        self.location_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.location_label.setMinimumHeight(4 * self.fontMetrics().lineSpacing() + 4)

        form = section_form(self)
        form.addRow(labelled("&Street", self.street_edit), self.street_edit)
        form.addRow(labelled("&Postcode, city", self.postcode_edit),
                    side_by_side(self.postcode_edit, self.city_edit))
        form.addRow(labelled("Region, &country", self.region_edit),
                    side_by_side(self.region_edit, self.country_edit))
        form.addRow(labelled("&Location", self.lat_edit),
                    side_by_side(self.lat_edit, self.lon_edit))
        form.addRow("", self.location_label)

        for edit in self._address_edits():
            edit.textChanged.connect(self._follow_address)  # first: the location, then
            edit.textChanged.connect(self.changed)  # the check sees both
        self.lat_edit.editingFinished.connect(self._split_pair)
        for edit in (self.lat_edit, self.lon_edit):
            edit.textEdited.connect(self._coordinates_typed)
            edit.textChanged.connect(self.changed)

    def _address_edits(self) -> tuple[QLineEdit, ...]:
        return (self.street_edit, self.postcode_edit, self.city_edit, self.region_edit,
                self.country_edit)

    def field_widgets(self) -> dict[str, QWidget]:
        """The widget of each field key (as :class:`Problem` names them)."""
        return {"street": self.street_edit, "postcode": self.postcode_edit,
                "city": self.city_edit, "region": self.region_edit,
                "country": self.country_edit, "lat": self.lat_edit, "lon": self.lon_edit}

    def focus_chain(self) -> list[QWidget]:
        return [*self._address_edits(), self.lat_edit, self.lon_edit]

    def fill(self, fields: AccountFields) -> None:
        self._filling = True
        try:
            for edit, text in zip(self._address_edits(), (
                    fields.street, fields.postcode, fields.city, fields.region,
                    fields.country), strict=True):
                edit.setText(text)
            self.lat_edit.setText(fields.lat)
            self._lat_before = fields.lat
            self.lon_edit.setText(fields.lon)
        finally:
            self._filling = False

    def read(self, fields: AccountFields) -> AccountFields:
        """``fields`` with this section's texts."""
        return replace(fields, street=self.street_edit.text(),
                       postcode=self.postcode_edit.text(), city=self.city_edit.text(),
                       region=self.region_edit.text(), country=self.country_edit.text(),
                       lat=self.lat_edit.text(), lon=self.lon_edit.text())

    def show_location(self, fields: AccountFields, problem: Problem | None) -> None:
        """Where the account will be (or why the coordinates are refused), and a hint."""
        hint = "Typed coordinates make a manual pin."
        if problem is not None:
            status = span(f"⚠ {html.escape(problem.label)}: {html.escape(problem.reason)}",
                          ERROR)
        else:
            note = location_note(fields, self._original)
            status = span(html.escape(note.text), _TONES[note.tone])
            if not note.cleared:
                hint += " A new address clears a geocoded location."
        self.location_label.setText(f"{status}<br>{span(hint, MUTED)}")

    # -- reactions ----------------------------------------------------------------------
    def _coordinates_typed(self, text: str) -> None:
        self._coords_by_hand = True
        if self.sender() is self.lat_edit:
            pasted = len(text) - len(self._lat_before) > 1
            self._lat_before = text
            if pasted:
                self._split_pair()

    def _split_pair(self) -> None:
        """Both coordinates pasted (or typed) into the latitude: one in each field."""
        pair = split_coordinate_pair(self.lat_edit.text())
        if pair is not None and not self.lon_edit.text().strip():
            lat, lon = pair
            self.lat_edit.setText(lat)
            self.lon_edit.setText(lon)
            self._lat_before = lat

    def _follow_address(self) -> None:
        if not self._filling and not self._coords_by_hand:
            texts = coordinates_after_address_change(self.read(AccountFields()),
                                                     self._original)
            if texts is not None:
                self.lat_edit.setText(texts[0])
                self.lon_edit.setText(texts[1])
