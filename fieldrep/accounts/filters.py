"""Which accounts a list shows: the search box and the filters beside it, as a query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import Select, or_, select

from fieldrep.accounts.model import TO_CHECK_MARK, Precision

_Row = TypeVarTuple("_Row")  # the column types a select returns


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts a list shows: the search box and the filters beside it.

    ``territory_id`` 0 means "outside every territory"; ``precision`` is a
    :class:`~fieldrep.accounts.model.Precision` value or ``"approximate"`` (town or postcode).
    """

    search: str = ""
    territory_id: int | None = None
    tiers: frozenset[str] = frozenset()
    tag: str = ""
    precision: str = ""
    no_location: bool = False
    #: Only the locations to check: placed among namesakes with nothing to decide, not
    #: found, or not located at all
    #: (:attr:`~fieldrep.accounts.model.AccountData.location_to_check`).
    to_check: bool = False
    #: Only these accounts (a lasso or box drawn on the map); None: no such limit.
    ids: frozenset[int] | None = None
    #: Only the user's own accounts (on a team's server; on a SQLite file, all of them).
    mine: bool = False

    def apply(self, stmt: Select[*_Row]) -> Select[*_Row]:
        """``stmt`` restricted to the accounts this filter keeps."""
        from fieldrep.store.models import Account, AccountTag  # on the worker
        from fieldrep.store.owners import current_login

        if self.search.strip():
            pattern = f"%{self.search.strip()}%"
            stmt = stmt.where(or_(
                Account.name.ilike(pattern), Account.city.ilike(pattern),
                Account.postcode.ilike(pattern), Account.street.ilike(pattern),
                Account.external_id.ilike(pattern),
            ))
        if self.territory_id == 0:
            stmt = stmt.where(Account.territory_id.is_(None))
        elif self.territory_id is not None:
            stmt = stmt.where(Account.territory_id == self.territory_id)
        if self.tiers:
            stmt = stmt.where(Account.tier.in_(sorted(self.tiers)))
        if self.tag.strip():
            stmt = stmt.where(Account.id.in_(
                select(AccountTag.account_id).where(AccountTag.tag == self.tag.strip())))
        if self.precision == "approximate":
            stmt = stmt.where(Account.lat.is_not(None), Account.geocode_precision.in_(
                [Precision.TOWN.value, Precision.POSTCODE.value]))
        elif self.precision:
            stmt = stmt.where(Account.lat.is_not(None),
                              Account.geocode_precision == self.precision)
        if self.no_location:
            stmt = stmt.where(Account.lat.is_(None))
        if self.to_check:
            stmt = stmt.where(or_(Account.geocode_source.endswith(TO_CHECK_MARK),
                                  Account.geocode_precision == Precision.NOT_FOUND.value,
                                  Account.lat.is_(None)))
        if self.ids is not None:
            stmt = stmt.where(Account.id.in_(sorted(self.ids)))
        if self.mine:
            stmt = stmt.where(Account.owner == current_login())
        return stmt
