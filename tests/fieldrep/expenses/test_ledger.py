"""Expenses, mileage and expense reports on a real SQLite store.

The data: a fortnight across the new year with expenses in EUR, CHF, USD and GBP, a
planned day in 2025 and a day with a recorded distance in 2026 (the mileage rate changes
on 1 January), the commute left out.  Every figure below was worked out by hand.
"""

from __future__ import annotations

import csv
import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.common.paths import receipts_dir
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.ledger import (
    add_expense,
    delete_expense,
    list_expenses,
    update_expense,
)
from fieldrep.expenses.mileage_service import driven_days, mileage_lines, save_mileage
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.expenses.receipts import ReceiptError
from fieldrep.expenses.records import ExpenseError, MileageSource, ReportStatus
from fieldrep.expenses.report_service import (
    WarningsToConfirm,
    approve_report,
    create_report,
    get_report,
    mark_reimbursed,
    reopen_report,
    report_document,
    submit_report,
    warnings_by_expense,
    write_expense_report,
)
from fieldrep.store import Store, UnitOfWork
from fieldrep.store.models import Plan, PlanDay, PlanStop, Visit
from fieldrep.usecases.settings import set_settings

D = Decimal
START, END = date(2025, 12, 29), date(2026, 1, 9)
HOME = (45.764, 4.8357)
RATES = json.dumps([
    {"from": "2025-01-01", "to": "2025-12-31", "rate": "0.603", "unit": "km",
     "currency": "EUR", "label": "2025 rate"},
    {"from": "2026-01-01", "rate": "0.636", "unit": "km", "currency": "EUR",
     "label": "2026 rate"},
])
# 2025-12-31 planned: 20 + 45 + 20 km, the 40 km from and to home left out: 45.0 × 0.603
# = 27.135 → 27.14.  2026-01-02: 130 km recorded, the plan's 10 km each way left out:
# 110.0 × 0.636 = 69.96.
MILEAGE = D("27.14") + D("69.96")
EXPENSES = D("45.50") + D("23.43") + D("118.87") + D("102.09")
OWED = EXPENSES - D("118.87") + MILEAGE


def plan_day(store: Store, day: date, legs: list[int], last_leg: int,
             driven: int | None = None) -> int:
    with store.unit_of_work() as uow:
        row = PlanDay(
            day=day, start_label="Home", start_lat=HOME[0], start_lon=HOME[1],
            end_label="Home", end_lat=HOME[0], end_lon=HOME[1], departure=time(8, 30),
            return_time=time(17, 0), drive_seconds=3600, distance_metres=sum(legs) + last_leg,
            meeting_seconds=3600, idle_seconds=0, break_seconds=0, last_leg_metres=last_leg,
            last_leg_seconds=900, driven_metres=driven)
        row.stops = [PlanStop(position=n, name=f"Stop {n + 1}", arrival=time(9 + n),
                              start=time(9 + n), end=time(9 + n, 30), wait_minutes=0,
                              leg_metres=m, leg_seconds=600) for n, m in enumerate(legs)]
        plan = Plan(kind="day", first_day=day, days=[row])
        uow.session.add(plan)
        uow.commit()
        return row.id


def photo(tmp_path: Path, name: str = "lunch.jpg",
          colour: tuple[int, int, int] = (250, 240, 200)) -> Path:
    path = tmp_path / name
    Image.new("RGB", (600, 900), colour).save(path)
    return path


@pytest.fixture
def month(store: Store, tmp_path: Path) -> Store:
    set_settings(store, {"currency": "EUR", "mileage.rates": RATES,
                         "mileage.exclude_commute": "yes", "home.lat": str(HOME[0]),
                         "home.lon": str(HOME[1]), "rep.name": "Jean Dupont",
                         "policy.meals_per_day": "60", "policy.receipt_above": "50"})
    plan_day(store, date(2025, 12, 31), [20_000, 45_000], 20_000)
    plan_day(store, date(2026, 1, 2), [10_000, 50_000], 10_000, driven=130_000)
    add_expense(store, ExpenseEntry(
        date(2025, 12, 30), Category.MEALS, D("45.50"), "EUR", tax=D("4.14"),
        merchant='=HYPERLINK("http://x","Brasserie")', attendees=("Dr Martin",)),
        receipts=[ReceiptFile(photo(tmp_path))])
    add_expense(store, ExpenseEntry(date(2025, 12, 30), Category.MEALS, D("22.00"), "CHF",
                                    D("1.0652"), merchant="Café du Lac"))
    add_expense(store, ExpenseEntry(date(2026, 1, 2), Category.LODGING, D("129.00"), "USD",
                                    D("0.9215"), merchant="Hotel Lakeside",
                                    paid_by=PaidBy.COMPANY, reimbursable=False))
    add_expense(store, ExpenseEntry(date(2026, 1, 5), Category.TRAIN, D("87.35"), "GBP",
                                    D("1.1687"), merchant="Eurostar"))
    saved = save_mileage(store, START, END)
    assert [r.entry.amount for r in saved.saved] == [D("27.14"), D("69.96")]
    return store


def test_totals_are_exact_to_the_cent_across_currencies_and_the_rate_change(
        month: Store) -> None:
    report = create_report(month, START, END)
    assert report.lines == 6 and report.status is ReportStatus.DRAFT
    document = report_document(month, report_id=report.id)
    summary = {line.label: line.value for line in document.report.summary}
    assert summary["Expenses"].amount == EXPENSES == D("289.89")
    assert summary["Mileage"].amount == MILEAGE == D("97.10")
    assert summary["Total"].amount == D("386.99")
    assert summary["Owed to the rep"].amount == OWED == D("268.12")
    assert summary["Paid by the company"].amount == D("118.87")
    assert summary["Report"] == f"#{report.id} 2025-12-29 to 2026-01-09, draft"
    days = {d.day: d for d in driven_days(month, START, END)}
    assert days[date(2026, 1, 2)].source is MileageSource.DRIVEN
    assert days[date(2026, 1, 2)].planned_m == 70_000
    assert days[date(2025, 12, 31)].source is MileageSource.PLAN


def test_meals_over_the_daily_limit_are_flagged_on_their_expenses(month: Store) -> None:
    document = report_document(month, first=START, last=END)
    flagged = warnings_by_expense(document)
    meals = [r.id for r in document.records if r.entry.category is Category.MEALS]
    assert all("over the daily limit of 60.00 EUR by 8.93 EUR" in " ".join(flagged[i])
               for i in meals)
    eurostar = next(r for r in document.records if r.entry.merchant == "Eurostar")
    assert "has no receipt" in " ".join(flagged[eurostar.id])


def test_a_submitted_report_is_locked_until_reopened_and_its_history_is_kept(
        month: Store, tmp_path: Path) -> None:
    report = create_report(month, START, END, title="Year-end trip", trip=True)
    with pytest.raises(WarningsToConfirm, match="to check before it is submitted"):
        submit_report(month, report.id)  # its warnings are listed first
    assert get_report(month, report.id).status is ReportStatus.DRAFT
    submitted = submit_report(month, report.id, confirmed=True)
    assert submitted.status is ReportStatus.SUBMITTED
    expenses = list_expenses(month, report_id=report.id)
    train = next(r for r in expenses if r.entry.category is Category.TRAIN)
    assert train.locked
    changed = ExpenseEntry(train.entry.day, Category.TRAIN, D("10.00"), "EUR")
    with pytest.raises(ExpenseError, match=r"in report #\d+ Year-end trip, which is "
                                           r"submitted: it cannot be changed; reopen"):
        update_expense(month, train.id, changed)
    with pytest.raises(ExpenseError, match="cannot be deleted"):
        delete_expense(month, train.id)
    with pytest.raises(ExpenseError, match="locked; reopen it"):
        add_expense(month, ExpenseEntry(date(2026, 1, 6), Category.PARKING, D("4.20"), "EUR"),
                    report_id=report.id)
    assert save_mileage(month, START, END).skipped == (
        "2025-12-31: its mileage is in a submitted report",
        "2026-01-02: its mileage is in a submitted report")
    assert [r.entry.amount for r in list_expenses(month, report_id=report.id)] == \
        [r.entry.amount for r in expenses]
    with pytest.raises(ExpenseError, match="say why"):
        reopen_report(month, report.id, "  ")
    reopen_report(month, report.id, "the train was booked twice", by="Jean")
    update_expense(month, train.id, changed)
    submit_report(month, report.id, confirmed=True, by="Jean")
    with pytest.raises(ExpenseError, match="only a submitted report can be reopened"):
        reopen_report(month, approve_report(month, report.id, by="Anna").id, "late")
    mark_reimbursed(month, report.id, by="Accounts")
    history = get_report(month, report.id).history
    locked = f"expense #{train.id} (2026-01-05, 87.35 GBP) is in report #{report.id} " \
        "Year-end trip, which is submitted"
    assert [(e.action, e.by, e.reason) for e in history] == [
        ("submitted", "Jean Dupont", ""),
        # Every refused attempt is kept, with what was tried and why it was refused.
        ("refused", "Jean Dupont", f"change expense #{train.id}: {locked}: it cannot be "
                                   "changed; reopen the report first"),
        ("refused", "Jean Dupont", f"delete expense #{train.id}: {locked}: it cannot be "
                                   "deleted; reopen the report first"),
        ("refused", "Jean Dupont", f"add an expense of 2026-01-06 (4.20 EUR): report "
                                   f"#{report.id} Year-end trip is submitted: its lines are "
                                   "locked; reopen it to add an expense"),
        ("reopened", "Jean", "the train was booked twice"),
        # The old values of a line changed while the report was reopened.
        ("line changed", "Jean Dupont", f"expense #{train.id}: amount 87.35 → 10.00; "
                                        "currency 'GBP' → 'EUR'; rate 1.1687 → none; "
                                        "merchant 'Eurostar' → ''"),
        ("submitted", "Jean", ""), ("approved", "Anna", ""),
        ("refused", "Jean Dupont", f"reopen the report: report #{report.id} Year-end trip is "
                                   "approved: only a submitted report can be reopened"),
        ("reimbursed", "Accounts", "")]
    assert get_report(month, report.id).status is ReportStatus.REIMBURSED


def test_the_exports_neutralise_formulas_and_the_pdf_holds_the_totals(
        month: Store, tmp_path: Path) -> None:
    report = create_report(month, START, END)
    csv_path = write_expense_report(month, tmp_path / "out.csv", report_id=report.id)
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert ["Total", "386.99 EUR"] in lines
    cells = [cell for line in lines for cell in line]
    assert "'=HYPERLINK(\"http://x\",\"Brasserie\")" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    book = load_workbook(write_expense_report(month, tmp_path / "out.xlsx",
                                              report_id=report.id))
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert book["Expenses"]["C5"].value.startswith("=HYPERLINK")
    pdf = write_expense_report(month, tmp_path / "out.pdf", report_id=report.id)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("Expense report — Jean Dupont", "386.99 EUR", "268.12 EUR", "289.89",
                     "97.10", "2025 rate", "2026 rate", "22.00 CHF", "Receipts",
                     "2025-12-30 · Meals"):
        assert expected in text, expected


def test_bad_input_is_refused_and_nothing_is_saved(month: Store, tmp_path: Path) -> None:
    before = list_expenses(month)
    folder = tmp_path / "receipts"
    files_before = sorted(p.name for p in folder.iterdir())
    not_an_image = tmp_path / "notes.txt"
    not_an_image.write_text("not a receipt")
    lunch = ExpenseEntry(date(2026, 1, 6), Category.MEALS, D("12.00"), "EUR")
    with pytest.raises(ReceiptError, match="not a receipt FieldRep can keep"):
        add_expense(month, lunch, receipts=[ReceiptFile(photo(tmp_path, "ok.png")),
                                            ReceiptFile(not_an_image)])
    with pytest.raises(ReceiptError, match="cannot contain a folder"):
        add_expense(month, lunch, receipts=[ReceiptFile(photo(tmp_path), "../../etc/x.jpg")])
    with pytest.raises(ExpenseError, match="needs its exchange rate to EUR"):
        add_expense(month, ExpenseEntry(date(2026, 1, 6), Category.MEALS, D("12.00"), "USD"))
    report = create_report(month, date(2026, 2, 1), date(2026, 2, 28))
    assert report.title == "February 2026"
    with pytest.raises(ExpenseError, match="2026-01-06 is outside report"):
        add_expense(month, lunch, report_id=report.id)
    with pytest.raises(ExpenseError, match="no account #999"):
        add_expense(month, ExpenseEntry(date(2026, 1, 6), Category.MEALS, D("1.00"), "EUR",
                                        account_id=999))
    assert list_expenses(month) == before
    assert sorted(p.name for p in folder.iterdir()) == files_before


def test_the_same_receipt_is_kept_once_and_a_new_expense_joins_its_draft_report(
        month: Store, tmp_path: Path) -> None:
    report = create_report(month, START, END)
    receipt = photo(tmp_path, "taxi.jpg", (200, 220, 250))
    first = add_expense(month, ExpenseEntry(date(2026, 1, 7), Category.OTHER, D("30.00"), "EUR",
                                            merchant="Taxi"), receipts=[ReceiptFile(receipt)])
    assert first.report_id == report.id
    assert first.receipts[0].original_name == "taxi.jpg"
    assert (tmp_path / "receipts" / first.receipts[0].stored_name).is_file()
    again = add_expense(month, ExpenseEntry(date(2026, 1, 8), Category.OTHER, D("30.00"),
                                            "EUR"), receipts=[ReceiptFile(receipt, "copy.jpg")])
    assert again.receipts[0].stored_name == first.receipts[0].stored_name
    flagged = warnings_by_expense(report_document(month, report_id=report.id))
    assert "the same receipt is attached to 2 expenses" in " ".join(flagged[again.id])


def test_receipts_live_beside_the_store_unless_a_folder_is_named(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FIELDREP_RECEIPTS", raising=False)
    assert receipts_dir(f"sqlite:///{tmp_path / 'a' / 'fieldrep.sqlite3'}") == \
        tmp_path / "a" / "receipts"
    monkeypatch.setenv("FIELDREP_RECEIPTS", str(tmp_path / "elsewhere"))
    assert receipts_dir("postgresql+psycopg://rep@host/fieldrep") == tmp_path / "elsewhere"


def test_a_save_that_fails_removes_the_receipts_it_copied(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_self: UnitOfWork) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(UnitOfWork, "commit", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        add_expense(store, ExpenseEntry(date(2026, 1, 6), Category.MEALS, D("12.00"), "EUR"),
                    receipts=[ReceiptFile(photo(tmp_path))])
    monkeypatch.undo()
    assert list_expenses(store) == []
    assert not [p for p in (tmp_path / "receipts").iterdir() if not p.name.startswith(".")]


def test_mileage_from_the_visits_follows_the_check_ins(store: Store) -> None:
    set_settings(store, {"mileage.rates": RATES, "home.lat": str(HOME[0]),
                         "home.lon": str(HOME[1])})
    day = date(2026, 1, 12)
    ids = {}
    for name, lat, lon in (("Clinique Nord", 45.80, 4.84), ("Pharmacie Sud", 45.72, 4.83)):
        ids[name] = add_account(store, AccountData(name, lat=lat, lon=lon)).id
    with store.unit_of_work() as uow:
        for name, at in (("Pharmacie Sud", time(14)), ("Clinique Nord", time(9))):
            uow.session.add(Visit(account_id=ids[name], account_name=name, day=day,
                                  mode="in_person", check_in=at, outcome="completed"))
        uow.commit()
    plan_day(store, day, [1_000], 1_000)
    [line] = mileage_lines(store, day, day, commute=False)
    assert line.driven.source is MileageSource.VISITS
    assert line.driven.route() == "home → Clinique Nord → Pharmacie Sud → home"
    assert line.driven.planned_m == 2_000 and line.driven.visited_m == line.driven.metres
    assert 15_000 < line.driven.metres < 40_000
    assert line.priced.amount == (line.priced.distance * D("0.636")).quantize(D("0.01"))
    [without_commute] = mileage_lines(store, day, day, commute=True)
    assert without_commute.priced.claimed_m == line.driven.legs[1].metres
    [planned] = mileage_lines(store, day, day, source=MileageSource.PLAN, commute=False)
    assert planned.driven.metres == 2_000


def test_a_mileage_expense_changed_by_hand_no_longer_claims_its_distance(
        store: Store) -> None:
    from fieldrep.expenses.mileage_service import odometer_mileage
    from fieldrep.expenses.settings import expense_settings

    set_settings(store, {"mileage.rates": RATES})
    day = date(2026, 1, 7)
    entry, details = odometer_mileage(expense_settings(store).rates, day, 1000, 1050)  # 50 km
    saved = add_expense(store, entry, mileage=details)
    assert saved.entry.amount == D("31.80")
    changed = update_expense(store, saved.entry.id, ExpenseEntry(
        day, Category.MILEAGE, D("99.00"), "EUR"))
    assert not changed.is_priced_mileage  # 99.00 is not 50.0 km × 0.636
    text = " ".join(str(c) for s in report_document(store, first=day, last=day).report.sections
                    for row in s.rows for c in row)
    assert "50.0" not in text and "99.00" in text


def test_mileage_marked_not_reimbursable_is_not_owed_to_the_rep(store: Store) -> None:
    from fieldrep.expenses.mileage_service import odometer_mileage
    from fieldrep.expenses.report_service import expense_overview
    from fieldrep.expenses.settings import expense_settings

    set_settings(store, {"mileage.rates": RATES})
    day = date(2026, 1, 7)
    entry, details = odometer_mileage(expense_settings(store).rates, day, 1000, 1050)
    add_expense(store, ExpenseEntry(day, Category.MILEAGE, entry.amount, "EUR",
                                    paid_by=PaidBy.COMPANY, reimbursable=False),
                mileage=details)
    add_expense(store, ExpenseEntry(day, Category.PARKING, D("4.00"), "EUR"))
    overview = expense_overview(store, day, day)
    assert (overview.total, overview.owed_to_rep) == (D("35.80"), D("4.00"))
    summary = {line.label: line.value for line in
               report_document(store, first=day, last=day).report.summary}
    owed = next(v for k, v in summary.items() if "owed" in k.lower())
    assert "4.00" in str(getattr(owed, "amount", owed))


def test_two_mileage_expenses_on_one_day_are_flagged(store: Store) -> None:
    from fieldrep.expenses.mileage_service import odometer_mileage
    from fieldrep.expenses.report_service import expense_overview
    from fieldrep.expenses.settings import expense_settings

    set_settings(store, {"mileage.rates": RATES})
    day = date(2026, 1, 7)
    saved = []
    for start, end in ((1000, 1050), (2000, 2600)):
        entry, details = odometer_mileage(expense_settings(store).rates, day, start, end)
        saved.append(add_expense(store, entry, mileage=details))
    overview = expense_overview(store, day, day)
    for record in saved:
        assert "2 mileage expenses on one day" in " ".join(overview.warnings[record.entry.id])
    document = report_document(store, first=day, last=day)
    assert any("2 mileage expenses" in w.message for w in document.warnings)
