"""The command line where money becomes final: a report with policy warnings is submitted
only with ``--yes``, mileage for a day still to come is refused, several attendees follow
one ``--attendee``."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.cli.main import main
from fieldrep.planning.model import DayPlan, Place, PlannedStop, Totals
from fieldrep.planning.saved import save_plan
from fieldrep.store import open_store

RATES = json.dumps([{"from": "2020-01-01", "rate": "0.636", "unit": "km", "currency": "EUR",
                     "label": "rate"}])
TOMORROW = date.today() + timedelta(days=1)
HOME = Place("Home", 45.764, 4.8357)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "--db", db_url, "settings", "mileage.rates", RATES,
               "policy.meals_per_day", "40")[0] == 0
    return db_url


def expenses(capsys: pytest.CaptureFixture[str], db: str) -> list[dict[str, object]]:
    code, out, _err = run(capsys, "--db", db, "expense", "list", "--json")
    assert code == 0
    listed: list[dict[str, object]] = json.loads(out)
    return listed


def test_several_attendees_after_one_flag(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", db, "expense", "add", "--date", "2026-11-20",
                         "--category", "meals", "--amount", "24,50", "--attendee",
                         "Dr Martin", "Mme Roux", "--attendee", "M. Blanc", "--json")
    assert code == 0, err
    assert json.loads(out)["attendees"] == ["Dr Martin", "Mme Roux", "M. Blanc"]


def test_a_report_with_warnings_is_submitted_only_with_yes(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    for amount in ("32.50", "14.00"):  # 46.50 of meals on one day: above the 40 a day
        assert run(capsys, "--db", db, "expense", "add", "--date", "2026-03-03",
                   "--category", "meals", "--amount", amount)[0] == 0
    assert run(capsys, "--db", db, "expense", "report", "new", "--from", "2026-03-01",
               "--to", "2026-03-31")[0] == 0
    code, out, err = run(capsys, "--db", db, "expense", "report", "submit", "1")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "report #1 has 1 policy warning to check before it is submitted: 2026-03-03" in err
    assert err.strip().endswith("once checked, submit it with --yes")
    assert all(not e["locked"] for e in expenses(capsys, db))
    code, out, err = run(capsys, "--db", db, "expense", "report", "submit", "1", "--yes")
    assert code == 0, err
    assert "submitted" in out and all(e["locked"] for e in expenses(capsys, db))


def test_mileage_for_a_day_still_to_come_is_refused(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", db, "expense", "add", "--date", TOMORROW.isoformat(),
                         "--category", "mileage", "--odometer", "12040", "12125")
    assert code == 2 and out == ""
    assert err.strip() == (f"fieldrep: error: {TOMORROW:%a %d %b %Y} is still to come: "
                           "mileage is claimed once the day is driven")
    code, _out, err = run(capsys, "--db", db, "expense", "add", "--date", "tomorrow",
                          "--category", "mileage", "--amount", "12")
    assert code == 2 and "still to come" in err
    assert expenses(capsys, db) == []
    code, out, err = run(capsys, "--db", db, "expense", "add", "--date", "today",
                         "--category", "mileage", "--odometer", "12040", "12125")
    assert code == 0, err


def test_a_planned_day_still_to_come_is_neither_driven_nor_claimed(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db)
    stop = PlannedStop(1, "Clinique", time(9), time(9), time(9, 30), 0, 12_000, 900)
    add_account(store, AccountData(name="Clinique", lat=45.7, lon=4.8))
    plan_id = save_plan(store, [DayPlan(TOMORROW, HOME, HOME, time(8, 30), time(17), (stop,),
                                        (), Totals(1800, 24_000, 1800, 0, 0),
                                        last_leg_metres=12_000)])
    store.close()
    code, out, err = run(capsys, "--db", db, "plan", "driven", str(plan_id), "--km", "30")
    assert code == 2 and out == ""
    assert err.strip() == (f"fieldrep: error: {TOMORROW:%a %d %b %Y} is still to come: "
                           "record the distance driven on that day or after it")
    code, out, err = run(capsys, "--db", db, "mileage", "--from", "today", "--to",
                         TOMORROW.isoformat(), "--include-commute", "--save")
    assert code == 0, err
    assert f"{TOMORROW.isoformat()}: still to come, its mileage is claimed once the day is " \
           "driven" in out
    assert expenses(capsys, db) == []
