"""The account form's rules without Qt: parsing what the rep typed, problems, location rules."""

from dataclasses import replace
from decimal import Decimal

import pytest

from fieldrep.accounts.form import (
    AccountFields,
    ContactFields,
    address_changed,
    cadence_after_tier_change,
    check_account,
    format_amount,
    readable_amount,
    resolve_location,
)
from fieldrep.accounts.model import AccountData, ContactData

GEOCODED = AccountData(
    name="Carrosserie Martin", street="53 chemin des Vignes", postcode="69006", city="Lyon",
    country="FR", lat=45.7638, lon=4.85402, geocode_source="nominatim",
    geocode_precision="address", external_id="DEMO-0003", tier="B", cadence_days=30,
    opening_hours="Mo-Fr 08:00-12:00,14:00-18:30; Sa 08:00-12:00", meeting_minutes=20,
    annual_value=Decimal("37500.00"), tags=("garage", "tyres"), notes="Door code by phone",
    territory="Lyon Est", territory_locked=True, id=3,
    contacts=(ContactData("Christophe Martinez", "Garagiste", "04 65 71 59 99",
                          "christophe.martinez@example.com"),),
)


def test_an_unchanged_form_gives_back_the_same_account() -> None:
    result = check_account(AccountFields.from_account(GEOCODED), GEOCODED)
    assert result.ok
    assert result.account == GEOCODED


def test_a_new_account_from_typed_texts() -> None:
    fields = AccountFields(
        name="  Boulangerie  Paul ", external_id=" ", tags="Bread, bakery, bread",
        annual_value="12 500,50", country="France", lat="45,7640", lon="4.8357",
        opening_hours="lundi-vendredi 7h-13h", tier="A", cadence_days=14,
        contacts=(ContactFields("Paul", "Owner", "", "paul@example.com"), ContactFields()))
    result = check_account(fields)
    assert result.ok, result.problems
    account = result.account
    assert account is not None
    assert account.name == "Boulangerie Paul"
    assert account.external_id is None  # "" would collide with the unique constraint
    assert account.tags == ("bread", "bakery")
    assert account.annual_value == Decimal("12500.50")
    assert account.country == "FR"
    assert (account.lat, account.lon) == (45.764, 4.8357)
    assert (account.geocode_source, account.geocode_precision) == ("manual", "manual")
    assert account.opening_hours == "Mo-Fr 07:00-13:00"
    assert account.contacts == (ContactData("Paul", "Owner", "", "paul@example.com"),)
    assert account.id is None and account.territory_locked is False


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"name": "   "}, "name", "the account name is empty"),
    ({"annual_value": "lots"}, "annual_value", "is not an amount"),
    ({"annual_value": "-5"}, "annual_value", "cannot be negative"),
    ({"lat": "91", "lon": "4"}, "lat", "91.0 is outside -90..90"),
    ({"lat": "45.7"}, "lon", "missing: give both coordinates, or clear the latitude"),
    ({"lon": "4.8"}, "lat", "missing: give both coordinates, or clear the longitude"),
    ({"lat": "0", "lon": "0"}, "lat", "not a real location"),
    ({"opening_hours": "Mo-Fr 25:00-26:00"}, "opening_hours", "not a valid time"),
    ({"postcode": "1" * 21}, "postcode", "longer than 20 characters"),
    ({"cadence_days": 0}, "cadence_days", "outside 1..730"),
    ({"contacts": (ContactFields("Ann", email="ann@"),)}, "contact:0:email",
     "is not an e-mail address"),
])
def test_problems_name_the_field_and_the_reason(
    changes: dict[str, object], field: str, reason: str
) -> None:
    result = check_account(replace(AccountFields(name="Shop"), **changes))
    assert not result.ok and result.account is None
    problem = result.problem(field)
    assert problem is not None, result.problems
    assert reason in problem.reason


def test_the_label_is_not_repeated_in_the_reason() -> None:
    result = check_account(AccountFields(name="Shop", lat="91", lon="4"))
    assert str(result.problems[0]) == "Latitude: 91.0 is outside -90..90"


def test_problems_come_in_the_form_order() -> None:
    fields = AccountFields(
        name="", lat="91", lon="4", opening_hours="nonsense",
        contacts=(ContactFields("A", email="bad"), ContactFields("B", email="worse")))
    keys = [p.field for p in check_account(fields).problems]
    assert keys == ["name", "lat", "opening_hours", "contact:0:email", "contact:1:email"]
    assert check_account(fields).problems[-1].label == "Contact 2 e-mail"


def test_coordinates_typed_by_hand_make_a_manual_pin() -> None:
    fields = replace(AccountFields.from_account(GEOCODED), lat="45.77", lon="4.86")
    account = check_account(fields, GEOCODED).account
    assert account is not None
    assert (account.lat, account.lon) == (45.77, 4.86)
    assert (account.geocode_source, account.geocode_precision) == ("manual", "manual")


def test_a_new_address_clears_a_geocoded_location() -> None:
    fields = replace(AccountFields.from_account(GEOCODED), street="2 rue Neuve")
    assert address_changed(fields, GEOCODED)
    account = check_account(fields, GEOCODED).account
    assert account is not None
    assert (account.lat, account.lon, account.geocode_precision) == (None, None, "")


def test_a_new_address_keeps_an_exact_or_manual_location() -> None:
    for precision in ("exact", "manual"):
        original = replace(GEOCODED, geocode_precision=precision, geocode_source="import")
        fields = replace(AccountFields.from_account(original), city="Villeurbanne")
        account = check_account(fields, original).account
        assert account is not None
        assert (account.lat, account.geocode_precision) == (45.7638, precision)


def test_spacing_or_case_is_not_a_new_address() -> None:
    fields = replace(AccountFields.from_account(GEOCODED), city=" LYON ", country="France")
    assert not address_changed(fields, GEOCODED)


def test_not_found_stays_until_the_address_changes() -> None:
    original = replace(GEOCODED, lat=None, lon=None, geocode_precision="not_found")
    fields = AccountFields.from_account(original)
    assert resolve_location(fields, original).precision == "not_found"
    moved = replace(fields, street="54 chemin des Vignes")
    assert resolve_location(moved, original).precision == ""


def test_clearing_the_coordinates_asks_for_a_new_location() -> None:
    fields = replace(AccountFields.from_account(GEOCODED), lat="", lon="")
    account = check_account(fields, GEOCODED).account
    assert account is not None
    assert (account.lat, account.geocode_source, account.geocode_precision) == (None, "", "")


def test_unreadable_coordinates_have_no_location() -> None:
    assert resolve_location(AccountFields(name="x", lat="north", lon="4"), None) is None


def test_choosing_a_territory_pins_it() -> None:
    unlocked = replace(GEOCODED, territory_locked=False)
    same = check_account(AccountFields.from_account(unlocked), unlocked).account
    assert same is not None and same.territory_locked is False
    moved = replace(AccountFields.from_account(unlocked), territory="Savoie")
    account = check_account(moved, unlocked).account
    assert account is not None and account.territory == "Savoie" and account.territory_locked
    cleared = check_account(replace(moved, territory=""), unlocked).account
    assert cleared is not None and cleared.territory_locked is False


def test_the_cadence_follows_the_tier_unless_chosen() -> None:
    assert cadence_after_tier_change("C", "A", 60, edited=False) == 14
    assert cadence_after_tier_change("C", "A", 60, edited=True) == 60
    assert cadence_after_tier_change("C", "A", 45, edited=False) == 45  # its own cadence


def test_amounts_are_shown_plainly_and_read_back() -> None:
    assert format_amount(Decimal("37500.00")) == "37500"
    assert format_amount(Decimal("12500.50")) == "12500.50"
    assert format_amount(None) == ""
    assert readable_amount(Decimal("12500.50")) == "12\u202f500.50"
    assert check_account(AccountFields(name="x", annual_value="1e30")).problem("annual_value")
