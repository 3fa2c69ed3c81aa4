"""Batch geocoding of the accounts that have no location yet.

Online answers come from the configured geopy provider and are cached in the store (the
same normalised address is never sent twice).  With no network, or when the provider does
not know an address, an account is placed approximately, always inside its country (its
own, else the store's default country): at the centre of the accounts already located in
its postcode, else from the offline postcode data and gazetteer (see
:mod:`fieldrep.geocoding.offline`).  A town chosen among namesakes with nothing to decide
is listed in the report for the rep to check.  Progress is committed as it goes, so a
cancelled or interrupted batch resumes where it stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from fieldrep.accounts.model import Precision, marked_to_check
from fieldrep.common.countries import country_code
from fieldrep.common.text import fold, plural
from fieldrep.geocoding.gazetteer import Gazetteer, shared_gazetteer
from fieldrep.geocoding.offline import Address, OfflinePlace, OfflinePlacer
from fieldrep.geocoding.postcodes import PostcodeBook
from fieldrep.geocoding.providers import Found, OnlineGeocoder, describe_failure
from fieldrep.planning.settings import home_base
from fieldrep.store import Store
from fieldrep.store.models import Account, GeocodeCacheEntry
from fieldrep.store.owners import current_login
from fieldrep.territories.service import assign_territories

Progress = Callable[[int, int, str], None]
_PRECISE = [p.value for p in (Precision.EXACT, Precision.MANUAL, Precision.ADDRESS)]
_APPROXIMATE = [Precision.TOWN.value, Precision.POSTCODE.value]
_OFFLINE_COMMIT_EVERY = 200
_log = logging.getLogger(__name__)


@dataclass
class GeocodeReport:
    """What a batch did."""

    total: int = 0
    online: int = 0
    cached: int = 0
    approximate: int = 0
    not_found: int = 0
    offline_reason: str = ""
    cancelled: bool = False
    #: accounts placed at a town among namesakes that nothing decided: check these
    unsure: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.online + self.cached + self.approximate + self.not_found

    def summary(self) -> str:
        text = (f"{self.done} of {self.total} accounts: {self.online} geocoded online, "
                f"{self.cached} from the cache, {self.approximate} placed approximately "
                f"(postcode or town), {self.not_found} not found")
        if self.offline_reason:
            text += f"; worked offline ({self.offline_reason})"
        if self.cancelled:
            text += "; cancelled, run again to resume"
        if self.unsure:
            text += (f"; {plural(len(self.unsure), 'location')} to check (a town with "
                     "namesakes and no postcode to decide)")
        return text

    def check_these(self) -> str:
        """The accounts whose place the rep should check, as one line ("" when none)."""
        return f"check these locations: {', '.join(self.unsure)}" if self.unsure else ""


@dataclass(frozen=True)
class _Pending:
    id: int
    name: str
    street: str
    postcode: str
    city: str
    region: str
    country: str


def address_query(street: str, postcode: str, city: str, region: str, country: str) -> str:
    """The free-text query sent to a geocoder (a two-letter country goes as a filter)."""
    town = " ".join(p for p in (postcode, city) if p)
    parts = [street, town, region] + ([country] if len(country) != 2 else [])
    return ", ".join(p.strip() for p in parts if p and p.strip())


def pending_count(store: Store, *, refine: bool = False, retry_not_found: bool = False) -> int:
    """How many accounts a batch with these options would work on."""
    with store.unit_of_work() as uow:
        return uow.session.scalar(
            select(func.count(Account.id)).where(_pending_filter(refine, retry_not_found))) or 0


def _pending_filter(refine: bool, retry_not_found: bool) -> ColumnElement[bool]:
    """The accounts a batch works on: the user's own (a rep places their accounts, not a
    colleague's, on a team's server) without a location, and those the options add."""
    missing = and_(Account.lat.is_(None), Account.geocode_precision != Precision.NOT_FOUND.value)
    clauses = [missing]
    if retry_not_found:
        clauses.append(Account.geocode_precision == Precision.NOT_FOUND.value)
    if refine:
        clauses.append(Account.geocode_precision.in_(_APPROXIMATE))
    return and_(Account.owner == current_login(), or_(*clauses))


def geocode_accounts(
    store: Store,
    online: OnlineGeocoder | None,
    *,
    limit: int | None = None,
    refine: bool = False,
    retry_not_found: bool = False,
    default_country: str = "",
    gazetteer: Gazetteer | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> GeocodeReport:
    """Locate the accounts without coordinates (``online`` None: offline only).

    ``refine`` also retries approximately placed accounts online; ``retry_not_found`` the
    ones a provider did not find before.
    """
    gazetteer = gazetteer or shared_gazetteer()
    with store.unit_of_work() as uow:
        stmt = (select(Account.id, Account.name, Account.street, Account.postcode, Account.city,
                       Account.region, Account.country)
                .where(_pending_filter(refine and online is not None, retry_not_found))
                .order_by(Account.id).limit(limit))
        pending = [_Pending(*row) for row in uow.session.execute(stmt)]
        centroids = _postcode_centroids(uow.session)
        near = _where_the_rep_works(uow.session)
    home = home_base(store)
    placer = OfflinePlacer(gazetteer, _postcode_book(gazetteer), near,
                           (home.lat, home.lon) if home else None)
    report = GeocodeReport(total=len(pending))
    with store.unit_of_work() as uow:
        since_commit = 0
        for done, account in enumerate(pending, start=1):
            if cancelled():
                report.cancelled = True
                break
            country = _country_of(account.country, default_country)
            query = address_query(account.street, account.postcode, account.city,
                                  account.region, account.country)
            found, source, asked_online = None, "", False
            if online is not None and not report.offline_reason and query:
                found, cached, asked_online = _ask(uow.session, online, query, country, report,
                                                   retry_misses=retry_not_found)
                if found is not None and country and (
                        country not in gazetteer.countries_near(found.lat, found.lon)):
                    found = None  # a namesake abroad: the account stays in its country
                if found is not None:
                    source = online.key.split(":")[0]
                    report.cached += cached
                    report.online += not cached
            if found is None:
                found, source, unsure = _offline(account, country, centroids, placer)
                if found is not None:
                    report.approximate += 1
                if unsure:
                    report.unsure.append(account.name)
                    source = marked_to_check(source)
            if found is not None:
                _place(uow.session, account.id, found, source)
            elif online is not None and not report.offline_reason:
                _place(uow.session, account.id, None, online.key.split(":")[0])
                report.not_found += 1
            else:
                report.not_found += 1  # left pending: an online run may still find it
            since_commit += 1
            if asked_online or since_commit >= _OFFLINE_COMMIT_EVERY:
                uow.commit()
                since_commit = 0
            if progress:
                progress(done, len(pending), query)
        uow.commit()
    with store.unit_of_work() as uow:  # located accounts may now fall into a territory
        assign_territories(uow.session, [a.id for a in pending])
        uow.commit()
    return report


def lookup_address(
    store: Store, online: OnlineGeocoder, query: str, country: str = "",
) -> tuple[Found | None, bool, str]:
    """Ask the cache, then the provider, for one free-text address (a cached miss is asked
    again).  Returns (answer, from the cache, why the provider could not be asked — empty
    when it answered)."""
    report = GeocodeReport()
    with store.unit_of_work() as uow:
        found, cached, _asked = _ask(uow.session, online, query, country.upper(), report,
                                     retry_misses=True)
        uow.commit()
    return found, cached, report.offline_reason


def _ask(
    session: Session, online: OnlineGeocoder, query: str, country: str, report: GeocodeReport,
    *, retry_misses: bool = False,
) -> tuple[Found | None, bool, bool]:
    """Ask the cache, then the provider; returns (answer, from cache, asked the network).

    A cached miss is an answer too, unless ``retry_misses`` asks the provider again.
    """
    key = fold(query) + (f" | {country.lower()}" if country else "")
    entry = session.scalar(select(GeocodeCacheEntry).where(
        GeocodeCacheEntry.provider == online.key, GeocodeCacheEntry.query == key))
    if entry is not None:
        if entry.lat is not None and entry.lon is not None:
            return Found(entry.lat, entry.lon, entry.precision, entry.display_name), True, False
        if not retry_misses:
            return None, True, False
        session.delete(entry)
        session.flush()
    from geopy.exc import GeocoderServiceError  # loaded with the first online look-up

    try:
        found = online.lookup(query, country)
    except GeocoderServiceError as exc:  # unreachable, timed out, refused, rate-limited
        report.offline_reason = describe_failure(online.key.split(":")[0], exc)
        _log.warning("geocoder %s failed: %s", online.key, report.offline_reason,
                     exc_info=True)
        return None, False, True
    session.add(GeocodeCacheEntry(
        provider=online.key, query=key, lat=found.lat if found else None,
        lon=found.lon if found else None, precision=found.precision if found else "",
        display_name=found.display_name if found else ""))
    return found, False, True


def _country_of(country: str, default_country: str) -> str:
    """The ISO code of the account's country, else of the default one ("" when neither)."""
    for name in (country, default_country):
        code = country_code(name).upper() if name.strip() else ""
        if len(code) == 2 and code.isalpha():
            return code
    return ""


_shared_book = PostcodeBook(shared_gazetteer())


def _postcode_book(gazetteer: Gazetteer) -> PostcodeBook:
    """The process-wide postcode book (its countries stay loaded) over the shared
    gazetteer; a book of its own for another one."""
    return _shared_book if gazetteer is shared_gazetteer() else PostcodeBook(gazetteer)


def _offline(
    account: _Pending, country: str, centroids: dict[tuple[str, str], tuple[float, float]],
    placer: OfflinePlacer,
) -> tuple[Found | None, str, bool]:
    """(place, source, unsure) without the network."""
    postcode = account.postcode.strip()
    centre = centroids.get((country, postcode)) if postcode else None
    if centre is not None:
        return Found(*centre, Precision.POSTCODE.value, ""), "postcode-centroid", False
    place: OfflinePlace | None = placer.place(
        Address(postcode, account.city.strip(), account.region.strip(), country))
    if place is None:
        return None, "", False
    return (Found(place.lat, place.lon, place.precision, place.name), place.source,
            place.unsure)


def _where_the_rep_works(session: Session) -> dict[str, tuple[float, float]]:
    """Per country code, the centre of the rep's precisely located accounts (to choose among
    namesakes nothing else tells apart)."""
    stmt = (select(Account.country, func.avg(Account.lat), func.avg(Account.lon))
            .where(Account.lat.is_not(None), Account.geocode_precision.in_(_PRECISE))
            .group_by(Account.country))
    near: dict[str, tuple[float, float]] = {}
    for country, lat, lon in session.execute(stmt):
        near.setdefault(_country_of(country, ""), (float(lat), float(lon)))
    return near


def _postcode_centroids(session: Session) -> dict[tuple[str, str], tuple[float, float]]:
    """Centre of the precisely located accounts of each (country code, postcode)."""
    stmt = (select(Account.country, Account.postcode, func.count(), func.sum(Account.lat),
                   func.sum(Account.lon))
            .where(Account.lat.is_not(None), Account.postcode != "",
                   Account.geocode_precision.in_(_PRECISE))
            .group_by(Account.country, Account.postcode))
    sums: dict[tuple[str, str], list[float]] = {}
    for country, postcode, count, lat, lon in session.execute(stmt):
        total = sums.setdefault((country_code(country).upper(), postcode.strip()), [0, 0.0, 0.0])
        total[0] += count
        total[1] += cast(float, lat)  # the query keeps located accounts only
        total[2] += cast(float, lon)
    return {key: (lat / n, lon / n) for key, (n, lat, lon) in sums.items()}


def _place(session: Session, account_id: int, found: Found | None, source: str) -> None:
    values = ({"lat": found.lat, "lon": found.lon, "geocode_precision": found.precision}
              if found else {"geocode_precision": Precision.NOT_FOUND.value})
    session.execute(update(Account).where(Account.id == account_id)
                    .values(geocode_source=source, version=Account.version + 1, **values))
