"""Settings kept in the store (so a rep's choices follow the store, on any machine).

Known keys have a default and a description; :func:`set_setting` refuses unknown keys and
values that cannot be right, with a message that says why.  Values are stored in a
canonical form (``8h30`` → ``08:30``, ``eur`` → ``EUR``, ``mo-fr`` → ``Mo-Fr``); an empty
value restores the default.  Some keys are checked together (the working day ends after it
starts; a home pin has a latitude and a longitude): :func:`set_settings` changes several
keys at once and saves nothing when one of them is wrong.

The store location itself is not here: a store cannot say where it is.  The desktop app
keeps the rep's choice among its own preferences (see ``ui/app.py``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldrep import __version__
from fieldrep.accounts.model import Precision
from fieldrep.common.currencies import is_currency
from fieldrep.common.errors import FieldRepError
from fieldrep.common.hours import OpeningHoursError, format_weekdays, parse_weekdays
from fieldrep.common.money import MoneyError, check_amount
from fieldrep.expenses.mileage_rates import MileageError, parse_rate_table
from fieldrep.store import Store
from fieldrep.store.models import Setting
from fieldrep.travel import TRAVEL_SETTINGS, straight_line_from_settings

OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_SOURCES = ("osm", "none")
HOME_PRECISIONS = tuple(p.value for p in Precision if p is not Precision.NOT_FOUND)


@dataclass(frozen=True)
class SettingSpec:
    default: str
    help: str


SETTINGS: dict[str, SettingSpec] = {
    "geocoder.provider": SettingSpec(
        "nominatim", "geopy geocoder: nominatim, photon, or any geopy service name"),
    "geocoder.domain": SettingSpec(
        "", "host[:port] of the geocoder (empty: the provider's public service)"),
    "geocoder.scheme": SettingSpec("https", "http or https"),
    "geocoder.user_agent": SettingSpec(
        f"FieldRep/{__version__} (field sales desktop app)",
        "User-Agent sent to the geocoder (Nominatim's policy asks for one naming the app; "
        "add your e-mail)"),
    "geocoder.min_delay": SettingSpec(
        "1.0", "seconds between two requests (at least 1 for the public Nominatim)"),
    "geocoder.timeout": SettingSpec("10", "seconds to wait for one answer"),
    "geocoder.options": SettingSpec(
        "{}", "extra geocoder arguments as JSON, e.g. {\"api_key\": \"…\"}"),
    "geocoder.default_country": SettingSpec(
        "", "ISO country code assumed for accounts without a country (e.g. FR)"),
    "home.address": SettingSpec(
        "", "home base: where the working day starts and ends (free text, e.g. "
            "'12 rue de la République, 69001 Lyon')"),
    "home.lat": SettingSpec(
        "", "latitude of the home base in decimal degrees, -90 to 90 (empty: not set; "
            "set together with home.lon)"),
    "home.lon": SettingSpec(
        "", "longitude of the home base in decimal degrees, -180 to 180 (empty: not set)"),
    "home.precision": SettingSpec(
        "", "how precisely home.lat/home.lon place the home base: "
            f"{', '.join(HOME_PRECISIONS)} (set to manual when the pin is typed in)"),
    "work.start": SettingSpec("08:30", "when the working day starts (HH:MM)"),
    "work.end": SettingSpec("18:00", "when the working day ends (HH:MM, after work.start)"),
    "work.lunch_minutes": SettingSpec("45", "length of the lunch break in minutes (0: none)"),
    "work.days": SettingSpec("Mo-Fr", "working days, e.g. Mo-Fr or Mo,Tu,Th"),
    "currency": SettingSpec(
        "EUR", "ISO 4217 code of the currency expenses are kept in (EUR, USD, GBP, CHF…)"),
    "distance.unit": SettingSpec("km", "unit of distances and mileage: km or mi"),
    "quota.visits_per_month": SettingSpec(
        "0", "visits the rep aims to complete each month (0: no quota)"),
    "quota.orders_per_month": SettingSpec(
        "0", "order value the rep aims to take each month, in the currency setting (0: no "
             "quota)"),
    "rep.name": SettingSpec(
        "", "your name as printed on expense reports and in their history (empty: the "
            "computer's user name)"),
    "mileage.rates": SettingSpec(
        "", "mileage rates as a JSON list of periods, e.g. [{\"from\": \"2026-01-01\", "
            "\"rate\": \"0.636\", \"unit\": \"km\", \"currency\": \"EUR\", \"label\": "
            "\"2026 rate\"}] (\"to\" closes a period; empty: no mileage rate)"),
    "mileage.exclude_commute": SettingSpec(
        "no", "yes: the drive from home to the first visit and from the last visit home "
              "is not claimed as mileage"),
    "policy.meals_per_day": SettingSpec(
        "", "meals above this total a day (in the currency setting) are flagged (empty: "
            "no limit)"),
    "policy.lodging_per_night": SettingSpec(
        "", "lodging above this a night (in the currency setting) is flagged (empty: no "
            "limit)"),
    "policy.receipt_above": SettingSpec(
        "", "an expense above this amount without a receipt is flagged (empty: never)"),
    "map.tiles": SettingSpec(
        "osm", "osm: the map shows OpenStreetMap tiles when online; none: always the plain "
               "offline background"),
    "map.tile_url": SettingSpec(
        OSM_TILE_URL, "tile URL template with {z}, {x} and {y} (a company's own tile server)"),
    **{key: SettingSpec(default, help) for key, (default, help) in TRAVEL_SETTINGS.items()},
}


class SettingError(FieldRepError, ValueError):
    """An unknown key or an impossible value; ``problems`` maps each faulty key to why."""

    def __init__(self, message: str, problems: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = dict(problems or {})


def get_setting(store: Store, key: str) -> str:
    """The value of ``key`` (its default when never set)."""
    return get_settings(store)[_spec_key(key)]


def get_settings(store: Store) -> dict[str, str]:
    """Every known setting with its current value."""
    with store.unit_of_work() as uow:
        return _read(uow.session)


def set_setting(store: Store, key: str, value: str) -> None:
    """Store ``value`` for ``key`` after checking it; an empty value restores the default."""
    set_settings(store, {key: value})


def set_settings(store: Store, changes: Mapping[str, str]) -> None:
    """Store several values at once, all or none: every value is checked first, alone and
    with the settings it goes with; an empty value restores that key's default.

    Changing ``home.lat``/``home.lon`` without saying how precise they are marks the home
    pin ``manual`` (or clears the precision when the pin is cleared).
    """
    keys = [_spec_key(key) for key in changes]
    cleaned: dict[str, str] = {}
    problems: dict[str, str] = {}
    for key in keys:
        try:
            cleaned[key] = check_setting(key, changes[key])
        except SettingError as exc:
            problems[key] = str(exc)
    _mark_typed_pin(cleaned)
    with store.unit_of_work() as uow:
        merged = _read(uow.session)
        merged.update({k: v or SETTINGS[k].default for k, v in cleaned.items()})
        for key, message in _joint_problems(merged, changed=set(cleaned)).items():
            problems.setdefault(key, message)
        if problems:
            raise SettingError("; ".join(problems.values()), problems)
        for key, value in cleaned.items():
            _write(uow.session, key, value)
        uow.commit()


def check_setting(key: str, value: str) -> str:
    """``value`` in its canonical form for ``key``; :class:`SettingError` says why it cannot
    be right.  An empty value stays empty (it means "the default")."""
    key = _spec_key(key)
    value = value.strip()
    if not value:
        return ""
    check = _CHECKS.get(key)
    return check(key, value) if check else value


def settings_problems(values: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with a whole set of values (as the settings dialog holds them):
    faulty key → reason, each value checked alone and with the ones it goes with."""
    problems: dict[str, str] = {}
    merged = {key: spec.default for key, spec in SETTINGS.items()}
    for key, value in values.items():
        try:
            merged[key] = check_setting(key, value) or SETTINGS[key].default
        except SettingError as exc:
            problems[key] = str(exc)
    for key, message in _joint_problems(merged, changed=set(values)).items():
        problems.setdefault(key, message)
    return problems


def same_value(key: str, first: str, second: str) -> bool:
    """Whether two values mean the same for ``key`` (``1.0`` and ``1``; empty and default)."""
    def canonical(value: str) -> str:
        try:
            return check_setting(key, value) or check_setting(key, SETTINGS[key].default)
        except SettingError:
            return value.strip()

    return canonical(first) == canonical(second)


def _read(session: Session) -> dict[str, str]:
    values = {key: spec.default for key, spec in SETTINGS.items()}
    for row in session.scalars(select(Setting)):
        if row.key in values:
            values[row.key] = row.value
    return values


def _write(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if not value:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _spec_key(key: str) -> str:
    if key not in SETTINGS:
        raise SettingError(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    return key


def _mark_typed_pin(cleaned: dict[str, str]) -> None:
    if "home.precision" in cleaned or not {"home.lat", "home.lon"} & cleaned.keys():
        return
    pinned = any(cleaned.get(k) for k in ("home.lat", "home.lon"))
    cleaned["home.precision"] = Precision.MANUAL.value if pinned else ""


# -- one value at a time ---------------------------------------------------------------------

def _seconds(key: str, value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        raise SettingError(f"{key} must be a number of seconds, not {value!r}") from None
    if not math.isfinite(number) or number < 0 or (key == "geocoder.timeout" and number == 0):
        raise SettingError(f"{key} must be positive")
    return f"{number:g}"


def _scheme(key: str, value: str) -> str:
    if value.lower() not in ("http", "https"):
        raise SettingError(f"{key} must be http or https")
    return value.lower()


def _json_object(key: str, value: str) -> str:
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise SettingError(f"{key} is not JSON: {exc.msg}") from None
    if not isinstance(parsed, dict):
        raise SettingError(f"{key} must be a JSON object")
    return value


def _country(key: str, value: str) -> str:
    if len(value) != 2 or not value.isalpha():
        raise SettingError(f"{key} must be a two-letter code like FR")
    return value.upper()


def _degrees(key: str, value: str) -> str:
    limit = 90 if key.endswith("lat") else 180
    what = "latitude" if limit == 90 else "longitude"
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise SettingError(
            f"{key} must be a {what} in decimal degrees (e.g. 45.7578), not {value!r}") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise SettingError(f"{key} must be between -{limit} and {limit}, not {value!r}")
    return f"{number:.7f}".rstrip("0").rstrip(".")


def _precision(key: str, value: str) -> str:
    if value.lower() not in HOME_PRECISIONS:
        raise SettingError(f"{key} must be one of {', '.join(HOME_PRECISIONS)}")
    return value.lower()


_TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2}))?h?$")


def parse_time(value: str) -> int | None:
    """Minutes since midnight of ``08:30`` (also ``8:30``, ``8h30``, ``8h``); None when it
    is not a time of day."""
    match = _TIME.match(value.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def _time(key: str, value: str) -> str:
    minutes = parse_time(value)
    if minutes is None:
        raise SettingError(f"{key} must be a time of day as HH:MM (e.g. 08:30), not {value!r}")
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(key: str, value: str) -> str:
    if not value.isdigit():
        raise SettingError(
            f"{key} must be a whole number of minutes (0: no lunch break), not {value!r}")
    return str(int(value))


def _weekdays(key: str, value: str) -> str:
    try:
        return format_weekdays(parse_weekdays(value))
    except OpeningHoursError as exc:
        raise SettingError(f"{key}: {exc}; write days as Mo Tu We Th Fr Sa Su, "
                           "e.g. Mo-Fr or Mo,Tu,Th") from None


def _currency(key: str, value: str) -> str:
    code = value.upper()
    if not is_currency(code):
        raise SettingError(
            f"{key} must be an ISO 4217 currency code such as EUR, USD, GBP or CHF; "
            f"{value!r} is not one")
    return code


_UNIT_NAMES = {"km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km",
               "kilometers": "km", "mi": "mi", "mile": "mi", "miles": "mi"}


def _distance_unit(key: str, value: str) -> str:
    unit = _UNIT_NAMES.get(value.lower())
    if unit is None:
        raise SettingError(f"{key} must be km or mi, not {value!r}")
    return unit


def _count(key: str, value: str) -> str:
    if not value.isdigit() or int(value) > 100_000:
        raise SettingError(f"{key} must be a whole number from 0 to 100000, not {value!r}")
    return str(int(value))


def _amount(key: str, value: str) -> str:
    try:
        amount = Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise SettingError(f"{key} must be an amount such as 25000 or 25000.50, "
                           f"not {value!r}") from None
    if not amount.is_finite() or amount < 0 or amount > 10**9:
        raise SettingError(f"{key} must be between 0 and 1,000,000,000, not {value!r}")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise SettingError(f"{key} has more than two decimals: {value!r}")
    return str(amount)


def _rate_table(key: str, value: str) -> str:
    try:
        parse_rate_table(value)
    except MileageError as exc:
        raise SettingError(f"{key}: {exc}") from None
    return value


def _yes_no(key: str, value: str) -> str:
    answer = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes", "on": "yes",
              "no": "no", "n": "no", "false": "no", "0": "no", "off": "no"}.get(value.lower())
    if answer is None:
        raise SettingError(f"{key} must be yes or no, not {value!r}")
    return answer


def _expense_amount(key: str, value: str) -> str:
    """An amount an expense could have (the limits compare with expenses)."""
    try:
        return str(check_amount(Decimal(_amount(key, value))))
    except MoneyError as exc:
        raise SettingError(f"{key}: {exc}") from None


def _tiles(key: str, value: str) -> str:
    if value.lower() not in TILE_SOURCES:
        raise SettingError(f"{key} must be osm (OpenStreetMap tiles when online) or none")
    return value.lower()


def _tile_url(key: str, value: str) -> str:
    parts = urlsplit(value)
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in value]
    if parts.scheme not in ("http", "https") or not parts.netloc or missing:
        raise SettingError(
            f"{key} must be an http(s) URL template with {{z}}, {{x}} and {{y}}, like "
            f"{OSM_TILE_URL}" + (f" ({', '.join(missing)} missing)" if missing else ""))
    return value


def _travel(key: str, value: str) -> str:
    """A travel model setting: checked by building the model it configures."""
    if key == "travel.osrm_url":
        if value and not value.startswith(("http://", "https://")):
            raise SettingError(f"{key} must be an http(s) URL, like http://localhost:5000")
        return value.rstrip("/")
    if key == "travel.osrm_profile":
        return value
    try:
        straight_line_from_settings({key: value})
        number = float(value)
    except ValueError as exc:
        raise SettingError(f"{key}: {exc}") from None
    if number <= 0 and key != "travel.stop_overhead_s":
        raise SettingError(f"{key} must be positive")
    return value


_CHECKS: dict[str, Callable[[str, str], str]] = {
    "geocoder.min_delay": _seconds, "geocoder.timeout": _seconds,
    "geocoder.scheme": _scheme, "geocoder.options": _json_object,
    "geocoder.default_country": _country,
    "home.lat": _degrees, "home.lon": _degrees, "home.precision": _precision,
    "work.start": _time, "work.end": _time, "work.lunch_minutes": _minutes,
    "work.days": _weekdays, "currency": _currency, "distance.unit": _distance_unit,
    "map.tiles": _tiles, "map.tile_url": _tile_url,
    "quota.visits_per_month": _count, "quota.orders_per_month": _amount,
    "mileage.rates": _rate_table, "mileage.exclude_commute": _yes_no,
    "policy.meals_per_day": _expense_amount, "policy.lodging_per_night": _expense_amount,
    "policy.receipt_above": _expense_amount,
    **{key: _travel for key in TRAVEL_SETTINGS},
}


# -- values that go together -----------------------------------------------------------------

def _joint_problems(values: Mapping[str, str], changed: set[str]) -> dict[str, str]:
    """Faulty key → reason, for the rules that involve a changed key."""
    problems: dict[str, str] = {}
    for keys, rule in _JOINT_RULES:
        if changed & set(keys):
            found = rule(values)
            if found is not None:
                problems.setdefault(*found)
    return problems


def _working_day(values: Mapping[str, str]) -> tuple[str, str] | None:
    start, end = parse_time(values["work.start"]), parse_time(values["work.end"])
    if start is None or end is None or end > start:
        return None
    return "work.end", (f"work.end ({values['work.end']}) must be after "
                        f"work.start ({values['work.start']})")


def _lunch(values: Mapping[str, str]) -> tuple[str, str] | None:
    start, end = parse_time(values["work.start"]), parse_time(values["work.end"])
    lunch = values["work.lunch_minutes"]
    if start is None or end is None or end <= start or not lunch.isdigit():
        return None
    if int(lunch) < end - start:
        return None
    return "work.lunch_minutes", (
        f"work.lunch_minutes ({lunch}) must be shorter than the working day "
        f"({values['work.start']}–{values['work.end']} is {end - start} minutes)")


def _home_pin(values: Mapping[str, str]) -> tuple[str, str] | None:
    lat, lon = values["home.lat"].strip(), values["home.lon"].strip()
    if bool(lat) != bool(lon):
        missing = "home.lon" if lat else "home.lat"
        return missing, (f"{missing} is missing: a home pin needs both home.lat and "
                         "home.lon (or neither)")
    try:
        at_zero = bool(lat) and float(lat) == 0 and float(lon) == 0
    except ValueError:
        return None
    if at_zero:
        return "home.lat", "home.lat, home.lon 0, 0 is in the Gulf of Guinea: not a home base"
    return None


def _mileage_currency(values: Mapping[str, str]) -> tuple[str, str] | None:
    try:
        rates = parse_rate_table(values["mileage.rates"]).rates
    except MileageError:
        return None
    others = sorted({r.currency for r in rates} - {values["currency"]})
    if not others:
        return None
    return "mileage.rates", (f"mileage.rates are in {', '.join(others)} but expenses are "
                             f"kept in {values['currency']} (the currency setting): give "
                             "the rates in that currency")


_JOINT_RULES: tuple[tuple[tuple[str, ...], Callable[[Mapping[str, str]],
                                                    tuple[str, str] | None]], ...] = (
    (("work.start", "work.end"), _working_day),
    (("work.start", "work.end", "work.lunch_minutes"), _lunch),
    (("home.lat", "home.lon"), _home_pin),
    (("mileage.rates", "currency"), _mileage_currency),
)
