"""Travel models of the route planner: time and distance matrices between points (lat, lon).

:func:`make_travel_model` builds the one the settings ask for: with an OSRM road server
(``travel.osrm_url``) it is OSRM, cached in the store, with a stop overhead per leg and the
straight-line estimate as fallback; without one it is the straight-line estimate alone.
Either way durations include ``travel.stop_overhead_s`` for every leg that moves, so
numbers from both models compare.

:data:`TRAVEL_SETTINGS` holds the keys this reads, with their defaults and help, ready for
``fieldrep.settings.registry``; a key missing from the mapping, or empty, means its default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from fieldrep.store import Store
from fieldrep.travel.cache import CachedModel
from fieldrep.travel.fallback import FallbackModel
from fieldrep.travel.model import (
    Matrix,
    Point,
    StopOverheadModel,
    TableModel,
    TravelModel,
    TravelModelError,
)
from fieldrep.travel.osrm import OsrmModel
from fieldrep.travel.straight_line import StraightLineModel

__all__ = [
    "TRAVEL_SETTINGS",
    "CachedModel",
    "FallbackModel",
    "Matrix",
    "OsrmModel",
    "Point",
    "StopOverheadModel",
    "StraightLineModel",
    "TableModel",
    "TravelModel",
    "TravelModelError",
    "make_travel_model",
    "straight_line_from_settings",
]

#: key → (default, help) of every setting the travel models read.
TRAVEL_SETTINGS: dict[str, tuple[str, str]] = {
    "travel.osrm_url": (
        "", "address of an OSRM road server, e.g. http://localhost:5000 (empty: travel "
            "times are straight-line estimates)"),
    "travel.osrm_profile": ("driving", "OSRM profile named in requests (driving, car…)"),
    "travel.osrm_timeout": ("10", "seconds to wait for the road server's answer"),
    "travel.osrm_max_table": (
        "100", "the road server's --max-table-size (one request asks at most its square "
               "of legs)"),
    "travel.circuity": (
        "1.3", "how much longer the road is than the straight line (1.3: 30 % longer)"),
    "travel.urban_kmh": ("25", "average speed of short town legs, km/h"),
    "travel.urban_km": ("3", "legs up to this many km of road go at travel.urban_kmh"),
    "travel.rural_kmh": ("75", "average speed of long legs, km/h"),
    "travel.rural_km": (
        "30", "legs from this many km of road go at travel.rural_kmh (in between, the "
              "speed rises with the distance)"),
    "travel.stop_overhead_s": (
        "120", "seconds added to every leg for parking and walking to the door"),
}

_STRAIGHT_LINE_KEYS = ("circuity", "urban_kmh", "urban_km", "rural_kmh", "rural_km",
                       "stop_overhead_s")


def straight_line_from_settings(settings: Mapping[str, str]) -> StraightLineModel:
    """The straight-line model the ``travel.*`` settings describe; :class:`ValueError`
    names the faulty key."""
    values = {name: _number(settings, f"travel.{name}") for name in _STRAIGHT_LINE_KEYS}
    if not values["stop_overhead_s"].is_integer():
        raise ValueError("travel.stop_overhead_s must be a whole number of seconds, not "
                         f"{_value(settings, 'travel.stop_overhead_s')!r}")
    arguments: dict[str, Any] = {**values, "stop_overhead_s": int(values["stop_overhead_s"])}
    try:
        return StraightLineModel(**arguments)
    except ValueError as exc:
        raise ValueError(f"travel settings: {exc}") from None


def make_travel_model(
    settings: Mapping[str, str], store: Store | None = None, osrm_url: str | None = None
) -> TravelModel:
    """The travel model to plan with (see the module docstring); ``osrm_url`` overrides the
    ``travel.osrm_url`` setting, and without ``store`` road answers are not cached."""
    straight = straight_line_from_settings(settings)
    url = (osrm_url or _value(settings, "travel.osrm_url")).strip()
    if not url:
        return straight
    max_table = _number(settings, "travel.osrm_max_table")
    if not (max_table.is_integer() and max_table >= 1):
        raise ValueError("travel.osrm_max_table must be a whole number of at least 1, not "
                         f"{_value(settings, 'travel.osrm_max_table')!r}")
    timeout = _number(settings, "travel.osrm_timeout")
    if timeout <= 0:
        raise ValueError("travel.osrm_timeout must be a positive number of seconds")
    osrm = OsrmModel(url, profile=_value(settings, "travel.osrm_profile"), timeout=timeout,
                     max_table_size=int(max_table))
    road: TravelModel = osrm if store is None else CachedModel(osrm, store)
    return FallbackModel(StopOverheadModel(road, straight.stop_overhead_s), straight)


def _value(settings: Mapping[str, str], key: str) -> str:
    return (settings.get(key) or "").strip() or TRAVEL_SETTINGS[key][0]


def _number(settings: Mapping[str, str], key: str) -> float:
    text = _value(settings, key)
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{key} must be a number, not {text!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{key} must be a finite number, not {text!r}")
    return number
