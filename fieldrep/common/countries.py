"""Country names and codes: reps write "France", "FR", "Deutschland", "Česko" or "UK"; the
store keeps ISO 3166 alpha-2 codes.

Names are read from pycountry (the ISO 3166 names, codes and their translations in the
gettext catalogues it ships), so a country is understood in the languages reps write.
"""

from __future__ import annotations

import gettext
import os
from functools import cache

import pycountry

from fieldrep.common.text import fold

#: Names the ISO lists do not carry but files do.
_EXTRA_NAMES = {
    "uk": "GB", "u k": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "great britain": "GB", "britain": "GB", "grossbritannien": "GB",
    "usa": "US", "u s a": "US", "u s": "US", "america": "US", "united states of america": "US",
    "holland": "NL", "czechia": "CZ", "cesko": "CZ", "ceska republika": "CZ",
    "czech republic": "CZ", "tschechien": "CZ", "russia": "RU", "south korea": "KR",
    "korea": "KR", "vatican": "VA", "bosnia": "BA", "macedonia": "MK", "turkey": "TR",
    "ivory coast": "CI", "swiss": "CH", "osterreich": "AT", "oesterreich": "AT",
}


def country_code(text: str) -> str:
    """An ISO 3166 alpha-2 code for a country code or name in any common language
    (``France``, ``fr``, ``FRA``, ``Allemagne``, ``Polska`` → ``FR``, ``FR``, ``FR``,
    ``DE``, ``PL``).

    Unknown names are kept as written: they are still useful in an address.
    """
    value = text.strip()
    if not value:
        return ""
    return _country_index().get(fold(value), value)


@cache
def _country_index() -> dict[str, str]:
    """Folded code or name → alpha-2 code, for every language pycountry has names in."""
    index: dict[str, str] = {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                names[name] = code
                index.setdefault(fold(name), code)
    for language in sorted(os.listdir(pycountry.LOCALES_DIR)):
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        except OSError:
            continue
        for name, code in names.items():
            translated = catalogue.gettext(name)
            if translated != name:
                index.setdefault(fold(translated), code)
    for country in pycountry.countries:  # codes win over a translation that spells one
        index[fold(country.alpha_3)] = country.alpha_2
        index[fold(country.alpha_2)] = country.alpha_2
    index.update(_EXTRA_NAMES)
    return index
