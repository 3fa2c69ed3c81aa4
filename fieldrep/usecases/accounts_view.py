"""The Accounts page's view of the store for one filter: how many match, the territories
and tags to filter by, the map's data (a new map page, or the data for the page shown), and
the table's rows a page at a time, each with where the account stands against its cadence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import AccountFilter, all_tags, count_accounts, list_accounts
from fieldrep.maps.territory_map import (
    MapOptions,
    map_points,
    safe_json,
    territory_features,
    write_map,
)
from fieldrep.store import Store
from fieldrep.team.identity import is_shared
from fieldrep.territories.service import TerritoryCount, territory_counts
from fieldrep.visits.due import Due, due_on, due_statuses, last_visits


@dataclass(frozen=True)
class AccountsView:
    """One reload of the Accounts page.

    ``map_page`` is the map page written for it (None when the page shown only needs new
    data: ``points_json`` and ``features_json``); ``due_json`` the visit status of each
    account when the map is coloured by it (None otherwise); ``to_check`` how many
    locations the rep should check (placed among namesakes, or not found), in every account
    (the user's own, when ``where`` keeps only theirs); ``shared`` whether the store is a
    team's server (where a rep's own accounts can be shown apart from the team's).
    """

    total: int
    everything: int
    territories: tuple[TerritoryCount, ...]
    tags: tuple[str, ...]
    map_page: Path | None = None
    points_json: str = "[]"
    features_json: str = "[]"
    due_json: str | None = None
    to_check: int = 0
    shared: bool = False


def accounts_view(store: Store, where: AccountFilter, *, map_page: Path | None,
                  options: MapOptions, by_due: bool, today: date,
                  with_map: bool = True) -> AccountsView:
    """Count and map the accounts ``where`` keeps; write a whole map page to ``map_page``
    when given, else hand back the map's data as JSON for the page already shown.
    ``with_map`` False counts only (the table first, its map page after)."""
    counts = territory_counts(store)
    to_check = count_accounts(store, where=AccountFilter(to_check=True, mine=where.mine))
    shared = is_shared(store)
    if not with_map:
        return AccountsView(count_accounts(store, where=where),
                            sum(c.accounts for c in counts), tuple(counts),
                            tuple(all_tags(store)), to_check=to_check, shared=shared)
    points = map_points(store, where)
    features = territory_features(counts, points)
    due_json = None
    if by_due:
        statuses = due_statuses(store, today)
        due_json = safe_json({i: s.value for i, s in statuses.items()})
    view = AccountsView(count_accounts(store, where=where), sum(c.accounts for c in counts),
                        tuple(counts), tuple(all_tags(store)), due_json=due_json,
                        to_check=to_check, shared=shared)
    if map_page is not None:
        write_map(map_page, points, features, options)
        return replace(view, map_page=map_page)
    return replace(view, points_json=safe_json([p.as_row() for p in points]),
                   features_json=safe_json(features))


@dataclass(frozen=True)
class AccountRow:
    """A row of the accounts table: the account, and its last visit, next due date and
    status on the day the page was read (None when not read)."""

    account: AccountData
    due: Due | None = None


def account_rows(store: Store, where: AccountFilter, *, sort: str, descending: bool,
                 offset: int, limit: int, today: date) -> list[AccountRow]:
    """A page of the table: the accounts ``where`` keeps in ``sort`` order (sorted in the
    store), each with where it stands against its cadence on ``today``."""
    accounts = list_accounts(store, where=where, sort=sort, descending=descending,
                             offset=offset, limit=limit)
    ids = [a.id for a in accounts if a.id is not None]
    with store.unit_of_work() as uow:
        last = last_visits(uow.session, ids, before=today)
    return [AccountRow(a, due_on(last.get(a.id) if a.id is not None else None,
                                 a.cadence_days, today)) for a in accounts]
