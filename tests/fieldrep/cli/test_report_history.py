"""``fieldrep expense report …`` on a shared store: a move another client made first is
refused in one line, and the report's history shows the refusal, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from fieldrep.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_refused_move_is_one_line_and_kept_in_the_history(
        any_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", any_db_url)
    assert run(capsys, *db, "settings", "rep.name", "Jean Dupont")[0] == 0
    code, _out, err = run(capsys, *db, "expense", "add", "--date", "2026-03-02", "--category",
                          "parking", "--amount", "12")
    assert code == 0, err
    for step in (("new", "--from", "2026-03-01", "--to", "2026-03-31"), ("submit", "1"),
                 ("approve", "1"), ("reimburse", "1")):
        code, _out, err = run(capsys, *db, "expense", "report", *step)
        assert code == 0, err

    code, out, err = run(capsys, *db, "expense", "report", "reopen", "1", "--reason", "late")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "fieldrep: error: report #1 March 2026 is reimbursed: only a submitted report can be "
        "reopened"]
    code, out, _err = run(capsys, *db, "expense", "report", "list")
    assert code == 0
    # On PostgreSQL each move is made by the database login, on SQLite by the rep.
    who = "Jean Dupont" if any_db_url.startswith("sqlite") else "fieldrep"
    assert [line.strip().split(" ", 2)[-1] for line in out.splitlines()[1:]] == [
        f"submitted by {who}", f"approved by {who}", f"reimbursed by {who}",
        f"refused by {who}: reopen the report: report #1 March 2026 is reimbursed: only "
        "a submitted report can be reopened"]
