"""Parse the cell texts reps' spreadsheets really contain into typed account values.

Each parser raises :class:`ValueError` with a reason a rep can act on; the row validator
turns it into "line 12, column 'Lat': …".
"""

from __future__ import annotations

import re
from decimal import Decimal

from fieldrep.accounts.model import TIERS
from fieldrep.common import money
from fieldrep.common.text import fold

#: Tier words (folded: lower case, no accents) as CRMs' Rating and Priority fields say them.
_TIER_WORDS = {
    **dict.fromkeys(("1", "gold", "hot", "high", "top", "key", "vip", "premium", "strategic",
                     "chaud", "heiss", "caliente", "caldo", "heet", "goracy", "hoch", "haute",
                     "eleve", "elevee", "alta", "alto", "hoog", "wysoki", "wysoka"), "A"),
    **dict.fromkeys(("2", "silver", "warm", "medium", "mid", "tiede", "mittel", "tibio",
                     "tiepido", "lauw", "cieply", "moyen", "moyenne", "media", "medio",
                     "middel", "sredni", "srednia"), "B"),
    **dict.fromkeys(("3", "bronze", "cold", "low", "froid", "kalt", "frio", "freddo", "koud",
                     "zimny", "niedrig", "basse", "bas", "faible", "baja", "bajo", "bassa",
                     "basso", "laag", "niski", "niska"), "C"),
}
#: Words before a rhythm that mean "every" ("every 2 weeks", "alle 14 Tage", "co tydzień").
_EVERY = {"every", "each", "alle", "jede", "jeden", "jedes", "toutes", "tous", "les", "cada",
          "ogni", "elke", "iedere", "co", "all", "once", "a", "per", "une", "fois", "par"}
#: Days in one unit of a rhythm ("14 Tage", "2 semaines", "3 mesi", "6 tygodni").
_CADENCE_UNITS = {
    **dict.fromkeys(("", "d", "day", "days", "j", "jour", "jours", "tag", "tage", "tagen",
                     "dia", "dias", "giorno", "giorni", "gg", "dag", "dagen", "dzien", "dni"), 1),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "sem", "semaine", "semaines",
                     "woche", "wochen", "semana", "semanas", "settimana", "settimane", "weken",
                     "tydzien", "tygodnie", "tygodni"), 7),
    **dict.fromkeys(("m", "mo", "month", "months", "mois", "monat", "monate", "monaten",
                     "mes", "meses", "mese", "mesi", "maand", "maanden", "miesiac",
                     "miesiace", "miesiecy"), 30),
}
#: Rhythms written in words, in days.
_CADENCE_WORDS = {
    **dict.fromkeys(("weekly", "week", "hebdomadaire", "hebdo", "semaine", "wochentlich",
                     "woche", "semanal", "semana", "settimanale", "settimana", "wekelijks",
                     "week", "tydzien", "cotygodniowo", "tygodniowo"), 7),
    **dict.fromkeys(("fortnightly", "biweekly", "bi weekly", "fortnight", "quinzaine",
                     "quinzomadaire", "bimensuel", "14 tagig", "zweiwochentlich",
                     "vierzehntagig", "quincenal", "quindicinale", "tweewekelijks",
                     "dwutygodniowo"), 14),
    **dict.fromkeys(("monthly", "month", "mensuel", "mensuelle", "mois", "monatlich", "monat",
                     "mensual", "mes", "mensile", "mese", "maandelijks", "maand",
                     "miesiecznie", "miesiac"), 30),
    **dict.fromkeys(("bimonthly", "bimestriel", "zweimonatlich", "bimestral", "bimestrale",
                     "tweemaandelijks", "dwumiesiecznie"), 61),
    **dict.fromkeys(("quarterly", "quarter", "trimestriel", "trimestre", "vierteljahrlich",
                     "quartalsweise", "quartal", "trimestral", "trimestrale", "kwartaal",
                     "driemaandelijks", "kwartalnie"), 91),
    **dict.fromkeys(("half yearly", "semiannually", "semi annually", "semestriel",
                     "halbjahrlich", "semestral", "semestrale", "halfjaarlijks",
                     "polrocznie"), 182),
    **dict.fromkeys(("yearly", "annually", "annual", "year", "annuel", "annuelle",
                     "jahrlich", "anual", "annuale", "jaarlijks", "rocznie"), 365),
}
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
    """A money amount as spreadsheets write it (``85000``, ``85 000 €``, ``1.234,56``,
    ``$1,234.56``), read by the product's one amount parser
    (:func:`fieldrep.common.money.parse_amount`), which refuses ambiguous ``1,500``."""
    return money.parse_amount(text, MAX_AMOUNT, currency_marks=True)


def parse_tier(text: str) -> str:
    """``A``/``B``/``C`` (any case), 1/2/3, or the words CRMs rate accounts with (Hot/Warm/
    Cold, High/Medium/Low, Gold/Silver/Bronze, in several languages).

    A word that says nothing about the tier ("Active", "Normal") is refused with a reason.
    """
    value = fold(text)
    tier = value.upper() if value.upper() in TIERS else _TIER_WORDS.get(value)
    if tier is None:
        raise ValueError(f"{text!r} says no tier: use A, B or C (or Hot/Warm/Cold, "
                         "High/Medium/Low, 1/2/3)")
    return tier


def parse_cadence(text: str) -> int:
    """Days between visits: ``30``, ``30 days``, ``monthly``, ``every 2 weeks``, ``14 Tage``,
    ``monatlich``, ``quinzaine``, ``co tydzień``, ``alle 2 Wochen``."""
    value = fold(text)
    words = value.split()
    while words and words[0] in _EVERY:
        words.pop(0)
    value = " ".join(words)
    if value in _CADENCE_WORDS:
        days = _CADENCE_WORDS[value]
    else:
        match = re.fullmatch(r"(\d+)\s*([a-z ]*)", value)
        unit = _CADENCE_UNITS.get(match.group(2).strip()) if match else None
        if match is None or unit is None:
            raise ValueError(f"{text!r} is not a visit rhythm: write a number of days (30), "
                             "'2 weeks' or 'monthly'")
        days = int(match.group(1)) * unit
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
