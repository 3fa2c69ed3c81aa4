"""Offline geocoding with the packaged gazetteer, cancelling, resuming and progress."""



import pytest

from fieldrep.geocoding.service import geocode_accounts, pending_count
from fieldrep.store import Store
from tests.fieldrep.geocoding.helpers import (
    LYON_TOWN,
    ST_ETIENNE_TOWN,
    accounts,
    add,
    near,
    online_geocoder,
    place,
)
from tests.nominatim_server import NominatimServer


def test_offline_places_by_postcode_centre_else_by_town(store: Store) -> None:
    add(store, "Ref 1", postcode="69002", city="Lyon", lat=45.7600, lon=4.8300,
        geocode_precision="exact", geocode_source="import")
    add(store, "Ref 2", postcode="69002", city="Lyon", lat=45.7500, lon=4.8400,
        geocode_precision="address", geocode_source="nominatim")
    add(store, "Rough", postcode="69002", city="Lyon", lat=46.5, lon=5.5,
        geocode_precision="town", geocode_source="gazetteer")  # approximate: not a reference
    add(store, "Same postcode", "5 rue Mercière", "69002", "Lyon")
    add(store, "Other postcode", "1 quai Chauveau", "69009", "Lyon")

    report = geocode_accounts(store, None)

    found = accounts(store)
    assert place(found["Same postcode"]) == (
        *near((45.7550, 4.8350)), "postcode", "postcode-centroid")
    assert place(found["Other postcode"]) == (*near(LYON_TOWN, 0.01), "town", "gazetteer")
    assert (report.approximate, report.not_found, report.offline_reason) == (2, 0, "")


@pytest.mark.parametrize(("city", "expected"), [
    ("Saint-Étienne", ST_ETIENNE_TOWN),
    ("St Etienne", ST_ETIENNE_TOWN),
    ("ST-ETIENNE CEDEX 2", ST_ETIENNE_TOWN),
    ("LYON CEDEX 03", LYON_TOWN),
])
def test_offline_gazetteer_understands_how_towns_are_written(
        store: Store, city: str, expected: tuple[float, float]) -> None:
    add(store, "Account", "1 rue X", "42000", city)

    geocode_accounts(store, None)

    assert place(accounts(store)["Account"]) == (*near(expected, 0.01), "town", "gazetteer")


def test_offline_gazetteer_understands_a_country_written_as_a_name(store: Store) -> None:
    add(store, "Account", "1 rue X", "69003", "Lyon", country="France")

    geocode_accounts(store, None)

    assert place(accounts(store)["Account"]) == (*near(LYON_TOWN, 0.01), "town", "gazetteer")


def test_offline_unknown_town_stays_pending_for_an_online_run(store: Store) -> None:
    add(store, "Nowhere", "1 impasse Perdue", city="Nowhereville")

    report = geocode_accounts(store, None)

    assert report.not_found == 1
    assert place(accounts(store)["Nowhere"]) == (None, None, "", "")
    assert pending_count(store) == 1


# --- cancel, resume, progress -----------------------------------------------------------


def test_cancel_keeps_what_was_done_and_a_second_run_resumes(
        store: Store, nominatim: NominatimServer) -> None:
    streets = ["1 rue A", "2 rue B", "3 rue C", "4 rue D"]
    for number, street in enumerate(streets):
        nominatim.known[street] = (45.70 + number / 100, 4.80, "building")
        add(store, f"Shop {number}", street, "69002", "Lyon")
    online = online_geocoder(store, nominatim)
    done: list[int] = []

    report = geocode_accounts(store, online, progress=lambda d, _t, _q: done.append(d),
                              cancelled=lambda: len(done) >= 2)

    assert report.cancelled and report.done == 2 and "cancelled" in report.summary()
    located = {name for name, a in accounts(store).items() if a.located}
    assert located == {"Shop 0", "Shop 1"}

    resumed = geocode_accounts(store, online)

    assert (resumed.total, resumed.online, resumed.cancelled) == (2, 2, False)
    assert all(a.located for a in accounts(store).values())
    assert len(nominatim.queries) == 4 and len(set(nominatim.queries)) == 4


def test_progress_reports_each_account_up_to_the_total(
        store: Store, nominatim: NominatimServer) -> None:
    add(store, "A", "1 rue A", "69002", "Lyon")
    add(store, "B", "2 rue B", "69003", "Lyon")
    add(store, "C", city="Villeurbanne")
    calls: list[tuple[int, int, str]] = []

    geocode_accounts(store, online_geocoder(store, nominatim),
                     progress=lambda *args: calls.append(args))

    assert calls == [(1, 3, "1 rue A, 69002 Lyon"), (2, 3, "2 rue B, 69003 Lyon"),
                     (3, 3, "Villeurbanne")]


# --- the command line ---------------------------------------------------------------------
