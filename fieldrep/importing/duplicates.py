"""Spot accounts that are probably the same business, to report them (never to merge them).

Two accounts are suspected duplicates when their normalised name and address are equal,
or when they stand within :data:`NEAR_METRES` of each other with similar names.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import cast

from fieldrep.accounts.model import AccountData
from fieldrep.common.text import fold

NEAR_METRES = 60.0
SIMILAR_NAMES = 0.85
_NEAR_DEGREES = NEAR_METRES / 111_000  # latitude span beyond which no pair is near
_CELL_DEGREES = 0.001  # ~110 m of latitude: neighbours are in the 3×3 cells around one
_LEGAL_FORMS = {"sarl", "sas", "sa", "eurl", "gmbh", "ltd", "inc", "llc", "co", "the", "et"}


@dataclass(frozen=True)
class Candidate:
    """An account to compare: ``line`` for a file row, ``account_id`` for a stored one."""

    account: AccountData
    line: int | None = None
    account_id: int | None = None

    def describe(self) -> str:
        where = f"line {self.line}" if self.line is not None else f"account #{self.account_id}"
        return f"{where} ({self.account.name})"


@dataclass(frozen=True)
class Duplicate:
    """A suspected pair: ``first`` is a new row, ``second`` a row or a stored account."""

    first: Candidate
    second: Candidate
    reason: str

    def __str__(self) -> str:
        return f"{self.first.describe()} looks like {self.second.describe()}: {self.reason}"


def name_key(name: str) -> str:
    return " ".join(w for w in fold(name).split() if w not in _LEGAL_FORMS)


def address_key(account: AccountData) -> str:
    place = account.postcode or account.city
    return f"{name_key(account.name)}|{fold(account.street)}|{fold(place)}"


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class _Seen:
    """A remembered candidate with the keys compared against it, computed once."""

    candidate: Candidate
    name: str
    lat: float
    lon: float


def find_duplicates(new: Iterable[Candidate], existing: Iterable[Candidate]) -> list[Duplicate]:
    """Pairs among ``new`` and between ``new`` and ``existing``, each reported once."""
    by_key: dict[str, Candidate] = {}
    by_cell: dict[tuple[int, int], list[_Seen]] = defaultdict(list)

    def remember(candidate: Candidate, key: str, name: str) -> None:
        by_key.setdefault(key, candidate)
        account = candidate.account
        if account.located:
            lat, lon = _position(account)
            by_cell[_cell(account)].append(_Seen(candidate, name, lat, lon))

    for candidate in existing:
        remember(candidate, address_key(candidate.account), name_key(candidate.account.name))
    found: list[Duplicate] = []
    for candidate in new:
        key, name = address_key(candidate.account), name_key(candidate.account.name)
        match = _match(candidate, key, name, by_key, by_cell)
        if match is not None:
            found.append(match)
        remember(candidate, key, name)
    return found


def _match(
    candidate: Candidate,
    key: str,
    name: str,
    by_key: dict[str, Candidate],
    by_cell: dict[tuple[int, int], list[_Seen]],
) -> Duplicate | None:
    account = candidate.account
    same = by_key.get(key)
    if same is not None and not _same_record(candidate, same):
        return Duplicate(candidate, same, "same name and address")
    if not account.located:
        return None
    row, col = _cell(account)
    lat, lon = _position(account)
    names = SequenceMatcher(None, b=name)  # caches its analysis of this name
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            for other in by_cell.get((row + dr, col + dc), ()):
                if (abs(other.lat - lat) > _NEAR_DEGREES
                        or _same_record(candidate, other.candidate)):
                    continue
                metres = distance_m(lat, lon, other.lat, other.lon)
                if metres > NEAR_METRES:
                    continue
                names.set_seq1(other.name)
                if (names.real_quick_ratio() >= SIMILAR_NAMES
                        and names.quick_ratio() >= SIMILAR_NAMES
                        and names.ratio() >= SIMILAR_NAMES):
                    return Duplicate(candidate, other.candidate,
                                     f"{metres:.0f} m apart with a similar name")
    return None


def _same_record(a: Candidate, b: Candidate) -> bool:
    """A row that updates a stored account by its external id is not its duplicate."""
    ext = a.account.external_id
    return (a.account_id is not None and a.account_id == b.account_id) or (
        bool(ext) and ext == b.account.external_id)


def _cell(account: AccountData) -> tuple[int, int]:
    lat, lon = _position(account)
    return (math.floor(lat / _CELL_DEGREES),
            math.floor(lon / _CELL_DEGREES * math.cos(math.radians(lat))))


def _position(account: AccountData) -> tuple[float, float]:
    """The (lat, lon) of an account known to be located."""
    return cast(float, account.lat), cast(float, account.lon)
