"""Online geocoding as a rep sees it: a real SQLite store, the real geopy Nominatim client
built from the settings, and a real HTTP server on 127.0.0.1 standing in for Nominatim."""


from itertools import pairwise

import pytest
from geopy import geocoders
from geopy.adapters import URLLibAdapter
from sqlalchemy import select

from fieldrep.geocoding.providers import PUBLIC_NOMINATIM, make_geocoder
from fieldrep.geocoding.service import geocode_accounts, pending_count
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.store import Store
from fieldrep.store.models import GeocodeCacheEntry
from fieldrep.usecases.settings import set_setting
from tests.fieldrep.geocoding.helpers import (
    BELLECOUR,
    LYON_TOWN,
    VILLEURBANNE,
    VOURLES,
    accounts,
    add,
    clear_location,
    near,
    online_geocoder,
    place,
)
from tests.nominatim_server import NominatimServer


def test_online_places_accounts_at_the_servers_coordinates_with_its_precision(
        store: Store, nominatim: NominatimServer) -> None:
    nominatim.known.update({
        "12 rue de la Barre": (*BELLECOUR, "building"),
        "3 chemin des Vignes": (*VOURLES, "house"),
        "Villeurbanne": (*VILLEURBANNE, "city"),
    })
    add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69002", "Lyon")
    add(store, "Garage des Vignes", "3 chemin des Vignes", "69390", "Vourles")
    add(store, "Cabinet Durand", city="Villeurbanne")

    report = geocode_accounts(store, online_geocoder(store, nominatim))

    found = accounts(store)
    assert place(found["Pharmacie Bellecour"]) == (*near(BELLECOUR), "address", "nominatim")
    assert place(found["Garage des Vignes"]) == (*near(VOURLES), "address", "nominatim")
    assert place(found["Cabinet Durand"]) == (*near(VILLEURBANNE), "town", "nominatim")
    assert (report.total, report.online, report.approximate, report.not_found) == (3, 3, 0, 0)
    first = nominatim.requests[0]
    assert first.path == "/search" and first.params["format"] == "json"
    assert first.query == "12 rue de la Barre, 69002 Lyon"  # a two-letter country is a filter
    assert first.params["countrycodes"] == "fr"


def test_an_address_point_answer_counts_as_an_address(
        store: Store, nominatim: NominatimServer) -> None:
    # The real Nominatim labels a house-number node class=place, type=house,
    # addresstype=place (place_rank 30): that is an exact address, not a town.
    nominatim.known["12 rue de la Barre"] = (*BELLECOUR, "place")
    add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69002", "Lyon")

    geocode_accounts(store, online_geocoder(store, nominatim))

    assert place(accounts(store)["Pharmacie Bellecour"]) == (
        *near(BELLECOUR), "address", "nominatim")


def test_requests_carry_fieldreps_user_agent(store: Store, nominatim: NominatimServer) -> None:
    nominatim.known["Villeurbanne"] = (*VILLEURBANNE, "city")
    add(store, "Cabinet Durand", city="Villeurbanne")
    add(store, "Nowhere", city="Nowhereville")

    geocode_accounts(store, online_geocoder(store, nominatim))

    assert len(nominatim.requests) == 2
    assert all("FieldRep" in r.user_agent for r in nominatim.requests)


def test_min_delay_setting_spaces_requests_to_a_private_server(
        store: Store, nominatim: NominatimServer) -> None:
    for number in range(3):
        add(store, f"Shop {number}", f"{number + 1} rue de la Barre", "69002", "Lyon")

    report = geocode_accounts(store, online_geocoder(store, nominatim, min_delay="0.5"))

    assert report.total == 3 and len(nominatim.requests) == 3
    times = [r.at for r in nominatim.requests]
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert all(gap >= 0.45 for gap in gaps), gaps
    assert all(gap < 0.95 for gap in gaps), gaps  # a private server is not held to 1 s


@pytest.mark.parametrize("domain", ["", PUBLIC_NOMINATIM])
def test_public_nominatim_is_asked_at_most_once_a_second(
        store: Store, nominatim: NominatimServer, monkeypatch: pytest.MonkeyPatch,
        domain: str) -> None:
    # geopy's own extension point for the HTTP layer: send what would go to the public
    # Nominatim to the loopback server instead (nothing leaves the machine).
    public = f"https://{PUBLIC_NOMINATIM}/"

    class ToLoopback(URLLibAdapter):
        def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
            assert url.startswith(public), url
            return super().get_text(nominatim.url + "/" + url.removeprefix(public),
                                    timeout=timeout, headers=headers)

    monkeypatch.setattr(geocoders.options, "default_adapter_factory", ToLoopback)
    set_setting(store, "geocoder.domain", domain)
    set_setting(store, "geocoder.min_delay", "0")  # what a rep might set: not obeyed here
    online = make_geocoder(geocoder_settings(store))

    assert online.lookup("1 rue de la Barre, 69002 Lyon", "FR") is None
    assert online.lookup("2 rue de la Barre, 69002 Lyon", "FR") is None

    first, second = nominatim.requests
    assert second.at - first.at >= 0.95
    assert "FieldRep" in first.user_agent


# --- the cache --------------------------------------------------------------------------


def test_same_address_twice_is_asked_once(store: Store, nominatim: NominatimServer) -> None:
    nominatim.known["12 rue de la Barre"] = (*BELLECOUR, "building")
    add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69002", "Lyon")
    add(store, "Parapharmacie Bellecour", "12 Rue de la Barre", "69002", "LYON")

    report = geocode_accounts(store, online_geocoder(store, nominatim))

    assert len(nominatim.requests) == 1
    assert (report.online, report.cached) == (1, 1)
    assert [place(a) for a in accounts(store).values()] == [
        (*near(BELLECOUR), "address", "nominatim")] * 2


def test_second_run_answers_from_the_cache(store: Store, nominatim: NominatimServer) -> None:
    nominatim.known.update({"12 rue de la Barre": (*BELLECOUR, "building"),
                            "Villeurbanne": (*VILLEURBANNE, "city")})
    first = add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69002", "Lyon")
    second = add(store, "Cabinet Durand", city="Villeurbanne")
    online = online_geocoder(store, nominatim)
    geocode_accounts(store, online)
    assert len(nominatim.requests) == 2
    clear_location(store, first)
    clear_location(store, second)

    report = geocode_accounts(store, online_geocoder(store, nominatim))

    assert len(nominatim.requests) == 2  # nothing sent
    assert (report.total, report.cached, report.online) == (2, 2, 0)
    found = accounts(store)
    assert place(found["Pharmacie Bellecour"]) == (*near(BELLECOUR), "address", "nominatim")
    assert place(found["Cabinet Durand"]) == (*near(VILLEURBANNE), "town", "nominatim")


def test_not_found_answer_is_cached_too(store: Store, nominatim: NominatimServer) -> None:
    add(store, "Nowhere", "1 impasse Perdue", city="Nowhereville")
    geocode_accounts(store, online_geocoder(store, nominatim))
    assert len(nominatim.requests) == 1
    add(store, "Nowhere either", "1 impasse perdue", city="NOWHEREVILLE")

    report = geocode_accounts(store, online_geocoder(store, nominatim))

    assert len(nominatim.requests) == 1  # the miss was remembered
    assert (report.total, report.not_found) == (1, 1)
    assert accounts(store)["Nowhere either"].geocode_precision == "not_found"
    with store.unit_of_work() as uow:
        entry = uow.session.scalars(select(GeocodeCacheEntry)).one()
        assert (entry.lat, entry.lon) == (None, None)


# --- not found online ------------------------------------------------------------------


def test_not_found_online_falls_back_to_the_gazetteer(
        store: Store, nominatim: NominatimServer) -> None:
    add(store, "Bouchon Lyonnais", "99 rue Inconnue", "69009", "Lyon")

    report = geocode_accounts(store, online_geocoder(store, nominatim))

    assert len(nominatim.requests) == 1
    assert place(accounts(store)["Bouchon Lyonnais"]) == (
        *near(LYON_TOWN, 0.01), "town", "gazetteer")
    assert (report.approximate, report.not_found, report.offline_reason) == (1, 0, "")


def test_an_answer_in_another_country_is_not_taken(
        store: Store, nominatim: NominatimServer) -> None:
    # a provider that ignores the country filter answers with Wörth, Illinois-like places
    nominatim.known["Hauptstraße 3"] = (41.52, -88.06, "building")
    add(store, "Brauerei Wörth", "Hauptstraße 3", "85457", "Wörth", "DE")

    report = geocode_accounts(store, online_geocoder(store, nominatim))

    assert (report.online, report.approximate) == (0, 1)
    assert place(accounts(store)["Brauerei Wörth"]) == (
        *near((48.245, 11.902), 0.01), "town", "gazetteer")


def test_unknown_town_is_not_found_and_not_retried_unless_asked(
        store: Store, nominatim: NominatimServer) -> None:
    add(store, "Nowhere", "1 impasse Perdue", city="Nowhereville")
    online = online_geocoder(store, nominatim)

    report = geocode_accounts(store, online)

    assert report.not_found == 1
    assert place(accounts(store)["Nowhere"]) == (None, None, "not_found", "nominatim")
    assert pending_count(store) == 0
    again = geocode_accounts(store, online)
    assert again.total == 0 and len(nominatim.requests) == 1
    assert pending_count(store, retry_not_found=True) == 1
    retried = geocode_accounts(store, online, retry_not_found=True)
    assert (retried.total, retried.not_found) == (1, 1)
    assert accounts(store)["Nowhere"].geocode_precision == "not_found"


def test_retry_not_found_asks_the_provider_again(
        store: Store, nominatim: NominatimServer) -> None:
    add(store, "Nouvelle Boutique", "1 allée Neuve", city="Nowhereville")
    online = online_geocoder(store, nominatim)
    geocode_accounts(store, online)
    assert accounts(store)["Nouvelle Boutique"].geocode_precision == "not_found"
    nominatim.known["1 allée Neuve"] = (*VILLEURBANNE, "building")  # the map was updated

    geocode_accounts(store, online, retry_not_found=True)

    assert len(nominatim.requests) == 2
    assert place(accounts(store)["Nouvelle Boutique"]) == (
        *near(VILLEURBANNE), "address", "nominatim")


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

    assert report.offline_reason == (
        "nominatim (127.0.0.1) cannot be reached (no network, or the server is down)")
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
