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

from fieldrep.accounts import AccountData
from fieldrep.text import fold

NEAR_METRES = 60.0
SIMILAR_NAMES = 0.85
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


def find_duplicates(new: Iterable[Candidate], existing: Iterable[Candidate]) -> list[Duplicate]:
    """Pairs among ``new`` and between ``new`` and ``existing``, each reported once."""
    by_key: dict[str, Candidate] = {}
    by_cell: dict[tuple[int, int], list[Candidate]] = defaultdict(list)

    def remember(candidate: Candidate) -> None:
        by_key.setdefault(address_key(candidate.account), candidate)
        if candidate.account.located:
            by_cell[_cell(candidate.account)].append(candidate)

    for candidate in existing:
        remember(candidate)
    found: list[Duplicate] = []
    for candidate in new:
        match = _match(candidate, by_key, by_cell)
        if match is not None:
            found.append(match)
        remember(candidate)
    return found


def _match(
    candidate: Candidate,
    by_key: dict[str, Candidate],
    by_cell: dict[tuple[int, int], list[Candidate]],
) -> Duplicate | None:
    account = candidate.account
    same = by_key.get(address_key(account))
    if same is not None and not _same_record(candidate, same):
        return Duplicate(candidate, same, "same name and address")
    if not account.located:
        return None
    row, col = _cell(account)
    name = name_key(account.name)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            for other in by_cell.get((row + dr, col + dc), ()):
                if _same_record(candidate, other):
                    continue
                metres = distance_m(account.lat, account.lon, other.account.lat,
                                    other.account.lon)
                if metres > NEAR_METRES:
                    continue
                similarity = SequenceMatcher(None, name, name_key(other.account.name)).ratio()
                if similarity >= SIMILAR_NAMES:
                    return Duplicate(candidate, other,
                                     f"{metres:.0f} m apart with a similar name")
    return None


def _same_record(a: Candidate, b: Candidate) -> bool:
    """A row that updates a stored account by its external id is not its duplicate."""
    ext = a.account.external_id
    return (a.account_id is not None and a.account_id == b.account_id) or (
        bool(ext) and ext == b.account.external_id)


def _cell(account: AccountData) -> tuple[int, int]:
    return (math.floor(account.lat / _CELL_DEGREES),
            math.floor(account.lon / _CELL_DEGREES * math.cos(math.radians(account.lat))))
