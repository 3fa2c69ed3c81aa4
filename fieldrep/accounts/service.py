"""Account services: read, add, change, delete and bulk-save accounts through a unit of work.

Every function takes the :class:`~fieldrep.store.Store` and hands back plain
:class:`~fieldrep.accounts.model.AccountData` values, never ORM rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar, TypeVarTuple, cast

from sqlalchemy import Select, Table, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from fieldrep.accounts.model import AccountData, ContactData, Precision
from fieldrep.accounts.ordering import BY_VISITS, LAST_VISIT, ordering
from fieldrep.common.errors import FieldRepError
from fieldrep.store import Store
from fieldrep.store.models import Account, AccountTag, Contact, Territory
from fieldrep.territories.service import assign_territories

#: Account columns an import or an edit can set, in export order.
ACCOUNT_COLUMNS = (
    "name", "street", "postcode", "city", "region", "country", "lat", "lon",
    "geocode_source", "geocode_precision", "external_id", "tier", "cadence_days",
    "opening_hours", "meeting_minutes", "annual_value", "notes", "active", "territory_locked",
)
_CHUNK = 500
T = TypeVar("T")
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
    )


def with_relations(stmt: Select[*_Row]) -> Select[*_Row]:
    return stmt.options(
        selectinload(Account.tags), selectinload(Account.contacts),
        selectinload(Account.territory),
    )


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
    #: Only these accounts (a lasso or box drawn on the map); None: no such limit.
    ids: frozenset[int] | None = None

    def apply(self, stmt: Select[*_Row]) -> Select[*_Row]:
        """``stmt`` restricted to the accounts this filter keeps."""
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
        if self.ids is not None:
            stmt = stmt.where(Account.id.in_(sorted(self.ids)))
        return stmt


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
        for chunk in _chunks(list(dict.fromkeys(ids))):
            rows = uow.session.execute(select(ranked.c.id, ranked.c.row)
                                       .where(ranked.c.id.in_(chunk)))
            found.update({account_id: row - 1 for account_id, row in rows})
    return found


def add_tag(store: Store, account_ids: Sequence[int], tag: str) -> int:
    """Tag accounts (those already tagged are left as they are); returns how many got it."""
    clean = " ".join(tag.split()).lower()
    if not clean:
        raise TagError("a tag cannot be empty")
    if len(clean) > 100:
        raise TagError("a tag is at most 100 characters")
    ids = list(dict.fromkeys(account_ids))
    added = 0
    with store.unit_of_work() as uow:
        for chunk in _chunks(ids):
            tagged = set(uow.session.scalars(select(AccountTag.account_id).where(
                AccountTag.account_id.in_(chunk), AccountTag.tag == clean)))
            rows = [{"account_id": i, "tag": clean} for i in chunk if i not in tagged]
            if rows:
                uow.session.execute(insert(AccountTag), rows)
            added += len(rows)
        uow.commit()
    return added


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
    if key.isdigit():
        try:
            return get_account(store, int(key))
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
    """Replace the stored account ``account.id`` by ``account``."""
    if account.id is None:
        raise AccountNotFound("the account has no id: add it instead")
    with store.unit_of_work() as uow:
        if uow.session.get(Account, account.id) is None:
            raise AccountNotFound(f"no account with id {account.id}")
        _check_external_id(uow.session, account)
        save_accounts(uow.session, [], updates=[account])
        uow.commit()
    return get_account(store, account.id)


def delete_accounts(store: Store, account_ids: Iterable[int]) -> list[AccountData]:
    """Delete accounts; return what was deleted so the caller can offer to restore it."""
    ids = list(account_ids)
    with store.unit_of_work() as uow:
        rows = uow.session.scalars(with_relations(select(Account)).where(Account.id.in_(ids)))
        deleted = [to_data(row) for row in rows]
        uow.session.execute(delete(Account).where(Account.id.in_(ids)))
        uow.commit()
    return deleted


def restore_accounts(store: Store, accounts: Sequence[AccountData]) -> None:
    """Put deleted accounts back with their ids (the undo of :func:`delete_accounts`)."""
    with store.unit_of_work() as uow:
        save_accounts(uow.session, accounts, keep_ids=True)
        uow.commit()


def territory_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Ids of the named territories, creating the ones that do not exist yet."""
    wanted = {n for n in names if n}
    if not wanted:
        return {}
    found = dict(session.execute(
        select(Territory.name, Territory.id).where(Territory.name.in_(wanted))).all())
    for name in sorted(wanted - found.keys()):
        territory = Territory(name=name, notes="")
        session.add(territory)
        session.flush()
        found[name] = territory.id
    return found


def save_accounts(
    session: Session,
    inserts: Sequence[AccountData],
    *,
    updates: Sequence[AccountData] = (),
    keep_ids: bool = False,
) -> tuple[list[int], list[int]]:
    """Insert and update many accounts in the caller's transaction, in bulk.

    ``updates`` carry the id of the row they replace (tags and contacts included).  With
    ``keep_ids`` the inserts keep their ids (to restore deleted accounts).  Returns
    (inserted ids, updated ids).
    """
    territories = territory_ids(session, (a.territory for a in [*inserts, *updates]))
    inserted: list[int] = []
    for chunk in _chunks(inserts):
        rows = [_row_values(a, territories) for a in chunk]
        if keep_ids:
            for row, account in zip(rows, chunk, strict=True):
                row["id"] = account.id
        # Core insert on the table: the ORM's bulk path costs twice as much for the same SQL.
        table = cast(Table, Account.__table__)
        result = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        inserted.extend(result.scalars())
    updated = [a.id for a in updates if a.id is not None]
    for chunk in _chunks(updates):
        session.execute(update(Account), [{"id": a.id, **_row_values(a, territories)}
                                          for a in chunk])
    _replace_children(session, [*zip(inserted, inserts, strict=True),
                                *zip(updated, updates, strict=True)], stale=updated)
    assign_territories(session, [*inserted, *updated])
    return inserted, updated


def _row_values(account: AccountData, territories: dict[str, int]) -> dict[str, object]:
    values: dict[str, object] = {c: getattr(account, c) for c in ACCOUNT_COLUMNS}
    values["territory_id"] = territories.get(account.territory)
    return values


def _replace_children(
    session: Session, pairs: list[tuple[int, AccountData]], stale: Sequence[int]
) -> None:
    """Write the tags and contacts of ``pairs``, dropping the old ones of ``stale`` ids."""
    for chunk in _chunks(stale):
        session.execute(delete(AccountTag).where(AccountTag.account_id.in_(chunk)))
        session.execute(delete(Contact).where(Contact.account_id.in_(chunk)))
    tag_rows = [{"account_id": i, "tag": t} for i, a in pairs for t in dict.fromkeys(a.tags)]
    contact_rows = [
        {"account_id": i, "name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
        for i, a in pairs for c in a.contacts
    ]
    if tag_rows:
        session.execute(insert(AccountTag), tag_rows)
    if contact_rows:
        session.execute(insert(Contact), contact_rows)


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

