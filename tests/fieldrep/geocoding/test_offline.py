"""Geocoding without the network: a network lost mid-batch, the offline gazetteer, and a
run cancelled, resumed and reporting its progress."""

from __future__ import annotations

import pytest

from fieldrep.geocoding.service import geocode_accounts, pending_count
from fieldrep.store import Store
from tests.fieldrep.geocoding.support import (
    BELLECOUR,
    LYON_TOWN,
    ST_ETIENNE_TOWN,
    VOURLES,
    accounts,
    add,
    near,
    online_geocoder,
    place,
)
from tests.nominatim_server import NominatimServer

# --- the network goes away ----------------------------------------------------------------


def test_network_lost_mid_batch_continues_offline_and_keeps_what_was_placed(
        store: Store, nominatim: NominatimServer, error_waits: list[float]) -> None:
    nominatim.known.update({"12 rue de la Barre": (*BELLECOUR, "building"),
                            "3 chemin des Vignes": (*VOURLES, "house")})
    add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69002", "Lyon")
    add(store, "Garage des Vignes", "3 chemin des Vignes", "69390", "Vourles")
    add(store, "Bouchon Lyonnais", "5 rue Mercière", "69002", "Lyon")
    add(store, "Cabinet Durand", "8 cours Emile Zola", "69100", "Villeurbanne")

    def cut_after_two(done: int, _total: int, _query: str) -> None:
        if done == 2:
            nominatim.stop()

    report = geocode_accounts(store, online_geocoder(store, nominatim), progress=cut_after_two)

    assert report.offline_reason.startswith("nominatim: ")
    assert (report.total, report.online, report.approximate, report.not_found) == (4, 2, 2, 0)
    found = accounts(store)
    assert place(found["Pharmacie Bellecour"]) == (*near(BELLECOUR), "address", "nominatim")
    assert place(found["Garage des Vignes"]) == (*near(VOURLES), "address", "nominatim")
    assert place(found["Bouchon Lyonnais"]) == (*near(LYON_TOWN, 0.01), "town", "gazetteer")
    assert found["Cabinet Durand"].geocode_precision == "town"
    assert found["Cabinet Durand"].geocode_source == "gazetteer"
    assert len(nominatim.requests) == 2
    assert error_waits == [2.0]  # one retry 2 s later, not one per remaining account


def test_server_error_continues_offline_and_caches_nothing(
        store: Store, nominatim: NominatimServer, error_waits: list[float]) -> None:
    add(store, "Déjà placé", "1 place Bellecour", "69002", "Lyon", lat=45.7578, lon=4.8320,
        geocode_source="import", geocode_precision="exact")
    nominatim.known["12 rue de la Barre"] = (*BELLECOUR, "building")
    add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69009", "Lyon")
    add(store, "Nowhere", "1 impasse Perdue", city="Nowhereville")
    add(store, "Nowhere either", "2 impasse Perdue", city="Nowhereville")
    nominatim.fail_with(503)
    online = online_geocoder(store, nominatim)

    report = geocode_accounts(store, online)

    assert "nominatim" in report.offline_reason and "worked offline" in report.summary()
    assert len(nominatim.requests) == 2  # the first query and one retry, then offline
    assert error_waits == [2.0]
    found = accounts(store)
    assert place(found["Déjà placé"]) == (45.7578, 4.8320, "exact", "import")
    assert place(found["Pharmacie Bellecour"]) == (*near(LYON_TOWN, 0.01), "town", "gazetteer")
    for name in ("Nowhere", "Nowhere either"):  # a failure is not a "not found"
        assert place(found[name]) == (None, None, "", "")
    assert pending_count(store) == 2

    nominatim.fail_with(None)  # the network is back
    later = geocode_accounts(store, online, refine=True)

    assert later.offline_reason == "" and later.online == 1 and later.not_found == 2
    assert place(accounts(store)["Pharmacie Bellecour"]) == (
        *near(BELLECOUR), "address", "nominatim")


# --- offline ---------------------------------------------------------------------------


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
