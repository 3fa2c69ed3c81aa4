"""How an import ends: saved, checked only, cancelled or failed, each as a value."""

from pathlib import Path

from sqlalchemy import text

from fieldrep.accounts.service import count_accounts
from fieldrep.importing.outcome import run_import
from fieldrep.importing.service import plan_import
from fieldrep.store import Store
from tests.conftest import write


def test_a_completed_import_is_saved(tmp_path: Path, store: Store) -> None:
    plan = plan_import(write(tmp_path / "a.csv", "name\nOne\nTwo\n"))
    outcome = run_import(store, plan)
    assert outcome.saved and outcome.result is not None and outcome.result.inserted == 2
    assert count_accounts(store) == 2


def test_a_check_only_run_reports_but_saves_nothing(tmp_path: Path, store: Store) -> None:
    plan = plan_import(write(tmp_path / "a.csv", "name\nOne\n"))
    outcome = run_import(store, plan, dry_run=True)
    assert not outcome.saved and outcome.result is not None and outcome.result.inserted == 1
    assert count_accounts(store) == 0


def test_a_cancelled_import_is_an_outcome(tmp_path: Path, store: Store) -> None:
    plan = plan_import(write(tmp_path / "a.csv", "name\nOne\n"))
    outcome = run_import(store, plan, cancelled=lambda: True)
    assert outcome.cancelled and outcome.result is None and not outcome.saved
    assert count_accounts(store) == 0


def test_a_failed_import_keeps_its_reason(tmp_path: Path, store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER full BEFORE INSERT ON accounts BEGIN "
                          "SELECT RAISE(ABORT, 'database or disk is full'); END"))
    plan = plan_import(write(tmp_path / "a.csv", "name\nOne\n"))
    outcome = run_import(store, plan)
    assert outcome.result is None and not outcome.cancelled
    assert outcome.failure == ("the store refused the import, nothing was saved: "
                               "database or disk is full")
