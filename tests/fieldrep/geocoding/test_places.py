"""Offline places you can trust: real addresses in many countries, placed from the postcode
data and the gazetteer, each near its town and never in another country."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fieldrep.accounts.service import AccountFilter, list_accounts, update_account
from fieldrep.geocoding.service import geocode_accounts
from fieldrep.store import Store
from fieldrep.travel.straight_line import great_circle_km
from fieldrep.usecases.account_edits import pin_account
from fieldrep.usecases.settings import set_setting
from tests.fieldrep.geocoding.helpers import accounts, add

# name, street, postcode, town, country, (lat, lon) of the town's centre
ADDRESSES = [
    ("Brauerei Wörth", "Hauptstraße 3", "85457", "Wörth", "DE", (48.245, 11.902)),
    ("Oder Apotheke", "Karl-Marx-Straße 1", "15230", "Frankfurt", "DE", (52.347, 14.551)),
    ("Casco Bay Supply", "1 Congress St", "04101", "Portland", "US", (43.657, -70.259)),
    ("Marienplatz Optik", "Marienplatz 1", "80331", "München", "DE", (48.137, 11.575)),
    ("Ottobrunn Praxis", "Rosenheimer Landstraße 10", "85521", "Ottobrunn", "DE",
     (48.065, 11.663)),
    ("Apteka Rynek", "Rynek Główny 1", "31-000", "Kraków", "PL", (50.061, 19.937)),
    ("Lékárna Josefov", "Pařížská 1", "110 00", "Praha", "CZ", (50.088, 14.421)),
    ("Pharmacie Terreaux", "1 place des Terreaux", "69001", "Lyon", "FR", (45.764, 4.836)),
    ("Farmacia Duomo", "Via Dante 1", "20121", "Milano", "IT", (45.464, 9.190)),
    ("Farmacia Sol", "Calle de Alcalá 1", "28001", "Madrid", "ES", (40.417, -3.704)),
    ("Apotheek Dam", "Damrak 1", "1012 AB", "Amsterdam", "NL", (52.373, 4.893)),
    ("Pharmacie Grand-Place", "Rue au Beurre 1", "1000", "Bruxelles", "BE", (50.847, 4.357)),
    ("Stephansapotheke", "Stephansplatz 1", "1010", "Wien", "AT", (48.208, 16.373)),
    ("Apotheke Bahnhofstrasse", "Bahnhofstrasse 1", "8001", "Zürich", "CH",
     (47.377, 8.541)),
    ("Whitehall Chemist", "1 Whitehall", "SW1A 1AA", "London", "GB", (51.507, -0.128)),
    ("Grafton Pharmacy", "1 Grafton Street", "D02 X285", "Dublin", "IE", (53.350, -6.260)),
    ("Farmácia Baixa", "Rua Augusta 1", "1100-148", "Lisboa", "PT", (38.722, -9.139)),
    ("Apotek Gamla Stan", "Västerlånggatan 1", "111 20", "Stockholm", "SE",
     (59.329, 18.069)),
    ("Apotek Karl Johan", "Karl Johans gate 1", "0150", "Oslo", "NO", (59.914, 10.752)),
    ("Apotek Strøget", "Østergade 1", "1050", "København", "DK", (55.676, 12.568)),
    ("Apteekki Esplanadi", "Pohjoisesplanadi 1", "00100", "Helsinki", "FI",
     (60.170, 24.938)),
    ("King Street Drugs", "100 King St W", "M5H 2N2", "Toronto", "CA", (43.653, -79.383)),
    ("Apteka Centrum", "ul. Marszałkowska 1", "00-001", "Warszawa", "PL", (52.230, 21.011)),
    ("Hafen Apotheke", "Mönckebergstraße 1", "20095", "Hamburg", "DE", (53.551, 9.994)),
    ("Pharmacie du Vieux-Port", "1 quai du Port", "13001", "Marseille", "FR",
     (43.296, 5.370)),
    ("Farmàcia Rambla", "La Rambla 1", "08001", "Barcelona", "ES", (41.385, 2.173)),
    ("Farmacia Esquilino", "Via Cavour 1", "00184", "Roma", "IT", (41.893, 12.483)),
    ("Apotheek Coolsingel", "Coolsingel 1", "3011", "Rotterdam", "NL", (51.922, 4.479)),
    ("Pharmacie du Rhône", "Rue du Rhône 1", "1201", "Genève", "CH", (46.204, 6.143)),
    ("Apotheke Getreidegasse", "Getreidegasse 1", "5020", "Salzburg", "AT",
     (47.809, 13.055)),
    ("Beacon Hill Pharmacy", "1 Beacon St", "02108", "Boston", "US", (42.360, -71.058)),
    ("Lékárna Svoboda", "náměstí Svobody 1", "602 00", "Brno", "CZ", (49.195, 16.608)),
    ("Apotek Avenyn", "Kungsportsavenyen 1", "411 36", "Göteborg", "SE", (57.709, 11.975)),
    ("Farmácia Aliados", "Avenida dos Aliados 1", "4000-064", "Porto", "PT",
     (41.150, -8.611)),
]


def test_real_addresses_are_placed_offline_near_their_town_in_their_country(
        store: Store) -> None:
    assert len({a[4] for a in ADDRESSES}) >= 14
    for name, street, postcode, town, country, _centre in ADDRESSES:
        add(store, name, street, postcode, town, country)

    report = geocode_accounts(store, None)

    assert (report.total, report.approximate, report.not_found) == (len(ADDRESSES),) * 2 + (0,)
    assert report.unsure == []  # every postcode decided its town
    found = accounts(store)
    misplaced = {}
    for name, _street, _postcode, _town, _country, centre in ADDRESSES:
        account = found[name]
        assert account.lat is not None and account.lon is not None, name
        assert account.geocode_precision in ("postcode", "town"), name
        distance = great_circle_km(centre, (account.lat, account.lon))
        if distance > 25:
            misplaced[name] = round(distance)
    assert misplaced == {}


def test_the_store_default_country_keeps_accounts_without_one_in_it(store: Store) -> None:
    set_setting(store, "geocoder.default_country", "DE")
    add(store, "Oder Apotheke", "Karl-Marx-Straße 1", "15230", "Frankfurt", country="")
    add(store, "Brauerei Wörth", "Hauptstraße 3", "85457", "Wörth", country="")

    geocode_accounts(store, None, default_country="DE")

    found = accounts(store)
    oder, worth = found["Oder Apotheke"], found["Brauerei Wörth"]
    assert great_circle_km((52.347, 14.551), (oder.lat or 0, oder.lon or 0)) < 10
    assert great_circle_km((48.245, 11.902), (worth.lat or 0, worth.lon or 0)) < 10


def test_a_country_written_as_a_name_keeps_the_town_in_it(store: Store) -> None:
    add(store, "Casco Bay Supply", "", "", "Portland", "United States", region="ME")

    geocode_accounts(store, None)

    portland = accounts(store)["Casco Bay Supply"]
    assert great_circle_km((43.657, -70.259), (portland.lat or 0, portland.lon or 0)) < 10


def test_a_town_with_namesakes_and_no_postcode_is_listed_to_check(store: Store) -> None:
    add(store, "Somewhere in Wörth", city="Wörth", country="DE")
    add(store, "Somewhere in Portland", city="Portland", country="US")
    add(store, "Ottobrunn Praxis", city="Ottobrunn", country="DE")  # one town of that name

    report = geocode_accounts(store, None)

    assert report.approximate == 3
    assert sorted(report.unsure) == ["Somewhere in Portland", "Somewhere in Wörth"]
    assert "2 locations to check" in report.summary()
    assert report.check_these() == (
        "check these locations: Somewhere in Wörth, Somewhere in Portland")
    assert accounts(store)["Somewhere in Portland"].lon == pytest.approx(-122.676, abs=1)


def test_the_locations_to_check_stay_listed_until_the_rep_places_them(store: Store) -> None:
    add(store, "Somewhere in Wörth", city="Wörth", country="DE")
    add(store, "Ottobrunn Praxis", city="Ottobrunn", country="DE")
    add(store, "Nowhere", city="Xqzvbnm", country="DE")
    geocode_accounts(store, None)
    to_check = AccountFilter(to_check=True)

    assert sorted(a.name for a in list_accounts(store, where=to_check)) == [
        "Nowhere", "Somewhere in Wörth"]
    worth = accounts(store)["Somewhere in Wörth"]
    assert worth.location_to_check and worth.geocode_source == "gazetteer (to check)"
    update_account(store, replace(worth, notes="asked the owner"))  # location kept: still
    assert accounts(store)["Somewhere in Wörth"].location_to_check

    pin_account(store, worth.id or 0, 48.245, 11.902)  # the rep drags the pin to its place
    assert [a.name for a in list_accounts(store, where=to_check)] == ["Nowhere"]
    geocode_accounts(store, None)  # a new run leaves a placed account alone
    assert not accounts(store)["Somewhere in Wörth"].location_to_check


def test_namesakes_are_chosen_near_the_reps_other_accounts(store: Store) -> None:
    add(store, "Known in Munich", lat=48.137, lon=11.575, geocode_precision="exact",
        country="DE")
    add(store, "Somewhere in Wörth", city="Wörth", country="DE")

    report = geocode_accounts(store, None)

    worth = accounts(store)["Somewhere in Wörth"]
    assert great_circle_km((48.245, 11.902), (worth.lat or 0, worth.lon or 0)) < 10
    assert report.unsure == ["Somewhere in Wörth"]  # likely, but nothing proved it


@pytest.mark.parametrize(("town", "country", "centre"), [
    ("München", "DE", (48.137, 11.575)), ("München", "", (48.137, 11.575)),
    ("Ottobrunn", "DE", (48.065, 11.663)), ("Kraków", "PL", (50.061, 19.937)),
    ("Praha", "CZ", (50.088, 14.421)), ("Wien", "AT", (48.208, 16.373)),
])
def test_towns_are_found_by_their_local_name_without_a_postcode(
        store: Store, town: str, country: str, centre: tuple[float, float]) -> None:
    add(store, "Somewhere", city=town, country=country)

    report = geocode_accounts(store, None)

    found = accounts(store)["Somewhere"]
    assert report.not_found == 0
    assert great_circle_km(centre, (found.lat or 0, found.lon or 0)) < 10
