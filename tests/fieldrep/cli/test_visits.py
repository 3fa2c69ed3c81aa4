"""``fieldrep due``, ``fieldrep visit …`` and ``fieldrep report activity`` on a real store."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldrep.cli.main import main

TODAY = date.today()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "--db", db_url, "demo")[0] == 0
    return db_url


def test_log_a_visit_then_it_leaves_the_due_list_and_its_follow_up_tops_it(
        demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", demo, "due", "--json", "--limit", "500")
    assert code == 0
    before = json.loads(out)
    first = before[0]
    assert first["status"] == "never" and "never visited" in first["reasons"]
    code, out, err = run(
        capsys, "--db", demo, "visit", "log", str(first["account_id"]), "--outcome",
        "completed", "--date", "yesterday", "--in", "09:00", "--out", "09:45", "--order", "1250.50",
        "--notes", "Wants the winter range", "--follow-up",
        (TODAY + timedelta(days=1)).isoformat(), "--follow-up-at", "10:30",
        "--next-step", "demo of the range", "--competitor", "Acme")
    assert code == 0, err
    assert "order 1,250.50" in out and "appointment" in out
    _code, out, _err = run(capsys, "--db", demo, "due", "--json", "--limit", "500")
    assert first["account_id"] not in [s["account_id"] for s in json.loads(out)]
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    _code, out, _err = run(capsys, "--db", demo, "due", "--date", tomorrow, "--json")
    top = json.loads(out)[0]
    assert top["account_id"] == first["account_id"]
    assert top["appointment"] == "10:30"
    assert top["reasons"][0] == "appointment 10:30: demo of the range"


def test_bad_visits_end_with_a_reason_and_exit_2(
        demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (["--outcome", "completed", "--in", "10:00", "--out", "09:00"], "before check-in"),
        (["--outcome", "completed", "--date", (TODAY + timedelta(days=3)).isoformat()],
         "in the future"),
        (["--outcome", "no_one_there", "--date", (TODAY + timedelta(days=1)).isoformat()],
         "a visit can be marked no one there once it has happened"),
        (["--outcome", "completed", "--follow-up", (TODAY - timedelta(days=3)).isoformat()],
         "in the past"),
        (["--outcome", "splendid"], "is not an outcome"),
    ]
    for extra, words in cases:
        code, _out, err = run(capsys, "--db", demo, "visit", "log", "1", *extra)
        assert code == 2 and words in err, err
    code, _out, err = run(capsys, "--db", demo, "visit", "log", "Pharmacie", "--outcome",
                          "completed")
    assert code == 2 and "matches several accounts" in err
    _code, out, _err = run(capsys, "--db", demo, "visit", "list")
    assert out.strip() == "0 visits"


def test_brief_and_history_by_external_id(demo: str, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    run(capsys, "--db", demo, "visit", "log", "DEMO-0002", "--outcome", "completed",
        "--date", "yesterday", "--notes", "Line 3 stopped; needs spare parts",
        "--needs", "spare parts", "--competitor", "Würth")
    code, out, _err = run(capsys, "--db", demo, "visit", "brief", "DEMO-0002")
    assert code == 0
    assert "Ateliers Perrin Mécanique" in out and "needs: spare parts" in out
    assert "competitors mentioned: Würth" in out and "Line 3 stopped" in out
    _code, out, _err = run(capsys, "--db", demo, "visit", "history", "DEMO-0002")
    assert "Line 3 stopped; needs spare parts" in out


def test_report_activity_as_pdf(demo: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", demo, "visit", "log", "1", "--outcome", "completed", "--order", "80")
    run(capsys, "--db", demo, "visit", "log", "2", "--outcome", "completed", "--mode", "phone",
        "--order", "19.99")
    code, out, err = run(capsys, "--db", demo, "report", "activity", "--week", "today",
                         "--format", "pdf", "-o", str(tmp_path / "week"))
    assert code == 0, err
    assert "1 done in person (0 of 0 planned), 1 remote" in out
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "week.pdf").pages)
    assert "99.99" in text  # the order value, to the cent
    code, _out, err = run(capsys, "--db", demo, "report", "activity", "-o",
                          str(tmp_path / "x.pdf"))
    assert code == 2 and "--from D --to D" in err


def test_plan_a_day_with_the_accounts_due(demo: str, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    run(capsys, "--db", demo, "settings", "home.lat", "45.764", "home.lon", "4.8357")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    _code, out, _err = run(capsys, "--db", demo, "due", "--date", tomorrow, "--json",
                           "--limit", "60")
    due = [s["account_id"] for s in json.loads(out) if s["km"] is not None][:30]
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", tomorrow, "--due",
                         "--json", "--seconds", "0.5")
    assert code == 0, err
    planned = [s["account_id"] for d in json.loads(out)["days"] for s in d["stops"]]
    assert planned and set(planned) <= set(due)


def test_without_due_a_day_takes_the_nearest_accounts_even_when_none_is_due(
        demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    from fieldrep.planning.requests import nearest_accounts
    from fieldrep.store import open_store

    run(capsys, "--db", demo, "settings", "home.lat", "45.764", "home.lon", "4.8357")
    store = open_store(demo)
    try:
        nearest = nearest_accounts(store, (45.764, 4.8357))
        for account_id in nearest:  # everyone near is visited today: nothing is due
            run(capsys, "--db", demo, "visit", "log", str(account_id), "--outcome",
                "completed", "--date", "yesterday")
    finally:
        store.close()
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", tomorrow, "--json",
                         "--seconds", "0.3")
    assert code == 0, err
    planned = {s["account_id"] for d in json.loads(out)["days"] for s in d["stops"]}
    assert planned and planned <= set(nearest)


def test_texts_too_long_for_the_store_are_refused_with_the_reason(
        demo: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = [
        (["visit", "log", "1", "--outcome", "completed", "--contact", "x" * 201],
         "contact's name is longer than 200"),
        (["visit", "log", "1", "--outcome", "completed", "--competitor", "y" * 501],
         "competitors take more than 500"),
        (["expense", "add", "--date", "2026-11-20", "--category", "meals", "--amount", "9",
          "--merchant", "m" * 201], "merchant's name is 201 characters"),
        (["report", "activity", "--week", "9999-12-31", "-o", str(tmp_path / "a.csv")],
         "too far"),
    ]
    for args, words in cases:
        code, _out, err = run(capsys, "--db", demo, *args)
        assert code == 2 and words in err, err


def test_order_values_are_read_as_expense_amounts_are(
        demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", demo, "visit", "log", "1", "--outcome", "completed",
                         "--date", "yesterday", "--order", "1,234.50", "--json")
    assert code == 0, err
    assert json.loads(out)["order_value"] == "1234.50"
    for bad, words in (("-5", "cannot be negative"), ("12.3456", "more than two decimals"),
                       ("1.500", "ambiguous")):
        with pytest.raises(SystemExit):
            main(["--db", demo, "visit", "log", "1", "--outcome", "completed", "--order", bad])
        assert words in capsys.readouterr().err
