"""Log (or edit) a visit or a call: check-in/out, outcome, what came of it, notes, follow-up.

Whatever the rep types is kept as a draft in the store half a second after each change,
and again when the dialog closes, so a crash or a closed laptop loses nothing; the draft is
removed in the same step that saves the visit.  Opening the same visit again brings the
draft back.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fieldrep.accounts.service import get_account
from fieldrep.common.money import MoneyError, parse_amount
from fieldrep.expenses.settings import expense_currency
from fieldrep.store import Store
from fieldrep.visits.logbook import (
    MAX_ORDER_VALUE,
    get_visit,
    load_draft,
    log_visit,
    save_draft,
    update_visit,
)
from fieldrep.visits.model import Mode, Outcome, Result, VisitData, VisitError, VisitInput

DRAFT_DELAY_MS = 500


def draft_key(account_id: int, *, visit_id: int | None = None,
              plan_stop_id: int | None = None) -> str:
    """Where the draft of this form is kept: one per visit, planned stop, or account."""
    if visit_id is not None:
        return f"visit:{visit_id}"
    if plan_stop_id is not None:
        return f"stop:{plan_stop_id}"
    return f"account:{account_id}"


class VisitDialog(QDialog):
    """The visit form for one account; ``saved`` carries the stored :class:`VisitData`."""

    saved = Signal(object)

    def __init__(self, store: Store, account_id: int, parent: QWidget | None = None, *,
                 day: date | None = None, visit: VisitData | None = None,
                 plan_stop_id: int | None = None, planned: tuple[time, time] | None = None,
                 mode: Mode = Mode.IN_PERSON,
                 now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(parent)
        self.store = store
        self.account = get_account(store, account_id)
        self.visit = get_visit(store, visit.id) if visit else None  # with its follow-up time
        visit = self.visit
        self.plan_stop_id = visit.plan_stop_id if visit else plan_stop_id
        self.now = now
        self.key = draft_key(account_id, visit_id=visit.id if visit else None,
                             plan_stop_id=self.plan_stop_id)
        self.currency = expense_currency(store)
        self._loading = True
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.setWindowTitle(f"{'Edit visit' if visit else 'Log a visit'} — {self.account.name}")
        self._build()
        self._fill(visit, day or now().date(), planned, mode)
        self.restored = self._restore_draft()
        self._loading = False
        self._update_enabled()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel(f"<b style='font-size:15px'>{html.escape(self.account.name)}</b><br>"
                       f"<span style='color:#555'>{html.escape(self.account.address)}</span>")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4ce; padding:6px; border-radius:4px")
        self.banner.setVisible(False)
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
        results_row = QHBoxLayout()
        for box in self.results.values():
            results_row.addWidget(box)
        results_row.addStretch(1)
        self.order_value = QLineEdit(placeholderText="0.00")
        self.order_value.setMaximumWidth(140)
        order_row = QHBoxLayout()
        order_row.addWidget(self.order_value)
        order_row.addWidget(QLabel(self.currency))
        order_row.addStretch(1)
        self.contact = QComboBox(editable=True)
        self.contact.addItems(["", *(c.name for c in self.account.contacts)])
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
        follow_row = QHBoxLayout()
        for widget in (self.follow_up_on, self.follow_up, self.appointment_on,
                       self.appointment_at, self.appointment_minutes):
            follow_row.addWidget(widget)
        follow_row.addStretch(1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b3261e")

        form = QFormLayout()
        form.addRow("&Date", self.day)
        form.addRow("&How", self.mode)
        form.addRow("", _row_widget(in_row, out_row))
        form.addRow("&Outcome", self.outcome)
        form.addRow("What came of it", _row_widget(results_row))
        form.addRow("Order &value", _row_widget(order_row))
        form.addRow("&Contact met", self.contact)
        form.addRow("&Notes", self.notes)
        form.addRow("Next &step", self.next_step)
        form.addRow("Needs", self.needs)
        form.addRow("Competitors", self.competitors)
        form.addRow("", _row_widget(follow_row))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 640)

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
            signal.connect(self._edited)

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

    # -- values ---------------------------------------------------------------------------
    def _fill(self, visit: VisitData | None, day: date, planned: tuple[time, time] | None,
              mode: Mode) -> None:
        follow_default = QDate.currentDate().addDays(7)
        self.follow_up.setDate(follow_default)
        self.appointment_at.setTime(QTime(10, 0))
        if visit is None:
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
            return
        self.load_payload(_payload_of(visit))

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

    def load_payload(self, data: dict[str, Any]) -> None:
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
            account_id=self.account.id or 0, day=date.fromisoformat(data["day"]),
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

    # -- drafts and saving ----------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        self._update_enabled()
        if not self._loading:
            self.error.clear()
            self._draft_timer.start()

    def save_draft(self) -> None:
        """Keep what is typed so far (done by itself shortly after each change)."""
        self._draft_timer.stop()
        save_draft(self.store, self.key, self.payload())

    def _restore_draft(self) -> bool:
        draft = load_draft(self.store, self.key)
        if not draft:
            return False
        self.load_payload(draft)
        self.banner.setText("Brought back what you typed last time (not saved as a visit "
                            "yet). Save it, or change it first.")
        self.banner.setVisible(True)
        return True

    def save(self) -> VisitData | None:
        """Save the visit; a refusal is shown in the dialog and the draft stays."""
        try:
            visit = self.visit_input()
            if self.visit is None:
                saved = log_visit(self.store, visit, now=self.now(), draft_key=self.key)
            else:
                saved = update_visit(self.store, self.visit.id, visit, now=self.now(),
                                     draft_key=self.key)
        except VisitError as exc:
            self.error.setText(str(exc))
            self._focus(exc.field)
            self.save_draft()
            return None
        self._draft_timer.stop()
        self.saved.emit(saved)
        self.accept()
        return saved

    def reject(self) -> None:
        if self._draft_timer.isActive():
            self.save_draft()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._draft_timer.isActive():
            self.save_draft()
        super().closeEvent(event)

    def _focus(self, field: str) -> None:
        widget = {"check_out": self.check_out, "check_in": self.check_in, "day": self.day,
                  "follow_up_date": self.follow_up, "order_value": self.order_value,
                  "follow_up_minutes": self.appointment_minutes}.get(field)
        if widget is not None:
            widget.setFocus()

    def _update_enabled(self) -> None:
        self.check_in.setEnabled(self.check_in_on.isChecked())
        self.check_out.setEnabled(self.check_out_on.isChecked())
        following = self.follow_up_on.isChecked()
        self.follow_up.setEnabled(following)
        self.appointment_on.setEnabled(following)
        appointment = following and self.appointment_on.isChecked()
        self.appointment_at.setEnabled(appointment)
        self.appointment_minutes.setEnabled(appointment)


def _payload_of(visit: VisitData) -> dict[str, Any]:
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


def _row_widget(*rows: QHBoxLayout) -> QWidget:
    widget = QWidget()
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    for row in rows:
        layout.addLayout(row)
    layout.addStretch(1)
    return widget


def _clock_text(edit: QTimeEdit, enabled: QCheckBox) -> str:
    return edit.time().toString("HH:mm") if enabled.isChecked() else ""


def _time_or_none(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def _qtime(at: time) -> QTime:
    return QTime(at.hour, at.minute)

