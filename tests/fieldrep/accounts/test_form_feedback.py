"""What the account form says as the rep types: location notes, pasted pairs, changes."""

from dataclasses import replace

from fieldrep.accounts.form import AccountFields, ContactFields
from fieldrep.accounts.form_feedback import (
    Tone,
    coordinates_after_address_change,
    fields_changed,
    location_note,
    split_coordinate_pair,
)
from fieldrep.accounts.model import AccountData

GEOCODED = AccountData(name="Garage", street="1 rue Neuve", city="Lyon", country="FR",
                       lat=45.7638, lon=4.85402, geocode_source="nominatim",
                       geocode_precision="address", id=3)


def test_a_pair_copied_from_a_web_map_splits_in_two() -> None:
    assert split_coordinate_pair("45.7640, 4.8357") == ("45.7640", "4.8357")
    assert split_coordinate_pair(" 45.7640 4.8357 ") == ("45.7640", "4.8357")
    assert split_coordinate_pair("45,764; 4,8357") == ("45,764", "4,8357")
    assert split_coordinate_pair("45,764") is None
    assert split_coordinate_pair("45.7640") is None


def test_a_geocoded_location_follows_the_address() -> None:
    fields = AccountFields.from_account(GEOCODED)
    assert coordinates_after_address_change(fields, GEOCODED) == ("45.7638", "4.85402")
    moved = replace(fields, street="12 rue Vieille")
    assert coordinates_after_address_change(moved, GEOCODED) == ("", "")
    manual = replace(GEOCODED, geocode_source="manual", geocode_precision="manual")
    assert coordinates_after_address_change(moved, manual) is None
    assert coordinates_after_address_change(moved, None) is None


def test_location_notes_say_where_the_location_comes_from() -> None:
    fields = AccountFields.from_account(GEOCODED)
    assert location_note(fields, GEOCODED).text == "Located by the geocoder at the address."
    cleared = location_note(replace(fields, street="2 rue Haute", lat="", lon=""), GEOCODED)
    assert cleared.cleared and cleared.tone is Tone.WARNING
    assert "(45.76380, 4.85402) is cleared" in cleared.text
    pin = location_note(replace(fields, lat="45.1", lon="4.2"), GEOCODED)
    assert (pin.text, pin.tone) == ("Manual pin.", Tone.PLAIN)
    assert location_note(replace(fields, lat="north"), GEOCODED).tone is Tone.ERROR
    town = replace(GEOCODED, geocode_precision="town")
    assert location_note(AccountFields.from_account(town), town).tone is Tone.WARNING
    assert location_note(AccountFields(name="New"), None).text.startswith("No location yet")
    lost = replace(GEOCODED, lat=None, lon=None, geocode_precision="not_found")
    assert location_note(AccountFields.from_account(lost), lost).text.startswith(
        "The geocoder did not find")


def test_an_empty_contact_row_is_no_change() -> None:
    initial = AccountFields.from_account(GEOCODED)
    assert not fields_changed(replace(initial, contacts=(ContactFields(),)), initial)
    assert fields_changed(replace(initial, contacts=(ContactFields("Marc"),)), initial)
    assert fields_changed(replace(initial, city="Villeurbanne"), initial)
