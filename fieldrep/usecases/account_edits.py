"""Changes to accounts that the rep can take back: each returns what undoing it needs.

The desktop's Undo calls these on its worker; each change hands back a frozen value
(the accounts as they were, the territory it created) and its undo is another function
here, so no store work and no rule about what to put back lives in the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from fieldrep.accounts.bulk_save import save_accounts
from fieldrep.accounts.conflicts import stale_account
from fieldrep.accounts.model import AccountData, Precision
from fieldrep.accounts.service import add_tag, get_account, update_account
from fieldrep.store import Store
from fieldrep.territories.service import delete_territory, list_territories, set_territory


@dataclass(frozen=True)
class AccountEdit:
    """One account before and after a change (undo puts ``before`` back)."""

    before: AccountData
    after: AccountData


@dataclass(frozen=True)
class BulkEdit:
    """Accounts as they were before a change to many of them, and the territory the
    change created (undo removes it again), if any."""

    before: tuple[AccountData, ...]
    created_territory: str | None = None

    @property
    def count(self) -> int:
        return len(self.before)


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


def snapshot(store: Store, account_ids: Sequence[int]) -> tuple[AccountData, ...]:
    """The accounts as they are now (what a bulk change's undo puts back)."""
    return tuple(get_account(store, i) for i in account_ids)


def territory_for(store: Store, account_ids: Sequence[int], name: str | None) -> BulkEdit:
    """Put accounts into a territory by hand (None: by shape, postcode or town); a name
    no territory has yet creates it."""
    before = snapshot(store, account_ids)
    created = None
    if name is not None:
        known = {t.name.lower() for t in list_territories(store)}
        created = name if _key(name) not in known else None
    set_territory(store, account_ids, name)
    return BulkEdit(before, created)


def tag(store: Store, account_ids: Sequence[int], tag_text: str) -> BulkEdit:
    """Tag accounts (a tag that is empty or too long is refused)."""
    before = snapshot(store, account_ids)
    add_tag(store, account_ids, tag_text)
    return BulkEdit(before)


def put_back(store: Store, edit: BulkEdit) -> None:
    """Undo a bulk change: the accounts as they were, the territory it made removed."""
    with store.unit_of_work() as uow:
        # Written over the versions stored now (the change itself moved them on).
        save_accounts(uow.session, [], updates=[replace(a, version=None) for a in edit.before])
        uow.commit()
    if edit.created_territory is not None:
        for territory in list_territories(store):
            if territory.id is not None and territory.name.lower() == _key(
                    edit.created_territory):
                delete_territory(store, territory.id)


def _key(name: str) -> str:
    return " ".join(name.split()).lower()
