"""The activity report's figures on a known week, and its CSV, XLSX and PDF files."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.planning.model import DayPlan, Place, PlannedStop, Totals
from fieldrep.planning.saved import save_plan
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings
from fieldrep.visits.activity import activity_report, period_of
from fieldrep.visits.activity_document import write_activity
from fieldrep.visits.logbook import log_visit
from fieldrep.visits.model import Mode, Outcome, Result, VisitError, VisitInput

MONDAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 23, 18, 0)
HOME = Place("Home", 45.76, 4.84)


def _account(store: Store, name: str, tier: str, cadence: int = 30) -> int:
    saved = add_account(store, AccountData(name=name, tier=tier, cadence_days=cadence,
                                           lat=45.7, lon=4.8))
    assert saved.id is not None
    return saved.id


def _stop(account_id: int, name: str, at: time, leg_seconds: int) -> PlannedStop:
    return PlannedStop(account_id, name, at, at, time(at.hour, 45), 0, 5000, leg_seconds)


@pytest.fixture
def week(store: Store) -> dict[str, int]:
    """A week: Monday planned with three stops, two done, one nobody there; a call on
    Wednesday with an order; one tier-A account left unseen."""
    ids = {name: _account(store, name, tier) for name, tier in
           [("Clinique", "A"), ("Pharmacie", "B"), ("Cabinet", "C"), ("Hôpital", "A")]}
    plan = DayPlan(MONDAY, HOME, HOME, time(8, 30), time(17, 0), (
        _stop(ids["Clinique"], "Clinique", time(9), 1200),
        _stop(ids["Pharmacie"], "Pharmacie", time(10), 600),
        _stop(ids["Cabinet"], "Cabinet", time(11), 900),
    ), (), Totals(3600, 20000, 5400, 0, 0), last_leg_seconds=1500)
    save_plan(store, [plan])
    log = [
        VisitInput(ids["Clinique"], MONDAY, check_in=time(9, 0), check_out=time(9, 50),
                   results=(Result.DEMO,), notes="=SUM(A1:A9) said the buyer"),
        VisitInput(ids["Pharmacie"], MONDAY, check_in=time(10, 5), check_out=time(11, 30),
                   order_value=Decimal("1200.50"), contact_name="Claire"),
        VisitInput(ids["Cabinet"], MONDAY, outcome=Outcome.NO_ONE_THERE),
        VisitInput(ids["Cabinet"], MONDAY + timedelta(days=2), mode=Mode.PHONE,
                   order_value=Decimal("99.99")),
    ]
    for entry in log:
        log_visit(store, entry, now=NOW)
    set_settings(store, {"quota.visits_per_month": "60", "quota.orders_per_month": "30000"})
    return ids


def test_the_week_figures(store: Store, week: dict[str, int]) -> None:
    first, last = period_of("week", MONDAY + timedelta(days=3))
    assert (first, last) == (MONDAY, MONDAY + timedelta(days=6))
    report = activity_report(store, first, last)
    assert (report.planned, report.done, report.remote) == (3, 2, 1)
    assert report.outcomes[Outcome.COMPLETED] == 3
    assert report.outcomes[Outcome.NO_ONE_THERE] == 1
    assert report.results[Result.ORDER] == 2 and report.results[Result.DEMO] == 1
    assert report.order_value == Decimal("1300.49")
    monday = report.days[0]
    # 09:00 → 11:30 is 2 h 30, plus the drive to the first stop (20 min) and home (25 min)
    assert monday.worked_seconds == 9000 + 1200 + 1500
    assert [d.day for d in report.days] == [MONDAY, MONDAY + timedelta(days=2)]
    coverage = {c.tier: (c.seen, c.total) for c in report.coverage}
    assert coverage == {"A": (1, 2), "B": (1, 1), "C": (1, 1)}
    visits, orders = report.quotas
    # November has 30 days: a week is 7/30 of the monthly quota
    assert visits.target == Decimal("14.0") and visits.reached == 3
    assert orders.target == Decimal("7000.00") and orders.reached == Decimal("1300.49")


def test_a_period_ending_before_it_starts_is_refused(store: Store) -> None:
    with pytest.raises(VisitError, match=r"ends .* before it starts"):
        activity_report(store, MONDAY, MONDAY - timedelta(days=1))


def test_the_csv_holds_the_figures_and_never_a_formula(
        store: Store, week: dict[str, int], tmp_path: Path) -> None:
    path = write_activity(activity_report(store, MONDAY, MONDAY + timedelta(days=6)),
                          tmp_path / "activity.csv")
    text = path.read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(text.splitlines()) for c in row]
    assert "1300.49" in cells
    assert "'=SUM(A1:A9) said the buyer" in cells
    assert not any(c.startswith("=") for c in cells)


def test_the_workbook_has_typed_cells(store: Store, week: dict[str, int],
                                      tmp_path: Path) -> None:
    path = write_activity(activity_report(store, MONDAY, MONDAY + timedelta(days=6)),
                          tmp_path / "activity.xlsx")
    book = load_workbook(path)
    values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows()
              for cell in row if cell.value is not None]
    assert "=SUM(A1:A9) said the buyer" in values  # kept as text, not a formula
    assert all(not (isinstance(v, str) and v.startswith("=")) or "said" in v for v in values)
    formulas = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f"]
    assert formulas == []
    assert any(isinstance(v, (int, float, Decimal)) and abs(float(v) - 1300.49) < 1e-9
               for v in values)


def test_the_pdf_opens_and_shows_the_totals(store: Store, week: dict[str, int],
                                            tmp_path: Path) -> None:
    path = write_activity(activity_report(store, MONDAY, MONDAY + timedelta(days=6)),
                          tmp_path / "activity.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Activity report" in text
    assert "1,300.49" in text
    assert "Tier A" in text and "50" in text  # half the tier A accounts seen


def test_a_control_character_in_notes_does_not_break_the_workbook(
        store: Store, week: dict[str, int], tmp_path: Path) -> None:
    log_visit(store, VisitInput(week["Clinique"], MONDAY + timedelta(days=1),
                                notes="bell\x07 and tab\tkept"), now=NOW)
    path = write_activity(activity_report(store, MONDAY, MONDAY + timedelta(days=6)),
                          tmp_path / "activity.xlsx")
    values = [c.value for s in load_workbook(path).worksheets for r in s.iter_rows()
              for c in r]
    assert "bell and tab\tkept" in values


def test_planned_visits_done_counts_only_the_stops_of_the_plan(
        store: Store, week: dict[str, int], tmp_path: Path) -> None:
    """Visits outside the plan (on Monday, or on a day with no plan) do not make the plan
    more than done: the CSV once said "1940 % (97 of 5)"."""
    extra = [_account(store, f"Garage {n}", "C") for n in range(4)]
    for n, account in enumerate(extra):
        log_visit(store, VisitInput(account, MONDAY + timedelta(days=n % 2), check_in=time(14),
                                    check_out=time(14, 30)), now=NOW)
    report = activity_report(store, MONDAY, MONDAY + timedelta(days=6))
    assert (report.planned, report.done, report.planned_done) == (3, 6, 2)
    path = write_activity(report, tmp_path / "activity.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert ["Planned visits done", "67% (2 of 3)"] in rows
    assert ["Visits done outside the plan", "4"] in rows
