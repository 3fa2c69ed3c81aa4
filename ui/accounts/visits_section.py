"""The account dialog's "Visits" section: tier, how often, how long, and opening hours.

The cadence follows the tier's default until the rep chooses one; a link puts the
default back (the rule is :func:`~fieldrep.accounts.form.cadence_after_tier_change`).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QGroupBox, QLineEdit, QSpinBox, QWidget

from fieldrep.accounts.form import (
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    AccountFields,
    cadence_after_tier_change,
)
from fieldrep.accounts.model import DEFAULT_CADENCE_DAYS, TIERS
from fieldrep.importing.values import MAX_CADENCE_DAYS
from ui.accounts.form_parts import hint_label, labelled, section_form, side_by_side
from ui.accounts.hours_preview import HoursPreview

HOURS_TIP = ("Days then times; rules separated by ';'. Examples: 'Mo-Fr 08:30-12:00,14:00-18:30',"
             " 'Sa 09:00-12:00', 'Th off', '24/7'. Leave empty if unknown.")


class VisitsSection(QGroupBox):
    """How the account is visited."""

    #: Something was typed or chosen.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Visits", parent)
        self._filling = False
        self._tier = "C"
        self._cadence_edited = False
        self._setting_cadence = False
        self.tier_combo = QComboBox()
        for tier in TIERS:
            self.tier_combo.addItem(tier, tier)
        self.cadence_spin = QSpinBox(suffix=" days", minimum=1, maximum=MAX_CADENCE_DAYS)
        self.cadence_spin.setAccelerated(True)
        self.cadence_hint = hint_label()
        self.cadence_hint.linkActivated.connect(lambda _link: self._reset_cadence())
        self.meeting_spin = QSpinBox(suffix=" min", minimum=MIN_MEETING_MINUTES,
                                     maximum=MAX_MEETING_MINUTES, singleStep=5)
        for spin in (self.cadence_spin, self.meeting_spin):
            spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
            spin.setMinimumWidth(100)
        self.hours_edit = QLineEdit(
            placeholderText="e.g. Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00")
        self.hours_edit.setToolTip(HOURS_TIP)
        self.hours_preview = HoursPreview()

        form = section_form(self)
        form.addRow(labelled("T&ier", self.tier_combo), side_by_side(self.tier_combo, stretch=1))
        form.addRow(labelled("Visit &every", self.cadence_spin),
                    side_by_side(self.cadence_spin, self.cadence_hint, stretch=1))
        form.addRow(labelled("&Meeting length", self.meeting_spin),
                    side_by_side(self.meeting_spin, stretch=1))
        form.addRow(labelled("&Opening hours", self.hours_edit), self.hours_edit)
        form.addRow("", self.hours_preview)

        # The reactions first, then the news (relayed by Qt, not emitted from Python).
        self.tier_combo.currentIndexChanged.connect(self._tier_changed)
        self.cadence_spin.valueChanged.connect(self._cadence_changed)
        for changed in (self.tier_combo.currentIndexChanged, self.cadence_spin.valueChanged,
                        self.meeting_spin.valueChanged, self.hours_edit.textChanged):
            changed.connect(self.changed)

    def field_widgets(self) -> dict[str, QWidget]:
        """The widget of each field key (as :class:`Problem` names them)."""
        return {"tier": self.tier_combo, "cadence_days": self.cadence_spin,
                "meeting_minutes": self.meeting_spin, "opening_hours": self.hours_edit}

    def focus_chain(self) -> list[QWidget]:
        return [self.tier_combo, self.cadence_spin, self.meeting_spin, self.hours_edit]

    def fill(self, fields: AccountFields) -> None:
        self._filling = True
        try:
            self.tier_combo.setCurrentIndex(max(0, self.tier_combo.findData(fields.tier)))
            self._tier = str(self.tier_combo.currentData())
            for spin, value in ((self.cadence_spin, fields.cadence_days),
                                (self.meeting_spin, fields.meeting_minutes)):
                # a stored value outside the usual range is shown (and flagged), not clamped
                spin.setRange(min(spin.minimum(), value), max(spin.maximum(), value))
                spin.setValue(value)
            self.hours_edit.setText(fields.opening_hours)
        finally:
            self._filling = False

    def read(self, fields: AccountFields) -> AccountFields:
        """``fields`` with this section's values."""
        return replace(fields, tier=str(self.tier_combo.currentData()),
                       cadence_days=self.cadence_spin.value(),
                       meeting_minutes=self.meeting_spin.value(),
                       opening_hours=self.hours_edit.text())

    def show_hints(self) -> None:
        """The tier's default cadence (or a link back to it) and the week of opening hours."""
        default = DEFAULT_CADENCE_DAYS[self._tier]
        if self.cadence_spin.value() == default:
            self.cadence_hint.setText(f"tier {self._tier} default")
        else:
            self.cadence_hint.setText(
                f"<a href='reset'>use tier {self._tier} default ({default} days)</a>")
        self.hours_preview.show_hours(self.hours_edit.text())

    # -- reactions ----------------------------------------------------------------------
    def _tier_changed(self) -> None:
        new_tier = str(self.tier_combo.currentData())
        if self._filling:
            self._tier = new_tier
            return
        cadence = cadence_after_tier_change(self._tier, new_tier, self.cadence_spin.value(),
                                            self._cadence_edited)
        self._tier = new_tier
        self._set_cadence(cadence)

    def _cadence_changed(self) -> None:
        if not self._filling and not self._setting_cadence:
            self._cadence_edited = True

    def _set_cadence(self, days: int) -> None:
        self._setting_cadence = True
        try:
            self.cadence_spin.setValue(days)
        finally:
            self._setting_cadence = False

    def _reset_cadence(self) -> None:
        self._set_cadence(DEFAULT_CADENCE_DAYS[self._tier])
        self._cadence_edited = False
