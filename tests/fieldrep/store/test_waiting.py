"""A busy SQLite store makes writes wait, never fail: on real files, with real connections."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, count_accounts
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, list_expenses
from fieldrep.store import Store, open_store
from fieldrep.store.models import Account
from fieldrep.store.waiting import StoreBusy, add_listener, is_busy, patiently


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """SQLite's write lock is what this module is about: a SQLite file only."""
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture
def told() -> Iterator[list[float | None]]:
    """What the listeners are told while the test runs."""
    heard: list[float | None] = []
    remove = add_listener(heard.append)
    yield heard
    remove()


def _locked() -> sqlite3.OperationalError:
    return sqlite3.OperationalError("database is locked")


def test_a_busy_answer_is_tried_again_and_the_listeners_are_told(
        told: list[float | None]) -> None:
    answers: list[BaseException | str] = [_locked(), _locked(), "saved"]
    pauses: list[float] = []

    def work() -> str:
        answer = answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    assert patiently(work, sleep=pauses.append) == "saved"
    assert len(pauses) == 2 and pauses[0] < pauses[1]  # backing off
    assert [t is None for t in told] == [False, False, True]  # waiting, waiting, through


def test_other_errors_are_not_retried_and_patience_ends_in_one_sentence(
        told: list[float | None]) -> None:
    def broken() -> None:
        raise sqlite3.OperationalError("no such table: accounts")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        patiently(broken, sleep=lambda _s: None)
    assert told == []

    def always_locked() -> None:
        raise _locked()

    with pytest.raises(StoreBusy, match=r"the store stayed busy for \d+ s .* nothing was "
                                        r"saved, try again"):
        patiently(always_locked, patience=0.0, sleep=lambda _s: None)


@pytest.mark.parametrize(("code", "retried"), [(5, True), (261, True), (517, False), (1, False)])
def test_only_a_busy_store_is_waited_for(code: int, retried: bool) -> None:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = code  # type: ignore[attr-defined]  # set by SQLite itself
    assert is_busy(error) is retried  # 517: a stale snapshot, which waiting cannot cure


def test_a_save_waits_for_another_programs_write_then_lands(
        db_url: str, tmp_path: Path, told: list[float | None]) -> None:
    store = open_store(db_url)
    other = sqlite3.connect(tmp_path / "store.sqlite3", check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    other.execute("CREATE TABLE their_notes (note TEXT)")
    other.execute("INSERT INTO their_notes VALUES ('theirs')")
    waiting = threading.Event()
    remove = add_listener(lambda waited: waited is not None and waiting.set())
    saved: list[AccountData] = []
    saver = threading.Thread(target=lambda: saved.append(
        add_account(store, AccountData(name="Mine", tier="A", cadence_days=14))))
    saver.start()
    try:
        assert waiting.wait(timeout=60), "the save never said it was waiting"
        assert not saved  # still waiting, not failed
        other.commit()  # the other program is done
        saver.join(timeout=60)
    finally:
        remove()
        other.close()
    assert [a.name for a in saved] == ["Mine"]
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT note FROM their_notes").all() == [("theirs",)]
    assert count_accounts(store) == 1
    assert told[-1] is None  # the listeners heard it got through
    store.close()


def _accounts_csv(path: Path, rows: int) -> Path:
    towns = ["Lyon", "Bordeaux", "Lille", "Nantes", "Dijon", "Rennes", "Metz", "Nice"]
    with path.open("w", encoding="utf-8") as handle:
        handle.write("external_id,name,street,postcode,city,country,tier,tags,contact_name\n")
        for n in range(rows):
            handle.write(f"X{n},Pharmacie {n},{n % 90 + 1} rue de la Paix,{10000 + n % 80000},"
                         f"{towns[n % len(towns)]},FR,{'ABC'[n % 3]},\"pharmacy,key\","
                         f"Contact {n}\n")
    return path


IMPORT_ROWS = 30_000


def test_a_large_import_lets_every_concurrent_expense_through(
        db_url: str, tmp_path: Path) -> None:
    """A 30,000-row import runs in one thread while another connection adds expenses in
    a loop until it is over: none fails, none is lost, every account lands."""
    from fieldrep.importing.service import import_accounts, plan_import

    importer, writer = open_store(db_url), open_store(db_url)
    plan = plan_import(_accounts_csv(tmp_path / "big.csv", IMPORT_ROWS))
    results: list[object] = []

    def run_import() -> None:
        try:
            results.append(import_accounts(importer, plan))
        except BaseException as exc:  # reported by the main thread
            results.append(exc)

    thread = threading.Thread(target=run_import)
    thread.start()
    added: list[int] = []
    failures: list[BaseException] = []
    while thread.is_alive() or len(added) < 5:
        try:
            record = add_expense(writer, ExpenseEntry(date(2026, 3, 2), Category.PARKING,
                                                      Decimal("4.20"), "EUR",
                                                      notes=f"meter {len(added)}"))
            assert record.id is not None
            added.append(record.id)
        except Exception as exc:  # every failure is the finding
            failures.append(exc)
            break
    thread.join()
    assert failures == []
    (result,) = results
    assert not isinstance(result, BaseException), result
    assert count_accounts(writer) == IMPORT_ROWS
    kept = list_expenses(writer)
    assert sorted(r.id for r in kept) == sorted(added)
    assert {r.entry.notes for r in kept} == {f"meter {n}" for n in range(len(added))}
    importer.close()
    writer.close()


def test_an_import_that_fails_in_its_write_leaves_the_store_as_it_was(
        store: Store, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between the import's preparation and its write another program takes one of the
    file's external ids: the write is refused whole, the other program's account stays."""
    from fieldrep.importing import saving
    from fieldrep.importing.service import ImportFailed, import_accounts, plan_import

    add_account(store, AccountData(name="Before", tier="B", cadence_days=30))
    real = saving.find_duplicates

    def duplicates_then_a_rival(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        rival = open_store(db_url)
        add_account(rival, AccountData(name="Rival", external_id="X7", tier="A",
                                       cadence_days=14))
        rival.close()
        return found

    monkeypatch.setattr(saving, "find_duplicates", duplicates_then_a_rival)
    with pytest.raises(ImportFailed, match="nothing was saved"):
        import_accounts(store, plan_import(_accounts_csv(tmp_path / "a.csv", 50)))
    with store.unit_of_work() as uow:
        assert sorted(uow.session.scalars(select(Account.name))) == ["Before", "Rival"]
