"""Receipt files copied for a save that never committed: noted while the save runs, and
removed at the next start.

Copying a receipt comes before the expense is committed (the expense must name a file that
is there).  When the save fails the copies are removed at once
(:func:`~fieldrep.expenses.receipt_files.copied_receipts`); when the program is killed
between the copy and the commit they would stay on disk forever.  So every save that copies
files first writes a journal in the receipts folder (``.pending-*.txt``: the store's URL,
then the name of each file before it is put in place) and deletes it once committed.  At
start, :func:`clean_orphan_receipts` reads the journals older than :data:`GRACE` left by
this store: a named file no expense of the store refers to is removed.

Only journals are trusted, never "a file nobody refers to": several stores may share one
receipts folder (the files are named by content), and one store cannot see the others'
expenses.  A file attached again after its journal was written (the same receipt, by
another save) has a newer modification time and is kept.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from fieldrep.common.paths import receipts_dir
from fieldrep.expenses.receipt_checks import ReceiptError
from fieldrep.expenses.receipts import receipt_path
from fieldrep.store import Store
from fieldrep.store.models import ExpenseReceipt

JOURNAL_PREFIX, JOURNAL_SUFFIX = ".pending-", ".txt"
#: A journal younger than this may belong to a save still running (one waiting for a
#: busy store, say): it is left alone.
GRACE = timedelta(hours=1)


class PendingReceipts:
    """The journal of one save: the store it saves to and the receipt files it copied."""

    def __init__(self, folder: Path, store_url: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=JOURNAL_PREFIX,
                                        suffix=JOURNAL_SUFFIX)
        self.path = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8") as journal:
            journal.write(store_url + "\n")

    def note(self, stored_name: str) -> None:
        """Record a file about to be put in place (before it is, so a crash cannot hide
        it)."""
        with self.path.open("a", encoding="utf-8") as journal:
            journal.write(stored_name + "\n")

    def close(self) -> None:
        """The save is over (committed, or its copies removed): forget the journal."""
        self.path.unlink(missing_ok=True)


def clean_orphan_receipts(store: Store, folder: Path | None = None, *,
                          grace: timedelta = GRACE) -> int:
    """Remove the receipt files this store's interrupted saves copied and no expense refers
    to (with their thumbnails); returns how many files went.  Leftover partial copies older
    than ``grace`` go too.  ``folder``: the store's receipts folder unless given."""
    folder = Path(folder) if folder is not None else receipts_dir(store.url)
    if not folder.is_dir():
        return 0
    cutoff = time.time() - grace.total_seconds()
    removed = 0
    for journal in sorted(folder.glob(f"{JOURNAL_PREFIX}*{JOURNAL_SUFFIX}")):
        try:
            written = journal.stat().st_mtime
            lines = journal.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        if written > cutoff or not lines or lines[0] != store.url:
            continue  # a save that may still run, or another store's
        removed += _remove_unreferenced(store, folder, lines[1:], written)
        journal.unlink(missing_ok=True)
    for partial in folder.glob(".part-*"):
        try:
            if partial.stat().st_mtime <= cutoff:
                partial.unlink()
        except OSError:
            continue
    return removed


def _remove_unreferenced(store: Store, folder: Path, names: list[str], written: float) -> int:
    wanted = set(names)
    with store.unit_of_work() as uow:
        kept = set(uow.session.scalars(select(ExpenseReceipt.stored_name).where(
            ExpenseReceipt.stored_name.in_(sorted(wanted)))))
    removed = 0
    for name in sorted(wanted - kept):
        try:
            path = receipt_path(folder, name)
        except ReceiptError:
            continue  # not a name FieldRep gives: never touch it
        try:
            if path.stat().st_mtime > written:
                continue  # attached again since: another save may hold it
            path.unlink()
        except OSError:
            continue
        for thumbnail in (folder / ".thumbnails").glob(f"{path.stem}-*.jpg"):
            thumbnail.unlink(missing_ok=True)
        removed += 1
    return removed
