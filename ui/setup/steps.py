"""The assistant's steps other than the home base: where the rep works (country, currency,
distance unit), the working week, and the mileage rate with the period it applies to."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from fieldrep.common.currencies import CURRENCIES
from fieldrep.common.hours import DAY_CODES, OpeningHoursError, parse_weekdays
from fieldrep.usecases.first_run import SUGGESTED, SetupAnswers, country_choices
from ui.setup.step import Step

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _row(*widgets: QWidget, stretch: bool = True) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return box


class RegionStep(Step):
    """The country addresses and phones are read for, the currency and the distance unit."""

    #: The currency or the unit changed (the mileage step names them).
    units_changed = Signal()

    def __init__(self) -> None:
        super().__init__("Where you work", "Addresses, phone numbers and postcodes without a "
                         "country are read as in this country; expenses are kept in this "
                         "currency and distances in this unit.")
        self.country = QComboBox()
        self.country.addItem("Choose a country…", "")
        for code, name in country_choices():
            self.country.addItem(f"{name} ({code})", code)
        self.country.setMaxVisibleItems(20)
        self.country.currentIndexChanged.connect(self._country_chosen)
        self.add_field("country", "Country:", self.country)
        self.currency = QComboBox(editable=True)
        self.currency.addItems(sorted(CURRENCIES))
        self.currency.setToolTip("ISO code of the currency, e.g. EUR, GBP, USD, CHF")
        self.currency.setMinimumContentsLength(6)
        self.currency.currentTextChanged.connect(lambda _text: self.units_changed.emit())
        self.add_field("currency", "Currency:", _row(self.currency))
        self.km = QRadioButton("Kilometres (km)")
        self.mi = QRadioButton("Miles (mi)")
        self.unit = QButtonGroup(self)
        for button in (self.km, self.mi):
            self.unit.addButton(button)
            button.toggled.connect(lambda _on: self.units_changed.emit())
        self.add_field("distance_unit", "Distances in:", _row(self.km, self.mi))

    def set_country(self, code: str) -> None:
        self.country.setCurrentIndex(max(0, self.country.findData(code.upper())))

    def _country_chosen(self, _index: int) -> None:
        suggested = SUGGESTED.get(str(self.country.currentData() or ""))
        if suggested is not None:
            self.currency.setCurrentText(suggested[0])
            (self.mi if suggested[1] == "mi" else self.km).setChecked(True)

    def values(self) -> dict[str, str]:
        return {"country": str(self.country.currentData() or ""),
                "currency": self.currency.currentText().strip().upper(),
                "distance_unit": "mi" if self.mi.isChecked() else "km"}

    def load(self, answers: SetupAnswers) -> None:
        self.country.blockSignals(True)
        self.set_country(answers.country)
        self.country.blockSignals(False)
        self.currency.setCurrentText(answers.currency or "EUR")
        (self.mi if answers.distance_unit == "mi" else self.km).setChecked(True)


class WeekStep(Step):
    """The working days, the hours and the lunch break the planner fits visits into."""

    def __init__(self) -> None:
        super().__init__("Your working week", "Plans fill these days and hours, and leave "
                         "room for lunch.")
        self.days = [QCheckBox(name) for name in DAY_NAMES]
        self.add_field("work_days", "Working days:", _row(*self.days))
        self.start = QTimeEdit(displayFormat="HH:mm")
        self.end = QTimeEdit(displayFormat="HH:mm")
        self.add_field("work_start", "Day starts at:", _row(self.start))
        self.add_field("work_end", "Day ends at:", _row(self.end))
        self.lunch = QSpinBox(minimum=0, maximum=240, singleStep=15, suffix=" min")
        self.lunch.setToolTip("0: no lunch break")
        self.add_field("lunch_minutes", "Lunch break:", _row(self.lunch))

    def values(self) -> dict[str, str]:
        chosen = [DAY_CODES[n] for n, box in enumerate(self.days) if box.isChecked()]
        return {"work_days": ",".join(chosen), "work_start": self.start.time().toString("HH:mm"),
                "work_end": self.end.time().toString("HH:mm"),
                "lunch_minutes": str(self.lunch.value())}

    def load(self, answers: SetupAnswers) -> None:
        try:
            days = set(parse_weekdays(answers.work_days or "Mo-Fr"))
        except OpeningHoursError:
            days = set(range(5))
        for number, box in enumerate(self.days):
            box.setChecked(number in days)
        self.start.setTime(QTime.fromString(answers.work_start or "08:30", "HH:mm"))
        self.end.setTime(QTime.fromString(answers.work_end or "18:00", "HH:mm"))
        self.lunch.setValue(int(answers.lunch_minutes) if answers.lunch_minutes.isdigit()
                            else 45)


class MileageStep(Step):
    """The mileage allowance per distance unit and the period it applies to."""

    def __init__(self) -> None:
        super().__init__("Mileage allowance", "What your company pays per kilometre or mile "
                         "driven for work, and from when. Leave the rate empty if it pays "
                         "none; more periods can be added in Settings later.")
        self.rate = QLineEdit(placeholderText="e.g. 0.636")
        self.rate.setMaximumWidth(140)
        self.per = QLabel()
        self.add_field("rate", "Rate:", _row(self.rate, self.per))
        self.valid_from = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.add_field("rate_from", "From:", _row(self.valid_from))
        self.open_ended = QCheckBox("until a newer rate")
        self.valid_to = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.open_ended.toggled.connect(lambda on: self.valid_to.setEnabled(not on))
        self.add_field("rate_to", "Until:", _row(self.valid_to, self.open_ended))

    def show_units(self, currency: str, unit: str) -> None:
        self.per.setText(f"{currency} per {unit}")

    def values(self) -> dict[str, str]:
        return {"rate": self.rate.text().strip(),
                "rate_from": self.valid_from.date().toString("yyyy-MM-dd"),
                "rate_to": ("" if self.open_ended.isChecked()
                            else self.valid_to.date().toString("yyyy-MM-dd"))}

    def load(self, answers: SetupAnswers) -> None:
        self.rate.setText(answers.rate)
        today = date.today()
        start = _qdate(answers.rate_from) or QDate(today.year, 1, 1)
        self.valid_from.setDate(start)
        end = _qdate(answers.rate_to)
        self.open_ended.setChecked(end is None)
        self.valid_to.setDate(end or QDate(start.year(), 12, 31))
        self.valid_to.setEnabled(end is not None)


def _qdate(text: str) -> QDate | None:
    day = QDate.fromString(text.strip(), "yyyy-MM-dd")
    return day if day.isValid() else None
