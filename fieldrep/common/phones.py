"""Phone numbers as reps' files write them, normalised for the account's country."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


class PhoneError(ValueError):
    """A phone number that cannot be read; the message says why (the number is kept)."""


@lru_cache(maxsize=4096)
def normalise_phone(text: str, country: str = "") -> str:
    """``text`` in international format (``+49 89 1234567``) read for ``country`` (an
    ISO alpha-2 code; a number starting with + or 00 needs none).

    A number that cannot be read raises :class:`PhoneError`; a number without a country
    code when ``country`` is unknown is returned as typed (nothing says which it is).
    """
    value = text.strip()
    if value.startswith("00"):
        value = "+" + value[2:]
    region = country.upper() if len(country) == 2 else None
    if not value.startswith("+") and region is None:
        return text.strip()
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise PhoneError(f"{text!r} is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        where = f" in {region}" if region and not value.startswith("+") else ""
        raise PhoneError(f"{text!r} is not a possible phone number{where}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
