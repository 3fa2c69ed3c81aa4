"""Settings kept in the store (so a rep's choices follow the store, on any machine).

Known keys have a default and a description; :func:`set_setting` refuses unknown keys and
values that cannot be right, with a message that says why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from fieldrep import __version__
from fieldrep.store import Store
from fieldrep.store.models import Setting


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
}


class SettingError(ValueError):
    """An unknown key or an impossible value."""


def get_setting(store: Store, key: str) -> str:
    """The value of ``key`` (its default when never set)."""
    return get_settings(store)[_spec_key(key)]


def get_settings(store: Store) -> dict[str, str]:
    """Every known setting with its current value."""
    values = {key: spec.default for key, spec in SETTINGS.items()}
    with store.unit_of_work() as uow:
        for row in uow.session.scalars(select(Setting)):
            if row.key in values:
                values[row.key] = row.value
    return values


def set_setting(store: Store, key: str, value: str) -> None:
    """Store ``value`` for ``key`` after checking it; an empty value restores the default."""
    key = _spec_key(key)
    value = value.strip()
    _check(key, value)
    with store.unit_of_work() as uow:
        row = uow.session.get(Setting, key)
        if not value:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.session.add(Setting(key=key, value=value))
        else:
            row.value = value
        uow.commit()


def _spec_key(key: str) -> str:
    if key not in SETTINGS:
        raise SettingError(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    return key


def _check(key: str, value: str) -> None:
    if not value:
        return
    if key in ("geocoder.min_delay", "geocoder.timeout"):
        try:
            number = float(value)
        except ValueError:
            raise SettingError(f"{key} must be a number of seconds, not {value!r}") from None
        if number < 0 or (key == "geocoder.timeout" and number == 0):
            raise SettingError(f"{key} must be positive")
    elif key == "geocoder.scheme" and value not in ("http", "https"):
        raise SettingError("geocoder.scheme must be http or https")
    elif key == "geocoder.options":
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise SettingError(f"geocoder.options is not JSON: {exc.msg}") from None
        if not isinstance(parsed, dict):
            raise SettingError("geocoder.options must be a JSON object")
    elif key == "geocoder.default_country" and (len(value) != 2 or not value.isalpha()):
        raise SettingError("geocoder.default_country must be a two-letter code like FR")
