"""The editors of the settings dialog's generated fields, one per kind of value.

Every editor speaks the settings' text (:meth:`value_text`, :meth:`set_value_text`: what the
core checks and stores) and says when the rep changes it (:attr:`value_changed`).  Which
editor a setting gets follows from its kind (:func:`editor_for`); a page's
:class:`~ui.settings.form.FieldSpec` tunes it (range, placeholder, width…).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import Qt, QTime, Signal, SignalInstance
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fieldrep.common.currencies import CURRENCIES
from fieldrep.common.hours import DAY_CODES, format_weekdays, parse_time, parse_weekdays
from fieldrep.settings.kinds import (
    Choice,
    Count,
    Currency,
    Minutes,
    Seconds,
    Text,
    TimeOfDay,
    Weekdays,
    YesNo,
)
from fieldrep.settings.spec import Kind, OrNone, Setting
from fieldrep.travel.settings import TravelNumber
from ui.settings.check_field import CheckField
from ui.settings.spec import FieldSpec

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class FieldEditor(Protocol):
    """What the dialog asks of an editor (a QWidget)."""

    value_changed: SignalInstance

    def value_text(self) -> str: ...

    def set_value_text(self, text: str) -> None: ...


@runtime_checkable
class SelfChecking(Protocol):
    """An editor that can hold a state no text says (no working day ticked, say)."""

    def problem(self) -> str:
        """What is wrong with the state ("" when nothing is)."""
        ...


class LineField(QLineEdit):
    """Free text, an amount, a code, a URL…"""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(placeholderText=spec.placeholder)
        if spec.max_length:
            self.setMaxLength(spec.max_length)
        if spec.width:  # as wide as asked, whatever the form's row would give it
            self.setFixedWidth(spec.width)
        self.textChanged.connect(lambda _text: self.value_changed.emit())

    def value_text(self) -> str:
        return self.text().strip()

    def set_value_text(self, text: str) -> None:
        self.setText(text)


class SuggestionField(QComboBox):
    """Free text with a few suggestions to pick from."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(editable=True)
        self.addItems(list(spec.suggestions))
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumWidth(200)
        self.currentTextChanged.connect(lambda _text: self.value_changed.emit())

    def value_text(self) -> str:
        return self.currentText().strip()

    def set_value_text(self, text: str) -> None:
        self.setEditText(text)


class TimeField(QTimeEdit):
    """A time of day."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.setDisplayFormat("HH:mm")
        self.timeChanged.connect(lambda _time: self.value_changed.emit())

    def value_text(self) -> str:
        return self.time().toString("HH:mm")

    def set_value_text(self, text: str) -> None:
        minutes = parse_time(text)
        self.setTime(QTime(0, 0) if minutes is None else QTime(minutes // 60, minutes % 60))


class WholeField(QSpinBox):
    """A whole number in a range (minutes, a count)."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(minimum=int(spec.minimum), maximum=int(spec.maximum),
                         singleStep=int(spec.step), suffix=spec.suffix)
        self.setSpecialValueText(spec.special)
        self.valueChanged.connect(lambda _value: self.value_changed.emit())

    def value_text(self) -> str:
        return str(self.value())

    def set_value_text(self, text: str) -> None:
        self.setValue(int(text) if text.strip().isdigit() else 0)


class NumberField(QDoubleSpinBox):
    """A decimal number in a range (seconds)."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(minimum=spec.minimum, maximum=spec.maximum, decimals=spec.decimals,
                         singleStep=spec.step, suffix=spec.suffix)
        self.valueChanged.connect(lambda _value: self.value_changed.emit())

    def value_text(self) -> str:
        return f"{self.value():g}"

    def set_value_text(self, text: str) -> None:
        try:
            self.setValue(float(text))
        except ValueError:
            self.setValue(0.0)


class ChoiceField(QComboBox):
    """One of a few options, by the words the rep sees."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec, options: dict[str, str]) -> None:
        super().__init__()
        for value, label in options.items():
            self.addItem(label or value, value)
        self.currentIndexChanged.connect(lambda _index: self.value_changed.emit())

    def value_text(self) -> str:
        return str(self.currentData())

    def set_value_text(self, text: str) -> None:
        self.setCurrentIndex(max(0, self.findData(text)))


class RadioField(QWidget):
    """One of a few options as radio buttons (``buttons`` by option)."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec, options: dict[str, str]) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for value, label in options.items():
            button = QRadioButton(label or value)
            self.group.addButton(button)
            self.buttons[value] = button
            column.addWidget(button)
            button.toggled.connect(lambda _on: self.value_changed.emit())

    def value_text(self) -> str:
        return next((value for value, b in self.buttons.items() if b.isChecked()), "")

    def set_value_text(self, text: str) -> None:
        (self.buttons.get(text) or next(iter(self.buttons.values()))).setChecked(True)


class WeekdaysField(QWidget):
    """A box per day of the week (``boxes``, Monday first)."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for code, name in zip(DAY_CODES, DAY_NAMES, strict=True):
            box = QCheckBox(name[:3])
            box.setToolTip(name)
            box.setObjectName(f"day_{code}")
            box.toggled.connect(lambda _on: self.value_changed.emit())
            row.addWidget(box)
            self.boxes.append(box)
        row.addStretch(1)

    def value_text(self) -> str:
        return format_weekdays(i for i, box in enumerate(self.boxes) if box.isChecked())

    def set_value_text(self, text: str) -> None:
        try:
            days = set(parse_weekdays(text))
        except ValueError:
            days = set()
        for day, box in enumerate(self.boxes):
            box.setChecked(day in days)

    def problem(self) -> str:
        """No day ticked is no working week (an empty text would mean the default)."""
        return "" if self.value_text() else "choose at least one working day"


class CurrencyField(QComboBox):
    """An ISO currency, picked by code or by name."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(editable=True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in CURRENCIES.items():
            self.addItem(f"{code} — {name}", code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setMinimumWidth(280)
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText("ISO code, e.g. EUR")
        self.currentTextChanged.connect(lambda _text: self.value_changed.emit())

    def value_text(self) -> str:
        """The code in the text (``"USD — US Dollar"`` → ``"USD"``)."""
        return self.currentText().split("—")[0].strip().upper()

    def set_value_text(self, text: str) -> None:
        index = self.findData(text.upper())
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(text)


def editor_for(setting: Setting[Any], spec: FieldSpec) -> QWidget:
    """The editor ``setting`` gets on a generated page."""
    if spec.editor is not None:
        return spec.editor()
    kind: Kind[Any] = setting.kind
    if isinstance(kind, OrNone):
        kind = kind.kind
    if isinstance(kind, Choice):
        return RadioField(spec, kind.options) if spec.radio else ChoiceField(spec, kind.options)
    simple: dict[type[Kind[Any]], Callable[[FieldSpec], QWidget]] = {
        TimeOfDay: TimeField, Minutes: WholeField, Count: WholeField, Seconds: NumberField,
        YesNo: CheckField, Weekdays: WeekdaysField, Currency: CurrencyField,
        TravelNumber: NumberField}
    if isinstance(kind, Text) and spec.suggestions:
        return SuggestionField(spec)
    return simple.get(type(kind), LineField)(spec)
