"""The geocoder's settings: which online service turns addresses into positions, how it is
reached and how often it may be asked; read typed with :func:`geocoder_settings`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldrep import __version__
from fieldrep.settings.kinds import Choice, CountryCode, JsonObject, Seconds, Text
from fieldrep.settings.spec import Declarations, OrNone, Scope, Setting
from fieldrep.settings.stored import SettingValues, read_values
from fieldrep.store import Store

PROVIDER = Setting("geocoder.provider", Text(), "nominatim",
                   "geopy geocoder: nominatim, photon, or any geopy service name",
                   Scope.TEAM, "provider")
DOMAIN = Setting("geocoder.domain", Text(), "",
                 "host[:port] of the geocoder (empty: the provider's public service)",
                 Scope.TEAM, "server")
SCHEME = Setting("geocoder.scheme",
                 Choice({"https": "https", "http": "http"}, "must be http or https"),
                 "https", "http or https", Scope.TEAM, "scheme")
USER_AGENT = Setting(
    "geocoder.user_agent", Text(), f"FieldRep/{__version__} (field sales desktop app)",
    "User-Agent sent to the geocoder (Nominatim's policy asks for one naming the app; add "
    "your e-mail)", Scope.TEAM, "user agent")
MIN_DELAY = Setting("geocoder.min_delay", Seconds(), "1.0",
                    "seconds between two requests (at least 1 for the public Nominatim)",
                    Scope.TEAM, "minimum delay")
TIMEOUT = Setting("geocoder.timeout", Seconds(zero=False), "10",
                  "seconds to wait for one answer", Scope.TEAM, "timeout")
OPTIONS = Setting("geocoder.options", JsonObject(), "{}",
                  "extra geocoder arguments as JSON, e.g. {\"api_key\": \"…\"}",
                  Scope.TEAM, "extra options")
DEFAULT_COUNTRY = Setting(
    "geocoder.default_country", OrNone(CountryCode()), "",
    "ISO country code assumed for accounts without a country (e.g. FR)", Scope.TEAM,
    "default country")

GEOCODER_SETTINGS = (PROVIDER, DOMAIN, SCHEME, USER_AGENT, MIN_DELAY, TIMEOUT, OPTIONS,
                     DEFAULT_COUNTRY)
DECLARATIONS = Declarations(settings=GEOCODER_SETTINGS)


@dataclass(frozen=True)
class GeocoderSettings:
    """How to reach the online geocoder."""

    provider: str
    #: host[:port]; empty: the provider's public service
    domain: str
    scheme: str
    user_agent: str
    min_delay: float
    timeout: float
    #: extra arguments for the geopy geocoder (an API key…)
    options: dict[str, Any]
    #: the country assumed for an address without one ("" when none)
    default_country: str


def geocoder_settings_of(values: SettingValues) -> GeocoderSettings:
    """The geocoder settings ``values`` describe."""
    return GeocoderSettings(
        provider=values[PROVIDER].strip().lower() or PROVIDER.default,
        domain=values[DOMAIN].strip(), scheme=values[SCHEME],
        user_agent=values[USER_AGENT], min_delay=values[MIN_DELAY],
        timeout=values[TIMEOUT], options=values[OPTIONS],
        default_country=values[DEFAULT_COUNTRY] or "")


def geocoder_settings(store: Store) -> GeocoderSettings:
    """The geocoder the store's settings name."""
    return geocoder_settings_of(read_values(store, GEOCODER_SETTINGS))
