"""Saving an import: every row of a plan checked, the valid ones saved in one transaction.

Either all valid rows land or none does.  Rows with an external id already in the store
update that account (columns the file lacks are kept); the others are new accounts, checked
for likely duplicates of the store's.  Rows are checked in batches between which the import
reports its progress and can be cancelled.

Everything is prepared before the store is written to (rows read and checked, stored
accounts read, updates merged, duplicates found), so the write itself is one short bulk
step: on SQLite, where one writer at a time holds the store, a 150,000-row import keeps the
others waiting seconds, not minutes (they wait, see :mod:`fieldrep.store.waiting`).  If
the write fails, nothing of it is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import cast

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from fieldrep.accounts.bulk_save import prepare_accounts, write_accounts
from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import to_data, with_relations
from fieldrep.common.errors import FieldRepError
from fieldrep.importing.columns import contact_slot
from fieldrep.importing.duplicates import Candidate, Duplicate, find_duplicates
from fieldrep.importing.plan import ImportPlan, checked_rows
from fieldrep.importing.rows import RowError
from fieldrep.store import Store
from fieldrep.store.models import Account

#: Told (rows checked, rows in the file) after each batch of rows.
Progress = Callable[[int, int], None]
#: Rows checked between two progress reports (and chances to cancel).
BATCH_ROWS = 1000
_ADDRESS = ("street", "postcode", "city", "country")


class ImportCancelled(FieldRepError, RuntimeError):
    """The rep cancelled the import; nothing was saved."""


class ImportFailed(FieldRepError, RuntimeError):
    """The store refused the import; nothing was saved."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did, row by row: the rows ``rejected`` (no account could be made of
    them) and the ``warnings`` about cells left empty or kept as typed in imported rows."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    rejected: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({e.line for e in self.rejected})

    @property
    def nothing_imported(self) -> bool:
        """Whether the file had rows but not one account was saved or updated."""
        return self.rows > 0 and self.inserted + self.updated == 0

    def summary(self) -> str:
        text = (f"{self.rows} rows: {self.inserted} imported, {self.updated} updated, "
                f"{self.rejected_rows} rejected")
        if self.warnings:
            text += f", {len(self.warnings)} warnings"
        if self.duplicates:
            text += f", {len(self.duplicates)} suspected duplicates"
        return text


def import_accounts(
    store: Store,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    dry_run: bool = False,
    default_country: str = "",
) -> ImportResult:
    """Validate every row of ``plan`` and save the valid ones in one transaction.

    With ``dry_run`` everything is checked (duplicates against the store included) and the
    result reported, but nothing is saved.  Phones and postcodes of rows without a country
    are read for ``default_country`` (the store's ``geocoder.default_country``; "" none).
    """
    rejected: list[RowError] = []
    warnings: list[RowError] = []
    good: list[tuple[int, AccountData]] = []
    total = len(plan.table.rows)
    rows = 0
    for rows, row in enumerate(checked_rows(plan, default_country), start=1):
        warnings.extend(row.warnings)
        if row.account is None:
            rejected.extend(row.errors)
        else:
            good.append((row.line, row.account))
        if rows % BATCH_ROWS == 0:
            _batch_done(rows, total, progress, cancelled)
    _batch_done(total, total, progress, cancelled)

    fields = set(plan.mapping.values())
    try:
        with store.unit_of_work() as uow:  # reading only: other writers go on meanwhile
            external_ids = [a.external_id for _, a in good if a.external_id]
            stored = _stored_by_external_id(uow.session, external_ids)
            inserts, updates = [], []
            for _line, account in good:
                before = stored.get(account.external_id or "")
                if before is None:
                    inserts.append(account)
                else:
                    updates.append(_merge(before, account, fields))
            duplicates = find_duplicates(
                (Candidate(a, line=n) for n, a in good if a.external_id not in stored),
                _stored_candidates(uow.session),
            )
        if cancelled():
            raise ImportCancelled("import cancelled: nothing was saved")
        if not dry_run:
            prepared = prepare_accounts(store.engine.dialect, inserts, updates=updates)
            with store.unit_of_work() as uow:  # the one short write
                write_accounts(uow.session, prepared)
                uow.commit()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise ImportFailed(f"the store refused the import, nothing was saved: {reason}") from exc
    return ImportResult(rows=rows, inserted=len(inserts), updated=len(updates),
                        rejected=rejected, duplicates=duplicates,
                        ignored_columns=plan.ignored_columns, warnings=warnings)


def _batch_done(done: int, total: int, progress: Progress | None,
                cancelled: Callable[[], bool]) -> None:
    """Between two batches of rows: stop if the rep cancelled, else report progress."""
    if cancelled():
        raise ImportCancelled("import cancelled: nothing was saved")
    if progress:
        progress(done, total)


def _stored_by_external_id(session: Session, external_ids: list[str]) -> dict[str, AccountData]:
    found: dict[str, AccountData] = {}
    for start in range(0, len(external_ids), 500):
        chunk = external_ids[start:start + 500]
        stmt = with_relations(select(Account)).where(Account.external_id.in_(chunk))
        for row in session.scalars(stmt):
            found[cast(str, row.external_id)] = to_data(row)  # one of ``chunk``
    return found


def _stored_candidates(session: Session) -> list[Candidate]:
    columns = (Account.id, Account.name, Account.street, Account.postcode, Account.city,
               Account.lat, Account.lon, Account.external_id)
    return [
        Candidate(AccountData(name=name, street=street, postcode=postcode, city=city, lat=lat,
                              lon=lon, external_id=ext), account_id=account_id)
        for account_id, name, street, postcode, city, lat, lon, ext
        in session.execute(select(*columns))
    ]


def _merge(before: AccountData, row: AccountData, fields: set[str]) -> AccountData:
    """The stored account updated by a row: only the file's columns change.

    Coordinates in the row win; without them, a changed address drops the old geocode
    (so the account is geocoded again), unless the rep pinned it by hand.
    """
    changes = {f: getattr(row, f) for f in fields if hasattr(before, f) and f not in
               ("lat", "lon", "geocode_source", "geocode_precision")}
    if any(contact_slot(f) for f in fields):
        changes["contacts"] = row.contacts
    merged = replace(before, **changes)
    if row.located:
        return replace(merged, lat=row.lat, lon=row.lon, geocode_source=row.geocode_source,
                       geocode_precision=row.geocode_precision)
    moved = any(getattr(before, f) != getattr(merged, f) for f in _ADDRESS)
    if moved and before.geocode_source != "manual":
        return replace(merged, lat=None, lon=None, geocode_source="", geocode_precision="")
    return merged
