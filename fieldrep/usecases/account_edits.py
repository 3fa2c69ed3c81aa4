"""Changes to accounts that the rep can take back: each returns what undoing it needs.

The desktop's Undo calls these on its worker; each change hands back a frozen value
(the accounts as they were, the version it left each at, the territory it created) and
its undo is another function here, so no store work and no rule about what to put back
lives in the window.  An undo never writes over a change made since by anyone: an edit's
undo is refused (:class:`~fieldrep.accounts.conflicts.StaleAccount`), a bulk change's
undo leaves the accounts changed since and names them (:class:`PutBack`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldrep.accounts.bulk_save import chunks, save_accounts
from fieldrep.accounts.conflicts import stale_account
from fieldrep.accounts.model import AccountData, Precision
from fieldrep.accounts.service import (
    get_account,
    tag_accounts,
    to_data,
    update_account,
    with_relations,
)
from fieldrep.common.text import plural
from fieldrep.store import Store
from fieldrep.store.models import Account, Territory
from fieldrep.store.writing import take_write_lock
from fieldrep.territories.service import put_in_territory

#: How many names the message of an undo lists before "and N more".
_NAMED = 5


@dataclass(frozen=True)
class AccountEdit:
    """One account before and after a change (undo puts ``before`` back)."""

    before: AccountData
    after: AccountData


@dataclass(frozen=True)
class BulkEdit:
    """Accounts as they were before a change to many of them, the version the change left
    each at, and the territory the change created (undo removes it again), if any."""

    before: tuple[AccountData, ...]
    created_territory: str | None = None
    #: Account id → its version once the change was made: an account at another version
    #: was changed since (by the rep, another window, another rep), and undo leaves it.
    after_versions: Mapping[int, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.before)


@dataclass(frozen=True)
class PutBack:
    """What the undo of a bulk change did: the accounts it put back, and the names of
    those it left as they are because they were changed (or deleted) since."""

    restored: tuple[int, ...]
    left: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """"3 accounts changed since; left as they are: A, B, C" ("" when none was left)."""
        if not self.left:
            return ""
        names = ", ".join(self.left[:_NAMED])
        more = len(self.left) - _NAMED
        if more > 0:
            names += f" and {more} more"
        return f"{plural(len(self.left), 'account')} changed since; left as they are: {names}"


def pin_account(store: Store, account_id: int, lat: float, lon: float) -> AccountEdit:
    """Place an account where the rep dropped its pin: a location set by hand."""
    before = get_account(store, account_id)
    pinned = replace(before, lat=round(lat, 6), lon=round(lon, 6), geocode_source="manual",
                     geocode_precision=Precision.MANUAL.value)
    return AccountEdit(before, update_account(store, pinned))


def revert_edit(store: Store, target: AccountData, expected: AccountData) -> AccountData:
    """Undo or redo an edit: put ``target``'s fields back over the account, which must still
    read as ``expected`` (what the edit being undone or redone left).  A change made since
    by someone else refuses it (:class:`~fieldrep.accounts.conflicts.StaleAccount`) rather
    than dropping that change."""
    if expected.id is None:
        raise ValueError("an edit of an account not stored")
    current = get_account(store, expected.id)
    if replace(current, version=None) != replace(expected, version=None):
        raise stale_account(replace(target, version=expected.version), current)
    return update_account(store, replace(target, version=current.version))


def territory_for(store: Store, account_ids: Sequence[int], name: str | None) -> BulkEdit:
    """Put accounts into a territory by hand (None: by shape, postcode or town); a name
    no territory has yet creates it."""
    with store.unit_of_work() as uow:
        take_write_lock(uow.session)  # the territories read are those the change sees
        created = None
        if name is not None:
            known = set(uow.session.scalars(select(func.lower(Territory.name))))
            created = name if _key(name) not in known else None
        edit = _bulk_change(uow.session, account_ids,
                            lambda: put_in_territory(uow.session, account_ids, name), created)
        uow.commit()
    return edit


def tag(store: Store, account_ids: Sequence[int], tag_text: str) -> BulkEdit:
    """Tag accounts (a tag that is empty or too long is refused)."""
    with store.unit_of_work() as uow:
        edit = _bulk_change(uow.session, account_ids,
                            lambda: tag_accounts(uow.session, account_ids, tag_text))
        uow.commit()
    return edit


def put_back(store: Store, edit: BulkEdit) -> PutBack:
    """Undo a bulk change: the accounts as they were, the territory it made removed.

    An account changed since the bulk change (its version moved on: someone edited it,
    tagged it, moved it) is left as it is rather than overwritten, and named in the
    answer; the territory the change created is removed only once no account is in it.
    """
    with store.unit_of_work() as uow:
        session = uow.session
        now = _locked_versions(session, [a.id for a in edit.before if a.id is not None])
        unchanged = [a for a in edit.before
                     if a.id in now and now[a.id] == edit.after_versions.get(a.id)]
        # Written over the version each has now, which is the one the change left.
        save_accounts(session, [], updates=[replace(a, version=now[a.id or 0])
                                            for a in unchanged])
        if edit.created_territory is not None:
            _drop_if_empty(session, edit.created_territory)
        uow.commit()
    kept = {a.id for a in unchanged}
    return PutBack(tuple(a.id or 0 for a in unchanged),
                   tuple(a.name for a in edit.before if a.id not in kept))


def _bulk_change(session: Session, account_ids: Sequence[int], change: Callable[[], object],
                 created: str | None = None) -> BulkEdit:
    """Make ``change`` in the caller's transaction with the accounts' rows held, so what
    is read before and the versions after are exactly what the change went from and to."""
    ids = list(dict.fromkeys(account_ids))
    _locked_versions(session, ids)
    before: dict[int, AccountData] = {}
    for chunk in chunks(ids):
        rows = session.scalars(with_relations(select(Account)).where(Account.id.in_(chunk)))
        before.update({row.id: to_data(row) for row in rows})
    change()
    after = _versions(session, ids)
    return BulkEdit(tuple(before[i] for i in ids if i in before), created, after)


def _locked_versions(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """The accounts' versions, their rows held until the transaction ends (the store's
    write lock on SQLite, the rows' locks elsewhere): no one changes them meanwhile."""
    take_write_lock(session)
    found: dict[int, int] = {}
    for chunk in chunks(sorted(ids)):  # always in one order: two clients cannot deadlock
        found.update({i: v for i, v in session.execute(
            select(Account.id, Account.version).where(Account.id.in_(chunk))
            .order_by(Account.id).with_for_update())})
    return found


def _versions(session: Session, ids: Sequence[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for chunk in chunks(list(ids)):
        found.update({i: v for i, v in session.execute(
            select(Account.id, Account.version).where(Account.id.in_(chunk)))})
    return found


def _drop_if_empty(session: Session, name: str) -> None:
    territory = session.scalar(select(Territory).where(func.lower(Territory.name) == _key(name)))
    if territory is not None and session.scalar(
            select(func.count(Account.id)).where(Account.territory_id == territory.id)) == 0:
        session.delete(territory)


def _key(name: str) -> str:
    return " ".join(name.split()).lower()
