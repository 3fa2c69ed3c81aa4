"""Travel models of the route planner: time and distance matrices between points (lat, lon).

:func:`make_travel_model` builds the one the settings ask for: with an OSRM road server
(``travel.osrm_url``) it is OSRM, cached in the store, with a stop overhead per leg and the
straight-line estimate as fallback; without one, when an OpenStreetMap extract is imported
(:mod:`fieldrep.roads`), it is the "roads" model on it, cached and with the same fallback
(taken, with the reason in the matrix's note, when a point is outside the extract or far
from its roads); else the straight-line estimate alone.
Either way durations include ``travel.stop_overhead_s`` for every leg that moves, so
numbers from both models compare.

The settings are declared, and read typed, in :mod:`fieldrep.travel.settings`
(:data:`TRAVEL_SETTINGS`, :func:`travel_settings`).
"""

from __future__ import annotations

from collections.abc import Mapping

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
from fieldrep.travel.settings import (
    TRAVEL_SETTINGS,
    TravelSettings,
    straight_line_from_settings,
    travel_settings,
    travel_settings_from_texts,
)
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
    "TravelSettings",
    "make_travel_model",
    "straight_line_from_settings",
    "travel_settings",
]


def make_travel_model(
    settings: TravelSettings | Mapping[str, str], store: Store | None = None,
    osrm_url: str | None = None,
) -> TravelModel:
    """The travel model to plan with (see the module docstring); ``osrm_url`` overrides the
    ``travel.osrm_url`` setting, and without ``store`` road answers are not cached.  The
    settings may also come as texts by key (see :func:`travel_settings_from_texts`)."""
    if not isinstance(settings, TravelSettings):
        settings = travel_settings_from_texts(settings)
    straight = settings.straight_line
    url = (osrm_url or settings.osrm_url).strip()
    if not url:
        roads = _imported_roads()
        if roads is None:
            return straight
        on_roads: TravelModel = roads if store is None else CachedModel(roads, store)
        return FallbackModel(StopOverheadModel(on_roads, straight.stop_overhead_s), straight)
    osrm = OsrmModel(url, profile=settings.osrm_profile, timeout=settings.osrm_timeout,
                     max_table_size=settings.osrm_max_table)
    road: TravelModel = osrm if store is None else CachedModel(osrm, store)
    return FallbackModel(StopOverheadModel(road, straight.stop_overhead_s), straight)


def _imported_roads() -> TableModel | None:
    """The "roads" model on the imported OpenStreetMap extract, None when none is imported
    (imported here, not at the top: the roads package builds on this one's model)."""
    from fieldrep.roads.travel_model import imported_roads_model

    return imported_roads_model()
