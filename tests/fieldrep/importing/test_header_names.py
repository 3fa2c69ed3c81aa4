"""The column names of real exports, kept as data: read, consistent, and matched folded."""

import pytest

from fieldrep.importing.columns import guess_mapping
from fieldrep.importing.header_names import (
    HeaderDataError,
    Strength,
    header_names,
    is_house_number,
    merge_header_lists,
)


def test_every_known_name_means_one_account_field() -> None:
    from fieldrep.importing.columns import FIELDS

    names = header_names()
    assert len(names) > 400
    assert {meaning.field for meaning in names.values()} <= set(FIELDS)


def test_land_is_the_country_and_strasse_the_street_however_written() -> None:
    mapping = guess_mapping(["Kunde", "Straße", "Hausnummer", "PLZ", "Ort", "Bundesland",
                             "Land", "Telefon"])
    assert mapping == {0: "name", 1: "street", 2: "street", 3: "postcode", 4: "city",
                       5: "region", 6: "country", 7: "contact_phone"}
    assert is_house_number("Hausnummer") and not is_house_number("Straße")


def test_a_products_own_name_column_wins_over_an_everyday_word() -> None:
    # Google Contacts: "Name" is the person, "Organization 1 - Name" the account.
    mapping = guess_mapping(["Name", "Organization 1 - Name", "Address 1 - City"])
    assert mapping == {1: "name", 2: "city"}


def test_a_whole_address_fills_the_street_only_when_nothing_else_does() -> None:
    headers = ["Organization - Name", "Organization - Address",
               "Organization - Address - Street/road name"]
    assert guess_mapping(headers) == {0: "name", 2: "street"}
    assert guess_mapping(headers[:2]) == {0: "name", 1: "street"}


def test_a_name_listed_with_two_meanings_is_refused() -> None:
    lists = [("a.toml", {"kind": "product", "sources": ["doc"], "fields": {"city": ["Ort"]}}),
             ("b.toml", {"kind": "language", "sources": ["doc"],
                         "fields": {"region": ["ORT"]}})]
    with pytest.raises(HeaderDataError, match=r"'ORT' means region, but a\.toml says city"):
        merge_header_lists(lists)


def test_a_list_without_sources_is_refused() -> None:
    with pytest.raises(HeaderDataError, match=r"c\.toml: no sources"):
        merge_header_lists([("c.toml", {"kind": "product", "fields": {"city": ["Ort"]}})])


def test_a_product_name_that_is_also_an_everyday_word_counts_as_the_word() -> None:
    lists = [("odoo.toml", {"kind": "product", "sources": ["doc"],
                            "fields": {"street": ["Street"]}}),
             ("english.toml", {"kind": "language", "sources": ["doc"],
                               "fields": {"street": ["street"]}})]
    assert merge_header_lists(lists)["street"].strength == Strength.WORD
