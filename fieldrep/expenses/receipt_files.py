"""Receipt files of the store's expenses: where they are kept, copying them in (and out
again when the expense cannot be saved), and their thumbnails.

The folder is :func:`fieldrep.common.paths.receipts_dir` of the store unless a caller (a test)
names another.  Files are named by their content's hash (see
:mod:`fieldrep.expenses.receipts`), so the same receipt is kept once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fieldrep.common.paths import receipts_dir
from fieldrep.expenses.pending_receipts import PendingReceipts
from fieldrep.expenses.receipts import (
    THUMBNAIL_PIXELS,
    StoredReceipt,
    check_original_name,
    check_receipt,
    make_thumbnail,
    receipt_path,
    store_receipt,
)
from fieldrep.expenses.records import ReceiptData
from fieldrep.store import Store


@dataclass(frozen=True)
class ReceiptFile:
    """A receipt to attach: the file, and the name to keep for it (default: its own)."""

    path: Path
    name: str = ""

    @property
    def original_name(self) -> str:
        return self.name or Path(self.path).name


def receipts_folder(store: Store, folder: Path | None = None) -> Path:
    """``folder`` if given, else where the store keeps its receipts."""
    return Path(folder) if folder is not None else receipts_dir(store.url)


def check_receipt_files(receipts: Sequence[ReceiptFile]) -> None:
    """Refuse (:class:`ReceiptError`, naming the file) any that cannot be a receipt."""
    for receipt in receipts:
        check_original_name(receipt.original_name)
        check_receipt(receipt.path)


def receipt_thumbnail(folder: Path, receipt: ReceiptData,
                      size: int = THUMBNAIL_PIXELS) -> Path | None:
    """A JPEG thumbnail of a stored receipt (made once, in ``folder/.thumbnails``); None
    when the receipt file is missing."""
    source = receipt_path(folder, receipt.stored_name)
    if not source.is_file():
        return None
    target = Path(folder) / ".thumbnails" / f"{Path(receipt.stored_name).stem}-{size}.jpg"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        make_thumbnail(source, target, caption=receipt.original_name, size=size)
    return target


@contextmanager
def copied_receipts(receipts: Sequence[ReceiptFile], folder: Path, store_url: str) -> Iterator[
        list[StoredReceipt]]:
    """Copy ``receipts`` into ``folder`` for the block; if the block (saving the expense)
    fails, the files this copied are removed again, and if the program dies first, the
    journal it kept lets the next start remove them (:mod:`pending_receipts`)."""
    stored: list[StoredReceipt] = []
    if not receipts:
        yield stored
        return
    journal = PendingReceipts(folder, store_url)
    try:
        for receipt in receipts:
            stored.append(store_receipt(receipt.path, folder, receipt.original_name,
                                        before_keep=journal.note))
        yield stored
    except BaseException:
        for kept in stored:
            if not kept.already_stored:
                (folder / kept.stored_name).unlink(missing_ok=True)
        raise
    finally:
        journal.close()
