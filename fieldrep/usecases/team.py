"""The team's moves that are no report: who am I, and the manager giving a territory (with
its accounts) to a rep."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from fieldrep.expenses.settings import expense_settings
from fieldrep.settings.stored import save_rep_changes
from fieldrep.store import Store
from fieldrep.store.locking import begin_write
from fieldrep.store.models import Account, Territory
from fieldrep.team.identity import (
    MANAGER_ROLE,
    TeamError,
    database_login,
    is_manager,
    require_manager,
)
from fieldrep.usecases.settings import CATALOGUE


@dataclass(frozen=True)
class Me:
    """Who is using the store and in which roles."""

    name: str
    manager: bool
    shared: bool

    def describe(self) -> str:
        roles = "rep and manager" if self.manager else "rep"
        where = ("database login on the team's PostgreSQL server" if self.shared
                 else "the one rep of this store")
        extra = "" if self.manager or not self.shared else \
            f" (the manager role is {MANAGER_ROLE})"
        return f"{self.name}: {roles}, {where}{extra}"


def who_am_i(store: Store) -> Me:
    login = database_login(store)
    return Me(login or expense_settings(store).rep_name, is_manager(store),
              login is not None)


def set_quota(store: Store, rep: str, visits: str) -> None:
    """The manager's monthly visit quota for one rep (a database login); '' gives the rep
    the team's quota again."""
    save_rep_changes(store, CATALOGUE, rep, {"quota.visits_per_month": visits})


def assign_territory(store: Store, territory: str, rep: str) -> int:
    """Give the territory named (or numbered) ``territory`` and its accounts to ``rep``
    (a database login on PostgreSQL); the manager's move.  Returns the accounts moved."""
    rep = rep.strip()
    if not rep:
        raise TeamError("name the rep who takes the territory")
    require_manager(store, f"assign territory {territory}")
    with store.unit_of_work() as uow:
        begin_write(uow.session)
        wanted = Territory.id == int(territory) if territory.isdigit() else \
            Territory.name == territory.strip()
        row = uow.session.scalars(select(Territory).where(wanted)).first()
        if row is None:
            raise TeamError(f"there is no territory {territory!r} (give its name or number)")
        row.owner = rep[:200]
        moved = cast(CursorResult[Any], uow.session.execute(
            update(Account).where(Account.territory_id == row.id)
            .values(owner=rep[:200], version=Account.version + 1)
            .execution_options(synchronize_session=False))).rowcount
        uow.commit()
        return int(moved)
