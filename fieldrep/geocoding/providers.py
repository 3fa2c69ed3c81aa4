"""Online geocoders through geopy, built from the settings, rate-limited as their policies ask."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldrep.accounts.model import Precision
from fieldrep.common.errors import FieldRepError
from fieldrep.geocoding.settings import GeocoderSettings

if TYPE_CHECKING:  # geopy (and requests) load with the first online geocoder, not the app
    from geopy.exc import GeocoderServiceError
    from geopy.location import Location

PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
_TOWN_TYPES = {"city", "town", "village", "hamlet", "municipality", "suburb", "locality",
               "neighbourhood", "quarter", "borough", "district", "county", "state"}
_STREET_TYPES = {"road", "street", "highway", "residential", "pedestrian"}
_HOUSE_TYPES = {"house", "house_number", "house_name", "building"}
_HOST = re.compile(r"host='([^']+)'")
# geopy's rate limiter logs each failed attempt with its traceback; the batch reports the
# failure itself, in one line, and goes on offline
logging.getLogger("geopy").addHandler(logging.NullHandler())
logging.getLogger("geopy").propagate = False


@dataclass(frozen=True)
class Found:
    """A geocoder's answer."""

    lat: float
    lon: float
    precision: str
    display_name: str


@dataclass(frozen=True)
class OnlineGeocoder:
    """A configured provider: ``key`` names it in the cache, ``lookup`` asks it."""

    key: str
    lookup: Callable[[str, str], Found | None]


class GeocoderConfigError(FieldRepError, ValueError):
    """The settings name a provider geopy does not know or give it bad options."""


def precision_of(location: Location) -> str:
    """How precise a geopy answer is, from what Nominatim- or Photon-style raw data says."""
    raw: Mapping[str, Any] = location.raw or {}
    props = raw.get("properties", raw)  # Photon nests its fields in GeoJSON properties
    kind = str(props.get("addresstype") or props.get("type") or "").lower()
    osm_type = str(props.get("type") or props.get("osm_value") or "").lower()
    category = str(props.get("class") or props.get("osm_key") or "").lower()
    rank = _int(props.get("place_rank"))
    if osm_type in _HOUSE_TYPES or kind in _HOUSE_TYPES or (rank is not None and rank >= 28):
        return Precision.ADDRESS.value
    if rank is not None and rank >= 26:
        return Precision.STREET.value
    if kind == "postcode":
        return Precision.POSTCODE.value
    if kind in _TOWN_TYPES or (category in ("place", "boundary") and kind not in ("house",)):
        return Precision.TOWN.value
    if kind in _STREET_TYPES or category == "highway":
        return Precision.STREET.value
    return Precision.ADDRESS.value


#: What the text of a failure that geopy passes on as is (urllib3's or requests' own
#: words) means for the rep, first match wins.
_RAW_FAILURES = (
    (re.compile(r"name resolution|failed to resolve|name or service not known|nodename nor "
                r"servname|getaddrinfo failed|no address associated", re.IGNORECASE),
     "cannot be found (no network, or the server's name is wrong)"),
    (re.compile(r"certificate|ssl", re.IGNORECASE),
     "could not be reached securely (its certificate could not be checked)"),
    (re.compile(r"proxy", re.IGNORECASE), "cannot be reached through the proxy"),
    (re.compile(r"timed out|timeout", re.IGNORECASE), "did not answer in time"),
    (re.compile(r"refused|reset by peer|unreachable|max retries|connection", re.IGNORECASE),
     "cannot be reached (no network, or the server is down)"),
    (re.compile(r"status code (5\d\d)"), "had a problem of its own (HTTP {0}): try again later"),
    (re.compile(r"status code (4\d\d)"), "refused the request (HTTP {0})"),
    (re.compile(r"decode|parse|read the response", re.IGNORECASE),
     "answered with something that is not a geocoder's answer"),
)


def describe_failure(provider: str, error: GeocoderServiceError) -> str:
    """One sentence for the rep on why the geocoder could not answer: never a traceback, a
    URL or the network library's own text (that goes to the log)."""
    from geopy.exc import (
        GeocoderAuthenticationFailure,
        GeocoderInsufficientPrivileges,
        GeocoderQuotaExceeded,
        GeocoderRateLimited,
        GeocoderTimedOut,
        GeocoderUnavailable,
    )

    text = str(error)
    host = _HOST.search(text)
    where = f" ({host.group(1)})" if host else ""
    if isinstance(error, GeocoderTimedOut):
        return f"{provider}{where} did not answer in time"
    if isinstance(error, (GeocoderRateLimited, GeocoderQuotaExceeded)):
        return f"{provider}{where} refused: too many requests, try again later"
    if isinstance(error, (GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges)):
        return f"{provider}{where} refused the credentials (geocoder.options)"
    for pattern, meaning in _RAW_FAILURES:
        match = pattern.search(text)
        if match:
            return f"{provider}{where} {meaning.format(*match.groups())}"
    if isinstance(error, GeocoderUnavailable):
        return f"{provider}{where} cannot be reached (no network, or the server is down)"
    return f"{provider}{where} could not answer (the details are in the log file)"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def make_geocoder(settings: GeocoderSettings) -> OnlineGeocoder:
    """Build the provider the settings name (Nominatim by default)."""
    from geopy.exc import GeocoderNotFound
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import get_geocoder_for_service

    provider = settings.provider
    try:
        cls = get_geocoder_for_service(provider)
    except GeocoderNotFound:
        raise GeocoderConfigError(f"geopy knows no geocoder called {provider!r}") from None
    kwargs: dict[str, Any] = dict(settings.options)
    kwargs.setdefault("user_agent", settings.user_agent)
    kwargs.setdefault("timeout", settings.timeout)
    domain = settings.domain
    if domain:
        kwargs.setdefault("domain", domain)
        kwargs.setdefault("scheme", settings.scheme)
    try:
        geocoder = cls(**kwargs)
    except TypeError as exc:
        raise GeocoderConfigError(f"{provider}: {exc}") from None
    delay = settings.min_delay
    if provider == "nominatim" and (not domain or domain == PUBLIC_NOMINATIM):
        delay = max(delay, 1.0)  # the public Nominatim allows one request a second
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=delay, max_retries=1,
                          error_wait_seconds=max(2.0, delay), swallow_exceptions=False)
    accepts_country = provider == "nominatim"

    def lookup(query: str, country: str) -> Found | None:
        extra = {"country_codes": country.lower()} if accepts_country and len(country) == 2 else {}
        location = limited(query, exactly_one=True, **extra)
        if location is None:
            return None
        return Found(location.latitude, location.longitude, precision_of(location),
                     location.address or "")

    return OnlineGeocoder(key=f"{provider}:{domain or 'public'}", lookup=lookup)
