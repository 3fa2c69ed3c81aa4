"""Settings on a real SQLite store: the home base, working day, units and map keys, their
checks alone and together, all-or-nothing saves, the CLI, and locating the home base."""

from __future__ import annotations

import re
import socket

import pytest

from fieldrep.cli.main import main
from fieldrep.common.currencies import CURRENCIES, is_currency
from fieldrep.geocoding.providers import make_geocoder
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.maps.settings import OSM_TILES as OSM_TILE_URL
from fieldrep.planning.home import address_towns, find_home, home_point, locate_home
from fieldrep.settings.spec import SettingError
from fieldrep.store import Store
from fieldrep.usecases.settings import (
    CATALOGUE,
    get_setting,
    get_settings,
    set_setting,
    set_settings,
    settings_problems,
)
from tests.nominatim_server import NominatimServer

LYON_TOWN = (45.749, 4.848)  # GeoNames centre of Lyon, as the offline gazetteer has it
BERLIN_TOWN = (52.524, 13.411)
REPUBLIQUE = (45.7640, 4.8357)
HOME = "12 rue de la République, 69001 Lyon"


def near(point: tuple[float, float], tolerance: float = 0.01) -> tuple[object, object]:
    return pytest.approx(point[0], abs=tolerance), pytest.approx(point[1], abs=tolerance)


def test_new_keys_have_their_defaults(store: Store) -> None:
    values = get_settings(store)
    assert {key: values[key] for key in (
        "home.address", "home.lat", "home.lon", "work.start", "work.end",
        "work.lunch_minutes", "work.days", "currency", "distance.unit", "map.tiles",
        "map.tile_url")} == {
        "home.address": "", "home.lat": "", "home.lon": "", "work.start": "08:30",
        "work.end": "18:00", "work.lunch_minutes": "45", "work.days": "Mo-Fr",
        "currency": "EUR", "distance.unit": "km", "map.tiles": "osm",
        "map.tile_url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"}
    assert all(spec.help for spec in CATALOGUE)
    assert values["geocoder.provider"] == "nominatim"  # the existing keys are still there


@pytest.mark.parametrize(("key", "typed", "stored"), [
    ("work.start", "8h30", "08:30"),
    ("work.end", "17:45", "17:45"),
    ("work.lunch_minutes", "060", "60"),
    ("work.days", "mo-fr", "Mo-Fr"),
    ("work.days", "Mo,Tu,Th", "Mo,Tu,Th"),
    ("work.days", "lundi-mercredi, vendredi", "Mo-We,Fr"),
    ("currency", "usd", "USD"),
    ("distance.unit", "miles", "mi"),
    ("map.tiles", "NONE", "none"),
    ("map.tile_url", "https://tiles.example.com/{z}/{x}/{y}.png",
     "https://tiles.example.com/{z}/{x}/{y}.png"),
    ("home.address", "  1 place Bellecour, Lyon ", "1 place Bellecour, Lyon"),
])
def test_values_are_stored_in_their_canonical_form(
        store: Store, key: str, typed: str, stored: str) -> None:
    set_setting(store, key, typed)
    assert get_setting(store, key) == stored


@pytest.mark.parametrize(("key", "value", "reason"), [
    ("work.start", "25:00", "work.start must be a time of day as HH:MM (e.g. 08:30)"),
    ("work.end", "soon", "work.end must be a time of day as HH:MM"),
    ("work.lunch_minutes", "-5", "whole number of minutes"),
    ("work.days", "Mo,Xx", "'Xx' is not a day or a day range"),
    ("currency", "EURO", "ISO 4217 currency code such as EUR"),
    ("currency", "XYZ", "'XYZ' is not one"),
    ("distance.unit", "furlong", "distance.unit must be km or mi"),
    ("map.tiles", "google", "map.tiles must be osm"),
    ("map.tile_url", "https://tiles.example.com/{z}/{x}.png", "({y} missing)"),
    ("map.tile_url", "tiles/{z}/{x}/{y}.png", "http(s) URL template"),
    ("home.lat", "91", "home.lat must be between -90 and 90"),
    ("home.lon", "east", "home.lon must be a longitude in decimal degrees"),
    ("home.lon", "nan", "home.lon must be between -180 and 180"),
    ("home.precision", "roughly", "home.precision must be one of exact, manual"),
])
def test_impossible_values_are_refused_with_a_reason(
        store: Store, key: str, value: str, reason: str) -> None:
    with pytest.raises(SettingError, match=re.escape(reason)):
        set_setting(store, key, value)
    assert get_setting(store, key) == CATALOGUE[key].default


def test_the_working_day_ends_after_it_starts(store: Store) -> None:
    with pytest.raises(SettingError) as refused:
        set_setting(store, "work.end", "08:00")
    assert str(refused.value) == "work.end (08:00) must be after work.start (08:30)"
    assert refused.value.problems == {"work.end": str(refused.value)}
    with pytest.raises(SettingError, match=r"work.end \(18:00\) must be after"):
        set_setting(store, "work.start", "19:00")
    set_settings(store, {"work.start": "19:00", "work.end": "23:30"})  # a night shift: at once
    assert (get_setting(store, "work.start"), get_setting(store, "work.end")) == (
        "19:00", "23:30")


def test_lunch_is_shorter_than_the_working_day(store: Store) -> None:
    with pytest.raises(SettingError, match=r"shorter than the working day \(08:30–18:00 is 570"):
        set_setting(store, "work.lunch_minutes", "600")
    set_setting(store, "work.lunch_minutes", "0")
    assert get_setting(store, "work.lunch_minutes") == "0"


def test_several_settings_are_saved_all_or_none(store: Store) -> None:
    with pytest.raises(SettingError) as refused:
        set_settings(store, {"currency": "USD", "distance.unit": "mi", "work.end": "07:00",
                             "map.tiles": "sometimes"})
    assert set(refused.value.problems) == {"work.end", "map.tiles"}
    values = get_settings(store)
    assert (values["currency"], values["distance.unit"]) == ("EUR", "km")  # nothing saved
    set_settings(store, {"currency": "USD", "distance.unit": "mi"})
    assert (get_setting(store, "currency"), get_setting(store, "distance.unit")) == ("USD", "mi")
    set_settings(store, {"currency": ""})  # empty: the default again
    assert get_setting(store, "currency") == "EUR"


def test_a_home_pin_needs_both_coordinates(store: Store) -> None:
    with pytest.raises(SettingError) as refused:
        set_setting(store, "home.lat", "45.76")
    assert set(refused.value.problems) == {"home.lon"}
    assert "a home pin needs both home.lat and home.lon" in str(refused.value)
    with pytest.raises(SettingError, match="Gulf of Guinea"):
        set_settings(store, {"home.lat": "0", "home.lon": "0"})

    set_settings(store, {"home.lat": "45,764043", "home.lon": "4.8356590"})
    values = get_settings(store)
    assert (values["home.lat"], values["home.lon"]) == ("45.764043", "4.835659")
    assert values["home.precision"] == "manual"  # typed in: a pin set by hand
    assert home_point(values) == (45.764043, 4.835659)

    set_settings(store, {"home.lat": "45.749", "home.lon": "4.848", "home.precision": "town"})
    assert get_setting(store, "home.precision") == "town"
    set_settings(store, {"home.lat": "", "home.lon": ""})
    values = get_settings(store)
    assert (values["home.lat"], values["home.precision"], home_point(values)) == ("", "", None)


def test_problems_of_a_whole_set_of_values() -> None:
    values = CATALOGUE.defaults()
    assert settings_problems(values) == {}
    values.update({"work.start": "18:00", "work.end": "09:00", "currency": "ECU",
                   "home.lat": "45.7"})
    assert set(settings_problems(values)) == {"work.end", "currency", "home.lon"}


def test_same_value_compares_meanings() -> None:
    assert CATALOGUE.same_value("geocoder.min_delay", "1", "1.0")
    assert CATALOGUE.same_value("work.start", "8h30", "08:30")
    assert CATALOGUE.same_value("currency", "", "EUR")  # empty is the default
    assert CATALOGUE.same_value("map.tile_url", "", OSM_TILE_URL)
    assert not CATALOGUE.same_value("currency", "USD", "EUR")
    assert CATALOGUE.check("work.days", "Mo,Tu,We,Th,Fr,Sa") == "Mo-Sa"


def test_existing_keys_keep_their_checks(store: Store) -> None:
    with pytest.raises(SettingError, match="http or https"):
        set_setting(store, "geocoder.scheme", "ftp")
    with pytest.raises(SettingError, match=r"unknown setting 'home\.altitude'"):
        set_setting(store, "home.altitude", "200")
    set_setting(store, "geocoder.provider", "nosuchgeocoder")  # checked when used, as before
    assert get_setting(store, "geocoder.provider") == "nosuchgeocoder"


def test_currencies_are_iso_4217_codes() -> None:
    assert len(CURRENCIES) > 150
    assert all(len(code) == 3 and code.isupper() for code in CURRENCIES)
    assert {"EUR", "USD", "GBP", "CHF", "JPY", "XOF"} <= CURRENCIES.keys()
    assert not is_currency("XAU") and not is_currency("eur")


# -- the command line ---------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_sets_the_new_keys_with_the_same_checks(
        db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db_url, "settings", "currency", "chf")
    assert (code, out) == (0, "currency = CHF\n")
    code, out, _ = run(capsys, "--db", db_url, "settings", "work.days", "mo-fr,sa")
    assert (code, out) == (0, "work.days = Mo-Sa\n")

    code, out, err = run(capsys, "--db", db_url, "settings", "work.end", "07:00")
    assert (code, out) == (2, "")
    assert err == "fieldrep: error: work.end (07:00) must be after work.start (08:30)\n"
    code, _, err = run(capsys, "--db", db_url, "settings", "distance.unit", "leagues")
    assert code == 2 and "km or mi" in err

    code, _, err = run(capsys, "--db", db_url, "settings", "home.lat", "45.764")
    assert code == 2 and err.count("\n") == 1
    assert "change home.lon in the same command" in err
    code, out, _ = run(capsys, "--db", db_url, "settings", "home.lat", "45.764",
                       "home.lon", "4.8357")
    assert (code, out) == (0, "home.lat = 45.764\nhome.lon = 4.8357\n")
    code, out, _ = run(capsys, "--db", db_url, "settings", "home.precision")
    assert out == "home.precision = manual\n"
    code, _, err = run(capsys, "--db", db_url, "settings", "home.lat", "1", "home.lon")
    assert code == 2 and "'home.lon' has no value" in err

    code, out, _ = run(capsys, "--db", db_url, "settings")
    assert "map.tiles = osm\n" in out and "currency = CHF\n" in out


# -- locating the home base -----------------------------------------------------------------

def test_address_towns_reads_the_end_of_the_address() -> None:
    assert address_towns(HOME) == (["Lyon", "rue de la République"], "")
    assert address_towns("12 rue de la République 69001 Lyon") == (["Lyon"], "")
    assert address_towns("Hauptstraße 5\n10115 Berlin\nDeutschland")[1] == "DE"
    assert address_towns("1 Downing St, London SW1A 2AA, United Kingdom")[0][0] == "London"


def test_locate_home_offline_finds_the_town(store: Store) -> None:
    lat, lon, precision = locate_home(store, HOME, None) or (0, 0, "")
    assert ((lat, lon), precision) == (near(LYON_TOWN), "town")
    found = locate_home(store, "Hauptstraße 5, 10115 Berlin, Deutschland", None)
    assert found is not None and (found[0], found[1]) == near(BERLIN_TOWN, 0.05)
    assert locate_home(store, "somewhere nice", None) is None
    assert locate_home(store, "  ", None) is None
    lookup = find_home(store, HOME, None)
    assert lookup.describe() == ("Approximate: the centre of Lyon (FR), from the offline "
                                 "town list")


def test_locate_home_uses_the_default_country(store: Store) -> None:
    # Valence is a town in France and (as Valencia) in Spain: the default country decides.
    set_setting(store, "geocoder.default_country", "FR")
    found = locate_home(store, "3 avenue Victor Hugo, 26000 Valence", None)
    assert found is not None and found[0] == pytest.approx(44.93, abs=0.05)


def configure(store: Store, server: NominatimServer) -> None:
    set_settings(store, {"geocoder.domain": server.url_host, "geocoder.scheme": "http",
                         "geocoder.min_delay": "0"})


def test_locate_home_online_goes_through_the_cache(
        store: Store, nominatim: NominatimServer) -> None:
    nominatim.known["rue de la République"] = (*REPUBLIQUE, "building")
    configure(store, nominatim)
    online = make_geocoder(geocoder_settings(store))

    assert locate_home(store, HOME, online) == (*near(REPUBLIQUE, 1e-6), "address")
    lookup = find_home(store, HOME, online)  # the second time: from the cache
    assert (lookup.source, len(nominatim.requests)) == ("cache", 1)
    assert lookup.describe().startswith("Precise: at the address, from the geocode cache")


def test_locate_home_falls_back_to_the_town_when_offline(store: Store) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    set_settings(store, {"geocoder.domain": f"127.0.0.1:{port}", "geocoder.scheme": "http",
                         "geocoder.min_delay": "0", "geocoder.timeout": "2"})
    online = make_geocoder(geocoder_settings(store))

    lookup = find_home(store, HOME, online)

    assert lookup.found is not None and lookup.source == "gazetteer"
    assert (lookup.found.lat, lookup.found.lon) == near(LYON_TOWN)
    assert "online look-up failed" in lookup.describe()


def test_locate_home_falls_back_when_the_provider_does_not_know(
        store: Store, nominatim: NominatimServer) -> None:
    configure(store, nominatim)
    lookup = find_home(store, HOME, make_geocoder(geocoder_settings(store)))
    assert lookup.source == "gazetteer"
    assert lookup.describe().endswith("; nominatim did not find the address")


@pytest.mark.parametrize(("key", "value", "words"), [
    ("policy.receipt_above", "2000000", "a typing slip"),
    ("policy.meals_per_day", "12.345", "more than two decimals"),
    ("mileage.rates", '[{"from": "2020-01-01", "rate": "1e30", "unit": "km", '
                      '"currency": "EUR"}]', "cannot be right"),
])
def test_expense_rules_that_no_expense_could_meet_are_refused(
        store: Store, key: str, value: str, words: str) -> None:
    with pytest.raises(SettingError, match=words):
        set_setting(store, key, value)
    assert get_setting(store, key) == ""
