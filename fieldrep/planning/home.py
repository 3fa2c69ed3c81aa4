"""The home base: where the rep's working day starts and ends (the route planner's depot).

:func:`locate_home` turns the home address into coordinates: through the online geocoder
when one is given (and the store's geocode cache, like the accounts), else — or when the
provider is unreachable or does not know the address — at the centre of the address's town
from the offline gazetteer (the text after the last comma, or after the postcode).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from fieldrep.accounts.model import Precision
from fieldrep.common.countries import country_code
from fieldrep.geocoding.gazetteer import Gazetteer, shared_gazetteer
from fieldrep.geocoding.providers import Found, OnlineGeocoder
from fieldrep.geocoding.service import lookup_address
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.store import Store

_SEPARATORS = re.compile(r"[,;\n]+")
_HAS_DIGIT = re.compile(r"\d")

_PRECISION_TEXT = {
    Precision.EXACT: "exact: a pin",
    Precision.MANUAL: "exact: a pin set by hand",
    Precision.ADDRESS: "precise: at the address",
    Precision.STREET: "street: the street, not the house number",
    Precision.POSTCODE: "approximate: the centre of the postcode area",
    Precision.TOWN: "approximate: the centre of the town",
}


@dataclass(frozen=True)
class HomeLookup:
    """What looking up the home address gave, and how."""

    found: Found | None
    source: str = ""  # the provider's name, "cache" or "gazetteer"
    online_problem: str = ""  # why the online geocoder gave no answer, when it was asked

    def describe(self) -> str:
        """One line for the rep: how precise the location is and where it came from."""
        if self.found is None:
            text = "Not found: no town of the offline list in this address"
        elif self.source == "gazetteer":
            text = (f"Approximate: the centre of {self.found.display_name}, from the offline "
                    "town list")
        else:
            via = "the geocode cache" if self.source == "cache" else self.source
            text = f"{describe_precision(self.found.precision).capitalize()}, from {via}"
            if self.found.display_name:
                text += f": {self.found.display_name}"
        return f"{text}; {self.online_problem}" if self.online_problem else text


def describe_precision(precision: str) -> str:
    """How precise a home pin of this precision is, in words (empty when unknown)."""
    try:
        return _PRECISION_TEXT.get(Precision(precision), "")
    except ValueError:
        return ""


def locate_home(
    store: Store, address: str, online: OnlineGeocoder | None,
) -> tuple[float, float, str] | None:
    """(lat, lon, precision) of ``address``, online when ``online`` is given (falling back
    to the offline town), else offline; None when neither finds it."""
    found = find_home(store, address, online).found
    return None if found is None else (found.lat, found.lon, found.precision)


def find_home(
    store: Store, address: str, online: OnlineGeocoder | None, *,
    country: str | None = None, gazetteer: Gazetteer | None = None,
) -> HomeLookup:
    """Look ``address`` up as :func:`locate_home` does, saying how it was found.

    ``country`` (ISO code) is assumed when the address names none; None: the store's
    ``geocoder.default_country``.
    """
    if country is None:
        country = geocoder_settings(store).default_country
    query = ", ".join(_parts(address))
    if not query:
        return HomeLookup(None)
    town_names, address_country = address_towns(query)
    country = (address_country or country).upper()
    problem = ""
    if online is not None:
        found, cached, failure = lookup_address(store, online, query, country)
        if found is not None:
            return HomeLookup(found, "cache" if cached else online.key.split(":")[0])
        provider = online.key.split(":")[0]
        problem = (f"online look-up failed ({failure})" if failure
                   else f"{provider} did not find the address")
    gazetteer = gazetteer or shared_gazetteer()
    for name in town_names:
        for where in dict.fromkeys((country, "")):
            town = gazetteer.find(name, where)
            if town is not None:
                found = Found(town.lat, town.lon, Precision.TOWN.value,
                              f"{town.name} ({town.country})")
                return HomeLookup(found, "gazetteer", problem)
    return HomeLookup(None, "", problem)


def address_towns(address: str) -> tuple[list[str], str]:
    """The town names an address may end with, most likely first, and the country code it
    names (empty if none): ``"12 rue X, 69001 Lyon, France"`` → (["Lyon", …], "FR")."""
    parts = _parts(address)
    country, fallback = "", []
    if parts and _is_country(parts[-1]):
        last = parts.pop()
        country, fallback = country_code(last), [last]  # "Rue X, Luxembourg": a town too
    names = [name for part in reversed(parts) if (name := _town_in(part))]
    return list(dict.fromkeys(names + fallback)), country


def home_point(settings: Mapping[str, str]) -> tuple[float, float] | None:
    """The home base's (lat, lon) from the settings; None when no pin is set."""
    try:
        return float(settings["home.lat"]), float(settings["home.lon"])
    except (KeyError, ValueError):
        return None


def _parts(address: str) -> list[str]:
    return [p.strip() for p in _SEPARATORS.split(address) if p.strip()]


def _is_country(part: str) -> bool:
    """A country name or three-letter code (``France``, ``FRA``); a bare two-letter part is
    left alone, since it is as often a US state or a Canadian province."""
    code = country_code(part)
    return len(code) == 2 and code != part


def _town_in(part: str) -> str:
    """The town in one part of an address: the words after its last number ("69001 Lyon",
    "12 rue X 69001 Lyon"), else its words without numbers ("London SW1A 1AA")."""
    words = part.split()
    numbered = [i for i, word in enumerate(words) if _HAS_DIGIT.search(word)]
    if numbered and numbered[-1] < len(words) - 1:
        return " ".join(words[numbered[-1] + 1:])
    return " ".join(w for w in words if not _HAS_DIGIT.search(w))
