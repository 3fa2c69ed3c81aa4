"""The setup a new rep goes through on the first start: home base, country, currency and
distance unit, working days and hours, and the mileage rate with the period it applies to.

:func:`setup_answers` reads what is set now (to fill the assistant in), :func:`setup_problems`
says what is wrong with a set of answers, one sentence per field, and :func:`save_setup`
writes them all at once through the typed settings, or nothing.  The fields are named as
in :class:`SetupAnswers`; the messages name what the rep sees, never a setting's key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import pycountry

from fieldrep.common.errors import FieldRepError
from fieldrep.expenses.mileage_rates import (
    MileageError,
    MileageRate,
    RateTable,
    parse_rate_table,
    rate_table_to_json,
)
from fieldrep.maps.pin_page import PinMap, pin_map
from fieldrep.maps.settings import map_settings
from fieldrep.maps.territory_map import map_points
from fieldrep.settings.spec import SettingError
from fieldrep.store import Store
from fieldrep.usecases.settings import CATALOGUE, get_settings, set_settings

#: Each answer's setting.  The mileage answers make one period of ``mileage.rates``.
SETTING_OF = {
    "address": "home.address", "lat": "home.lat", "lon": "home.lon",
    "precision": "home.precision", "country": "geocoder.default_country",
    "currency": "currency", "distance_unit": "distance.unit", "work_days": "work.days",
    "work_start": "work.start", "work_end": "work.end", "lunch_minutes": "work.lunch_minutes",
}
MILEAGE_FIELDS = ("rate", "rate_from", "rate_to")
_FIELD_OF = {key: name for name, key in SETTING_OF.items()} | {"mileage.rates": "rate"}
#: The currency and distance unit most reps of a country use (the assistant proposes them).
_EURO = ("AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MC MT NL PT SI SK SM VA AD ME XK")
SUGGESTED = ({code: ("EUR", "km") for code in _EURO.split()}
             | {"GB": ("GBP", "mi"), "US": ("USD", "mi"), "CH": ("CHF", "km"),
                "LI": ("CHF", "km"), "CA": ("CAD", "km"), "PL": ("PLN", "km"),
                "CZ": ("CZK", "km"), "DK": ("DKK", "km"), "SE": ("SEK", "km"),
                "NO": ("NOK", "km"), "HU": ("HUF", "km"), "RO": ("RON", "km"),
                "AU": ("AUD", "km"), "NZ": ("NZD", "km"), "JP": ("JPY", "km")})
_KEYS_IN_TEXT = re.compile("|".join(
    re.escape(key) for key in sorted(CATALOGUE.keys(), key=len, reverse=True)))


class SetupError(FieldRepError, ValueError):
    """Answers that cannot be saved; ``problems`` maps each faulty field to one sentence."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = dict(problems)


@dataclass(frozen=True)
class SetupAnswers:
    """What the setup assistant asks, as typed (empty: the setting's default)."""

    address: str = ""
    lat: str = ""
    lon: str = ""
    #: how precise the pin is (from a look-up, or ``manual`` for a pin set by hand)
    precision: str = ""
    #: ISO code of the country assumed for addresses, phones and postcodes without one
    country: str = ""
    currency: str = ""
    distance_unit: str = ""
    work_days: str = ""
    work_start: str = ""
    work_end: str = ""
    lunch_minutes: str = ""
    #: the mileage rate per distance unit, in the currency (empty: no rate is added)
    rate: str = ""
    #: the first day the rate applies (YYYY-MM-DD; empty: the first of January)
    rate_from: str = ""
    #: the last day it applies (empty: until a newer rate)
    rate_to: str = ""

    @property
    def has_home(self) -> bool:
        return bool(self.lat.strip() and self.lon.strip())


def setup_answers(store: Store, today: date | None = None) -> SetupAnswers:
    """The answers the settings give now, the mileage rate being the one that applies
    ``today`` (if any)."""
    values = get_settings(store)
    answers = SetupAnswers(**{name: values[key] for name, key in SETTING_OF.items()})
    day = today or date.today()
    try:
        rates = parse_rate_table(values["mileage.rates"])
        current = rates.rate_on(day)
    except MileageError:
        return replace(answers, rate_from=date(day.year, 1, 1).isoformat())
    return replace(answers, rate=str(current.rate), rate_from=current.valid_from.isoformat(),
                   rate_to=current.valid_to.isoformat() if current.valid_to else "")


def country_choices() -> tuple[tuple[str, str], ...]:
    """Every country as (ISO code, name), by name."""
    named = ((c.alpha_2, getattr(c, "common_name", None) or c.name)
             for c in pycountry.countries)
    return tuple(sorted(named, key=lambda pair: pair[1]))


def home_pin_map(store: Store, pin: tuple[float, float] | None) -> PinMap:
    """The map to set the home pin on: around ``pin``, else around the accounts; with the
    map tiles when the settings allow them."""
    centre = None
    points = map_points(store)
    if points:
        lats, lons = sorted(p.lat for p in points), sorted(p.lon for p in points)
        centre = (lats[len(lats) // 2], lons[len(lons) // 2])
    drawn = map_settings(store)
    return pin_map(centre, pin, drawn.tile_url if drawn.tiles else None)


def setup_problems(store: Store, answers: SetupAnswers,
                   today: date | None = None) -> dict[str, str]:
    """What is wrong with ``answers``, each value alone and with the others: faulty field
    → one sentence (nothing when they can be saved)."""
    try:
        _changes(store, answers, today)
    except SetupError as exc:
        return exc.problems
    return {}


def save_setup(store: Store, answers: SetupAnswers, today: date | None = None) -> None:
    """Save every answer at once, or nothing: :class:`SetupError` names each faulty field.
    A mileage rate becomes the period from ``rate_from`` on; an older period that ran on
    is closed the day before, and the periods it covers are replaced."""
    set_settings(store, _changes(store, answers, today))


def _changes(store: Store, answers: SetupAnswers, today: date | None) -> dict[str, str]:
    """The settings to write for ``answers``, checked alone and together."""
    stored = get_settings(store)
    changes = {key: getattr(answers, name).strip() for name, key in SETTING_OF.items()}
    if not answers.has_home:
        changes["home.precision"] = ""
    elif not changes["home.precision"]:
        changes["home.precision"] = "manual"  # a pin typed or clicked in
    problems: dict[str, str] = {}
    for key, value in changes.items():
        try:
            changes[key] = CATALOGUE.check(key, value)
        except SettingError as exc:
            problems[_FIELD_OF[key]] = in_words(str(exc))
    rate = _rate(answers, changes, stored, problems, today or date.today())
    if rate is not None:
        changes["mileage.rates"] = rate
    if not problems:
        merged = {**stored, **{k: v or CATALOGUE[k].default for k, v in changes.items()}}
        for key, message in CATALOGUE.joint_problems(merged, set(changes)).items():
            problems.setdefault(_FIELD_OF.get(key, "rate"), in_words(message))
    if problems:
        raise SetupError({name: problems[name] for name in _ORDER if name in problems})
    return changes


def _rate(answers: SetupAnswers, changes: Mapping[str, str], stored: Mapping[str, str],
          problems: dict[str, str], today: date) -> str | None:
    """The new ``mileage.rates`` text with the answered period in it (None: no rate
    given, or a problem noted in ``problems``)."""
    if not answers.rate.strip():
        return None
    amount = _amount(answers.rate, problems)
    start = _day(answers.rate_from, "rate_from", problems) or date(today.year, 1, 1)
    end = _day(answers.rate_to, "rate_to", problems)
    if amount is None or problems.keys() & set(MILEAGE_FIELDS):
        return None
    if end is not None and end < start:
        problems["rate_to"] = (f"The rate's last day ({end.isoformat()}) is before its first "
                               f"day ({start.isoformat()}).")
        return None
    unit = changes["distance.unit"] or CATALOGUE["distance.unit"].default
    currency = changes["currency"] or CATALOGUE["currency"].default
    try:
        period = MileageRate(start, end, amount, unit, currency)
        older = parse_rate_table(stored.get("mileage.rates", "")).rates
    except MileageError as exc:
        problems["rate"] = in_words(str(exc))
        return None
    return rate_table_to_json(with_period(older, period))


def with_period(rates: tuple[MileageRate, ...], period: MileageRate) -> RateTable:
    """``rates`` with ``period`` in force over its days: the periods it overlaps are cut
    short (or left out when it covers them whole)."""
    kept: list[MileageRate] = []
    for rate in rates:
        if rate.valid_from < period.valid_from:
            cut = period.valid_from - timedelta(days=1)
            kept.append(rate if rate.valid_to is not None and rate.valid_to <= cut
                        else replace(rate, valid_to=cut))
        elif period.valid_to is not None and rate.valid_from > period.valid_to:
            kept.append(rate)
    return RateTable((*kept, period))


def _amount(text: str, problems: dict[str, str]) -> Decimal | None:
    cleaned = text.strip().replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        problems["rate"] = (f"The mileage rate must be an amount above zero such as 0.636, "
                            f"not {text.strip()!r}.")
        return None
    return amount


def _day(text: str, name: str, problems: dict[str, str]) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        which = "first" if name == "rate_from" else "last"
        problems[name] = (f"The rate's {which} day must be a date as YYYY-MM-DD, not "
                          f"{text.strip()!r}.")
        return None


def in_words(message: str) -> str:
    """A settings message with the keys replaced by what the rep calls them, as one
    sentence."""
    text = _KEYS_IN_TEXT.sub(lambda match: CATALOGUE[match.group(0)].label, message).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else f"{text}."


_ORDER = tuple(f.name for f in fields(SetupAnswers))

