"""Placing an account without the network: its postcode first, then its town, always in its
country.

A postcode with coordinates in the data places the account there.  Otherwise the town is
chosen among its namesakes in the country: the postcode's own locality, the namesake in the
postcode's region or nearest to its neighbouring postcodes, else the one in the account's
region, else the one nearest the rep's other accounts or home base.  A choice nothing
decided is flagged ``unsure`` so the rep is asked to check it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldrep.accounts.model import Precision
from fieldrep.common.text import fold
from fieldrep.geocoding.gazetteer import Gazetteer, Town, town_key
from fieldrep.geocoding.postcodes import PostcodeBook, PostcodePlace, one_place
from fieldrep.travel.straight_line import great_circle_km

Point = tuple[float, float]


@dataclass(frozen=True)
class OfflinePlace:
    """Where an account was placed offline, how precisely, and whether to check it."""

    lat: float
    lon: float
    precision: str
    name: str
    source: str
    #: a town among namesakes that neither postcode nor region decided
    unsure: bool = False


@dataclass(frozen=True)
class Address:
    """The parts of an address the offline placing reads."""

    postcode: str
    city: str
    region: str
    #: ISO code; empty when unknown (then a town is looked up in any country)
    country: str


class OfflinePlacer:
    """Places addresses from the postcode data and the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, postcodes: PostcodeBook,
                 near: dict[str, Point] | None = None, home: Point | None = None) -> None:
        self._gazetteer = gazetteer
        self._postcodes = postcodes
        #: per country, where the rep works (the centre of their located accounts)
        self._near = near or {}
        self._home = home

    def place(self, address: Address) -> OfflinePlace | None:
        """The best offline place for ``address``, or None when nothing is known of it."""
        country = address.country
        postcode = address.postcode.strip()
        places = self._postcodes.places(country, postcode) if postcode else []
        if not places:
            return self._by_town(address, None)
        found = self._by_postcode(address, places)
        if found is not None:
            return found
        anchor = self._postcodes.anchor(country, postcode)
        found = self._by_town(address, anchor)
        if found is None and anchor is not None:  # a village the gazetteer does not know
            return OfflinePlace(*anchor, Precision.TOWN.value, address.city, "postcode-area",
                                unsure=True)
        return found

    def _by_postcode(self, address: Address, places: list[PostcodePlace]) -> OfflinePlace | None:
        city = town_key(address.city)
        same_town = [p for p in places if city and town_key(p.locality) == city]
        chosen = same_town or places
        located = [p for p in chosen if p.lat is not None and p.lon is not None]
        if located and (same_town or not city or len(located) == len(chosen)):
            lat = sum(p.lat or 0.0 for p in located) / len(located)
            lon = sum(p.lon or 0.0 for p in located) / len(located)
            return OfflinePlace(lat, lon, Precision.POSTCODE.value,
                                located[0].locality or address.city, "postcode-data")
        anchor = self._postcodes.anchor(address.country, address.postcode)
        states = {p.state.upper() for p in chosen if p.state}
        names = [address.city] if address.city else []
        names += [p.locality for p in chosen if p.locality and town_key(p.locality) != city]
        for name in names:
            towns = self._gazetteer.namesakes(name, address.country)
            town = _choose(towns, states, anchor)
            if town is not None:
                return _town_place(town, "gazetteer")
        return None

    def _by_town(self, address: Address, anchor: Point | None) -> OfflinePlace | None:
        if not address.city:
            return None
        towns = self._gazetteer.namesakes(address.city, address.country)
        if not towns:
            return None
        single = one_place(towns)
        if single is not None:
            return _town_place(single, "gazetteer")
        region = address.region.strip().upper()
        in_region = [t for t in towns if region and (t.region.upper() == region
                                                     or fold(t.region) == fold(region))]
        if one_place(in_region) is not None:
            return _town_place(in_region[0], "gazetteer")
        if anchor is not None:
            nearest = min(towns, key=lambda t: great_circle_km(anchor, (t.lat, t.lon)))
            return _town_place(nearest, "gazetteer")
        near = self._near.get(address.country, self._home)
        if near is not None:
            nearest = min(towns, key=lambda t: great_circle_km(near, (t.lat, t.lon)))
            return _town_place(nearest, "gazetteer", unsure=True)
        return _town_place(towns[0], "gazetteer", unsure=True)


def _choose(towns: list[Town], states: set[str], anchor: Point | None) -> Town | None:
    """The namesake a postcode points at: the only one, the one in its region, or the one
    nearest the postcode's neighbours (None when there is no such town or no way to tell)."""
    if not towns:
        return None
    single = one_place(towns)
    if single is not None:
        return single
    in_state = [t for t in towns if t.region.upper() in states]
    if one_place(in_state) is not None:
        return in_state[0]
    if anchor is not None:
        return min(towns, key=lambda t: great_circle_km(anchor, (t.lat, t.lon)))
    return None


def _town_place(town: Town, source: str, *, unsure: bool = False) -> OfflinePlace:
    return OfflinePlace(town.lat, town.lon, Precision.TOWN.value, town.name, source, unsure)
