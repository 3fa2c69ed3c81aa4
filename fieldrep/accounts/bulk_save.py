"""Saving many accounts at once (an import, an undo, a restore), with their tags and contacts.

:func:`prepare_accounts` does the work that needs no store (every value converted for the
driver) and :func:`write_accounts` the writing, in the caller's transaction; a large import
prepares before it opens its write, so a SQLite store is held only while the rows go in.
On SQLite the new accounts are numbered under the write lock and inserted in one
``executemany`` (:mod:`fieldrep.store.bulk`), several times faster than reading each id
back; other backends hand out ids from their sequence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from fieldrep.accounts.model import AccountData
from fieldrep.store.bulk import PreparedInsert, prepare_insert
from fieldrep.store.models import Account, AccountTag, Contact, Territory
from fieldrep.store.writing import take_write_lock
from fieldrep.territories.service import assign_territories

#: Account columns an import or an edit can set, in export order.
ACCOUNT_COLUMNS = (
    "name", "street", "postcode", "city", "region", "country", "lat", "lon",
    "geocode_source", "geocode_precision", "external_id", "tier", "cadence_days",
    "opening_hours", "meeting_minutes", "annual_value", "notes", "active", "territory_locked",
)
_CHUNK = 500
T = TypeVar("T")


@dataclass
class PreparedAccounts:
    """Accounts ready to write.  ``numbered``: new accounts prepared for SQLite's numbered
    bulk insert (their ids, territories and the children's account ids set at the write)."""

    inserts: Sequence[AccountData]
    updates: Sequence[AccountData]
    keep_ids: bool
    numbered: PreparedInsert | None = None
    tags: PreparedInsert | None = None
    tag_owners: Sequence[int] = ()
    contacts: PreparedInsert | None = None
    contact_owners: Sequence[int] = ()


def prepare_accounts(dialect: Dialect, inserts: Sequence[AccountData], *,
                     updates: Sequence[AccountData] = (),
                     keep_ids: bool = False) -> PreparedAccounts:
    """Everything :func:`write_accounts` can do before it touches the store."""
    prepared = PreparedAccounts(inserts, updates, keep_ids)
    if not inserts or keep_ids or dialect.name != "sqlite":
        return prepared
    table = cast(Table, Account.__table__)
    prepared.numbered = prepare_insert(
        dialect, table, [_row_values(a, {}) for a in inserts], placeholders=("id",))
    tags = [(n, {"tag": t}) for n, a in enumerate(inserts) for t in dict.fromkeys(a.tags)]
    contacts = [(n, {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email})
                for n, a in enumerate(inserts) for c in a.contacts]
    if tags:
        prepared.tag_owners = [n for n, _ in tags]
        prepared.tags = prepare_insert(dialect, cast(Table, AccountTag.__table__),
                                       [row for _, row in tags], placeholders=("account_id",))
    if contacts:
        prepared.contact_owners = [n for n, _ in contacts]
        prepared.contacts = prepare_insert(dialect, cast(Table, Contact.__table__),
                                           [row for _, row in contacts],
                                           placeholders=("account_id",))
    return prepared


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
    prepared = prepare_accounts(session.get_bind().dialect, inserts, updates=updates,
                                keep_ids=keep_ids)
    return write_accounts(session, prepared)


def write_accounts(session: Session, prepared: PreparedAccounts) -> tuple[list[int], list[int]]:
    """Write what :func:`prepare_accounts` prepared; (inserted ids, updated ids)."""
    inserts, updates = prepared.inserts, prepared.updates
    territories = territory_ids(session, (a.territory for a in [*inserts, *updates]))
    table = cast(Table, Account.__table__)
    if prepared.numbered is not None:
        take_write_lock(session)
        first = (session.scalar(select(func.max(Account.id))) or 0) + 1
        inserted = list(range(first, first + len(inserts)))
        prepared.numbered.fill("id", inserted)
        prepared.numbered.fill("territory_id", [territories.get(a.territory) for a in inserts])
        prepared.numbered.run(session)
        for children, owners in ((prepared.tags, prepared.tag_owners),
                                 (prepared.contacts, prepared.contact_owners)):
            if children is not None:
                children.fill("account_id", [inserted[n] for n in owners])
                children.run(session)
    else:
        inserted = []
        for chunk in chunks(inserts):
            rows = [_row_values(a, territories) for a in chunk]
            if prepared.keep_ids:
                for row, account in zip(rows, chunk, strict=True):
                    row["id"], row["version"] = account.id, account.version or 1
            # Core insert on the table: the ORM's bulk path costs twice as much.
            result = session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
            inserted.extend(result.scalars())
    updated = [a.id for a in updates if a.id is not None]
    for chunk in chunks(updates):
        # The version each copy was read at; SQLAlchemy updates a row only while it is
        # still at that version (else StaleDataError).  A copy without one (a bulk change
        # the rep asked for, an undo) is written over the version stored now.
        current = _versions(session, [a.id for a in chunk if a.version is None])
        session.execute(update(Account), [
            {"id": a.id, "version": a.version if a.version is not None else current[a.id],
             **_row_values(a, territories)} for a in chunk])
    new_children = [] if prepared.numbered is not None else list(
        zip(inserted, inserts, strict=True))
    _replace_children(session, [*new_children, *zip(updated, updates, strict=True)],
                      stale=updated)
    assign_territories(session, [*inserted, *updated])
    return inserted, updated


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


def _versions(session: Session, ids: Sequence[int | None]) -> dict[int | None, int]:
    if not ids:
        return {}
    rows = session.execute(select(Account.id, Account.version).where(
        Account.id.in_([i for i in ids if i is not None])))
    return {account_id: version for account_id, version in rows}


def _row_values(account: AccountData, territories: dict[str, int]) -> dict[str, object]:
    values: dict[str, object] = {c: getattr(account, c) for c in ACCOUNT_COLUMNS}
    values["territory_id"] = territories.get(account.territory)
    return values


def _replace_children(
    session: Session, pairs: list[tuple[int, AccountData]], stale: Sequence[int]
) -> None:
    """Write the tags and contacts of ``pairs``, dropping the old ones of ``stale`` ids."""
    for chunk in chunks(stale):
        session.execute(delete(AccountTag).where(AccountTag.account_id.in_(chunk)))
        session.execute(delete(Contact).where(Contact.account_id.in_(chunk)))
    tag_rows = [{"account_id": i, "tag": t} for i, a in pairs for t in dict.fromkeys(a.tags)]
    contact_rows = [
        {"account_id": i, "name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
        for i, a in pairs for c in a.contacts
    ]
    if tag_rows:
        session.execute(insert(cast(Table, AccountTag.__table__)), tag_rows)
    if contact_rows:
        session.execute(insert(cast(Table, Contact.__table__)), contact_rows)


def chunks(items: Sequence[T], size: int = _CHUNK) -> Iterable[Sequence[T]]:
    """``items`` in slices of ``size`` (the most ids one ``IN (...)`` should list)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
