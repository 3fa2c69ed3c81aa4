"""Geocoding as a rep sees it: a real SQLite store, the real geopy Nominatim client built
from the settings, and a real HTTP server on 127.0.0.1 standing in for Nominatim."""

from __future__ import annotations

import socket
from dataclasses import replace
from itertools import pairwise

import pytest
from geopy import geocoders
from geopy.adapters import URLLibAdapter
from geopy.extra.rate_limiter import RateLimiter
from sqlalchemy import select

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account, list_accounts, update_account
from fieldrep.cli.main import main
from fieldrep.geocoding.providers import PUBLIC_NOMINATIM, OnlineGeocoder, make_geocoder
from fieldrep.geocoding.service import geocode_accounts, pending_count
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.store import Store
from fieldrep.store.models import GeocodeCacheEntry
from fieldrep.usecases.settings import set_setting
from tests.nominatim_server import NominatimServer

BELLECOUR = (45.7574, 4.8320)
VOURLES = (45.6588, 4.7734)
VILLEURBANNE = (45.7667, 4.8800)
LYON_TOWN = (45.749, 4.848)  # GeoNames centre of Lyon, as the offline gazetteer has it
ST_ETIENNE_TOWN = (45.434, 4.390)


def configure(store: Store, server: NominatimServer, *, min_delay: str = "0") -> None:
    """Point FieldRep's geocoder settings at the loopback server."""
    set_setting(store, "geocoder.domain", server.url_host)
    set_setting(store, "geocoder.scheme", "http")
    set_setting(store, "geocoder.min_delay", min_delay)


def online_geocoder(store: Store, server: NominatimServer, *, min_delay: str = "0"
                    ) -> OnlineGeocoder:
    """The geocoder FieldRep builds from its settings, pointed at the loopback server."""
    configure(store, server, min_delay=min_delay)
    return make_geocoder(geocoder_settings(store))


def add(store: Store, name: str, street: str = "", postcode: str = "", city: str = "",
        country: str = "FR", **values: object) -> AccountData:
    return add_account(store, AccountData(name=name, street=street, postcode=postcode,
                                          city=city, country=country, **values))


def accounts(store: Store) -> dict[str, AccountData]:
    return {a.name: a for a in list_accounts(store)}


def place(account: AccountData) -> tuple[float | None, float | None, str, str]:
    return account.lat, account.lon, account.geocode_precision, account.geocode_source


def near(lat_lon: tuple[float, float], tolerance: float = 1e-6) -> tuple[object, object]:
    return pytest.approx(lat_lon[0], abs=tolerance), pytest.approx(lat_lon[1], abs=tolerance)


def clear_location(store: Store, account: AccountData) -> None:
    update_account(store, replace(get_account(store, account.id), lat=None, lon=None,
                                  geocode_precision="", geocode_source=""))


@pytest.fixture
def error_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Skip (and record) geopy's pause before retrying a failed request, so a test about a
    failing network does not wait 2 s; every other pause would be recorded too."""
    waits: list[float] = []
    monkeypatch.setattr(RateLimiter, "_sleep", lambda _self, seconds: waits.append(seconds))
    return waits


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- online ---------------------------------------------------------------------------


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
    add(store, "Nouvelle Boutique", "1 allée Neuve", "69100", "Nowhereville")
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


# --- the command line ---------------------------------------------------------------------


def test_cli_geocode_limit(store: Store, db_url: str, nominatim: NominatimServer,
                           capsys: pytest.CaptureFixture[str]) -> None:
    for number, street in enumerate(["1 rue A", "2 rue B", "3 rue C"]):
        nominatim.known[street] = (45.70 + number / 100, 4.80, "building")
        add(store, f"Shop {number}", street, "69002", "Lyon")
    configure(store, nominatim)

    code = main(["--db", db_url, "geocode", "--limit", "2"])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert "2 of 2 accounts: 2 geocoded online" in out
    assert sum(a.located for a in accounts(store).values()) == 2
    assert len(nominatim.requests) == 2


def test_cli_geocode_offline_needs_no_server(
        store: Store, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    set_setting(store, "geocoder.domain", f"127.0.0.1:{closed_port()}")  # nothing listens
    set_setting(store, "geocoder.scheme", "http")
    add(store, "Bouchon Lyonnais", "5 rue Mercière", "69002", "Lyon")

    code = main(["--db", db_url, "geocode", "--offline"])

    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "1 placed approximately" in out and "worked offline" not in out
    assert place(accounts(store)["Bouchon Lyonnais"]) == (
        *near(LYON_TOWN, 0.01), "town", "gazetteer")


def test_cli_unknown_provider_is_a_one_line_error(
        store: Store, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    set_setting(store, "geocoder.provider", "nosuchgeocoder")
    add(store, "Bouchon Lyonnais", "5 rue Mercière", "69002", "Lyon")

    code = main(["--db", db_url, "geocode"])

    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("fieldrep: error:") and err.count("\n") == 1
    assert "nosuchgeocoder" in err
    assert not accounts(store)["Bouchon Lyonnais"].located


def test_cli_geocode_with_a_long_min_delay(
        store: Store, db_url: str, nominatim: NominatimServer,
        capsys: pytest.CaptureFixture[str]) -> None:
    # "geocoder.min_delay" accepts any non-negative number; a rep sharing a small server
    # may well ask for 3 s between requests.  One account: no wait actually happens.
    nominatim.known["12 rue de la Barre"] = (*BELLECOUR, "building")
    add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69002", "Lyon")
    configure(store, nominatim, min_delay="3")

    code = main(["--db", db_url, "geocode"])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert "1 geocoded online" in out
    assert accounts(store)["Pharmacie Bellecour"].geocode_precision == "address"
