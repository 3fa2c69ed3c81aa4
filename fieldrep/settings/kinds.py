"""The kinds of values settings hold, shared by the features: free text, a choice, a number
of seconds, a time of day, weekdays, a currency, an amount, yes or no, a URL…

Each refuses a text that cannot be right with a message that names the key and says what
would be right (the CLI shows it as is; the settings dialog puts the field's name in).
A feature with a value of its own kind declares it beside its settings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import time
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from fieldrep.common.currencies import is_currency
from fieldrep.common.hours import OpeningHoursError, format_weekdays, parse_time, parse_weekdays
from fieldrep.common.money import MoneyError, check_amount
from fieldrep.settings.spec import Kind, SettingError


class Text(Kind[str]):
    """Any text, kept as typed."""

    def parse(self, key: str, text: str) -> str:
        return text


class Choice(Kind[str]):
    """One of a few words; ``options`` maps each to how the rep sees it, ``aliases`` other
    spellings to one of them.  ``error`` is the message's end, with ``{value!r}``."""

    def __init__(self, options: Mapping[str, str], error: str,
                 aliases: Mapping[str, str] | None = None) -> None:
        self.options = dict(options)
        self.error = error
        self.aliases = {**{option: option for option in options}, **(aliases or {})}

    def parse(self, key: str, text: str) -> str:
        option = self.aliases.get(text.lower())
        if option is None:
            raise SettingError(f"{key} {self.error.format(value=text)}")
        return option


class Seconds(Kind[float]):
    """A number of seconds, 0 or more (more than 0 unless ``zero``)."""

    def __init__(self, *, zero: bool = True) -> None:
        self.zero = zero

    def parse(self, key: str, text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            raise SettingError(f"{key} must be a number of seconds, not {text!r}") from None
        if not math.isfinite(number) or number < 0 or (number == 0 and not self.zero):
            raise SettingError(f"{key} must be positive")
        return number

    def format(self, value: float) -> str:
        return f"{value:g}"


class JsonObject(Kind[dict[str, Any]]):
    """A JSON object, kept as typed."""

    def parse(self, key: str, text: str) -> dict[str, Any]:
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SettingError(f"{key} is not JSON: {exc.msg}") from None
        if not isinstance(parsed, dict):
            raise SettingError(f"{key} must be a JSON object")
        return parsed

    def canonical(self, key: str, text: str) -> str:
        self.parse(key, text)
        return text


class CountryCode(Kind[str]):
    """A two-letter ISO country code (upper case)."""

    def parse(self, key: str, text: str) -> str:
        if len(text) != 2 or not text.isalpha():
            raise SettingError(f"{key} must be a two-letter code like FR")
        return text.upper()


class Degrees(Kind[float]):
    """A latitude (``limit`` 90) or longitude (180) in decimal degrees; a comma works too."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def parse(self, key: str, text: str) -> float:
        what = "latitude" if self.limit == 90 else "longitude"
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise SettingError(f"{key} must be a {what} in decimal degrees (e.g. 45.7578), "
                               f"not {text!r}") from None
        if not math.isfinite(number) or not -self.limit <= number <= self.limit:
            raise SettingError(
                f"{key} must be between -{self.limit} and {self.limit}, not {text!r}")
        return number

    def format(self, value: float) -> str:
        return f"{value:.7f}".rstrip("0").rstrip(".")


class TimeOfDay(Kind[time]):
    """A time of day: ``08:30``, also ``8:30``, ``8h30`` or ``8h``."""

    def parse(self, key: str, text: str) -> time:
        minutes = parse_time(text)
        if minutes is None:
            raise SettingError(
                f"{key} must be a time of day as HH:MM (e.g. 08:30), not {text!r}")
        return time(minutes // 60, minutes % 60)

    def format(self, value: time) -> str:
        return f"{value.hour:02d}:{value.minute:02d}"


class Minutes(Kind[int]):
    """A whole number of minutes (0: none)."""

    def parse(self, key: str, text: str) -> int:
        if not text.isdigit():
            raise SettingError(
                f"{key} must be a whole number of minutes (0: no lunch break), not {text!r}")
        return int(text)


class Weekdays(Kind[frozenset[int]]):
    """Days of the week (0 = Monday) written as in opening hours: ``Mo-Fr``, ``Mo,Tu,Th``."""

    def parse(self, key: str, text: str) -> frozenset[int]:
        try:
            return frozenset(parse_weekdays(text))
        except OpeningHoursError as exc:
            raise SettingError(f"{key}: {exc}; write days as Mo Tu We Th Fr Sa Su, "
                               "e.g. Mo-Fr or Mo,Tu,Th") from None

    def format(self, value: frozenset[int]) -> str:
        return format_weekdays(value)


class Currency(Kind[str]):
    """An ISO 4217 currency code (upper case)."""

    def parse(self, key: str, text: str) -> str:
        code = text.upper()
        if not is_currency(code):
            raise SettingError(
                f"{key} must be an ISO 4217 currency code such as EUR, USD, GBP or CHF; "
                f"{text!r} is not one")
        return code


class Count(Kind[int]):
    """A whole number from 0 to 100,000."""

    maximum = 100_000

    def parse(self, key: str, text: str) -> int:
        if not text.isdigit() or int(text) > self.maximum:
            raise SettingError(
                f"{key} must be a whole number from 0 to 100000, not {text!r}")
        return int(text)


class Amount(Kind[Decimal]):
    """An amount from 0 to a billion with at most two decimals (``25 000,50`` works too)."""

    def parse(self, key: str, text: str) -> Decimal:
        try:
            amount = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise SettingError(f"{key} must be an amount such as 25000 or 25000.50, "
                               f"not {text!r}") from None
        if not amount.is_finite() or amount < 0 or amount > 10**9:
            raise SettingError(f"{key} must be between 0 and 1,000,000,000, not {text!r}")
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise SettingError(f"{key} has more than two decimals: {text!r}")
        return amount


class ExpenseAmount(Amount):
    """An amount an expense could have (limits that compare with expenses), in cents."""

    def parse(self, key: str, text: str) -> Decimal:
        try:
            return check_amount(super().parse(key, text))
        except MoneyError as exc:
            raise SettingError(f"{key}: {exc}") from None


class YesNo(Kind[bool]):
    """Yes or no (also y/n, true/false, 1/0, on/off)."""

    _ANSWERS: ClassVar[dict[str, bool]] = {
        "yes": True, "y": True, "true": True, "1": True, "on": True,
        "no": False, "n": False, "false": False, "0": False, "off": False}

    def parse(self, key: str, text: str) -> bool:
        answer = self._ANSWERS.get(text.lower())
        if answer is None:
            raise SettingError(f"{key} must be yes or no, not {text!r}")
        return answer

    def format(self, value: bool) -> str:
        return "yes" if value else "no"
