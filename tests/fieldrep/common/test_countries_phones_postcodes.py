"""Countries in any language, phones in international format, postcodes with their zeros."""

from __future__ import annotations

import pytest

from fieldrep.common.countries import country_code
from fieldrep.common.phones import PhoneError, normalise_phone
from fieldrep.common.postcodes import with_leading_zeros


@pytest.mark.parametrize(("text", "code"), [
    ("Česko", "CZ"), ("Czech Republic", "CZ"), ("Tschechien", "CZ"), ("Polska", "PL"),
    ("Polen", "PL"), ("Deutschland", "DE"), ("Allemagne", "DE"), ("Germany", "DE"),
    ("Niemcy", "DE"), ("Espagne", "ES"), ("España", "ES"), ("Spanien", "ES"), ("UK", "GB"),
    ("United Kingdom", "GB"), ("England", "GB"), ("USA", "US"), ("United States", "US"),
    ("Österreich", "AT"), ("Suisse", "CH"), ("Svizzera", "CH"), ("België", "BE"),
    ("Italia", "IT"), ("Nederland", "NL"), ("Magyarország", "HU"), ("DEU", "DE"),
    ("fr", "FR"), (" FRA ", "FR"), ("de", "DE"), ("", ""), ("Atlantis", "Atlantis"),
])
def test_countries_in_any_language_or_as_codes(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize(("text", "country", "phone"), [
    ("089 1234567", "DE", "+49 89 1234567"),
    ("+49 89 1234567", "", "+49 89 1234567"),
    ("0049 89 1234567", "FR", "+49 89 1234567"),
    ("04 72 10 20 30", "FR", "+33 4 72 10 20 30"),
    ("02 1234 5678", "IT", "+39 02 1234 5678"),  # Italy keeps its leading zero
    ("(212) 555-0100", "US", "+1 212-555-0100"),
    ("089 1234567", "", "089 1234567"),  # no country: nothing says which it is
])
def test_phones_in_international_format_for_the_country(
        text: str, country: str, phone: str) -> None:
    assert normalise_phone(text, country) == phone


@pytest.mark.parametrize("text", ["call me", "12"])
def test_unreadable_phones_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(PhoneError, match="phone number"):
        normalise_phone(text, "FR")


@pytest.mark.parametrize(("postcode", "country", "restored"), [
    ("1500", "FR", "01500"), ("1067", "DE", "01067"), ("4101", "US", "04101"),
    ("501", "US", "00501"), ("8001", "CH", "8001"), ("69002", "FR", "69002"),
    ("12", "FR", "12"), ("SW1A 1AA", "GB", "SW1A 1AA"), ("1234", "NL", "1234"),
    ("1500", "", "1500"),
])
def test_postcodes_get_back_the_zeros_a_number_lost(
        postcode: str, country: str, restored: str) -> None:
    assert with_leading_zeros(postcode, country) == restored


def test_codes_and_english_names_read_without_the_translations_as_with_them() -> None:
    """The quick index (codes, ISO English names, the extra names) answers as the full
    one, built from every translation, does."""
    from fieldrep.common.countries import _common_index, _country_index

    full = _country_index()
    assert {key: full[key] for key in _common_index()} == _common_index()
    assert len(full) > 3 * len(_common_index())  # the translations are only in the full one
