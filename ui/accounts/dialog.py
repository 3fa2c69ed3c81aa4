"""The dialog to add or edit one account, checking every field while the rep types.

The rules live in :mod:`fieldrep.accounts.form` (no Qt); this module only shows them: an
invalid field gets a red border and its reason as tooltip, the first problem is named in
the message line at the bottom (a link that jumps to the field), and OK stays disabled
until everything reads.  Nothing the rep typed is rewritten while they type.

Typical use::

    dialog = AccountDialog(window, account, territories=names,
                           save=lambda a: update_account(store, a))
    if dialog.exec():
        saved = dialog.saved

Without ``save`` the caller reads :meth:`AccountDialog.account` after ``exec()``.  With it,
the dialog calls it on OK and stays open, with the rep's text intact, if saving fails.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.form import (
    CONTACT_LIMITS,
    FIELD_LABELS,
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    AccountFields,
    ContactFields,
    FormResult,
    Location,
    Problem,
    address_changed,
    automatic_location,
    cadence_after_tier_change,
    check_account,
    format_coordinate,
    readable_amount,
    resolve_location,
)
from fieldrep.accounts.model import DEFAULT_CADENCE_DAYS, TIERS, AccountData, Precision
from fieldrep.common.hours import OpeningHoursError, parse_opening_hours
from fieldrep.importing.values import MAX_CADENCE_DAYS, parse_amount

CONTACT_COLUMNS = tuple(CONTACT_LIMITS)  # name, role, phone, email
CONTACT_HEADERS = ("Name", "Role", "Phone", "E-mail")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ERROR_COLOUR = "#b3261e"
WARN_COLOUR = "#8a5300"
HINT_COLOUR = "#666666"
_INVALID_CELL = QBrush(QColor("#fbe3e1"))
_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"] {{
    border: 1px solid {ERROR_COLOUR}; border-radius: 3px; padding: 2px 3px;
    background: #fff7f6;
}}
"""
#: "45.764, 4.8357" as copied from a web map: both coordinates pasted into one field.
_PAIRS = (re.compile(r"^\s*(-?\d+\.\d+)\s*(?:[,;]|\s)\s*(-?\d+\.\d+)\s*$"),
          re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*;\s*(-?\d+(?:[.,]\d+)?)\s*$"))


class AccountDialog(QDialog):
    """Add a new account (``account`` None) or edit one; :meth:`account` gives the result.

    ``territories`` are the names offered in the territory box (a new name may be typed).
    ``save``, when given, is called with the account on OK; what it returns is kept in
    :attr:`saved`, and an exception keeps the dialog open with its message.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        account: AccountData | None = None,
        territories: Sequence[str] = (),
        *,
        save: Callable[[AccountData], AccountData] | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = account
        self._save = save
        self.saved: AccountData | None = None
        self._result = FormResult(None)
        self._loading = True
        self._cadence_edited = False
        self._coords_by_hand = False
        self._setting_cadence = False
        self._name_touched = account is not None
        self._lat_before = ""
        self._tier = account.tier if account else "C"
        self._base_tooltips: dict[QWidget, str] = {}
        self.setWindowTitle(f"Edit account — {account.name}" if account else "New account")
        self.setStyleSheet(_STYLE)

        self._build_widgets(territories)
        self._build_layout()
        self._connect()
        self._initial = AccountFields.from_account(account) if account else AccountFields()
        self._show_fields(self._initial)
        self._loading = False
        self._revalidate()
        self.resize(self._good_size())

    def _good_size(self) -> QSize:
        """Roomy enough for the contacts table, never taller than a 1366×768 laptop allows."""
        size = QSize(1000, 660).expandedTo(self.minimumSizeHint())
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size() - QSize(20, 40))
        return size

    # -- building -----------------------------------------------------------------------
    def _build_widgets(self, territories: Sequence[str]) -> None:
        self.name_edit = QLineEdit(placeholderText="Company, shop or site name")
        self.external_id_edit = QLineEdit(placeholderText="Id in your company's system")
        self.territory_combo = QComboBox(editable=True)
        self.territory_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = sorted({t for t in territories if t}, key=str.casefold)
        own = self._original.territory if self._original else ""
        if own and own not in names:
            names.append(own)
        self.territory_combo.addItems(["", *names])
        self.territory_combo.lineEdit().setPlaceholderText("None — pick one or type a new name")
        self.territory_combo.setToolTip(
            "Accounts fall into a territory by its shape on the map or its postcodes; "
            "choosing one here keeps the account in it.")
        completer = self.territory_combo.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit = QLineEdit(placeholderText="Comma-separated, e.g. garage, tyres")
        self.annual_value_edit = QLineEdit(placeholderText="e.g. 12 500,50")
        self.annual_value_edit.setMaximumWidth(160)
        self.annual_value_hint = _hint_label()
        self.active_check = QCheckBox("Active (plan visits to this account)")

        self.street_edit = QLineEdit(placeholderText="Number and street")
        self.postcode_edit = QLineEdit(placeholderText="Postcode")
        self.postcode_edit.setMaximumWidth(100)
        self.city_edit = QLineEdit(placeholderText="Town or city")
        self.region_edit = QLineEdit(placeholderText="Region or state")
        self.country_edit = QLineEdit(placeholderText="Country, e.g. FR")
        self.country_edit.setMaximumWidth(130)
        self.lat_edit = QLineEdit(placeholderText="Latitude, e.g. 45.7640")
        self.lon_edit = QLineEdit(placeholderText="Longitude, e.g. 4.8357")
        self.location_label = _hint_label()
        self.location_label.setWordWrap(True)
        self.location_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.location_label.setMinimumHeight(4 * self.fontMetrics().lineSpacing() + 4)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Door codes, parking, who to ask for…")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(3 * self.fontMetrics().lineSpacing() + 12)

        self.tier_combo = QComboBox()
        for tier in TIERS:
            self.tier_combo.addItem(tier, tier)
        self.cadence_spin = QSpinBox(suffix=" days", minimum=1, maximum=MAX_CADENCE_DAYS)
        self.cadence_spin.setAccelerated(True)
        self.cadence_hint = _hint_label()
        self.cadence_hint.linkActivated.connect(lambda _link: self._reset_cadence())
        self.meeting_spin = QSpinBox(suffix=" min", minimum=MIN_MEETING_MINUTES,
                                     maximum=MAX_MEETING_MINUTES, singleStep=5)
        for spin in (self.cadence_spin, self.meeting_spin):
            spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
            spin.setMinimumWidth(100)
        self.hours_edit = QLineEdit(
            placeholderText="e.g. Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00")
        self.hours_edit.setToolTip(
            "Days then times; rules separated by ';'. Examples: 'Mo-Fr 08:30-12:00,14:00-18:30',"
            " 'Sa 09:00-12:00', 'Th off', '24/7'. Leave empty if unknown.")
        self.hours_preview = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.hours_preview.setMinimumHeight(4 * self.fontMetrics().lineSpacing() + 6)
        self.hours_preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.contacts_table = QTableWidget(0, len(CONTACT_COLUMNS))
        self.contacts_table.setHorizontalHeaderLabels(CONTACT_HEADERS)
        self.contacts_table.verticalHeader().setVisible(False)
        self.contacts_table.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 10)
        # Tab leaves the table (no keyboard trap); Tab while typing in a cell goes to the next
        self.contacts_table.setTabKeyNavigation(False)
        self.contacts_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        trigger = QAbstractItemView.EditTrigger
        self.contacts_table.setEditTriggers(
            trigger.DoubleClicked | trigger.EditKeyPressed | trigger.AnyKeyPressed
            | trigger.SelectedClicked)
        header = self.contacts_table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.Interactive,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(1, 100)
        self.contacts_table.setMinimumHeight(5 * (self.fontMetrics().height() + 10))
        self.add_contact_button = QPushButton("&Add contact")
        self.remove_contact_button = QPushButton("&Remove contact")

        self.message_label = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.message_label.setMinimumHeight(2 * self.fontMetrics().lineSpacing())
        self.message_label.linkActivated.connect(self.focus_field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add account" if self._original is None else "Save")

        self._field_widgets: dict[str, QWidget] = {
            "name": self.name_edit, "external_id": self.external_id_edit,
            "territory": self.territory_combo, "tags": self.tags_edit,
            "annual_value": self.annual_value_edit, "street": self.street_edit,
            "postcode": self.postcode_edit, "city": self.city_edit, "region": self.region_edit,
            "country": self.country_edit, "lat": self.lat_edit, "lon": self.lon_edit,
            "notes": self.notes_edit, "tier": self.tier_combo, "cadence_days": self.cadence_spin,
            "meeting_minutes": self.meeting_spin, "opening_hours": self.hours_edit,
        }
        self._base_tooltips = {w: w.toolTip() for w in self._field_widgets.values()}

    def _build_layout(self) -> None:
        identity = QGroupBox("Identity")
        form = _form(identity)
        form.addRow(_label("&Name *", self.name_edit), self.name_edit)
        form.addRow(_label("E&xternal id", self.external_id_edit), self.external_id_edit)
        form.addRow(_label("&Territory", self.territory_combo), self.territory_combo)
        form.addRow(_label("Ta&gs", self.tags_edit), self.tags_edit)
        form.addRow(_label("Annual &value", self.annual_value_edit),
                    _row(self.annual_value_edit, self.annual_value_hint, stretch=1))
        form.addRow("", self.active_check)

        address = QGroupBox("Address && location")
        form = _form(address)
        form.addRow(_label("&Street", self.street_edit), self.street_edit)
        form.addRow(_label("&Postcode, city", self.postcode_edit),
                    _row(self.postcode_edit, self.city_edit))
        form.addRow(_label("Region, &country", self.region_edit),
                    _row(self.region_edit, self.country_edit))
        form.addRow(_label("&Location", self.lat_edit), _row(self.lat_edit, self.lon_edit))
        form.addRow("", self.location_label)

        notes = QGroupBox("Notes")
        box = QVBoxLayout(notes)
        box.addWidget(self.notes_edit)

        visits = QGroupBox("Visits")
        form = _form(visits)
        form.addRow(_label("T&ier", self.tier_combo), _row(self.tier_combo, stretch=1))
        form.addRow(_label("Visit &every", self.cadence_spin),
                    _row(self.cadence_spin, self.cadence_hint, stretch=1))
        form.addRow(_label("&Meeting length", self.meeting_spin),
                    _row(self.meeting_spin, stretch=1))
        form.addRow(_label("&Opening hours", self.hours_edit), self.hours_edit)
        form.addRow("", self.hours_preview)

        contacts = QGroupBox("Contacts")
        box = QVBoxLayout(contacts)
        box.addWidget(self.contacts_table)
        box.addWidget(_row(self.add_contact_button, self.remove_contact_button, stretch=1))

        left = QVBoxLayout()
        left.addWidget(identity)
        left.addWidget(address)
        left.addWidget(notes, 1)
        right = QVBoxLayout()
        right.addWidget(visits)
        right.addWidget(contacts, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addLayout(right, 5)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignBottom)
        outer = QVBoxLayout(self)
        outer.addLayout(columns, 1)
        outer.addLayout(bottom)

        chain: list[QWidget] = [
            self.name_edit, self.external_id_edit, self.territory_combo, self.tags_edit,
            self.annual_value_edit, self.active_check, self.street_edit, self.postcode_edit,
            self.city_edit, self.region_edit, self.country_edit, self.lat_edit, self.lon_edit,
            self.notes_edit, self.tier_combo, self.cadence_spin, self.meeting_spin,
            self.hours_edit, self.contacts_table, self.add_contact_button,
            self.remove_contact_button, self.ok_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.ok_button.setDefault(True)  # once in the dialog, so Enter presses it

    def _connect(self) -> None:
        for edit in (self.name_edit, self.external_id_edit, self.tags_edit,
                     self.annual_value_edit, self.hours_edit):
            edit.textChanged.connect(self._revalidate)
        for edit in (self.street_edit, self.postcode_edit, self.city_edit, self.region_edit,
                     self.country_edit):
            edit.textChanged.connect(self._address_changed)
        self.lat_edit.editingFinished.connect(self._split_pair)
        for edit in (self.lat_edit, self.lon_edit):
            edit.textEdited.connect(self._coordinates_typed)
            edit.textChanged.connect(self._revalidate)
        self.name_edit.textEdited.connect(self._name_typed)
        self.territory_combo.currentTextChanged.connect(self._revalidate)
        self.active_check.toggled.connect(self._revalidate)
        self.notes_edit.textChanged.connect(self._revalidate)
        self.tier_combo.currentIndexChanged.connect(self._tier_changed)
        self.cadence_spin.valueChanged.connect(self._cadence_changed)
        self.meeting_spin.valueChanged.connect(self._revalidate)
        self.contacts_table.itemChanged.connect(self._revalidate)
        self.add_contact_button.clicked.connect(self.add_contact)
        self.remove_contact_button.clicked.connect(self.remove_contact)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # -- reading and showing the fields -----------------------------------------------
    def fields(self) -> AccountFields:
        """The form as typed."""
        return AccountFields(
            name=self.name_edit.text(), external_id=self.external_id_edit.text(),
            territory=self.territory_combo.currentText(), tags=self.tags_edit.text(),
            annual_value=self.annual_value_edit.text(), active=self.active_check.isChecked(),
            street=self.street_edit.text(), postcode=self.postcode_edit.text(),
            city=self.city_edit.text(), region=self.region_edit.text(),
            country=self.country_edit.text(), lat=self.lat_edit.text(),
            lon=self.lon_edit.text(), notes=self.notes_edit.toPlainText(),
            tier=str(self.tier_combo.currentData()), cadence_days=self.cadence_spin.value(),
            meeting_minutes=self.meeting_spin.value(), opening_hours=self.hours_edit.text(),
            contacts=tuple(self._contact_row(r) for r in range(self.contacts_table.rowCount())),
        )

    def _contact_row(self, row: int) -> ContactFields:
        texts = []
        for column in range(len(CONTACT_COLUMNS)):
            item = self.contacts_table.item(row, column)
            texts.append(item.text() if item is not None else "")
        return ContactFields(*texts)

    def _show_fields(self, fields: AccountFields) -> None:
        self.name_edit.setText(fields.name)
        self.external_id_edit.setText(fields.external_id)
        self.territory_combo.setCurrentText(fields.territory)
        self.tags_edit.setText(fields.tags)
        self.annual_value_edit.setText(fields.annual_value)
        self.active_check.setChecked(fields.active)
        self.street_edit.setText(fields.street)
        self.postcode_edit.setText(fields.postcode)
        self.city_edit.setText(fields.city)
        self.region_edit.setText(fields.region)
        self.country_edit.setText(fields.country)
        self.lat_edit.setText(fields.lat)
        self._lat_before = fields.lat
        self.lon_edit.setText(fields.lon)
        self.notes_edit.setPlainText(fields.notes)
        self.tier_combo.setCurrentIndex(max(0, self.tier_combo.findData(fields.tier)))
        for spin, value in ((self.cadence_spin, fields.cadence_days),
                            (self.meeting_spin, fields.meeting_minutes)):
            # a stored value outside the usual range is shown (and flagged), not clamped
            spin.setRange(min(spin.minimum(), value), max(spin.maximum(), value))
            spin.setValue(value)
        self.hours_edit.setText(fields.opening_hours)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # show the start of long texts, not their end
        for contact in fields.contacts:
            self._append_contact(contact)

    # -- results ------------------------------------------------------------------------
    def check_result(self) -> FormResult:
        """The account the form reads as, or its problems."""
        return self._result

    def problems(self) -> tuple[Problem, ...]:
        return self._result.problems

    def account(self) -> AccountData:
        """The edited account (the original's id and location origin kept where they apply).

        Raises ValueError naming the first problem while the form is invalid.
        """
        if self._result.account is None:
            raise ValueError(str(self._result.problems[0]))
        return self._result.account

    def is_modified(self) -> bool:
        """Whether the rep changed anything since the dialog opened."""
        fields = self.fields()
        typed = tuple(c for c in fields.contacts if not c.blank)  # an empty row is no change
        return replace(fields, contacts=typed) != self._initial

    # -- contacts -----------------------------------------------------------------------
    def add_contact(self) -> None:
        """Append an empty contact row and start typing its name."""
        row = self._append_contact(ContactFields())
        self.contacts_table.setFocus()
        self.contacts_table.setCurrentCell(row, 0)
        self.contacts_table.editItem(self.contacts_table.item(row, 0))

    def remove_contact(self) -> None:
        """Remove the selected contact rows (the current one if none is selected)."""
        rows = {i.row() for i in self.contacts_table.selectionModel().selectedRows()}
        if not rows and self.contacts_table.currentRow() >= 0:
            rows = {self.contacts_table.currentRow()}
        for row in sorted(rows, reverse=True):
            self.contacts_table.removeRow(row)
        self._revalidate()

    def _append_contact(self, contact: ContactFields) -> int:
        table = self.contacts_table
        row = table.rowCount()
        table.blockSignals(True)
        table.insertRow(row)
        for column, name in enumerate(CONTACT_COLUMNS):
            table.setItem(row, column, QTableWidgetItem(getattr(contact, name)))
        table.blockSignals(False)
        self._revalidate()
        return row

    # -- reactions ----------------------------------------------------------------------
    def _name_typed(self) -> None:
        self._name_touched = True

    def _tier_changed(self) -> None:
        new_tier = str(self.tier_combo.currentData())
        if self._loading:
            self._tier = new_tier
            return
        cadence = cadence_after_tier_change(self._tier, new_tier, self.cadence_spin.value(),
                                            self._cadence_edited)
        self._tier = new_tier
        self._set_cadence(cadence)
        self._revalidate()

    def _cadence_changed(self) -> None:
        if not self._loading and not self._setting_cadence:
            self._cadence_edited = True
        self._revalidate()

    def _set_cadence(self, days: int) -> None:
        self._setting_cadence = True
        try:
            self.cadence_spin.setValue(days)
        finally:
            self._setting_cadence = False

    def _reset_cadence(self) -> None:
        self._set_cadence(DEFAULT_CADENCE_DAYS[self._tier])
        self._cadence_edited = False
        self._revalidate()

    def _coordinates_typed(self, text: str) -> None:
        self._coords_by_hand = True
        if self.sender() is self.lat_edit:
            pasted = len(text) - len(self._lat_before) > 1
            self._lat_before = text
            if pasted:
                self._split_pair()

    def _split_pair(self) -> None:
        """Both coordinates pasted (or typed) into the latitude: one in each field."""
        text = self.lat_edit.text()
        match = next((m for m in (p.match(text) for p in _PAIRS) if m), None)
        if match and not self.lon_edit.text().strip():
            lat, lon = match.groups()
            self.lat_edit.setText(lat)
            self.lon_edit.setText(lon)
            self._lat_before = lat

    def _address_changed(self) -> None:
        """A geocoded location follows the address: cleared when it changes, back if the
        change is undone (coordinates the rep typed are never touched)."""
        original = self._original
        if (not self._loading and not self._coords_by_hand and original is not None
                and original.located and automatic_location(original)):
            moved = address_changed(self.fields(), original)
            self.lat_edit.setText("" if moved else format_coordinate(original.lat))
            self.lon_edit.setText("" if moved else format_coordinate(original.lon))
        self._revalidate()

    def _revalidate(self) -> None:
        if self._loading:
            return
        fields = self.fields()
        self._result = check_account(fields, self._original)
        shown = self._result.problems
        if not self._name_touched and shown and shown[0].field == "name" and not fields.name:
            shown = shown[1:]  # a new, untouched form: no red before the rep typed anything
        problems = {p.field: p for p in shown}
        for key, widget in self._field_widgets.items():
            _mark(widget, problems.get(key), self._base_tooltips.get(widget, ""))
        self._mark_contacts(problems)
        self.ok_button.setEnabled(self._result.ok)
        self._show_message(shown)
        self._show_hours(fields.opening_hours)
        self._show_amount(fields.annual_value, problems.get("annual_value"))
        self._show_cadence_hint()
        self._show_location(fields)

    def _mark_contacts(self, problems: dict[str, Problem]) -> None:
        table = self.contacts_table
        table.blockSignals(True)  # colouring a cell is an itemChanged too
        try:
            for row in range(table.rowCount()):
                for column, name in enumerate(CONTACT_COLUMNS):
                    item = table.item(row, column)
                    if item is None:
                        continue
                    problem = problems.get(f"contact:{row}:{name}")
                    item.setBackground(_INVALID_CELL if problem else QBrush())
                    item.setToolTip(str(problem) if problem else "")
        finally:
            table.blockSignals(False)
        table.viewport().update()

    def _show_message(self, problems: tuple[Problem, ...]) -> None:
        if not problems:
            if not self._result.ok:  # only the untouched empty name
                hint = "Type the account's name (the only required field)."
            elif self._original is None:
                hint = "Enter adds the account, Esc cancels."
            else:
                hint = "Enter saves, Esc cancels."
            self.message_label.setText(f"<span style='color:{HINT_COLOUR}'>{hint}</span>")
            return
        first = problems[0]
        text = (f"<span style='color:{ERROR_COLOUR}'>⚠ <a href='{first.field}' "
                f"style='color:{ERROR_COLOUR}'><b>{html.escape(first.label)}</b></a>: "
                f"{html.escape(first.reason)}</span>")
        others = list(dict.fromkeys(p.field for p in problems[1:]))
        if others:
            links = ", ".join(
                f"<a href='{key}' style='color:{ERROR_COLOUR}'>"
                f"{html.escape(_label_of(key, problems))}</a>" for key in others)
            text += f"<br><span style='color:{ERROR_COLOUR}'>Also check: {links}</span>"
        self.message_label.setText(text)

    def _show_hours(self, text: str) -> None:
        try:
            hours = parse_opening_hours(text)
        except OpeningHoursError as exc:
            self.hours_preview.setText(
                f"<span style='color:{ERROR_COLOUR}'>⚠ {html.escape(str(exc))}</span>")
            return
        if not hours.known:
            self.hours_preview.setText(
                f"<span style='color:{HINT_COLOUR}'>Unknown: visits are planned as if the "
                "account were open during your working hours.</span>")
            return
        cells = []
        for day, name in enumerate(DAY_NAMES):
            times = ", ".join(str(iv).replace("-", "–") for iv in hours.intervals(day))
            shown = (html.escape(times) if times
                     else f"<span style='color:{HINT_COLOUR}'>closed</span>")
            cells.append(f"<td nowrap style='color:{HINT_COLOUR}; padding-right:6px'>{name}</td>"
                         f"<td nowrap style='padding-right:18px'>{shown}</td>")
        rows = [cells[i] + (cells[i + 4] if i + 4 < 7 else "") for i in range(4)]
        self.hours_preview.setText(
            "<table cellspacing=0 cellpadding=0>"
            + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>")

    def _show_amount(self, text: str, problem: Problem | None) -> None:
        shown = ""
        if text.strip() and problem is None:
            shown = f"= {readable_amount(parse_amount(text))}"
        self.annual_value_hint.setText(shown)

    def _show_cadence_hint(self) -> None:
        default = DEFAULT_CADENCE_DAYS[self._tier]
        if self.cadence_spin.value() == default:
            self.cadence_hint.setText(f"tier {self._tier} default")
        else:
            self.cadence_hint.setText(
                f"<a href='reset'>use tier {self._tier} default ({default} days)</a>")

    def _show_location(self, fields: AccountFields) -> None:
        problem = self._result.problem("lat") or self._result.problem("lon")
        if problem is not None:
            status = (f"<span style='color:{ERROR_COLOUR}'>⚠ {html.escape(problem.label)}: "
                      f"{html.escape(problem.reason)}</span>")
        else:
            status = _location_text(resolve_location(fields, self._original), self._original,
                                    fields)
        hint = "Typed coordinates make a manual pin."
        if "address changed" not in status:
            hint += " A new address clears a geocoded location."
        self.location_label.setText(
            f"{status}<br><span style='color:{HINT_COLOUR}'>{hint}</span>")

    # -- navigation ---------------------------------------------------------------------
    def focus_field(self, key: str) -> None:
        """Put the cursor in a field (a :class:`Problem` key), e.g. from the message line."""
        if key.startswith("contact:"):
            _, row, column = key.split(":")
            self.contacts_table.setFocus()
            self.contacts_table.setCurrentCell(int(row), CONTACT_COLUMNS.index(column))
            return
        widget = self._field_widgets.get(key)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def focus_first_problem(self) -> None:
        if self._result.problems:
            self.focus_field(self._result.problems[0].field)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._result.ok:
            self._name_touched = True
            self._revalidate()
            self.focus_first_problem()  # Enter on an invalid form: go to what needs fixing
            event.accept()
            return
        super().keyPressEvent(event)

    # -- closing ------------------------------------------------------------------------
    def accept(self) -> None:
        self._name_touched = True  # from now on an empty name is shown as a problem
        self._revalidate()
        account = self._result.account
        if account is None:
            self.focus_first_problem()
            return
        if self._save is not None:
            try:
                self.saved = self._save(account)
            except Exception as exc:  # keep the dialog (and the rep's text) on any failure
                self.message_label.setText(
                    f"<span style='color:{ERROR_COLOUR}'>⚠ <b>Could not save:</b> "
                    f"{html.escape(_first_line(exc))}</span>")
                return
        super().accept()

    def reject(self) -> None:
        if self.is_modified() and not self.confirm_discard():
            return
        super().reject()

    def confirm_discard(self) -> bool:
        """Ask before throwing away what the rep typed (Esc, Cancel, closing the window)."""
        answer = QMessageBox.question(
            self, "Discard changes?",
            "You changed this account. Close without saving the changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard


# -- helpers ---------------------------------------------------------------------------
def _hint_label() -> QLabel:
    label = QLabel(textFormat=Qt.TextFormat.RichText)
    label.setStyleSheet(f"color: {HINT_COLOUR}")
    return label


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(6)
    return form


def _row(*widgets: QWidget, stretch: int = 0) -> QWidget:
    holder = QWidget()
    box = QHBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        box.addWidget(widget)
    if stretch:
        box.addStretch(stretch)
    return holder


def _mark(widget: QWidget, problem: Problem | None, base_tooltip: str) -> None:
    """Red border and the reason as tooltip on an invalid field; back to normal when fixed."""
    invalid = problem is not None
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.update()
    widget.setToolTip(f"⚠ {problem.reason}" if problem else base_tooltip)
    widget.setAccessibleDescription(problem.reason if problem else "")


def _label_of(key: str, problems: Sequence[Problem]) -> str:
    return next((p.label for p in problems if p.field == key), FIELD_LABELS.get(key, key))


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _location_text(place: Location | None, original: AccountData | None,
                   fields: AccountFields) -> str:
    """One line telling where the account will be and where that comes from."""
    if place is None:
        return f"<span style='color:{ERROR_COLOUR}'>The coordinates cannot be read.</span>"
    if not place.located:
        if (original is not None and original.located and automatic_location(original)
                and address_changed(fields, original)):
            return (f"<span style='color:{WARN_COLOUR}'>The address changed: the geocoded "
                    f"location ({original.lat:.5f}, {original.lon:.5f}) is cleared, "
                    "“Locate accounts” will place the account again.</span>")
        if place.precision == Precision.NOT_FOUND:
            return (f"<span style='color:{WARN_COLOUR}'>The geocoder did not find this "
                    "address; type coordinates, or correct the address.</span>")
        return "No location yet: “Locate accounts” will find it from the address."
    what = {
        Precision.MANUAL: "Manual pin",
        Precision.EXACT: "Exact location (from the imported data)",
        Precision.ADDRESS: "Located by the geocoder at the address",
        Precision.STREET: "Located by the geocoder on the street",
        Precision.POSTCODE: "Approximate: placed at the postcode's centre",
        Precision.TOWN: "Approximate: placed at the town's centre",
    }.get(place.precision, "Location given with the data")
    if place.precision in (Precision.POSTCODE, Precision.TOWN):
        return f"<span style='color:{WARN_COLOUR}'>{what}.</span>"
    return f"{what}."

