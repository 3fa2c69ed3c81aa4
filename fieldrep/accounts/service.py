"""Account services: read, add, change, delete and bulk-save accounts through a unit of work.

Every function takes the :class:`~fieldrep.store.Store` and hands back plain
:class:`~fieldrep.accounts.model.AccountData` values, never ORM rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TypeVarTuple

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from fieldrep.accounts.bulk_save import ACCOUNT_COLUMNS, chunks, save_accounts
from fieldrep.accounts.conflicts import stale_account
from fieldrep.accounts.filters import AccountFilter as AccountFilter
from fieldrep.accounts.model import AccountData, ContactData
from fieldrep.accounts.ordering import BY_VISITS, LAST_VISIT, ordering
from fieldrep.common.errors import FieldRepError
from fieldrep.common.ids import is_id, parse_id
from fieldrep.store import Store
from fieldrep.store.models import Account, AccountTag, Territory
from fieldrep.store.owners import refuse_others

_Row = TypeVarTuple("_Row")  # the column types a select returns


class AccountNotFound(FieldRepError, LookupError):
    """No account has that id."""


class TagError(FieldRepError, ValueError):
    """A tag that cannot be (empty, or too long)."""


def to_data(row: Account) -> AccountData:
    """The plain-value copy of an ORM row (tags, contacts and territory loaded)."""
    return AccountData(
        **{col: getattr(row, col) for col in ACCOUNT_COLUMNS},
        tags=tuple(t.tag for t in row.tags),
        territory=row.territory.name if row.territory else "",
        contacts=tuple(
            ContactData(name=c.name, role=c.role, phone=c.phone, email=c.email)
            for c in row.contacts
        ),
        id=row.id,
        version=row.version,
        owner=row.owner or "",
    )


def with_relations(stmt: Select[*_Row]) -> Select[*_Row]:
    return stmt.options(
        selectinload(Account.tags), selectinload(Account.contacts),
        selectinload(Account.territory),
    )




def _where(search: str, where: AccountFilter | None) -> AccountFilter:
    base = where or AccountFilter()
    return replace(base, search=search) if search.strip() else base


def count_accounts(store: Store, search: str = "", *, where: AccountFilter | None = None) -> int:
    """How many accounts there are (those matching ``search`` / ``where`` if given)."""
    stmt = _where(search, where).apply(select(func.count(Account.id)))
    with store.unit_of_work() as uow:
        return uow.session.scalar(stmt) or 0


def list_accounts(
    store: Store,
    *,
    search: str = "",
    where: AccountFilter | None = None,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> list[AccountData]:
    """Accounts in ``sort`` order (then by name and id), optionally a page of them."""
    order = ordering(sort, descending)
    stmt = with_relations(select(Account))
    if sort == "territory":
        stmt = stmt.outerjoin(Territory, Account.territory_id == Territory.id)
    if sort in BY_VISITS:
        stmt = stmt.outerjoin(LAST_VISIT, LAST_VISIT.c.account_id == Account.id)
    stmt = _where(search, where).apply(stmt).order_by(*order)
    stmt = stmt.offset(offset).limit(limit)
    with store.unit_of_work() as uow:
        return [to_data(row) for row in uow.session.scalars(stmt)]


def account_position(
    store: Store, account_id: int, *, where: AccountFilter | None = None, sort: str = "name",
    descending: bool = False,
) -> int | None:
    """The row of an account in the list ``where``/``sort`` gives (None if not in it)."""
    return account_positions(store, [account_id], where=where, sort=sort,
                             descending=descending).get(account_id)


def account_positions(
    store: Store, ids: Sequence[int], *, where: AccountFilter | None = None,
    sort: str = "name", descending: bool = False,
) -> dict[int, int]:
    """The rows of accounts in the list ``where``/``sort`` gives (those in it), by id."""
    number = func.row_number().over(order_by=ordering(sort, descending)).label("row")
    inner = (select(Account.id.label("id"), number)
             .outerjoin(Territory, Account.territory_id == Territory.id)
             .outerjoin(LAST_VISIT, LAST_VISIT.c.account_id == Account.id))
    ranked = (where or AccountFilter()).apply(inner).subquery()
    found: dict[int, int] = {}
    with store.unit_of_work() as uow:
        for chunk in chunks(list(dict.fromkeys(ids))):
            rows = uow.session.execute(select(ranked.c.id, ranked.c.row)
                                       .where(ranked.c.id.in_(chunk)))
            found.update({account_id: row - 1 for account_id, row in rows})
    return found


def add_tag(store: Store, account_ids: Sequence[int], tag: str) -> int:
    """Tag accounts (those already tagged are left as they are); returns how many got it."""
    with store.unit_of_work() as uow:
        added = tag_accounts(uow.session, account_ids, tag)
        uow.commit()
    return added


def tag_accounts(session: Session, account_ids: Sequence[int], tag: str) -> int:
    """:func:`add_tag` in the caller's transaction."""
    clean = " ".join(tag.split()).lower()
    if not clean:
        raise TagError("a tag cannot be empty")
    if len(clean) > 100:
        raise TagError("a tag is at most 100 characters")
    refuse_others(session, Account, account_ids)
    added = 0
    for chunk in chunks(list(dict.fromkeys(account_ids))):
        tagged = set(session.scalars(select(AccountTag.account_id).where(
            AccountTag.account_id.in_(chunk), AccountTag.tag == clean)))
        rows = [{"account_id": i, "tag": clean} for i in chunk if i not in tagged]
        if rows:
            session.execute(insert(AccountTag), rows)
            _bump_versions(session, [i for i in chunk if i not in tagged])
        added += len(rows)
    return added


def _bump_versions(session: Session, ids: Sequence[int]) -> None:
    """A change made without the rows' copies (a tag, a territory) still moves their
    version on, so a window holding an older copy cannot save over it."""
    session.execute(update(Account).where(Account.id.in_(ids))
                    .values(version=Account.version + 1)
                    .execution_options(synchronize_session=False))


def account_ids(store: Store, where: AccountFilter | None = None) -> list[int]:
    """Ids of the accounts ``where`` keeps, by id."""
    stmt = (where or AccountFilter()).apply(select(Account.id)).order_by(Account.id)
    with store.unit_of_work() as uow:
        return list(uow.session.scalars(stmt))


def all_tags(store: Store) -> list[str]:
    """Every tag in use, sorted (for the tag filter)."""
    with store.unit_of_work() as uow:
        return list(uow.session.scalars(
            select(AccountTag.tag).distinct().order_by(AccountTag.tag)))


def get_account(store: Store, account_id: int) -> AccountData:
    """One account by id; :class:`AccountNotFound` when there is none."""
    with store.unit_of_work() as uow:
        row = uow.session.scalar(with_relations(select(Account)).where(Account.id == account_id))
        if row is None:
            raise AccountNotFound(f"no account with id {account_id}")
        return to_data(row)


def find_account(store: Store, text: str) -> AccountData:
    """The account a rep names by id, external id or name (a unique part of the name is
    enough); :class:`AccountNotFound` says what matched instead."""
    key = text.strip()
    if is_id(key):
        try:
            return get_account(store, parse_id(key))
        except AccountNotFound:
            pass
    with store.unit_of_work() as uow:
        found = uow.session.scalar(select(Account.id).where(Account.external_id == key))
        if found is None:
            found = uow.session.scalar(select(Account.id).where(
                func.lower(Account.name) == key.lower()).limit(1))
        if found is None:
            like = f"%{_escape_like(key)}%"
            matches = uow.session.execute(
                select(Account.id, Account.name, Account.city)
                .where(Account.name.ilike(like, escape="\\")).order_by(Account.name)
                .limit(6)).all()
            if not matches:
                raise AccountNotFound(f"no account is called {key!r} (give its id, its "
                                      "external id or its name)")
            if len(matches) > 1:
                shown = "; ".join(f"#{i} {n} ({c})" if c else f"#{i} {n}"
                                  for i, n, c in matches[:5])
                raise AccountNotFound(f"{key!r} matches several accounts: {shown}; give the "
                                      "id")
            found = matches[0][0]
    return get_account(store, found)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class AccountConflict(FieldRepError, ValueError):
    """The account clashes with another one (its external id is already used)."""


def _check_external_id(session: Session, account: AccountData) -> None:
    if not account.external_id:
        return
    other = session.scalar(select(Account.name).where(
        Account.external_id == account.external_id, Account.id != (account.id or -1)))
    if other is not None:
        raise AccountConflict(
            f"external id {account.external_id!r} is already used by {other!r}")


def add_account(store: Store, account: AccountData) -> AccountData:
    """Store a new account and return it with its id."""
    with store.unit_of_work() as uow:
        _check_external_id(uow.session, account)
        (new_id,), _ = save_accounts(uow.session, [account])
        uow.commit()
    return get_account(store, new_id)


def update_account(store: Store, account: AccountData) -> AccountData:
    """Replace the stored account ``account.id`` by ``account``; when ``account.version``
    is set and the stored account has moved on since, :class:`StaleAccount` refuses."""
    if account.id is None:
        raise AccountNotFound("the account has no id: add it instead")
    with store.unit_of_work() as uow:
        stored = uow.session.get(Account, account.id)
        if stored is None:
            raise AccountNotFound(f"no account with id {account.id}")
        refuse_others(uow.session, Account, [account.id])
        _check_external_id(uow.session, account)
        try:
            save_accounts(uow.session, [], updates=[account])
            uow.commit()
        except StaleDataError:
            uow.rollback()
            raise stale_account(account, get_account(store, account.id)) from None
    return get_account(store, account.id)


def delete_accounts(store: Store, account_ids: Iterable[int]) -> list[AccountData]:
    """Delete accounts; return what was deleted so the caller can offer to restore it."""
    ids = list(account_ids)
    with store.unit_of_work() as uow:
        refuse_others(uow.session, Account, ids)
        rows = uow.session.scalars(with_relations(select(Account)).where(Account.id.in_(ids)))
        deleted = [to_data(row) for row in rows]
        uow.session.execute(delete(Account).where(Account.id.in_(ids)))
        uow.commit()
    return deleted


def restore_accounts(store: Store, accounts: Sequence[AccountData]) -> None:
    """Put deleted accounts back with their ids and their reps (the undo of
    :func:`delete_accounts`)."""
    with store.unit_of_work() as uow:
        save_accounts(uow.session, accounts, keep_ids=True)
        reps: dict[str, list[int]] = {}
        for account in accounts:
            if account.owner and account.id is not None:
                reps.setdefault(account.owner, []).append(account.id)
        for rep, ids in reps.items():  # a manager's undo gives them back to their rep
            uow.session.execute(update(Account).where(Account.id.in_(ids),
                                                      Account.owner != rep).values(owner=rep))
        uow.commit()
