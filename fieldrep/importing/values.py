"""Parse the cell texts reps' spreadsheets really contain into typed account values.

Each parser raises :class:`ValueError` with a reason a rep can act on; the row validator
turns it into "line 12, column 'Lat': …".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from fieldrep.accounts.model import TIERS

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_CURRENCY = re.compile(r"[€$£¥]|\b(?:EUR|USD|GBP|CHF|CAD|AUD)\b", re.IGNORECASE)
_TIER_WORDS = {"1": "A", "2": "B", "3": "C", "gold": "A", "silver": "B", "bronze": "C",
               "high": "A", "medium": "B", "low": "C"}
_CADENCE_WORDS = {"weekly": 7, "fortnightly": 14, "biweekly": 14, "monthly": 30,
                  "bimonthly": 61, "quarterly": 91, "half-yearly": 182, "yearly": 365,
                  "annually": 365, "hebdomadaire": 7, "mensuel": 30, "trimestriel": 91}
_YES = {"yes", "y", "true", "1", "oui", "o", "ja", "active", "actif", "x"}
_NO = {"no", "n", "false", "0", "non", "nein", "inactive", "inactif"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_CADENCE_DAYS = 730


def parse_coordinate(text: str, low: float, high: float, what: str) -> float:
    """A latitude/longitude in decimal degrees; a decimal comma is accepted (``45,7489``)."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("°", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a {what} in decimal degrees") from None
    if not low <= value <= high:
        raise ValueError(f"{what} {value} is outside {low:g}..{high:g}")
    return value


#: Amounts are stored exactly, in cents, in a 64-bit integer: this is far beyond any sale.
MAX_AMOUNT = Decimal("1e15")


def parse_amount(text: str) -> Decimal:
    """A money amount: ``85000``, ``85 000 €``, ``1.234,56``, ``$1,234.56`` (not negative)."""
    cleaned = _SPACES.sub("", _CURRENCY.sub("", text)).strip()
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif cleaned.count(",") == 1 and not re.search(r",\d{3}$", cleaned):
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(",") >= 1:
        cleaned = cleaned.replace(",", "")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not an amount")
    if value < 0:
        raise ValueError(f"{text!r} is negative")
    if value >= MAX_AMOUNT:
        raise ValueError(f"{text!r} is too large for an amount")
    return value.quantize(Decimal("0.01"))


def parse_tier(text: str) -> str:
    """``A``/``B``/``C`` (any case), or 1/2/3, gold/silver/bronze, high/medium/low."""
    value = text.strip().upper()
    if value in TIERS:
        return value
    mapped = _TIER_WORDS.get(value.lower())
    if mapped is None:
        raise ValueError(f"{text!r} is not a tier: use A, B or C")
    return mapped


def parse_cadence(text: str) -> int:
    """Days between visits: ``30``, ``30 days``, ``monthly``, ``every 2 weeks``."""
    value = text.strip().lower()
    if value in _CADENCE_WORDS:
        return _CADENCE_WORDS[value]
    match = re.fullmatch(r"(?:every\s+)?(\d+)\s*(d|days?|j|jours?|w|weeks?|semaines?)?", value)
    if not match:
        raise ValueError(f"{text!r} is not a number of days (e.g. 30, '2 weeks', 'monthly')")
    days = int(match.group(1)) * (7 if (match.group(2) or "d")[0] in "ws" else 1)
    if not 1 <= days <= MAX_CADENCE_DAYS:
        raise ValueError(f"a cadence of {days} days is outside 1..{MAX_CADENCE_DAYS}")
    return days


def parse_minutes(text: str) -> int:
    """A meeting length: ``45``, ``45 min``, ``1h``, ``1h30``, ``1:30``."""
    value = text.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(\d+)(?:min|mins|minutes|m)?", value)
    if match:
        minutes = int(match.group(1))
    else:
        match = re.fullmatch(r"(\d+)(?:h|:)(\d{2})?(?:min)?", value)
        if not match:
            raise ValueError(f"{text!r} is not a length in minutes (e.g. 30, 1h30)")
        minutes = int(match.group(1)) * 60 + int(match.group(2) or 0)
    if not 5 <= minutes <= 480:
        raise ValueError(f"a meeting of {minutes} minutes is outside 5..480")
    return minutes


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"{text!r} is not yes or no")


def parse_email(text: str) -> str:
    value = text.strip()
    if not _EMAIL.match(value):
        raise ValueError(f"{text!r} is not an e-mail address")
    return value


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags separated by commas, semicolons or bars; trimmed, lower case, no repeats."""
    tags = (t.strip().lower() for t in re.split(r"[,;|]", text))
    return tuple(dict.fromkeys(t for t in tags if t))


def strip_formula_guard(text: str) -> str:
    """Undo the quote FieldRep's exports put before a cell starting with = + - @."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


