"""Header matching: synonyms in several languages, numbered contacts, explicit overrides."""

import pytest

from fieldrep.importing.columns import MappingError, apply_overrides, guess_mapping, parse_overrides


def test_usual_synonyms_are_matched() -> None:
    headers = ["Customer", "Address", "Zip", "Town", "Lat", "Lng", "Priority", "E-mail",
               "Something else"]
    rows = [(2, ["Acme", "1 Main St", "10001", "New York", "40.7", "-74.0", "A", "a@b.co", ""])]
    mapping = guess_mapping(headers, rows)
    assert mapping == {0: "name", 1: "street", 2: "postcode", 3: "city", 4: "lat", 5: "lon",
                       6: "tier", 7: "contact_email"}


def test_a_priority_holding_no_tiers_is_not_the_tier() -> None:
    headers = ["Account Name", "Rating", "Priority"]
    rows = [(2, ["Acme", "Active", "B"]), (3, ["Bolt", "Normal", "1"])]
    assert guess_mapping(headers, rows) == {0: "name", 2: "tier"}


def test_a_rating_in_crm_words_is_the_tier() -> None:
    headers = ["Account Name", "Rating"]
    rows = [(2, ["Acme", "Hot"]), (3, ["Bolt", "Warm"]), (4, ["Cale", "Cold"])]
    assert guess_mapping(headers, rows) == {0: "name", 1: "tier"}


def test_french_export_headers() -> None:
    headers = ["Raison sociale", "Adresse", "Code postal", "Ville", "Latitude", "Longitude",
               "Horaires", "Téléphone"]
    assert list(guess_mapping(headers).values()) == [
        "name", "street", "postcode", "city", "lat", "lon", "opening_hours", "contact_phone"]


def test_numbered_contacts_and_first_match_wins() -> None:
    mapping = guess_mapping(["name", "Company", "contact2_email", "Contact 2 Name"])
    assert mapping == {0: "name", 2: "contact2_email", 3: "contact2_name"}


def test_overrides_replace_and_ignore() -> None:
    headers = ["Firma", "Notes", "Zip"]
    mapping = apply_overrides(headers, guess_mapping(headers),
                              parse_overrides(["Firma=name", "Notes=", "zip=postcode"]))
    assert mapping == {0: "name", 2: "postcode"}


def test_overrides_name_unknown_columns_and_fields() -> None:
    with pytest.raises(MappingError, match="no column 'Nope'"):
        apply_overrides(["A"], {}, {"Nope": "name"})
    with pytest.raises(MappingError, match="'colour' is not an account field"):
        apply_overrides(["A"], {}, {"A": "colour"})
    with pytest.raises(MappingError, match="expected COLUMN=field"):
        parse_overrides(["justtext"])
