"""The visit form's fields: when, how, outcome, what came of it, notes and the follow-up.

It shows and reads values only; loading, drafts and saving are the dialog's
(:mod:`ui.visits.dialog`).  ``edited`` fires on any change the rep makes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from fieldrep.accounts.model import AccountData
from fieldrep.common.money import MoneyError, parse_amount
from fieldrep.visits.logbook import MAX_ORDER_VALUE
from fieldrep.visits.model import Mode, Outcome, Result, VisitData, VisitError, VisitInput


class VisitForm(QWidget):
    """The fields of one visit or call."""

    edited = Signal()

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now = now
        self.day = QDateEdit(calendarPopup=True, displayFormat="ddd d MMM yyyy")
        self.mode = QComboBox()
        for item in Mode:
            self.mode.addItem(item.label, item.value)
        self.check_in, self.check_in_on, in_row = self._clock("Check-in")
        self.check_out, self.check_out_on, out_row = self._clock("Check-out")
        self.outcome = QComboBox()
        for item in Outcome:
            self.outcome.addItem(item.label, item.value)
        self.results = {r: QCheckBox(r.label) for r in Result}
        self.order_value = QLineEdit(placeholderText="0.00")
        self.order_value.setMaximumWidth(140)
        self.currency = QLabel()
        self.contact = QComboBox(editable=True)
        self.notes = QPlainTextEdit(placeholderText="What was said, what was seen…")
        self.notes.setMinimumHeight(110)
        self.next_step = QLineEdit(placeholderText="e.g. send the price list")
        self.needs = QLineEdit(placeholderText="needs the account mentioned")
        self.competitors = QLineEdit(placeholderText="competitors seen or named, "
                                                     "comma-separated")
        self.follow_up_on = QCheckBox("Follow up on")
        self.follow_up = QDateEdit(calendarPopup=True, displayFormat="ddd d MMM yyyy")
        self.appointment_on = QCheckBox("appointment at")
        self.appointment_at = QTimeEdit(displayFormat="HH:mm")
        self.appointment_minutes = QSpinBox(minimum=5, maximum=600, value=30, suffix=" min")
        self.account: AccountData | None = None
        self.plan_stop_id: int | None = None
        self._lay_out(in_row, out_row)
        for signal in (self.day.dateChanged, self.mode.currentIndexChanged,
                       self.check_in.timeChanged, self.check_out.timeChanged,
                       self.check_in_on.toggled, self.check_out_on.toggled,
                       self.outcome.currentIndexChanged, self.order_value.textChanged,
                       self.contact.currentTextChanged, self.notes.textChanged,
                       self.next_step.textChanged, self.needs.textChanged,
                       self.competitors.textChanged, self.follow_up_on.toggled,
                       self.follow_up.dateChanged, self.appointment_on.toggled,
                       self.appointment_at.timeChanged,
                       self.appointment_minutes.valueChanged,
                       *(box.toggled for box in self.results.values())):
            signal.connect(self._changed)

    def _lay_out(self, in_row: QHBoxLayout, out_row: QHBoxLayout) -> None:
        self.layout_form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Date", self.day)
        form.addRow("&How", self.mode)
        form.addRow("", _row(in_row, out_row))
        form.addRow("&Outcome", self.outcome)
        form.addRow("What came of it", _row(*self.results.values()))
        form.addRow("Order &value", _row(self.order_value, self.currency))
        form.addRow("&Contact met", self.contact)
        form.addRow("&Notes", self.notes)
        form.addRow("Next &step", self.next_step)
        form.addRow("Needs", self.needs)
        form.addRow("Competitors", self.competitors)
        form.addRow("", _row(self.follow_up_on, self.follow_up, self.appointment_on,
                             self.appointment_at, self.appointment_minutes))

    def _clock(self, label: str) -> tuple[QTimeEdit, QCheckBox, QHBoxLayout]:
        enabled = QCheckBox(label)
        edit = QTimeEdit(displayFormat="HH:mm")
        now = QPushButton("Now")
        now.setToolTip(f"{label} at the current time")
        now.clicked.connect(lambda: (enabled.setChecked(True),
                                     edit.setTime(_qtime(self.now().time()))))
        row = QHBoxLayout()
        for widget in (enabled, edit, now):
            row.addWidget(widget)
        row.addSpacing(16)
        return edit, enabled, row

    def _changed(self, *_args: object) -> None:
        self.update_enabled()
        self.edited.emit()

    # -- values ---------------------------------------------------------------------------
    def start(self, account: AccountData, currency: str, visit: VisitData | None, day: date,
              planned: tuple[time, time] | None, mode: Mode) -> None:
        """Show a new visit on ``day`` (times guessed, or the planned ones), or ``visit``."""
        self.account = account
        self.currency.setText(currency)
        self.contact.addItems(["", *(c.name for c in account.contacts)])
        self.follow_up.setDate(QDate.currentDate().addDays(7))
        self.appointment_at.setTime(QTime(10, 0))
        if visit is not None:
            self.load_payload(payload_of(visit))
            return
        self.day.setDate(QDate(day))
        self.mode.setCurrentIndex(self.mode.findData(mode.value))
        now = self.now()
        ends = _rounded(now.time()) if day == now.date() else time(10, 0)
        starts = time(max(ends.hour - 1, 0), ends.minute) if ends.hour else ends
        self.check_in.setTime(_qtime(starts))  # a guess, used once the box is ticked
        self.check_out.setTime(_qtime(ends))
        if planned:
            self.check_in_on.setChecked(True)
            self.check_out_on.setChecked(True)
            self.check_in.setTime(_qtime(planned[0]))
            self.check_out.setTime(_qtime(planned[1]))

    def payload(self) -> dict[str, Any]:
        """The form as plain values (what a draft keeps)."""
        return {
            "day": self.day.date().toPython().isoformat(), "mode": self.mode.currentData(),
            "check_in": _clock_text(self.check_in, self.check_in_on),
            "check_out": _clock_text(self.check_out, self.check_out_on),
            "outcome": self.outcome.currentData(),
            "results": [r.value for r, box in self.results.items() if box.isChecked()],
            "order_value": self.order_value.text().strip(),
            "contact": self.contact.currentText(), "notes": self.notes.toPlainText(),
            "next_step": self.next_step.text(), "needs": self.needs.text(),
            "competitors": self.competitors.text(),
            "follow_up": (self.follow_up.date().toPython().isoformat()
                          if self.follow_up_on.isChecked() else ""),
            "follow_up_at": _clock_text(self.appointment_at, self.appointment_on),
            "follow_up_minutes": self.appointment_minutes.value(),
        }

    def load_payload(self, data: Mapping[str, Any]) -> None:
        """Put plain values (a draft, or a stored visit) into the form."""
        if data.get("day"):
            self.day.setDate(QDate(date.fromisoformat(data["day"])))
        self.mode.setCurrentIndex(max(0, self.mode.findData(data.get("mode"))))
        for key, edit, box in (("check_in", self.check_in, self.check_in_on),
                               ("check_out", self.check_out, self.check_out_on),
                               ("follow_up_at", self.appointment_at, self.appointment_on)):
            box.setChecked(bool(data.get(key)))
            if data.get(key):
                edit.setTime(_qtime(time.fromisoformat(data[key])))
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(data.get("outcome"))))
        for result, box in self.results.items():
            box.setChecked(result.value in data.get("results", ()))
        self.order_value.setText(data.get("order_value", ""))
        self.contact.setCurrentText(data.get("contact", ""))
        self.notes.setPlainText(data.get("notes", ""))
        self.next_step.setText(data.get("next_step", ""))
        self.needs.setText(data.get("needs", ""))
        self.competitors.setText(data.get("competitors", ""))
        self.follow_up_on.setChecked(bool(data.get("follow_up")))
        if data.get("follow_up"):
            self.follow_up.setDate(QDate(date.fromisoformat(data["follow_up"])))
        self.appointment_minutes.setValue(int(data.get("follow_up_minutes") or 30))

    def visit_input(self) -> VisitInput:
        """The form as a visit to save; :class:`VisitError` names a field it cannot read."""
        data = self.payload()
        value = None
        if data["order_value"]:
            try:
                value = parse_amount(data["order_value"], MAX_ORDER_VALUE)
            except MoneyError as exc:
                raise VisitError(str(exc), "order_value") from None
        return VisitInput(
            account_id=(self.account.id or 0) if self.account else 0,
            day=date.fromisoformat(data["day"]),
            outcome=Outcome(data["outcome"]), mode=Mode(data["mode"]),
            check_in=_time_or_none(data["check_in"]), check_out=_time_or_none(data["check_out"]),
            results=tuple(Result(r) for r in data["results"]), order_value=value,
            contact_name=data["contact"], notes=data["notes"], next_step=data["next_step"],
            needs=data["needs"],
            competitors=tuple(c for c in data["competitors"].split(",") if c.strip()),
            follow_up_date=date.fromisoformat(data["follow_up"]) if data["follow_up"] else None,
            follow_up_at=_time_or_none(data["follow_up_at"]),
            follow_up_minutes=data["follow_up_minutes"] if data["follow_up_at"] else None,
            plan_stop_id=self.plan_stop_id)

    def named_fields(self) -> dict[str, QWidget]:
        """The fields a refusal can name, by the core's names for them."""
        return {"check_out": self.check_out, "check_in": self.check_in, "day": self.day,
                "outcome": self.outcome, "follow_up_date": self.follow_up,
                "follow_up_minutes": self.appointment_minutes,
                "order_value": self.order_value, "contact_name": self.contact,
                "competitors": self.competitors}

    def update_enabled(self) -> None:
        self.check_in.setEnabled(self.check_in_on.isChecked())
        self.check_out.setEnabled(self.check_out_on.isChecked())
        following = self.follow_up_on.isChecked()
        self.follow_up.setEnabled(following)
        self.appointment_on.setEnabled(following)
        appointment = following and self.appointment_on.isChecked()
        self.appointment_at.setEnabled(appointment)
        self.appointment_minutes.setEnabled(appointment)


def payload_of(visit: VisitData) -> dict[str, Any]:
    """A stored visit as the form's plain values."""
    return {
        "day": visit.day.isoformat(), "mode": visit.mode.value,
        "check_in": visit.check_in.strftime("%H:%M") if visit.check_in else "",
        "check_out": visit.check_out.strftime("%H:%M") if visit.check_out else "",
        "outcome": visit.outcome.value, "results": [r.value for r in visit.results],
        "order_value": "" if visit.order_value is None else str(visit.order_value),
        "contact": visit.contact_name, "notes": visit.notes, "next_step": visit.next_step,
        "needs": visit.needs, "competitors": ", ".join(visit.competitors),
        "follow_up": visit.follow_up_date.isoformat() if visit.follow_up_date else "",
        "follow_up_at": visit.follow_up_at.strftime("%H:%M") if visit.follow_up_at else "",
        "follow_up_minutes": visit.follow_up_minutes or 30,
    }


def _rounded(at: time) -> time:
    """``at`` down to the quarter hour."""
    return time(at.hour, at.minute - at.minute % 15)


def _row(*parts: QWidget | QHBoxLayout) -> QWidget:
    widget = QWidget()
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QHBoxLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addStretch(1)
    return widget


def _clock_text(edit: QTimeEdit, enabled: QCheckBox) -> str:
    return edit.time().toString("HH:mm") if enabled.isChecked() else ""


def _time_or_none(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def _qtime(at: time) -> QTime:
    return QTime(at.hour, at.minute)
