"""Grab the README's screenshots of the desktop app on the demo territory.

Run offscreen from the repository root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots docs/screenshots
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fieldrep.accounts.service import get_account, list_accounts
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.ledger import add_expense
from fieldrep.expenses.mileage_service import save_mileage
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.expenses.records import MileageSource
from fieldrep.expenses.report_service import create_report, submit_report
from fieldrep.geocoding.service import geocode_accounts
from fieldrep.store import Store, open_store
from fieldrep.store.models import Plan, PlanDay, PlanStop
from fieldrep.territories.service import TerritoryData, save_territory
from fieldrep.travel import StraightLineModel
from fieldrep.usecases.demo import load_demo
from fieldrep.usecases.settings import set_settings
from ui.accounts.dialog import AccountDialog
from ui.today.screenshots import today_shots
from ui.window.main_window import MainWindow


def _settle(app: QApplication, ms: int = 800) -> None:
    """Let the worker thread and the event loop finish what the window asked for."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        _settle(app, 100)


def take(out_dir: Path) -> list[Path]:
    """Save one PNG per view into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fieldrep-shots-") as tmp:
        # A fresh window: none of this user's saved window state.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        store = open_store(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        load_demo(store, history=True)
        set_settings(store, {"home.lat": "45.7578", "home.lon": "4.8320",
                             "home.address": "Home, Lyon 2e"})
        geocode_accounts(store, None)  # place the demo's accounts without coordinates
        save_territory(store, TerritoryData("Lyon centre (drawn)", color="#9467bd", polygon={
            "type": "Polygon", "coordinates": [[[4.815, 45.735], [4.875, 45.735],
                                                [4.875, 45.785], [4.815, 45.785],
                                                [4.815, 45.735]]]}))
        for name, areas, colour in (("Lyon & Villeurbanne", ("69*",), "#1f77b4"),
                                    ("Isère", ("38*",), "#d62728"),
                                    ("Savoie & Haute-Savoie", ("73*", "74*"), "#2ca02c")):
            save_territory(store, TerritoryData(name, color=colour, areas=areas))
        window = MainWindow(store, tiles=False)
        window.resize(1440, 860)
        window.show()
        window.set_online(False)  # as on the machine these are taken on
        saved += today_shots(window, out_dir, lambda ms: _settle(app, ms),
                             lambda done, seconds=30: _wait(app, done, seconds), _save)
        window.resize(1440, 860)
        window.nav.setCurrentRow(window.pages.indexOf(window.accounts))
        _wait(app, lambda: window.model is not None and window.accounts.map.is_ready)
        _settle(app, 1500)
        window.accounts.select_account(_first_id(store, "Pharmacie"))
        _settle(app, 1200)
        saved.append(_save(window, out_dir / "main-window.png"))
        window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("due"))
        _settle(app, 2500)
        saved.append(_save(window.accounts.right, out_dir / "map-visit-status.png"))
        window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("tier"))
        _settle(app, 1500)
        window.nav.setCurrentRow(window.pages.indexOf(window.territories_page))
        _wait(app, lambda: window.territories_page.map.is_ready)
        _settle(app, 1500)
        saved.append(_save(window, out_dir / "territories.png"))
        saved += _visits(app, window, out_dir)
        saved += _plan(app, window, out_dir)
        saved += _expenses(app, window, out_dir, Path(tmp))
        saved += _dialogs(app, window, out_dir, Path(tmp))
        saved += _laptop(app, window, out_dir)
        window.close()
        _settle(app, 200)
        store.close()
    return saved


def _visits(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The Visits page, the visit form with a few lines typed, the activity report."""
    page = window.visits_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    _wait(app, lambda: bool(page.model.suggestions))
    _settle(app, 600)
    page.table.selectRow(1)
    _settle(app, 400)
    shots = [_save(window, out_dir / "visits.png")]
    dialog = page.log_selected()
    if dialog is not None:
        form = dialog.form
        _wait(app, form.isEnabled)  # the account and any draft are read on the worker
        form.check_in_on.setChecked(True)
        form.check_out_on.setChecked(True)
        form.notes.setPlainText("Met the buyer: stock is low on the usual lines; interested "
                                "in the spring offer.")
        form.next_step.setText("Send the price list")
        form.follow_up_on.setChecked(True)
        _settle(app, 400)
        shots.append(_save(dialog, out_dir / "visit-dialog.png"))
        dialog.close()
    report = page.open_activity_report()
    report.period.setCurrentText("This month")
    _wait(app, lambda: "Activity report" in report.preview.toPlainText())
    _settle(app, 400)
    shots.append(_save(report, out_dir / "activity-report.png"))
    report.close()
    return shots


def _plan(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The Plan page with the day planned from the Visits page's ticked accounts."""
    window.visits_page.request_plan("day")
    page = window.plan_page
    _wait(app, lambda: bool(page.account_ids) and page.job is not None
          and not page.job.cancelled())
    _settle(app, 800)
    job = page.optimise()
    if job is None:
        return []
    finished: list[object] = []
    job.finished.connect(finished.append)
    job.failed.connect(finished.append)
    _wait(app, lambda: bool(finished), seconds=60)
    _wait(app, lambda: page.map.is_ready)
    _settle(app, 2000)
    if page.stops.rowCount() > 2:
        page.day_panel.view.selectRow(2)
    _settle(app, 400)
    return [_save(window, out_dir / "plan.png")]


def _expenses(app: QApplication, window: MainWindow, out_dir: Path, tmp: Path) -> list[Path]:
    """The Expenses page on a month of demo expenses, the expense form, the report."""
    store = window.store
    _demo_expenses(store, tmp)
    page = window.expenses_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    _wait(app, lambda: page.model.rowCount() > 0)
    _settle(app, 600)
    page.table.selectRow(1)
    shots = [_save(window, out_dir / "expenses.png")]
    dialog = page.new_expense([_receipt_image(tmp / "dinner-receipt.jpg", "Da Vinci Genève",
                                              "CHF 38.00")])
    _wait(app, dialog.isEnabled)
    dialog.category.setCurrentIndex(dialog.category.findData("client_entertainment"))
    dialog.amount.setText("38.00")
    dialog.currency_box.setCurrentText("CHF")
    dialog.rate.setText("1.0652")
    dialog.merchant.setText("Da Vinci, Genève")
    dialog.attendees.setText("Dr Keller, M. Favre")
    _settle(app, 400)
    shots.append(_save(dialog, out_dir / "expense-dialog.png"))
    dialog.close()
    report = page.open_report()
    _wait(app, lambda: report.report_box.count() > 1)
    report.select_report(report.report_box.itemData(1))
    _wait(app, lambda: "Draft" in report.preview.toPlainText())
    _settle(app, 400)
    shots.append(_save(report, out_dir / "expense-report.png"))
    report.close()
    return shots


CRM_EXPORT = (
    "Société;Adresse;Code postal;Ville;Catégorie;Téléphone\n"
    "Pharmacie du Marché;4 place du Marché;69003;Lyon;A;04 78 00 11 22\n"
    "Cabinet Dr Roux;18 rue Garibaldi;69006;Lyon;B;04 78 33 44 55\n"
    "Garage des Alpes;2 avenue Alsace-Lorraine;38000;Grenoble;Q;04 76 12 34 56\n"
    "Cave Saint-Jean;7 rue Saint-Jean;69005;Lyon;C;04 72 40 00 01\n"
    ";12 quai Perrache;69002;Lyon;B;\n")


def _dialogs(app: QApplication, window: MainWindow, out_dir: Path, tmp: Path) -> list[Path]:
    """The Settings dialog, the account dialog and the import wizard (mapping, result)."""
    shots: list[Path] = []
    window.nav.setCurrentRow(window.pages.indexOf(window.accounts))
    window.open_settings()
    _wait(app, lambda: window.settings_dialog is not None)
    dialog = window.settings_dialog
    if dialog is not None:
        _settle(app, 600)
        shots.append(_save(dialog, out_dir / "settings.png"))
        dialog.close()
    account = get_account(window.store, _first_id(window.store, "Pharmacie"))
    editor = AccountDialog(window, account, window.selection.territory_names())
    editor.show()
    _settle(app, 600)
    shots.append(_save(editor, out_dir / "account-dialog.png"))
    editor.close()
    export = tmp / "crm-export.csv"
    export.write_text(CRM_EXPORT, encoding="utf-8")
    wizard = window.open_import_wizard(export)
    _wait(app, wizard.file_page.isComplete)
    wizard.next()
    _wait(app, lambda: wizard.currentId() == wizard.MAPPING_PAGE)
    _settle(app, 800)
    shots.append(_save(wizard, out_dir / "import-wizard-mapping.png"))
    wizard.next()
    _wait(app, lambda: wizard.currentId() == wizard.RESULT_PAGE)
    _settle(app, 800)
    shots.append(_save(wizard, out_dir / "import-wizard-result.png"))
    wizard.close()
    return shots


def _laptop(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The accounts and the Plan page on a laptop's 1366×768 screen."""
    window.resize(1366, 768)
    shots = []
    for page, name in ((window.accounts, "main-window-1366.png"),
                       (window.plan_page, "plan-1366.png")):
        window.nav.setCurrentRow(window.pages.indexOf(page))
        _settle(app, 1500)
        shots.append(_save(window, out_dir / name))
    return shots


def _demo_expenses(store: Store, tmp: Path) -> None:
    """A month of a rep's expenses (this month, up to today), with receipts, two planned
    days priced as mileage, and last month's report submitted."""
    today = date.today()
    set_settings(store, {
        "rep.name": "Camille Martin", "mileage.exclude_commute": "yes",
        "policy.meals_per_day": "35", "policy.receipt_above": "50",
        "mileage.rates": json.dumps([{"from": f"{today.year}-01-01", "rate": "0.636",
                                      "unit": "km", "currency": "EUR",
                                      "label": f"{today.year} rate"}])})
    first = today.replace(day=1)

    weekdays = [d for d in (first + timedelta(days=n) for n in range(31))
                if d.month == first.month and d.weekday() < 5 and d <= today] or [today]

    def day(n: int) -> date:
        return weekdays[min(n, len(weekdays) - 1)]

    items = [
        (day(1), Category.CLIENT_ENTERTAINMENT, "64.80", "EUR", None, "Le Bouchon des Filles",
         ("Dr Martin", "Mme Roux"), "lunch.jpg"),
        (day(1), Category.PARKING, "6.40", "EUR", None, "Parking Bellecour", (), None),
        (day(2), Category.TOLLS, "12.90", "EUR", None, "APRR A43", (), None),
        (day(3), Category.LODGING, "118.00", "EUR", None, "Hôtel des Savoies", (), "hotel.jpg"),
        (day(3), Category.MEALS, "41.50", "EUR", None, "Brasserie du Lac", (), None),
        (day(4), Category.TRAIN, "38.00", "CHF", Decimal("1.0652"), "CFF Genève", (), None),
        (day(4), Category.FUEL, "72.15", "EUR", None, "TotalEnergies Bron", (), None),
    ]
    for when, category, amount, currency, rate, merchant, attendees, receipt in items:
        receipts = [ReceiptFile(_receipt_image(tmp / receipt, merchant, f"{amount} "
                                               f"{currency}"))] if receipt else []
        paid_by = PaidBy.COMPANY if category is Category.FUEL else PaidBy.PERSONAL
        add_expense(store, ExpenseEntry(
            when, category, Decimal(amount), currency, rate, merchant=merchant,
            attendees=attendees, paid_by=paid_by, reimbursable=paid_by is PaidBy.PERSONAL),
            receipts=receipts)
    for n, names in ((0, ("Pharmacie", "Clinique", "Cave")), (2, ("Garage", "Cabinet"))):
        _plan_in_lyon(store, day(n), names)
    save_mileage(store, first, today, source=MileageSource.PLAN)
    last_month = first - timedelta(days=1)
    add_expense(store, ExpenseEntry(last_month, Category.PARKING, Decimal("9.60"), "EUR",
                                    merchant="Parking Part-Dieu"))
    report = create_report(store, last_month.replace(day=1), last_month)
    submit_report(store, report.id)
    create_report(store, first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))


def _plan_in_lyon(store: Store, when: date, prefixes: tuple[str, ...]) -> None:
    """A saved day plan from home to a Lyon account of each kind, priced by the
    straight-line model (as the planner does offline)."""
    home = (45.7578, 4.8320)
    stops = []
    for prefix in prefixes:
        account = next(a for a in list_accounts(store, search=prefix)
                       if a.city.startswith("Lyon") and a.lat is not None)
        stops.append((account.name, account.lat or 0.0, account.lon or 0.0))
    points = [home, *((lat, lon) for _n, lat, lon in stops), home]
    matrix = StraightLineModel().matrix(points)
    legs = [matrix.distances[i][i + 1] for i in range(len(points) - 1)]
    with store.unit_of_work() as uow:
        row = PlanDay(day=when, start_label="Home", start_lat=home[0], start_lon=home[1],
                      end_label="Home", end_lat=home[0], end_lon=home[1],
                      departure=clock(8, 30), return_time=clock(17, 0), drive_seconds=0,
                      distance_metres=sum(legs), meeting_seconds=0, idle_seconds=0,
                      break_seconds=0, last_leg_metres=legs[-1], last_leg_seconds=0)
        row.stops = [PlanStop(position=n, name=name, arrival=clock(9 + n), start=clock(9 + n),
                              end=clock(9 + n, 30), wait_minutes=0, leg_metres=legs[n],
                              leg_seconds=0) for n, (name, _lat, _lon) in enumerate(stops)]
        uow.session.add(Plan(kind="day", first_day=when, days=[row]))
        uow.commit()


def _receipt_image(path: Path, merchant: str, amount: str) -> Path:
    """A photo-like till receipt: the merchant, a few lines and the total (without
    accents, as till printers often print)."""
    merchant = unicodedata.normalize("NFKD", merchant).encode("ascii", "ignore").decode()
    image = Image.new("RGB", (360, 560), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=24), ImageFont.load_default(size=17)
    draw.text((180, 50), merchant, fill=(40, 40, 40), font=big, anchor="mm")
    for n, line in enumerate(("Table 4 - 2 couverts", "Plat du jour", "Eau minerale",
                              "Cafe x2", "TVA 10 %")):
        draw.text((30, 120 + n * 34), line, fill=(70, 70, 70), font=small)
    draw.line((30, 320, 330, 320), fill=(120, 120, 120), width=2)
    draw.text((30, 340), "TOTAL", fill=(20, 20, 20), font=big)
    draw.text((330, 340), amount, fill=(20, 20, 20), font=big, anchor="ra")
    draw.text((180, 480), "Merci de votre visite", fill=(90, 90, 90), font=small, anchor="mm")
    image.save(path, "JPEG", quality=88)
    return path


def _first_id(store: Store, prefix: str) -> int:
    return next(a.id for a in list_accounts(store, search=prefix) if a.id is not None)


def _save(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
