"""The travel models' settings: the OSRM road server and the straight-line estimate's
speeds; read typed with :func:`travel_settings`.

A text mapping (key → text, a missing or empty key meaning its default) is read strictly by
:func:`travel_settings_from_texts`, which raises :class:`ValueError` naming the faulty key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from fieldrep.settings.kinds import Text
from fieldrep.settings.spec import Declarations, Kind, OrNone, Scope, Setting, SettingError
from fieldrep.settings.stored import read_values
from fieldrep.store import Store
from fieldrep.travel.straight_line import StraightLineModel

_STRAIGHT_LINE_KEYS = ("circuity", "urban_kmh", "urban_km", "rural_kmh", "rural_km",
                       "stop_overhead_s")


class ServerUrl(Kind[str]):
    """An http(s) address, kept without its trailing slash."""

    def parse(self, key: str, text: str) -> str:
        if not text.startswith(("http://", "https://")):
            raise SettingError(f"{key} must be an http(s) URL, like http://localhost:5000")
        return text.rstrip("/")


class TravelNumber(Kind[float]):
    """A number the travel model takes, checked by building the model it configures."""

    def parse(self, key: str, text: str) -> float:
        try:
            straight_line_from_settings({key: text})
            number = float(text)
        except ValueError as exc:
            raise SettingError(f"{key}: {exc}") from None
        if number <= 0 and key != "travel.stop_overhead_s":
            raise SettingError(f"{key} must be positive")
        return number

    def canonical(self, key: str, text: str) -> str:
        self.parse(key, text)
        return text


def _number(key: str, default: str, help: str, label: str) -> Setting[float]:
    return Setting(key, TravelNumber(), default, help, Scope.TEAM, label)


OSRM_URL = Setting(
    "travel.osrm_url", OrNone(ServerUrl()), "",
    "address of an OSRM road server, e.g. http://localhost:5000 (empty: travel times are "
    "straight-line estimates)", Scope.TEAM, "road server")
OSRM_PROFILE = Setting("travel.osrm_profile", Text(), "driving",
                       "OSRM profile named in requests (driving, car…)", Scope.TEAM,
                       "road profile")
OSRM_TIMEOUT = _number("travel.osrm_timeout", "10",
                       "seconds to wait for the road server's answer", "road server timeout")
OSRM_MAX_TABLE = _number(
    "travel.osrm_max_table", "100",
    "the road server's --max-table-size (one request asks at most its square of legs)",
    "road server table size")
CIRCUITY = _number("travel.circuity", "1.3",
                   "how much longer the road is than the straight line (1.3: 30 % longer)",
                   "circuity")
URBAN_KMH = _number("travel.urban_kmh", "25", "average speed of short town legs, km/h",
                    "town speed")
URBAN_KM = _number("travel.urban_km", "3",
                   "legs up to this many km of road go at travel.urban_kmh", "town legs")
RURAL_KMH = _number("travel.rural_kmh", "75", "average speed of long legs, km/h",
                    "country speed")
RURAL_KM = _number("travel.rural_km", "30",
                   "legs from this many km of road go at travel.rural_kmh (in between, the "
                   "speed rises with the distance)", "country legs")
STOP_OVERHEAD = _number("travel.stop_overhead_s", "120",
                        "seconds added to every leg for parking and walking to the door",
                        "stop overhead")

TRAVEL_SETTINGS = (OSRM_URL, OSRM_PROFILE, OSRM_TIMEOUT, OSRM_MAX_TABLE, CIRCUITY, URBAN_KMH,
                   URBAN_KM, RURAL_KMH, RURAL_KM, STOP_OVERHEAD)
DECLARATIONS = Declarations(settings=TRAVEL_SETTINGS)
_DEFAULTS = {setting.key: setting.default for setting in TRAVEL_SETTINGS}


@dataclass(frozen=True)
class TravelSettings:
    """How travel times are found: a road server when there is one, else the estimate."""

    #: the OSRM server ("" when there is none)
    osrm_url: str
    osrm_profile: str
    osrm_timeout: float
    osrm_max_table: int
    straight_line: StraightLineModel


def travel_settings_from_texts(texts: Mapping[str, str]) -> TravelSettings:
    """The travel settings ``texts`` give; :class:`ValueError` names a faulty key."""
    straight = straight_line_from_settings(texts)
    url = _value(texts, "travel.osrm_url")
    max_table = _float(texts, "travel.osrm_max_table")
    if not (max_table.is_integer() and max_table >= 1):
        raise ValueError("travel.osrm_max_table must be a whole number of at least 1, not "
                         f"{_value(texts, 'travel.osrm_max_table')!r}")
    timeout = _float(texts, "travel.osrm_timeout")
    if timeout <= 0:
        raise ValueError("travel.osrm_timeout must be a positive number of seconds")
    return TravelSettings(url, _value(texts, "travel.osrm_profile"), timeout,
                          int(max_table), straight)


def travel_settings(store: Store) -> TravelSettings:
    """The travel settings of the store."""
    values = read_values(store, TRAVEL_SETTINGS)
    return travel_settings_from_texts({s.key: values.text(s) for s in TRAVEL_SETTINGS})


def straight_line_from_settings(texts: Mapping[str, str]) -> StraightLineModel:
    """The straight-line model the ``travel.*`` texts describe; :class:`ValueError` names
    the faulty key."""
    values = {name: _float(texts, f"travel.{name}") for name in _STRAIGHT_LINE_KEYS}
    if not values["stop_overhead_s"].is_integer():
        raise ValueError("travel.stop_overhead_s must be a whole number of seconds, not "
                         f"{_value(texts, 'travel.stop_overhead_s')!r}")
    try:
        return StraightLineModel(
            circuity=values["circuity"], urban_kmh=values["urban_kmh"],
            urban_km=values["urban_km"], rural_kmh=values["rural_kmh"],
            rural_km=values["rural_km"], stop_overhead_s=int(values["stop_overhead_s"]))
    except ValueError as exc:
        raise ValueError(f"travel settings: {exc}") from None


def _value(texts: Mapping[str, str], key: str) -> str:
    return (texts.get(key) or "").strip() or _DEFAULTS[key]


def _float(texts: Mapping[str, str], key: str) -> float:
    text = _value(texts, key)
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{key} must be a number, not {text!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{key} must be a finite number, not {text!r}")
    return number
