"""The demo data the screenshots show beyond the demo territory: a week of expenses with
receipts and mileage, a submitted report, and a saved plan in Lyon."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from fieldrep.accounts.service import list_accounts
from fieldrep.expenses.categories import Category
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.ledger import add_expense
from fieldrep.expenses.mileage_service import save_mileage
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.expenses.records import MileageSource
from fieldrep.expenses.report_service import create_report, submit_report
from fieldrep.store import Store
from fieldrep.store.models import Plan, PlanDay, PlanStop
from fieldrep.travel import StraightLineModel
from fieldrep.usecases.settings import set_settings


def demo_expenses(store: Store, tmp: Path) -> None:
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
        receipts = [ReceiptFile(receipt_image(tmp / receipt, merchant, f"{amount} "
                                               f"{currency}"))] if receipt else []
        paid_by = PaidBy.COMPANY if category is Category.FUEL else PaidBy.PERSONAL
        add_expense(store, ExpenseEntry(
            when, category, Decimal(amount), currency, rate, merchant=merchant,
            attendees=attendees, paid_by=paid_by, reimbursable=paid_by is PaidBy.PERSONAL),
            receipts=receipts)
    for n, names in ((0, ("Pharmacie", "Clinique", "Cave")), (2, ("Garage", "Cabinet"))):
        plan_in_lyon(store, day(n), names)
    save_mileage(store, first, today, source=MileageSource.PLAN)
    last_month = first - timedelta(days=1)
    add_expense(store, ExpenseEntry(last_month, Category.PARKING, Decimal("9.60"), "EUR",
                                    merchant="Parking Part-Dieu"))
    report = create_report(store, last_month.replace(day=1), last_month)
    submit_report(store, report.id)
    create_report(store, first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))


def plan_in_lyon(store: Store, when: date, prefixes: tuple[str, ...]) -> None:
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


def receipt_image(path: Path, merchant: str, amount: str) -> Path:
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


def first_id(store: Store, prefix: str) -> int:
    return next(a.id for a in list_accounts(store, search=prefix) if a.id is not None)
