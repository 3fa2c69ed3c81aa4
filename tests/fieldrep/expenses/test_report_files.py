"""A month's expense report written to real CSV, XLSX and PDF files and read back.

The data: expenses in EUR, CHF, USD and GBP, a trip across the new year's mileage rate
change with the commute left out, two receipts (a photo and a PDF) and a merchant whose
name a spreadsheet would run as a formula.  Every figure below was worked out by hand.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.expense_report import (
    ExpenseReportError,
    build_expense_report,
    expense_totals,
    receipt_images,
)
from fieldrep.expenses.mileage import DrivingLeg, mileage_days, parse_rate_table
from fieldrep.expenses.policy import ExpensePolicy, check_policy
from fieldrep.expenses.receipts import store_receipt
from fieldrep.reports import Report, write_report
from tests.fieldrep.expenses.receipt_samples import pdf_receipt

START, END = date(2025, 12, 29), date(2026, 1, 9)
RATES = json.dumps([
    {"from": "2025-01-01", "to": "2025-12-31", "rate": "0.603", "unit": "km",
     "currency": "EUR", "label": "2025 rate"},
    {"from": "2026-01-01", "rate": "0.636", "unit": "km", "currency": "EUR",
     "label": "2026 rate"},
])
D = Decimal


@pytest.fixture
def month(tmp_path: Path) -> tuple[Report, list[ExpenseEntry], Path]:
    attachments = tmp_path / "attachments"
    lunch_photo = tmp_path / "lunch.jpg"
    Image.new("RGB", (600, 900), (250, 240, 200)).save(lunch_photo)
    lunch = store_receipt(lunch_photo, attachments).stored_name
    hotel_pdf = pdf_receipt(tmp_path / "hotel.pdf")
    hotel = store_receipt(hotel_pdf, attachments).stored_name
    entries = [
        ExpenseEntry(date(2025, 12, 30), Category.MEALS, D("45.50"), "EUR",
                     merchant="=HYPERLINK(\"http://x\",\"Brasserie\")", tax=D("4.14"),
                     attendees=("Dr Martin",), receipts=(lunch,)),
        ExpenseEntry(date(2025, 12, 30), Category.MEALS, D("22.00"), "CHF", D("1.0652"),
                     merchant="Café du Lac", notes="-coffee with buyer"),     # 23.43 EUR
        ExpenseEntry(date(2025, 12, 31), Category.PARKING, D("4.20"), "EUR"),
        ExpenseEntry(date(2026, 1, 2), Category.LODGING, D("129.00"), "USD", D("0.9215"),
                     merchant="Hotel Lakeside", paid_by=PaidBy.COMPANY, reimbursable=False,
                     tax=D("11.73"), receipts=(hotel,)),                     # 118.87 EUR
        ExpenseEntry(date(2026, 1, 5), Category.TRAIN, D("87.35"), "GBP", D("1.1687"),
                     merchant="Eurostar"),                                    # 102.09 EUR
        ExpenseEntry(date(2026, 1, 20), Category.MEALS, D("999.00"), "EUR"),  # outside
    ]
    legs = [
        DrivingLeg(date(2025, 12, 30), 42_300, from_home=True),   # commute
        DrivingLeg(date(2025, 12, 30), 18_250),
        DrivingLeg(date(2025, 12, 30), 40_100, to_home=True),     # commute
        DrivingLeg(date(2025, 12, 31), 65_040),
        DrivingLeg(date(2026, 1, 2), 120_000),
        DrivingLeg(date(2026, 1, 2), 14_960, to_home=True),       # commute
    ]
    mileage = mileage_days(legs, parse_rate_table(RATES), exclude_commute=True)
    policy = ExpensePolicy("EUR", {Category.MEALS: D("60")}, receipt_required_above=D("50"))
    warnings = check_policy(entries, policy)
    report = build_expense_report(entries, mileage, start=START, end=END, currency="EUR",
                                  rep_name="Jean Dupont", warnings=warnings)
    return report, entries, attachments


# 18.3 km × 0.603 = 11.03; 65.0 km × 0.603 = 39.20 (39.195 half-up); 120.0 km × 0.636 = 76.32
MILEAGE = D("126.55")
EXPENSES = D("45.50") + D("23.43") + D("4.20") + D("118.87") + D("102.09")   # 294.09
OWED = EXPENSES - D("118.87") + MILEAGE                                      # 301.77


def test_totals_are_exact_to_the_cent(month: tuple[Report, list[ExpenseEntry], Path]) -> None:
    report, entries, _ = month
    in_period = [e for e in entries if START <= e.day <= END]
    mileage = mileage_days([DrivingLeg(date(2025, 12, 31), 65_040)], parse_rate_table(RATES))
    assert mileage[0].amount == D("39.20")
    summary = {line.label: line.value for line in report.summary}
    assert summary["Expenses"].amount == EXPENSES == D("294.09")
    assert summary["Mileage"].amount == MILEAGE
    assert summary["Total"].amount == D("420.64")
    assert summary["Owed to the rep"].amount == OWED == D("301.77")
    assert summary["Paid by the company"].amount == D("118.87")
    assert summary["Tax included"].amount == D("4.14") + D("10.81")
    totals = expense_totals(in_period, [], "EUR")
    assert totals.by_category == {Category.MEALS: D("68.93"), Category.PARKING: D("4.20"),
                                  Category.LODGING: D("118.87"), Category.TRAIN: D("102.09")}


def test_the_csv_reads_back_with_the_same_figures(
        tmp_path: Path, month: tuple[Report, list[ExpenseEntry], Path]) -> None:
    report, _, _ = month
    path = write_report(report, tmp_path / "expenses.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert ["Total", "420.64 EUR"] in lines and ["Owed to the rep", "301.77 EUR"] in lines
    expenses = lines[lines.index(["Expenses"]) + 1:]
    assert expenses[0][:7] == ["Date", "Category", "Merchant", "Details", "Amount paid", "Rate",
                               "Amount (EUR)"]
    assert expenses[1][:7] == ["2025-12-30", "Meals", "'=HYPERLINK(\"http://x\",\"Brasserie\")",
                               "with Dr Martin", "45.50 EUR", "", "45.50"]
    assert expenses[2][:7] == ["2025-12-30", "Meals", "Café du Lac", "'-coffee with buyer",
                               "22.00 CHF", "1.0652", "23.43"]
    assert expenses[6][0] == "Total" and expenses[6][6] == "294.09"
    assert "999.00" not in path.read_text(encoding="utf-8-sig")  # outside the period
    mileage = lines[lines.index(["Mileage log"]) + 1:]
    assert mileage[1] == ["2025-12-30", "100.7", "82.4", "18.3", "0.603", "2025 rate", "11.03"]
    assert mileage[2] == ["2025-12-31", "65.0", "0.0", "65.0", "0.603", "2025 rate", "39.20"]
    assert mileage[3] == ["2026-01-02", "135.0", "15.0", "120.0", "0.636", "2026 rate", "76.32"]
    assert mileage[4] == ["Total", "300.7", "97.4", "203.3", "", "", "126.55"]
    assert not [cell for line in lines for cell in line if cell.startswith(("=", "-", "+", "@"))]


def test_the_xlsx_holds_numbers_a_spreadsheet_can_add_up(
        tmp_path: Path, month: tuple[Report, list[ExpenseEntry], Path]) -> None:
    report, _, _ = month
    book = load_workbook(write_report(report, tmp_path / "expenses.xlsx"))
    assert book.sheetnames == ["Summary", "Expenses", "Totals by category", "Mileage log",
                               "To check"]
    sheet = book["Expenses"]
    amounts = [Decimal(str(sheet.cell(row, 7).value)) for row in range(5, 10)]
    assert sum(amounts) == D("294.09") == Decimal(str(sheet["G10"].value))
    assert sheet["G10"].font.bold and sheet["G5"].number_format == '#,##0.00 "EUR"'
    assert sheet["E6"].number_format == '#,##0.00 "CHF"' and sheet["E6"].value == 22
    assert sheet["A5"].is_date
    merchant = sheet["C5"]
    assert merchant.value.startswith("=HYPERLINK") and merchant.data_type == "s"
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    mileage = book["Mileage log"]
    assert Decimal(str(mileage["G8"].value)) == MILEAGE


def test_the_pdf_opens_and_shows_the_totals_and_the_receipts(
        tmp_path: Path, month: tuple[Report, list[ExpenseEntry], Path]) -> None:
    report, entries, attachments = month
    images = receipt_images(entries, attachments, tmp_path / "thumbnails",
                            original_names={})
    assert len(images) == 2 and all(i.path and i.path.is_file() for i in images)
    path = write_report(report, tmp_path / "expenses.pdf", images, images_title="Receipts")
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Expense report — Jean Dupont", "2025-12-29 to 2026-01-09",
                     "420.64 EUR", "301.77 EUR", "294.09", "126.55", "203.3",
                     "2025 rate", "2026 rate", "Café du Lac", "22.00 CHF", "129.00 USD",
                     "Meals total 68.93 EUR", "Receipts",
                     "2026-01-02 · Lodging · Hotel Lakeside · 129.00 USD",
                     f"Page {len(reader.pages)} of {len(reader.pages)}"):
        assert expected in text, expected
    assert "999.00" not in text
    assert sum(len(page.images) for page in reader.pages) == 2


def test_a_foreign_expense_without_a_rate_stops_the_report_with_its_name() -> None:
    entry = ExpenseEntry(date(2026, 1, 5), Category.TRAIN, D("87.35"), "GBP",
                         merchant="Eurostar")
    with pytest.raises(ExpenseReportError,
                       match=r"2026-01-05: train at Eurostar \(87.35 GBP\).*exchange rate to EUR"):
        build_expense_report([entry], [], start=START, end=END, currency="EUR")


def test_mileage_in_another_currency_than_the_report_is_refused() -> None:
    table = parse_rate_table(RATES)
    mileage = mileage_days([DrivingLeg(date(2026, 1, 2), 10_000)], table)
    with pytest.raises(ExpenseReportError, match="2026 rate is in EUR, the report in CHF"):
        build_expense_report([], mileage, start=START, end=END, currency="CHF")
