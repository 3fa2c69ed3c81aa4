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
    key = fold(value)
    # Codes and English names (most files) without reading the ~160 translation catalogues.
    common = _common_index().get(key)
    return common if common is not None else _country_index().get(key, value)


@cache
def _names() -> tuple[tuple[str, str], ...]:
    """Each country's ISO names (name, official, common) with its alpha-2 code, in
    pycountry's order."""
    return tuple((name, country.alpha_2) for country in pycountry.countries
                 for name in (getattr(country, attribute, None)
                              for attribute in ("name", "official_name", "common_name"))
                 if name)


@cache
def _common_index() -> dict[str, str]:
    """Folded code or English name → alpha-2 code: the entries of :func:`_country_index`
    that do not come from a translation (each maps as it does there)."""
    index: dict[str, str] = {}
    for name, code in _names():
        index.setdefault(fold(name), code)
    return _with_codes(index)


@cache
def _country_index() -> dict[str, str]:
    """Folded code or name → alpha-2 code, for every language pycountry has names in."""
    index: dict[str, str] = {}
    for name, code in _names():
        index.setdefault(fold(name), code)
    names = dict(_names())
    for language in sorted(os.listdir(pycountry.LOCALES_DIR)):
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        except OSError:
            continue
        for name, code in names.items():
            translated = catalogue.gettext(name)
            if translated != name:
                index.setdefault(fold(translated), code)
    return _with_codes(index)


def _with_codes(index: dict[str, str]) -> dict[str, str]:
    """``index`` with the codes, which win over a name that spells one, and the extra
    names."""
    for country in pycountry.countries:
        index[fold(country.alpha_3)] = country.alpha_2
        index[fold(country.alpha_2)] = country.alpha_2
    index.update(_EXTRA_NAMES)
    return index
