"""Reports written as CSV, XLSX and PDF, read back the way a user's tools would read them."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from fieldrep.reports import (
    Column,
    ColumnKind,
    Money,
    Report,
    ReportError,
    ReportImage,
    Section,
    SummaryLine,
    neutralise,
    write_csv,
    write_pdf,
    write_report,
    write_xlsx,
)

EUR = Column("Amount", ColumnKind.MONEY, currency="EUR")
COLUMNS = [Column("Date", ColumnKind.DATE), Column("Client"), Column("Visits", ColumnKind.INTEGER),
           Column("Paid", ColumnKind.MONEY), EUR, Column("Share", ColumnKind.PERCENT),
           Column("Start", ColumnKind.TIME), Column("Meeting", ColumnKind.DURATION),
           Column("Km", ColumnKind.DECIMAL, places=1)]
ROWS = [
    (date(2026, 3, 2), "=HYPERLINK(\"http://evil\",\"x\")", 2, Money(Decimal("12.50"), "USD"),
     Decimal("11.52"), Decimal("0.25"), time(8, 30), timedelta(minutes=95), Decimal("42.35")),
    (date(2026, 3, 3), "+33 4 99 00 00 00", 1, Money(Decimal("1234.56"), "EUR"),
     Decimal("1234.56"), Decimal("0.75"), time(14, 5), timedelta(hours=2), Decimal("3.0")),
    (date(2026, 3, 4), "@buyer <b>&</b> Łódź", 0, None, Decimal("0.01"), None, None, None,
     None),
]
TOTALS = [("Total", None, 3, None, Decimal("1246.09"), None, None, timedelta(minutes=215),
           Decimal("45.35"))]


def sample_report(rows: int = 1) -> Report:
    many = [ROWS[n % len(ROWS)] for n in range(max(rows, len(ROWS)))]
    return Report(
        "Activity report", period="March 2026",
        sections=[Section("Visits", COLUMNS, many, TOTALS, note="-note that looks like a formula"),
                  Section("By client", [Column("Client"), EUR], [("-minus", Decimal("5.00"))])],
        summary=[SummaryLine("Total", Money(Decimal("1246.09"), "EUR")),
                 SummaryLine("Visits", 3), SummaryLine("=SUM(A1)", "-2")])


# -- the report's shape ------------------------------------------------------------------------

def test_a_float_amount_is_refused_when_the_section_is_built() -> None:
    with pytest.raises(ReportError, match=r"float.*Decimal"):
        Section("S", [EUR], [(12.5,)])


def test_a_value_of_the_wrong_kind_names_the_row_and_column() -> None:
    with pytest.raises(ReportError, match=r"row 2, column 'Date'.*not a date"):
        Section("S", [Column("Date", ColumnKind.DATE)], [(date(2026, 1, 1),), ("2026-01-02",)])
    with pytest.raises(ReportError, match="not a date"):
        Section("S", [Column("Date", ColumnKind.DATE)], [(datetime(2026, 1, 1, 8),)])
    with pytest.raises(ReportError, match="2 cells for 1 columns"):
        Section("S", [EUR], [(Decimal(1), Decimal(2))])
    with pytest.raises(ReportError, match="needs the column's currency"):
        Section("S", [Column("Amount", ColumnKind.MONEY)], [(Decimal(1),)])
    with pytest.raises(ReportError, match="not an ISO 4217"):
        Money(Decimal(1), "EURO")


def test_a_total_row_may_carry_a_label_in_any_column() -> None:
    section = Section("S", COLUMNS, ROWS, TOTALS)
    assert section.totals[0][0] == "Total"


# -- CSV ---------------------------------------------------------------------------------------

def test_csv_holds_exact_amounts_and_neutralised_text(tmp_path: Path) -> None:
    path = write_csv(sample_report(), tmp_path / "report.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["Activity report"] and lines[1] == ["March 2026"]
    assert ["Total", "1,246.09 EUR"] in lines
    assert ["'=SUM(A1)", "'-2"] in lines
    header = lines.index(["Date", "Client", "Visits", "Paid", "Amount (EUR)", "Share", "Start",
                          "Meeting", "Km"])
    first, second, third, total = lines[header + 1:header + 5]
    assert first == ["2026-03-02", "'=HYPERLINK(\"http://evil\",\"x\")", "2", "12.50 USD",
                     "11.52", "25.0%", "08:30", "1:35", "42.4"]
    assert second[1] == "'+33 4 99 00 00 00" and second[3] == "1234.56 EUR"
    assert third[1] == "'@buyer <b>&</b> Łódź" and third[4] == "0.01"
    assert total == ["Total", "", "3", "", "1246.09", "", "", "3:35", "45.4"]
    assert ["'-note that looks like a formula"] in lines
    assert ["'-minus", "5.00"] in lines
    no_cell_starts_a_formula = all(not cell.startswith(("=", "+", "-", "@"))
                                   for line in lines for cell in line)
    assert no_cell_starts_a_formula


def test_neutralise_leaves_ordinary_text_alone() -> None:
    assert neutralise("Pharmacie du Centre") == "Pharmacie du Centre"
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("\r=1") == "'\r=1"


# -- XLSX --------------------------------------------------------------------------------------

def test_xlsx_has_real_numbers_dates_and_money_formats(tmp_path: Path) -> None:
    path = write_xlsx(sample_report(), tmp_path / "report.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Visits", "By client"]
    summary = book["Summary"]
    assert summary["A1"].value == "Activity report"
    assert Decimal(str(summary["B4"].value)) == Decimal("1246.09")
    assert summary["B4"].number_format == '#,##0.00 "EUR"'

    sheet = book["Visits"]
    assert sheet.freeze_panes == "A5"
    assert [c.value for c in sheet[4]] == ["Date", "Client", "Visits", "Paid", "Amount (EUR)",
                                           "Share", "Start", "Meeting", "Km"]
    assert all(c.font.bold for c in sheet[4])
    row = sheet[5]
    assert row[0].value == datetime(2026, 3, 2) and row[0].number_format == "yyyy-mm-dd"
    assert row[3].value == 12.5 and row[3].number_format == '#,##0.00 "USD"'
    assert row[4].value == 11.52 and row[4].number_format == '#,##0.00 "EUR"'
    assert row[5].value == 0.25 and row[5].number_format == "0.0%"
    assert row[6].value == time(8, 30)
    assert row[7].value == timedelta(minutes=95) and row[7].number_format == "[h]:mm"
    assert Decimal(str(sheet["D6"].value)) == Decimal("1234.56")
    total = sheet[8]
    assert total[0].value == "Total" and all(c.font.bold for c in total)
    assert Decimal(str(total[4].value)) == Decimal("1246.09")
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width


def test_xlsx_never_holds_a_formula(tmp_path: Path) -> None:
    path = write_xlsx(sample_report(), tmp_path / "report.xlsx")
    book = load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    client = book["Visits"]["B5"]
    assert client.value == "=HYPERLINK(\"http://evil\",\"x\")"  # shown as typed, as text
    assert client.data_type == "s" and client.quotePrefix
    assert book["Summary"]["A6"].value == "=SUM(A1)" and book["Summary"]["A6"].quotePrefix


def test_sheet_names_are_made_valid_and_unique(tmp_path: Path) -> None:
    report = Report("R", [Section("Visits: March/April [draft]", [EUR], []),
                          Section("Visits: March/April [draft]", [EUR], []),
                          Section("A" * 40, [EUR], [])])
    book = load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    assert book.sheetnames == ["Summary", "Visits  March April  draft",
                               "Visits  March April  draft (2)", "A" * 31]


# -- PDF ---------------------------------------------------------------------------------------

def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_pdf_holds_title_summary_and_totals(tmp_path: Path) -> None:
    path = write_pdf(sample_report(), tmp_path / "report.pdf")
    reader = PdfReader(path)
    assert reader.metadata.title == "Activity report"
    text = "\n".join(pdf_text(path))
    for expected in ("Activity report", "March 2026", "1,246.09 EUR", "12.50 USD", "1,234.56",
                     "25.0 %", "08:30", "1:35", "3:35", "Page 1 of 1",
                     "@buyer <b>&</b> Łódź"):  # escaped, not taken as markup
        assert expected in text, expected


def test_a_long_pdf_repeats_the_heading_row_and_numbers_its_pages(tmp_path: Path) -> None:
    path = write_pdf(sample_report(rows=150), tmp_path / "long.pdf")
    pages = pdf_text(path)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert "Meeting" in pages[1] and "Amount (EUR)" in pages[1]  # heading row repeated


def test_pdf_appends_images_with_their_captions(tmp_path: Path) -> None:
    photo = tmp_path / "receipt.png"
    Image.new("RGB", (300, 500), "orange").save(photo)
    images = [ReportImage(photo, "Lunch at Brasserie Georges"),
              ReportImage(None, "Parking ticket (no file)"),
              ReportImage(tmp_path / "missing.jpg", "Hotel bill")]
    path = write_pdf(sample_report(), tmp_path / "with-images.pdf", images,
                     images_title="Receipts")
    text = "\n".join(pdf_text(path))
    for expected in ("Receipts", "Lunch at Brasserie Georges", "Parking ticket (no file)",
                     "Hotel bill", "(image unavailable)"):
        assert expected in text, expected
    drawn = [name for page in PdfReader(path).pages for name in page.images]
    assert len(drawn) == 1


def test_an_overlong_text_cell_is_cut_in_the_pdf_not_refused(tmp_path: Path) -> None:
    report = Report("R", [Section("Notes", [Column("Note")], [("word " * 3000,)])])
    text = "\n".join(pdf_text(write_pdf(report, tmp_path / "r.pdf")))
    assert "…" in text


# -- targets -----------------------------------------------------------------------------------

def test_write_report_follows_the_extension(tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx", ".pdf"):
        path = write_report(sample_report(), tmp_path / f"r{suffix.upper()}")
        assert path.stat().st_size > 0
    assert (tmp_path / "r.PDF").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(("target", "message"), [
    ("r.txt", r"r\.txt: a report is written as \.csv, \.xlsx or \.pdf"),
    ("missing/r.csv", "no such folder"),
    ("a-file/r.pdf", "is a file, not a folder"),
    ("a-folder.xlsx", "is a folder"),
])
def test_a_bad_target_is_refused_with_a_reason(tmp_path: Path, target: str,
                                               message: str) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-folder.xlsx").mkdir()
    with pytest.raises(ReportError, match=message):
        write_report(sample_report(), tmp_path / target)


def test_each_writer_refuses_another_format(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"makes \.xlsx files"):
        write_xlsx(sample_report(), tmp_path / "r.csv")


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("last good report")
    (tmp_path / "r.csv.part").mkdir()  # the temporary file cannot be created
    with pytest.raises(ReportError, match="cannot write the report"):
        write_csv(sample_report(), path)
    assert path.read_text() == "last good report"


def test_a_wide_table_is_fitted_to_the_page_width(tmp_path: Path) -> None:
    long_texts = tuple(f"{n} " + "long words " * (5 + n) for n in range(12))
    report = Report("Wide", [Section("Notes", [Column(f"Note {n}") for n in range(12)]
                                     + [EUR, Column("When", ColumnKind.DATE)],
                                     [(*long_texts, Decimal("1.00"), date(2026, 1, 1))])])
    path = write_pdf(report, tmp_path / "wide.pdf")
    page = PdfReader(path).pages[0]
    right_edge = float(page.mediabox.width)
    starts: list[float] = []
    page.extract_text(visitor_text=lambda text, _cm, tm, *_: starts.append(tm[4])
                      if text.strip() else None)
    assert float(page.mediabox.width) > float(page.mediabox.height)  # turned to landscape
    assert starts and max(starts) < right_edge - 60  # the last column starts on the page
    assert "2026-01-01" in page.extract_text()
