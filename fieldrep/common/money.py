"""Expense amounts: read exactly as typed, converted to the report currency, summed exactly.

Amounts are :class:`~decimal.Decimal` to the cent, never float.  An amount in another
currency is converted with the exchange rate the rep entered (how many units of the
report currency one unit of the expense currency was worth: 100 USD at 0.92 is 92.00
EUR) and rounded half-up to the cent, line by line, so a report's total is exactly the
sum of the lines it shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from fieldrep.common.currencies import is_currency
from fieldrep.common.errors import FieldRepError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: No single expense a rep claims comes near this; a bigger figure is a typing slip.
MAX_AMOUNT = Decimal("1000000")
#: Exchange rates are kept to 10 decimals (1 IDR is about 0.0000576 EUR).
RATE_PLACES = 10
MAX_RATE = Decimal("1000000")

_AMOUNT = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,'])\d{3})(?:\1\d{3})*([.,]\d+)?$")
#: One mark between 1-3 digits (not a lone 0) and exactly three: "1,500" is 1500 in the US
#: and 1.5 in France, "1.500" the other way round.
_AMBIGUOUS = re.compile(r"^(?!0[.,])\d{1,3}[.,]\d{3}$")
_CURRENCY = re.compile(r"^(?P<lead>[€$£¥]|[A-Za-z]{3}\b)?\s*(?P<number>.*?)\s*"
                       r"(?P<trail>[€$£¥]|\b[A-Za-z]{3})?$")


class MoneyError(FieldRepError, ValueError):
    """An amount, currency or exchange rate that cannot be right; the message says why."""


def parse_amount(text: str, maximum: Decimal = MAX_AMOUNT, *,
                 currency_marks: bool = False) -> Decimal:
    """The amount typed in ``text``, exactly, to the cent: ``12.50``, ``12,50``, ``12``,
    ``1 234,50``, ``1,234.50``, ``1.234,50`` or ``1.000.000``.

    The one reading of amounts in FieldRep (expenses, order values, imported annual values).
    With ``currency_marks`` a currency sign or code around the number is ignored (``85 000
    €``, ``$1,234.56``, ``EUR 3 200,10``), as spreadsheets write it.  Refused with a reason:
    empty text, a sign, more than two decimals, NaN or infinity, letters, anything above
    ``maximum`` (:data:`MAX_AMOUNT` for an expense), and a number that reads two ways
    (``1,500`` and ``1.500``: a thousand and a half, or one and a half?).
    """
    cleaned = text.strip()
    if currency_marks:
        cleaned = _without_currency(cleaned)
    if not cleaned:
        raise MoneyError("enter an amount, e.g. 12.50")
    if cleaned.startswith("-"):
        raise MoneyError(f"{text!r}: an amount cannot be negative")
    if _AMBIGUOUS.match(cleaned):
        whole, part = re.split(r"[.,]", cleaned)
        small = format(Decimal(f"{whole}.{part}").normalize(), "f")
        raise MoneyError(
            f"{text!r} is ambiguous: {whole}{part} in some countries, {small} in others; "
            f"write {whole}{part} (or {whole},{part}.00 or {whole}.{part},00), or {small}")
    plain = _ungrouped(cleaned)
    if plain is None:
        raise MoneyError(f"{text!r} is not an amount; write it like 12.50 or 12,50")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise MoneyError(f"{text!r} is not an amount") from None
    return check_amount(value, text, maximum)


def check_amount(value: Decimal, shown: str | None = None,
                 maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """``value`` if it can be an expense amount (finite, 0 to ``maximum``, at most two
    decimals), with two decimals; :class:`MoneyError` otherwise."""
    shown = repr(shown) if shown is not None else str(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise MoneyError(f"{shown} is not an amount")
    if value < 0:
        raise MoneyError(f"{shown}: an amount cannot be negative")
    if value > maximum:
        raise MoneyError(f"{shown} is more than {maximum:,f} — a typing slip?")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(f"{shown} has more than two decimals; amounts are to the cent "
                         "(write 1234 without a separator for a thousand or more)")
    return value.quantize(CENT)


def check_currency(code: str) -> str:
    """``code`` as an upper-case ISO 4217 code (``eur`` → ``EUR``); :class:`MoneyError`
    when it is not a currency in circulation."""
    cleaned = code.strip().upper()
    if not is_currency(cleaned):
        raise MoneyError(f"{code!r} is not an ISO 4217 currency code such as EUR, USD or GBP")
    return cleaned


def parse_rate(text: str) -> Decimal:
    """An exchange rate typed by the rep (``0.92``, ``0,92``, ``1.0843``): see
    :func:`check_rate`."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        raise MoneyError(f"{text!r} is not an exchange rate; write it like 0.92")
    return check_rate(Decimal(cleaned))


def check_rate(rate: Decimal) -> Decimal:
    """``rate`` if it can be an exchange rate: positive, finite, below :data:`MAX_RATE`,
    at most :data:`RATE_PLACES` decimals."""
    if not isinstance(rate, Decimal) or not rate.is_finite():
        raise MoneyError(f"{rate} is not an exchange rate")
    if rate <= 0:
        raise MoneyError(f"exchange rate {rate} must be more than zero")
    if rate >= MAX_RATE:
        raise MoneyError(f"exchange rate {rate} is far too large — a typing slip?")
    if rate != rate.quantize(Decimal(1).scaleb(-RATE_PLACES), rounding=ROUND_HALF_UP):
        raise MoneyError(f"exchange rate {rate} has more than {RATE_PLACES} decimals")
    return rate


def to_cents(value: Decimal) -> Decimal:
    """``value`` rounded half-up to the cent (2.675 → 2.68)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def convert(amount: Decimal, currency: str, report_currency: str,
            rate: Decimal | None) -> Decimal:
    """``amount`` in ``currency`` expressed in ``report_currency``, to the cent.

    ``rate`` is how many report-currency units one unit of ``currency`` was worth.  An
    amount already in the report currency is taken as it is (any rate is ignored: it was
    entered for another report currency); another currency needs a rate.
    """
    if currency == report_currency:
        return to_cents(amount)
    if rate is None:
        raise MoneyError(f"an amount in {currency} needs an exchange rate to {report_currency}")
    return to_cents(amount * check_rate(rate))


def total(amounts: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``amounts`` (0.00 for none)."""
    return sum(amounts, ZERO)


def _ungrouped(text: str) -> str | None:
    """``text`` without grouping marks and with a decimal point, or None if it is not a
    plain amount."""
    if _AMOUNT.match(text):
        plain = re.sub(r"[ \u00a0\u202f]", "", text)
        return plain.replace(",", ".")
    grouped = _GROUPED.match(text)
    if grouped:
        mark, decimals = grouped.group(1), grouped.group(2)
        if decimals is None or decimals[0] != mark:
            plain = text.replace(mark, "")
            return plain.replace(",", ".")
    return None


def _without_currency(text: str) -> str:
    """``text`` without a currency sign or ISO code before or after the number."""
    match = _CURRENCY.match(text)
    if match is None or not match.group("number"):
        return text
    marks = [m for m in (match.group("lead"), match.group("trail")) if m]
    if len(marks) > 1 or any(len(m) == 3 and not is_currency(m.upper()) for m in marks):
        return text
    return match.group("number")
