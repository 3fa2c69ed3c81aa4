"""Fuzz-style: every kind of bad input a rep can type ends in one line on stderr and exit
code 2, never a traceback, and changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fieldrep.cli.main import main
from tests.fieldrep.expenses.receipt_samples import heic_receipt, html_as_pdf, png_bomb

TOO_BIG = str(2**63)  # one past the largest id a store holds
HUGE = "9" * 40
BAD_IDS = [
    ["expense", "delete", TOO_BIG],
    ["expense", "delete", HUGE],
    ["expense", "delete", "-1"],
    ["expense", "delete", "0"],
    ["expense", "delete", "twelve"],
    ["expense", "list", "--report", TOO_BIG],
    ["expense", "report", "submit", TOO_BIG],
    ["expense", "report", "reimburse", HUGE],
    ["expense", "report", "delete", TOO_BIG],
    ["expense", "report", "reopen", TOO_BIG, "--reason", "typo"],
    ["expense", "add", "--date", "today", "--category", "Meals", "--amount", "5",
     "--visit", TOO_BIG],
    ["expense", "add", "--date", "today", "--category", "Meals", "--amount", "5",
     "--report", HUGE],
    ["expense", "add", "--date", "today", "--category", "Meals", "--amount", "5",
     "--account", TOO_BIG],
    ["expense", "add", "--date", "today", "--category", "Mileage", "--odometer", "1", HUGE],
    ["plan", "show", TOO_BIG],
    ["plan", "driven", HUGE, "--km", "12"],
    ["plan", "day", "--date", "2026-03-03", "--accounts", f"1,{TOO_BIG}"],
    ["plan", "day", "--date", "2026-03-03", "--max-drive", TOO_BIG],
    ["plan", "day", "--date", "2026-03-03", "--seconds", "nan"],
    ["plan", "day", "--date", "2026-03-03", "--seconds", "1e308"],
    ["plan", "day", "--date", "2026-13-03"],
    ["plan", "week", "--from", "2026-03-02", "--days", HUGE],
    ["plan", "week", "--from", "2026-03-02", "--days", "100000000"],
    ["report", "expenses", "--id", TOO_BIG, "-o", "x.csv"],
    ["visit", "log", TOO_BIG, "--outcome", "completed"],
    ["visit", "history", HUGE],
    ["visit", "log", "1", "--outcome", "completed", "--follow-up", "today",
     "--follow-up-at", "10:00", "--follow-up-minutes", TOO_BIG],
    ["due", "--limit", HUGE],
    ["geocode", "--limit", TOO_BIG],
]


def run_refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI in-process; check it refused in one line with exit 2; the line."""
    try:
        code = main(list(args))
    except SystemExit as exit_info:  # argparse's refusals
        code = exit_info.code
    out, err = capsys.readouterr()
    assert code == 2, (args, out, err)
    assert err.count("\n") == 1 and err.startswith("fieldrep"), (args, err)
    assert "Traceback" not in err and out == "", (args, out, err)
    return err


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'store.sqlite3'}"
    assert main(["--db", url, "demo"]) == 0
    assert main(["--db", url, "settings", "home.lat", "45.76", "home.lon", "4.84"]) == 0
    return url


@pytest.mark.parametrize("args", BAD_IDS, ids=lambda a: " ".join(a)[:60])
def test_bad_ids_and_numbers_are_one_line_and_exit_2(
        demo_store: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    run_refused(capsys, "--db", demo_store, *args)


def test_hostile_receipts_are_refused_in_one_line_naming_the_reason(
        db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "scan.jpg"
    with big.open("wb") as handle:
        handle.write(b"\xff\xd8\xff\xe0")
        handle.truncate(25 * 1024 * 1024)
    fake_heic = tmp_path / "IMG.HEIC"
    fake_heic.write_bytes(heic_receipt(tmp_path / "x.heic").read_bytes()[:40])
    cases = [
        (png_bomb(tmp_path / "bomb.png"), "81 megapixels"),
        (html_as_pdf(tmp_path / "invoice.pdf"), "not a readable PDF"),
        (big, "25.0 MB is too large for a receipt (at most 20 MB)"),
        (fake_heic, "not a readable HEIC photo"),
        (tmp_path / "missing.jpg", "no such file"),
    ]
    for receipt, reason in cases:
        err = run_refused(capsys, "--db", db_url, "expense", "add", "--date", "2026-03-02",
                          "--category", "Meals", "--amount", "12.50", "--receipt",
                          str(receipt))
        assert reason in err, err
    assert main(["--db", db_url, "expense", "list"]) == 0
    assert "0 expenses" in capsys.readouterr().out
    receipts = tmp_path / "receipts"
    assert not receipts.exists() or [p.name for p in receipts.iterdir()] == []


def test_a_huge_id_in_a_real_process_is_one_line_and_exit_2(db_url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "fieldrep", "--db", db_url, "plan", "show",
                           TOO_BIG], cwd=Path(__file__).parents[3], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"fieldrep plan show: error: argument PLAN_ID: '{TOO_BIG}' is not "
                           "an id: ids run from 1 to 9,223,372,036,854,775,807 (see fieldrep "
                           "plan show --help)\n")
