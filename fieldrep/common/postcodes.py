"""Postcodes with their leading zeros: a spreadsheet cell read as a number loses them
(01500 → 1500), so they are restored where the country's postcodes are all digits of one
length."""

from __future__ import annotations

#: Digits in a postcode, for countries whose postcodes are only digits of one length
#: (Universal Postal Union formats; those with letters or dashes are left as written).
POSTCODE_DIGITS: dict[str, int] = {
    "AT": 4, "AU": 4, "BE": 4, "BG": 4, "CH": 4, "CY": 4, "DK": 4, "HU": 4, "LI": 4,
    "LU": 4, "NO": 4, "NZ": 4, "PH": 4, "SI": 4, "TN": 4, "ZA": 4, "AM": 4,
    "DE": 5, "DZ": 5, "EE": 5, "ES": 5, "FI": 5, "FR": 5, "GR": 5, "HR": 5, "ID": 5,
    "IT": 5, "LT": 5, "MA": 5, "MC": 5, "ME": 5, "MX": 5, "MY": 5, "SM": 5, "TH": 5,
    "TR": 5, "UA": 5, "US": 5, "VA": 5, "BA": 5, "RS": 5, "SE": 5, "CZ": 5, "SK": 5,
    "KR": 5, "EG": 5, "PK": 5, "SA": 5, "IL": 7, "IN": 6, "RU": 6, "CN": 6, "SG": 6,
    "RO": 6, "BY": 6, "KZ": 6, "VN": 6, "CO": 6, "EC": 6, "NG": 6, "BR": 8, "JP": 7,
    "CL": 7, "PT": 7,
}


def with_leading_zeros(postcode: str, country: str) -> str:
    """``postcode`` with the zeros a number lost restored (``1500`` in ``FR`` →
    ``01500``); any other postcode unchanged."""
    digits = POSTCODE_DIGITS.get(country.upper())
    if digits is None or not postcode.isdigit() or len(postcode) >= digits:
        return postcode
    if digits - len(postcode) > 2:  # "12" for a 5-digit country is not a lost zero
        return postcode
    return postcode.zfill(digits)
