"""The Expenses page, the expense form, mileage and the expense report offscreen, on a
real store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry
from fieldrep.expenses.ledger import add_expense, list_expenses
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.expenses.records import ReportStatus
from fieldrep.expenses.report_service import create_report, get_report, submit_report
from fieldrep.store import Store
from fieldrep.store.models import Visit
from fieldrep.usecases.settings import set_settings
from ui.expenses.dialog import ExpenseDialog
from ui.expenses.mileage_dialog import MileageDialog
from ui.expenses.model import ExpenseRows, ExpensesModel
from ui.expenses.page import ExpensesPage
from ui.expenses.report_dialog import ExpenseReportDialog
from ui.kit.tasks import TaskRunner

D = Decimal
TODAY = date(2026, 3, 18)
RATES = json.dumps([{"from": "2026-01-01", "rate": "0.636", "unit": "km", "currency": "EUR",
                     "label": "2026 rate"}])


def wait_for(qtbot: QtBot, job: Any) -> None:
    """Wait for a job's end, finished or failed."""
    ended: list[object] = []
    job.finished.connect(ended.append)
    job.failed.connect(ended.append)
    qtbot.waitUntil(lambda: bool(ended), timeout=10000)


def photo(tmp_path: Path, name: str = "receipt.jpg") -> Path:
    path = tmp_path / name
    Image.new("RGB", (400, 600), (250, 240, 200)).save(path)
    return path


def seed(store: Store, tmp_path: Path) -> None:
    set_settings(store, {"mileage.rates": RATES, "policy.meals_per_day": "40",
                         "home.lat": "45.764", "home.lon": "4.8357", "rep.name": "Jean"})
    add_expense(store, ExpenseEntry(date(2026, 3, 3), Category.MEALS, D("32.50"), "EUR",
                                    merchant="Brasserie Georges"),
                receipts=[ReceiptFile(photo(tmp_path))])
    add_expense(store, ExpenseEntry(date(2026, 3, 3), Category.MEALS, D("14.00"), "CHF",
                                    D("1.0652"), merchant="Café du Lac"))        # 14.91 EUR
    add_expense(store, ExpenseEntry(date(2026, 3, 10), Category.PARKING, D("4.20"), "EUR"))


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(10000)


@pytest.fixture
def page(qtbot: QtBot, store: Store, tasks: TaskRunner) -> ExpensesPage:
    made = ExpensesPage(store, tasks, today=TODAY)
    qtbot.addWidget(made)
    made.resize(1300, 700)
    made.show()
    return made


def refreshed(qtbot: QtBot, page: ExpensesPage) -> None:
    with qtbot.waitSignal(page.refresh().finished, timeout=10000):
        pass


def cells(page: ExpensesPage, row: int) -> list[str]:
    return [page.model.data(page.model.index(row, c)) for c in range(page.model.columnCount())]


def test_the_model_passes_qtmodeltester(qtmodeltester: Any, store: Store,
                                        tmp_path: Path) -> None:
    seed(store, tmp_path)
    model = ExpensesModel()
    model.set_rows(ExpenseRows(list_expenses(store), "EUR"))
    qtmodeltester.check(model, force_py=True)


def test_the_page_shows_the_month_in_the_report_currency_with_receipts_and_warnings(
        qtbot: QtBot, page: ExpensesPage, store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path)
    refreshed(qtbot, page)
    assert page.model.rowCount() == 3
    brasserie, cafe, parking = (cells(page, row) for row in range(3))
    assert brasserie[:5] == ["Tue 03 Mar 2026", "Meals", "Brasserie Georges", "32.50 EUR",
                             "32.50"]
    assert cafe[3:5] == ["14.00 CHF", "14.91"]
    assert page.model.headerData(4, Qt.Orientation.Horizontal) == "In EUR"
    assert page.model.data(page.model.index(0, 6), Qt.ItemDataRole.DecorationRole) is not None
    assert page.model.data(page.model.index(2, 6), Qt.ItemDataRole.DecorationRole) is None
    assert "over the daily limit of 40.00 EUR" in brasserie[7]
    assert parking[7] == ""
    totals = page.totals.text()
    assert "3 expenses" in totals and "51.61 EUR" in totals and "2 to check" in totals


def test_quick_add_saves_an_expense_in_the_report_currency(
        qtbot: QtBot, page: ExpensesPage, store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path)
    refreshed(qtbot, page)
    page.quick_category.setCurrentIndex(page.quick_category.findData("tolls"))
    page.quick_amount.setText("-3")
    assert page.add_quick() is None and "cannot be negative" in page.error.text()
    page.quick_amount.setText("7,80")
    page.quick_merchant.setText("APRR")
    page.add_quick()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10000)
    tolls = next(r for r in list_expenses(store) if r.entry.category is Category.TOLLS)
    assert (tolls.entry.amount, tolls.entry.currency, tolls.entry.merchant) == (
        D("7.80"), "EUR", "APRR")
    assert page.quick_amount.text() == ""


def test_dropping_a_receipt_starts_an_expense_with_it(
        qtbot: QtBot, page: ExpensesPage, store: Store, tmp_path: Path) -> None:
    receipt = photo(tmp_path, "hotel bill.png")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(receipt))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    page.dropEvent(event)
    dialog = page.findChild(ExpenseDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isEnabled)  # the page had not read the report currency yet
    assert dialog.receipts.item(0).text() == "hotel bill.png"
    dialog.category.setCurrentIndex(dialog.category.findData("lodging"))
    dialog.amount.setText("118")
    dialog.merchant.setText("Hôtel des Savoies")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    [saved] = list_expenses(store)
    assert saved.entry.day == TODAY and [r.original_name for r in saved.receipts] == [
        "hotel bill.png"]


def test_the_form_asks_for_the_rate_and_refuses_what_is_not_a_receipt(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path) -> None:
    dialog = ExpenseDialog(store, tasks, day=TODAY)  # reads the report currency itself
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled()
    dialog.amount.setText("87.35")
    dialog.currency_box.setCurrentText("GBP")
    assert not save.isEnabled()
    assert "how many EUR one GBP" in dialog.field_errors.shown()["rate"]  # under the amount
    assert dialog.rate.isVisibleTo(dialog) and dialog.rate_label.text() == "1 GBP ="
    dialog.rate.setText("1,1687")
    assert save.isEnabled() and dialog.field_errors.shown() == {}
    notes = tmp_path / "notes.txt"
    notes.write_text("=cmd|' /C calc'!A0")
    assert not dialog.add_receipt(notes)
    assert "not a receipt FieldRep can keep" in dialog.error.text()
    assert dialog.receipts.count() == 0
    dialog.paid_by.setCurrentIndex(1)
    assert not dialog.reimbursable.isChecked() and not dialog.reimbursable.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=10000) as signal:
        assert dialog.save() is not None
    saved = signal.args[0]
    assert saved.entry.amount_in("EUR") == D("102.09")
    assert not saved.entry.reimbursable


def test_mileage_for_a_day_still_to_come_is_refused_at_the_date(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    dialog = ExpenseDialog(store, tasks, day=date.today())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isEnabled)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.category.setCurrentIndex(dialog.category.findData(Category.MILEAGE.value))
    dialog.amount.setText("42.10")
    assert save.isEnabled()
    tomorrow = date.today() + timedelta(days=1)
    dialog.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert not save.isEnabled()
    assert dialog.field_errors.shown() == {
        "day": f"{tomorrow:%a %d %b %Y} is still to come: mileage is claimed once the day "
               "is driven"}
    dialog.category.setCurrentIndex(dialog.category.findData(Category.TRAIN.value))
    assert save.isEnabled() and dialog.field_errors.shown() == {}  # a ticket bought ahead


def test_an_expense_in_a_submitted_report_is_read_only(
        qtbot: QtBot, page: ExpensesPage, store: Store, tmp_path: Path) -> None:
    seed(store, tmp_path)
    report = create_report(store, date(2026, 3, 1), date(2026, 3, 31))
    submit_report(store, report.id, confirmed=True)
    refreshed(qtbot, page)
    page.table.selectRow(0)
    assert not page.delete_button.isEnabled()
    assert cells(page, 0)[1] == "Meals 🔒"
    dialog = page.edit_expense(0)
    assert dialog is not None and "reopen the report" in dialog.banner.text()
    assert not dialog.amount.isEnabled()
    dialog.close()


def test_mileage_from_the_visits_of_a_day_is_previewed_then_saved(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    set_settings(store, {"mileage.rates": RATES, "home.lat": "45.764", "home.lon": "4.8357"})
    day = date(2026, 3, 12)
    for name, lat, lon, at in (("Clinique Nord", 45.80, 4.84, time(9)),
                               ("Pharmacie Sud", 45.72, 4.83, time(14))):
        account = add_account(store, AccountData(name, lat=lat, lon=lon))
        with store.unit_of_work() as uow:
            uow.session.add(Visit(account_id=account.id, account_name=name, day=day,
                                  mode="in_person", check_in=at, outcome="completed"))
            uow.commit()
    dialog = MileageDialog(store, tasks, day=day)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10000)
    text = dialog.preview.toPlainText()
    assert "home → Clinique Nord → Pharmacie Sud → home" in text and "2026 rate" in text
    with qtbot.waitSignal(dialog.saved, timeout=10000) as signal:
        dialog.save_button.click()
    [saved] = signal.args[0].saved
    assert saved.entry.category is Category.MILEAGE and saved.entry.day == day
    assert "1 mileage expense saved" in dialog.status.text()


def test_the_report_dialog_makes_submits_reopens_and_exports_a_report(
        qtbot: QtBot, store: Store, tasks: TaskRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed(store, tmp_path)
    dialog = ExpenseReportDialog(store, tasks, day=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Expense report" in dialog.preview.toPlainText(), timeout=10000)
    assert "51.61 EUR" in dialog.preview.toPlainText()
    assert not dialog.submit_button.isEnabled() and dialog.create_button.isEnabled()
    dialog.create()
    qtbot.waitUntil(lambda: dialog.submit_button.isEnabled(), timeout=10000)
    report = dialog.selected()
    assert report is not None and report.title == "March 2026"
    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(dialog, "confirm_submit", lambda w: asked.append(w) or False)
    wait_for(qtbot, dialog.submit())  # meals above 40 a day: asked, and the rep says no
    assert len(asked) == 1 and "2026-03-03" in asked[0][0]
    assert get_report(store, report.id).status is ReportStatus.DRAFT
    monkeypatch.setattr(dialog, "confirm_submit", lambda w: asked.append(w) or True)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.reopen_button.isEnabled(), timeout=10000)
    assert "Submitted" in dialog.preview.toPlainText() and len(asked) == 2
    monkeypatch.setattr("ui.expenses.report_dialog.QInputDialog.getText",
                        lambda *_a, **_k: ("the parking was twice", True))
    dialog.ask_reopen()
    qtbot.waitUntil(lambda: dialog.submit_button.isEnabled(), timeout=10000)
    assert "reopened by Jean: the parking was twice" in dialog.preview.toPlainText()
    assert get_report(store, report.id).status is ReportStatus.DRAFT
    with qtbot.waitSignal(dialog.export(tmp_path / "march.pdf").finished, timeout=20000):
        pass
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "march.pdf").pages)
    assert "51.61 EUR" in text and "Brasserie Georges" in text and "Receipts" in text


def test_a_day_of_odometer_readings_becomes_a_mileage_expense(
        qtbot: QtBot, store: Store, tasks: TaskRunner) -> None:
    day = date(2026, 3, 12)
    dialog = MileageDialog(store, tasks, day=day)
    qtbot.addWidget(dialog)
    dialog.odometer_start.setValue(12040)
    dialog.odometer_end.setValue(12125)
    with qtbot.waitSignal(dialog.save_odometer().failed, timeout=10000):
        pass  # no mileage rate set yet: said, nothing saved
    assert "rate" in dialog.error.text()
    set_settings(store, {"mileage.rates": RATES})
    dialog.odometer_start.setValue(12125)
    dialog.odometer_end.setValue(12040)
    with qtbot.waitSignal(dialog.save_odometer().failed, timeout=10000):
        pass
    assert "go up" in dialog.error.text()
    dialog.odometer_end.setValue(12210)
    with qtbot.waitSignal(dialog.saved, timeout=10000) as signal:
        dialog.save_odometer()
    record = signal.args[0]
    assert record.entry.amount == D("54.06")  # 85 km × 0.636
    assert record.entry.day == day and record.entry.category is Category.MILEAGE
