"""``fieldrep expense …``, ``fieldrep mileage`` and ``fieldrep report expenses`` on a real
store."""

from __future__ import annotations

import csv
import json
from datetime import date, time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from fieldrep.cli.main import main
from fieldrep.store import open_store
from fieldrep.store.models import Plan, PlanDay, PlanStop

RATES = json.dumps([
    {"from": "2025-01-01", "to": "2025-12-31", "rate": "0.603", "unit": "km",
     "currency": "EUR", "label": "2025 rate"},
    {"from": "2026-01-01", "rate": "0.636", "unit": "km", "currency": "EUR",
     "label": "2026 rate"},
])


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, _out, err = run(capsys, "--db", db_url, "settings", "mileage.rates", RATES,
                          "home.lat", "45.764", "home.lon", "4.8357")
    assert code == 0, err
    return db_url


def add(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> dict[str, object]:
    code, out, err = run(capsys, "--db", db, "expense", "add", "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_add_list_and_report_expenses_in_several_currencies(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    receipt = tmp_path / "dinner.png"
    Image.new("RGB", (300, 400), (240, 230, 210)).save(receipt)
    dinner = add(capsys, db, "--date", "2026-01-05", "--category", "client entertainment",
                 "--amount", "86,40", "--merchant", "@Le Bouchon", "--attendee", "Dr Martin",
                 "--attendee", "Mme Roux", "--receipt", str(receipt), "--tax", "7.85")
    assert dinner["amount"] == "86.40" and dinner["attendees"] == ["Dr Martin", "Mme Roux"]
    assert dinner["receipts"] == ["dinner.png"]
    add(capsys, db, "--date", "2026-01-06", "--category", "train", "--amount", "87.35",
        "--currency", "gbp", "--rate", "1.1687")
    add(capsys, db, "--date", "2026-01-07", "--category", "lodging", "--amount", "129",
        "--currency", "USD", "--rate", "0.9215", "--paid-by", "company")
    code, out, _err = run(capsys, "--db", db, "expense", "list", "--from", "2026-01-01",
                          "--to", "2026-01-31")
    assert code == 0
    assert "87.35 GBP, at 1.1687 = 102.09 EUR" in out and out.strip().endswith("3 expenses")
    code, out, _err = run(capsys, "--db", db, "expense", "list", "--json")
    assert [e["reimbursable"] for e in json.loads(out)] == [True, True, False]
    target = tmp_path / "january"
    code, out, err = run(capsys, "--db", db, "report", "expenses", "--from", "2026-01-01",
                         "--to", "2026-01-31", "--format", "csv", "-o", str(target))
    assert code == 0, err
    with (tmp_path / "january.csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    # 86.40 + 102.09 + 118.87 = 307.36; owed to the rep: 188.49
    assert ["Total", "307.36 EUR"] in lines and ["Owed to the rep", "188.49 EUR"] in lines
    assert "'@Le Bouchon" in [cell for line in lines for cell in line]
    code, out, err = run(capsys, "--db", db, "report", "expenses", "--from", "2026-01-01",
                         "--to", "2026-01-31", "-o", str(tmp_path / "january.pdf"))
    assert code == 0, err
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "january.pdf").pages)
    assert "307.36 EUR" in text and "dinner.png" in text


def test_mileage_prints_the_days_and_saves_them_across_the_rate_change(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db)
    with store.unit_of_work() as uow:
        for day, legs, back in ((date(2025, 12, 31), [20_000, 45_000], 20_000),
                                (date(2026, 1, 2), [10_000, 60_000], 40_000)):
            row = PlanDay(day=day, start_label="Home", start_lat=45.764, start_lon=4.8357,
                          end_label="Home", end_lat=45.764, end_lon=4.8357,
                          departure=time(8), return_time=time(17), drive_seconds=1,
                          distance_metres=1, meeting_seconds=1, idle_seconds=0,
                          break_seconds=0, last_leg_metres=back, last_leg_seconds=1)
            row.stops = [PlanStop(position=n, name=f"Client {n + 1}", arrival=time(9),
                                  start=time(9), end=time(10), wait_minutes=0, leg_metres=m,
                                  leg_seconds=1) for n, m in enumerate(legs)]
            uow.session.add(Plan(kind="day", first_day=day, days=[row]))
        uow.commit()
    store.close()
    code, out, err = run(capsys, "--db", db, "mileage", "--from", "2025-12-29", "--to",
                         "2026-01-04", "--exclude-commute")
    assert code == 0, err
    # 45.0 km × 0.603 = 27.135 → 27.14; 60.0 km × 0.636 = 38.16
    assert "45.0 km × 0.603 EUR (2025 rate) = 27.14 EUR" in out
    assert "60.0 km × 0.636 EUR (2026 rate) = 38.16 EUR" in out
    assert "home → Client 1 → Client 2 → home" in out and "2 days: 65.30 EUR" in out
    code, out, _err = run(capsys, "--db", db, "mileage", "--from", "2025-12-29", "--to",
                          "2026-01-04", "--save")
    assert "2 mileage expenses saved" in out and "110.0 km × 0.636" in out
    code, out, _err = run(capsys, "--db", db, "mileage", "--from", "2025-12-29", "--to",
                          "2026-01-04", "--save")
    code, out, _err = run(capsys, "--db", db, "expense", "list", "--json")
    assert [(e["date"], e["amount"]) for e in json.loads(out)] == [
        ("2025-12-31", "51.26"), ("2026-01-02", "69.96")]


def test_a_submitted_report_refuses_changes_until_reopened(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    parking = add(capsys, db, "--date", "2026-02-03", "--category", "parking", "--amount", "4.20")
    code, out, _err = run(capsys, "--db", db, "expense", "report", "new", "--from",
                          "2026-02-01", "--to", "2026-02-28")
    assert code == 0 and "#1 February 2026" in out and "1 expenses" in out
    assert run(capsys, "--db", db, "expense", "report", "submit", "1")[0] == 0
    code, _out, err = run(capsys, "--db", db, "expense", "delete", str(parking["id"]))
    assert code == 2
    assert err.strip().endswith("which is submitted: it cannot be deleted; reopen the "
                                "report first")
    code, out, _err = run(capsys, "--db", db, "expense", "report", "reopen", "1", "--reason",
                          "parking receipt missing")
    assert code == 0 and "reopened by" in out and "parking receipt missing" in out
    assert run(capsys, "--db", db, "expense", "delete", str(parking["id"]))[0] == 0
    code, out, _err = run(capsys, "--db", db, "expense", "report", "list")
    assert "#1 February 2026 (2026-02-01 to 2026-02-28, draft): 0 expenses" in out
    assert "submitted by" in out and "reopened by" in out
    assert run(capsys, "--db", db, "expense", "report", "delete", "1")[0] == 0
    code, out, _err = run(capsys, "--db", db, "expense", "report", "list")
    assert out.startswith("no expense report yet")


@pytest.mark.parametrize(("args", "reason"), [
    (["--amount", "-5"], "cannot be negative"),
    (["--amount", "2000000"], "typing slip"),
    (["--amount", "12.3456"], "more than two decimals"),
    (["--amount", "1,500"], "ambiguous: 1500 in some countries, 1.5 in others"),
    (["--amount", "12", "--currency", "EUX"], "not an ISO 4217 currency code"),
    (["--amount", "12", "--currency", "USD"], "needs its exchange rate to EUR"),
    (["--amount", "12", "--category", "snacks"], "not an expense category"),
    (["--amount", "12", "--report", "1"], "outside report #1"),
    (["--amount", "12", "--receipt", "NOTES"], "not a receipt FieldRep can keep"),
    (["--amount", "12", "--receipt", "PHOTO", "--receipt-name", "../x.jpg"],
     "cannot contain a folder"),
])
def test_bad_expenses_end_with_a_reason_and_exit_2(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        reason: str) -> None:
    assert run(capsys, "--db", db, "expense", "report", "new", "--from", "2026-03-01",
               "--to", "2026-03-31")[0] == 0
    notes = tmp_path / "notes.txt"
    notes.write_text("=1+1")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (50, 50)).save(photo)
    args = [{"NOTES": str(notes), "PHOTO": str(photo)}.get(a, a) for a in args]
    if "--category" not in args:
        args += ["--category", "meals"]
    code, out, err = run(capsys, "--db", db, "expense", "add", "--date", "2026-04-02", *args)
    assert code == 2 and not out
    assert err.startswith("fieldrep: error: ") and reason in err and len(err.splitlines()) == 1
    assert json.loads(run(capsys, "--db", db, "expense", "list", "--json")[1]) == []
