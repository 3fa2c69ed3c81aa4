"""What the geocoding tests share: places around Lyon, accounts to add, the online geocoder
built from the settings against the loopback Nominatim, and a port nothing listens on."""


import socket
from dataclasses import replace

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, get_account, list_accounts, update_account
from fieldrep.geocoding.providers import OnlineGeocoder, make_geocoder
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.store import Store
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


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
