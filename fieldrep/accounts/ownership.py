"""Whether the user may change an account of the team, and if not, why (one sentence the
account window shows): on a team's server a rep changes their own accounts and reads the
colleagues'; a manager changes any; on a SQLite file the one rep changes everything."""

from __future__ import annotations

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import get_account
from fieldrep.store import Store
from fieldrep.store.owners import may_change


def read_only_reason(store: Store, account: AccountData) -> str:
    """'' when the user may change ``account``, else why they can only read it."""
    with store.unit_of_work() as uow:
        if may_change(uow.session, account.owner):
            return ""
    return (f"{account.owner}'s account: you can read it, not change it (only "
            f"{account.owner} or a manager can)")


def account_to_edit(store: Store, account_id: int) -> tuple[AccountData, str]:
    """The account to open in its window, and why it is read-only ('' when it is not)."""
    account = get_account(store, account_id)
    return account, read_only_reason(store, account)
