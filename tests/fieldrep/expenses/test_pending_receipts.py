"""Receipt files copied for an expense that never committed are removed, and only those."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fieldrep.cli.main import main
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, list_expenses
from fieldrep.expenses.pending_receipts import JOURNAL_PREFIX, clean_orphan_receipts
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.store import Store, UnitOfWork
from tests.fieldrep.expenses.receipt_samples import photo

NOW = timedelta(0)


def _killed_during_save(db_url: str, receipt: Path, folder: Path) -> None:
    """Add an expense in another process that dies (os._exit) right before its commit."""
    script = textwrap.dedent(f"""
        import os
        from datetime import date
        from decimal import Decimal
        from pathlib import Path
        from fieldrep.expenses.categories import Category
        from fieldrep.expenses.entries import ExpenseEntry
        from fieldrep.expenses.ledger import add_expense
        from fieldrep.expenses.receipt_files import ReceiptFile
        from fieldrep.store import UnitOfWork, open_store
        UnitOfWork.commit = lambda self: os._exit(9)
        add_expense(open_store({db_url!r}),
                    ExpenseEntry(date(2026, 1, 6), Category.MEALS, Decimal("12"), "EUR"),
                    receipts=[ReceiptFile(Path({str(receipt)!r}))], folder=Path({str(folder)!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[3],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


def test_the_receipt_of_a_save_killed_before_its_commit_goes_at_the_next_start(
        store: Store, db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "receipts"
    kept = add_expense(store, ExpenseEntry(date(2026, 1, 5), Category.PARKING, Decimal("3"),
                                           "EUR"),
                       receipts=[ReceiptFile(photo(tmp_path / "kept.jpg", (50, 60)))],
                       folder=folder)
    _killed_during_save(db_url, photo(tmp_path / "lost.jpg", (70, 80), "grey"), folder)
    orphans = [n for n in _files(folder) if not n.startswith(".")
               and n != kept.receipts[0].stored_name]
    assert len(orphans) == 1 and [n for n in _files(folder) if n.startswith(JOURNAL_PREFIX)]

    assert clean_orphan_receipts(store, folder) == 0  # a save might still be running
    assert orphans[0] in _files(folder)
    assert clean_orphan_receipts(store, folder, grace=NOW) == 1
    assert _files(folder) == [kept.receipts[0].stored_name]  # journal gone, the kept one kept
    assert [r.entry.receipts for r in list_expenses(store)] == [kept.entry.receipts]


def test_another_stores_journal_and_a_receipt_attached_again_are_left_alone(
        store: Store, db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "receipts"
    receipt = photo(tmp_path / "taxi.jpg", (90, 40))
    _killed_during_save(db_url, receipt, folder)
    (journal,) = folder.glob(f"{JOURNAL_PREFIX}*")
    os.utime(journal, (time.time() - 5, time.time() - 5))
    again = add_expense(store, ExpenseEntry(date(2026, 1, 7), Category.OTHER, Decimal("30"),
                                            "EUR"), receipts=[ReceiptFile(receipt)],
                        folder=folder)  # the same content, attached again: in use
    elsewhere = folder / f"{JOURNAL_PREFIX}other.txt"
    elsewhere.write_text("sqlite:////somewhere/else.sqlite3\n" + "a" * 64 + ".jpg\n")
    (folder / ("a" * 64 + ".jpg")).write_bytes(receipt.read_bytes())
    assert clean_orphan_receipts(store, folder, grace=NOW) == 0
    assert again.receipts[0].stored_name in _files(folder)
    assert elsewhere.is_file() and ("a" * 64 + ".jpg") in _files(folder)


def test_a_failed_add_leaves_no_file_and_no_journal(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "receipts"

    def refused(_self: UnitOfWork) -> None:
        raise RuntimeError("the store refused")

    monkeypatch.setattr(UnitOfWork, "commit", refused)
    with pytest.raises(RuntimeError):
        add_expense(store, ExpenseEntry(date(2026, 1, 6), Category.MEALS, Decimal("12"), "EUR"),
                    receipts=[ReceiptFile(photo(tmp_path / "r.jpg", (30, 30)))], folder=folder)
    assert _files(folder) == []


def test_the_cli_cleans_up_at_start(db_url: str, tmp_path: Path, store: Store,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "receipts"  # beside the store: the folder the CLI uses
    monkeypatch.delenv("FIELDREP_RECEIPTS", raising=False)
    _killed_during_save(db_url, photo(tmp_path / "lost.jpg", (20, 20)), folder)
    assert len(list(folder.glob(f"{JOURNAL_PREFIX}*"))) == 1
    old = time.time() - 2 * 3600
    for path in folder.iterdir():
        os.utime(path, (old, old))
    assert main(["--db", db_url, "expense", "list"]) == 0
    assert _files(folder) == []
    assert "0 expenses" in capsys.readouterr().out
