"""Opening hours per weekday, several intervals a day, in a small OSM-like text syntax.

``Mo-Fr 08:30-12:00,14:00-18:30; Sa 09:00-12:00`` means: Monday to Friday with a lunch
gap, Saturday morning only, closed on Sunday.  An empty text means "unknown" (the planner
then assumes the account is open during the rep's working hours).  ``Mo-Fr off`` and
``24/7`` are understood too.  Rules may be separated by commas too (``Mo-Fr 08:00-19:00,
Sa 09:00-14:00``); days may be written, short or in full, in English, German, French,
Spanish, Italian or Dutch (``Di/Do``, ``So geschlossen``, ``lun-ven``, ``Lu-Vi``,
``ma-vr``: the language is the one all the text's days belong to), and times as ``8h30``,
``8.30`` or ``8:30 Uhr``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time

from fieldrep.common.errors import FieldRepError

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
#: Each language's ways of writing Monday … Sunday (lower case, no accents), tried in this
#: order: the first language that knows every day of a text reads it ("Di" is Tuesday in
#: German and Dutch but Sunday in French; "Do" Thursday in German, Sunday in Spanish).
DAY_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("mo", "mon", "monday"), ("tu", "tue", "tues", "tuesday"),
           ("we", "wed", "wednesday"), ("th", "thu", "thur", "thurs", "thursday"),
           ("fr", "fri", "friday"), ("sa", "sat", "saturday"), ("su", "sun", "sunday")),
    "de": (("mo", "mon", "montag"), ("di", "die", "dienstag"), ("mi", "mit", "mittwoch"),
           ("do", "don", "donnerstag"), ("fr", "fre", "freitag"),
           ("sa", "sam", "samstag", "sonnabend"), ("so", "son", "sonntag")),
    "fr": (("lu", "lun", "lundi"), ("ma", "mar", "mardi"), ("me", "mer", "mercredi"),
           ("je", "jeu", "jeudi"), ("ve", "ven", "vendredi"), ("sa", "sam", "samedi"),
           ("di", "dim", "dimanche")),
    "es": (("lu", "lun", "lunes"), ("ma", "mar", "martes"), ("mi", "mie", "miercoles"),
           ("ju", "jue", "jueves"), ("vi", "vie", "viernes"), ("sa", "sab", "sabado"),
           ("do", "dom", "domingo")),
    "it": (("lu", "lun", "lunedi"), ("ma", "mar", "martedi"), ("me", "mer", "mercoledi"),
           ("gi", "gio", "giovedi"), ("ve", "ven", "venerdi"), ("sa", "sab", "sabato"),
           ("do", "dom", "domenica")),
    "nl": (("ma", "maa", "maandag"), ("di", "din", "dinsdag"), ("wo", "woe", "woensdag"),
           ("do", "don", "donderdag"), ("vr", "vri", "vrijdag"), ("za", "zat", "zaterdag"),
           ("zo", "zon", "zondag")),
}
_DAYS_BY_LANGUAGE = {
    language: {name: day for day, names in enumerate(days) for name in names}
    for language, days in DAY_NAMES.items()
}
#: Words for "closed" after the days (``So geschlossen``, ``dimanche fermé``).
CLOSED_WORDS = ("off", "closed", "geschlossen", "ruhetag", "fermé", "ferme", "cerrado",
                "chiuso", "gesloten", "zamknięte", "zamkniete")
_CLOSED = "|".join(CLOSED_WORDS)
#: Words for "to" between two days or two times, and for "and" between two of them.
_TO = re.compile(r"\s*(?:[-–—]|\b(?:bis|au|a|à|to|till|until|tot|al|t/m)\b)\s*", re.IGNORECASE)
_AND = re.compile(r"\s*(?:[/&+]|\b(?:und|et|and|y|e|en)\b)\s*", re.IGNORECASE)
_FILLER = re.compile(r"\b(?:du|de|von|from|del|dal|van)\b", re.IGNORECASE)
#: A new rule starts where a time is followed by a word that is not a time's ("Uhr", "bis").
_NEXT_RULE = re.compile(r"(?<=\d)\s*,?\s+(?=(?!(?:uhr|h|bis|a|à|au|to|till|until|und|et|and|y|"
                        r"e|en|tot|al)\b)[^\W\d_])", re.IGNORECASE)
_TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2}))?h?$")


class OpeningHoursError(FieldRepError, ValueError):
    """The opening-hours text cannot be read; the message says which part and why."""


@dataclass(frozen=True)
class Interval:
    """One opening interval in minutes since midnight (``end`` may be 1440)."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_fmt(self.start)}-{_fmt(self.end)}"


@dataclass(frozen=True)
class OpeningHours:
    """Intervals per weekday (0 = Monday).  ``known`` is False for "no information"."""

    days: tuple[tuple[Interval, ...], ...] = field(default=((),) * 7)
    known: bool = False

    def intervals(self, weekday: int) -> tuple[Interval, ...]:
        """The intervals of ``weekday`` (0 = Monday); empty when closed."""
        return self.days[weekday]

    def is_open(self, weekday: int, at: time) -> bool:
        """Whether the account is open at ``at`` on ``weekday`` (True when unknown)."""
        if not self.known:
            return True
        minute = at.hour * 60 + at.minute
        return any(iv.start <= minute < iv.end for iv in self.days[weekday])

    def to_text(self) -> str:
        """The canonical text: equal consecutive days grouped, ``off`` omitted."""
        if not self.known:
            return ""
        if all(d == (Interval(0, 1440),) for d in self.days):
            return "24/7"
        rules: list[str] = []
        i = 0
        while i < 7:
            j = i
            while j + 1 < 7 and self.days[j + 1] == self.days[i]:
                j += 1
            if self.days[i]:
                span = DAY_CODES[i] if i == j else f"{DAY_CODES[i]}-{DAY_CODES[j]}"
                rules.append(f"{span} {','.join(str(iv) for iv in self.days[i])}")
            i = j + 1
        return "; ".join(rules) if rules else "off"

    def __str__(self) -> str:
        return self.to_text()


def parse_opening_hours(text: str | None) -> OpeningHours:
    """Read opening hours; raise :class:`OpeningHoursError` naming the faulty part."""
    text = (text or "").strip()
    if not text:
        return OpeningHours()
    if text.lower() in {"24/7", "24h/24", "always"}:
        return OpeningHours(days=((Interval(0, 1440),),) * 7, known=True)
    if text.lower() in {"off", "closed"}:
        return OpeningHours(known=True)
    days: list[list[Interval]] = [[] for _ in range(7)]
    rules = []
    for rule in _rules(text):
        match = re.match(rf"^([^\d]*?)\s*(\d.*|{_CLOSED})$", rule, re.IGNORECASE)
        if not match or not match.group(1):
            raise OpeningHoursError(f"'{rule}': expected days then times, e.g. 'Mo-Fr 09:00-17:00'")
        rules.append((rule, *match.groups()))
    names = _language([day_part for _, day_part, _ in rules])
    for rule, day_part, time_part in rules:
        weekdays = _parse_days(day_part, rule, names)
        if _plain(time_part) in CLOSED_WORDS:
            for d in weekdays:
                days[d] = []
            continue
        intervals = _parse_intervals(time_part, rule)
        for d in weekdays:
            days[d] = sorted(set(days[d]) | set(intervals), key=lambda iv: iv.start)
    for d, ivs in enumerate(days):
        for a, b in itertools.pairwise(ivs):
            if b.start < a.end:
                raise OpeningHoursError(
                    f"{DAY_CODES[d]}: intervals {a} and {b} overlap")
    return OpeningHours(days=tuple(tuple(d) for d in days), known=True)


def parse_time(text: str) -> int | None:
    """Minutes since midnight of a time of day written ``08:30`` (also ``8:30``, ``8h30``,
    ``8h``); None when it is not one."""
    match = _TIME.match(text.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Weekdays written as in opening hours (``Mo-Fr``, ``Mo,Tu,Th``, ``lundi-vendredi``):
    their numbers in order (0 = Monday).  Raise :class:`OpeningHoursError` naming the part
    that is not a day, or when there is no day at all."""
    days = _days(text, _language([text]))
    if not days:
        raise OpeningHoursError("no day given (e.g. Mo-Fr)")
    return tuple(sorted(days))


def format_weekdays(weekdays: Iterable[int]) -> str:
    """The short form of weekdays: three or more days in a row as a range (``Mo-Fr``),
    others separated by commas (``Mo,Tu,Th``); empty for no day."""
    days = sorted(set(weekdays))
    parts: list[str] = []
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and days[j + 1] == days[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{DAY_CODES[days[i]]}-{DAY_CODES[days[j]]}")
        else:
            parts.extend(DAY_CODES[d] for d in days[i:j + 1])
        i = j + 1
    return ",".join(parts)


def _rules(text: str) -> list[str]:
    """The rules of ``text``: separated by ``;``, new lines or ``|``, or by a comma or a
    space between a time and the next days (``Mo-Fr 08:00-19:00, Sa 09:00-14:00``)."""
    rules: list[str] = []
    for part in re.split(r"[;\n|]", _NEXT_RULE.sub(", ", text)):
        current = ""
        for piece in filter(None, (p.strip() for p in part.split(","))):
            ends_rule = re.search(rf"\d\s*h?$|\b(?:{_CLOSED})$", _plain(current))
            if current and piece[0].isalpha() and ends_rule:
                rules.append(current)
                current = piece
            else:
                current = f"{current},{piece}" if current else piece
        if current:
            rules.append(current)
    return rules


def _plain(text: str) -> str:
    """``text`` in lower case without accents (``Mittwoch``, ``sábado`` → ``sabado``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _language(day_parts: list[str]) -> dict[str, int]:
    """The day names of the first language that knows every day word of ``day_parts``
    (English when none does: the error then names the word)."""
    words = {w for part in day_parts
             for w in re.findall(r"[a-z]+", _plain(_FILLER.sub(" ", part)))}
    words -= {"bis", "au", "a", "to", "till", "until", "tot", "al", "und", "et", "and", "y",
              "e", "en", "t", "m"}
    for names in _DAYS_BY_LANGUAGE.values():
        if words <= names.keys():
            return names
    return _DAYS_BY_LANGUAGE["en"]


def _parse_days(part: str, rule: str, names: dict[str, int]) -> list[int]:
    try:
        return _days(part, names)
    except OpeningHoursError as exc:
        raise OpeningHoursError(f"'{rule}': {exc}") from None


def _days(part: str, names: dict[str, int]) -> list[int]:
    result: list[int] = []
    part = _AND.sub(",", _TO.sub("-", _FILLER.sub(" ", part)))
    for chunk in filter(None, (c.strip() for c in part.split(","))):
        ends = [_plain(e).rstrip(".:").strip() for e in chunk.split("-")]
        if len(ends) > 2 or any(e not in names for e in ends):
            raise OpeningHoursError(f"'{chunk}' is not a day or a day range (Mo-Fr)")
        first, last = names[ends[0]], names[ends[-1]]
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        result.extend(d for d in span if d not in result)
    return result


def _parse_intervals(part: str, rule: str) -> list[Interval]:
    intervals: list[Interval] = []
    part = _AND.sub(",", re.sub(r"\s*\buhr\b", "", part.lower()))
    part = re.sub(r"(\d)\s+(?=\d)", r"\1,", part)  # "8h30-12h00 14h-18h": two ranges
    for chunk in filter(None, (c.strip() for c in part.split(","))):
        ends = [e.strip() for e in _TO.split(chunk)]
        if len(ends) != 2:
            raise OpeningHoursError(f"'{rule}': '{chunk}' is not a time range like 09:00-12:00")
        start, end = (_parse_time(e, rule) for e in ends)
        if end == 0:
            end = 1440
        if end <= start:
            raise OpeningHoursError(f"'{rule}': '{chunk}' ends before it starts")
        intervals.append(Interval(start, end))
    return intervals


def _parse_time(text: str, rule: str) -> int:
    match = _TIME.match(text.lower())
    if not match:
        raise OpeningHoursError(f"'{rule}': '{text}' is not a time (HH:MM)")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise OpeningHoursError(f"'{rule}': '{text}' is not a valid time of day")
    return hour * 60 + minute


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
