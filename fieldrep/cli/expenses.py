"""``fieldrep expense …``, ``fieldrep mileage`` and ``fieldrep report expenses``.

Amounts are typed as on a receipt (``12.50`` or ``12,50``), days as ``YYYY-MM-DD``,
``today`` or ``yesterday``; accounts by id, external id or a unique part of their name.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from fieldrep.accounts.service import AccountNotFound, find_account
from fieldrep.cli.args import day_arg, record_id, whole
from fieldrep.cli.registry import Commands
from fieldrep.common.money import parse_amount, parse_rate, total
from fieldrep.expenses.categories import Category, parse_category
from fieldrep.expenses.entries import ExpenseEntry, PaidBy
from fieldrep.expenses.ledger import add_expense, delete_expense, list_expenses
from fieldrep.expenses.mileage import metres_to_unit
from fieldrep.expenses.mileage_service import mileage_lines, odometer_mileage, save_mileage
from fieldrep.expenses.receipt_files import ReceiptFile
from fieldrep.expenses.records import ExpenseError, ExpenseRecord, MileageSource, ReportData
from fieldrep.expenses.report_service import (
    WarningsToConfirm,
    approve_report,
    create_report,
    delete_report,
    list_reports,
    mark_reimbursed,
    reopen_report,
    return_report,
    submit_report,
    write_expense_report,
)
from fieldrep.expenses.settings import expense_settings
from fieldrep.store import Store


def register(commands: Commands) -> None:
    """The ``expense`` and ``mileage`` commands of the ``fieldrep`` parser."""
    expense = commands.add_parser("expense", help="record expenses and manage expense reports")
    what = expense.add_subparsers(dest="what", required=True, metavar="WHAT")
    add = what.add_parser("add", help="record an expense (with its receipts)")
    add.add_argument("--date", type=day_arg, required=True, metavar="D")
    add.add_argument("--category", required=True, metavar="C",
                     help=", ".join(c.value for c in Category))
    add.add_argument("--amount", metavar="AMOUNT", help="tax included, e.g. 12.50")
    add.add_argument("--currency", metavar="CUR", help="ISO code (default: the currency "
                                                       "setting)")
    add.add_argument("--rate", metavar="R", help="what one unit of the currency was worth "
                                                 "in the currency setting (e.g. 0.92)")
    add.add_argument("--tax", metavar="T", default="0", help="the tax (VAT) part")
    add.add_argument("--merchant", default="")
    add.add_argument("--paid-by", choices=[p.value for p in PaidBy], default="personal")
    add.add_argument("--not-reimbursable", action="store_true")
    add.add_argument("--account", help="the account it was for (id, external id or name)")
    add.add_argument("--visit", type=record_id, metavar="ID", help="the visit it was for")
    add.add_argument("--attendee", action="extend", nargs="+", default=[], metavar="NAME",
                     help="who was entertained (one or more names)")
    add.add_argument("--notes", default="")
    add.add_argument("--receipt", action="extend", nargs="+", default=[], type=Path,
                     metavar="FILE", help="photos or PDFs of the receipts")
    add.add_argument("--receipt-name", action="extend", nargs="+", default=[], metavar="NAME",
                     help="the names to keep for the receipts of the same rank")
    add.add_argument("--report", type=record_id, metavar="ID", help="add it to this draft report")
    add.add_argument("--odometer", nargs=2, type=whole, metavar=("START", "END"),
                     help="mileage from two odometer readings (no --amount)")
    add.add_argument("--json", action="store_true", help="print the saved expense as JSON")
    listing = what.add_parser("list", help="the expenses recorded, by day")
    listing.add_argument("--from", dest="first", type=day_arg, metavar="D")
    listing.add_argument("--to", dest="last", type=day_arg, metavar="D")
    listing.add_argument("--report", type=record_id, metavar="ID")
    listing.add_argument("--json", action="store_true")
    delete = what.add_parser("delete", help="delete an expense (not in a submitted report)")
    delete.add_argument("id", type=record_id)

    report = what.add_parser("report", help="expense reports: new, list, submit, reopen; "
                                            "the manager's approve, return, reimburse")
    action = report.add_subparsers(dest="action", required=True, metavar="ACTION")
    new = action.add_parser("new", help="a draft report for a period or a trip")
    new.add_argument("--from", dest="first", type=day_arg, required=True, metavar="D")
    new.add_argument("--to", dest="last", type=day_arg, required=True, metavar="D")
    new.add_argument("--title", default="")
    new.add_argument("--trip", action="store_true", help="a trip rather than a period")
    action.add_parser("list", help="every report with its status and history")
    for name, text in (("submit", "submit a draft: its lines are locked"),
                       ("approve", "the manager accepts a submitted report"),
                       ("reimburse", "the manager records an approved report was paid back"),
                       ("delete", "delete a draft report (its expenses stay)")):
        action.add_parser(name, help=text).add_argument("id", type=record_id)
    action.choices["submit"].add_argument(
        "--yes", action="store_true",
        help="submit it even with policy warnings (they are listed otherwise)")
    reopen = action.add_parser("reopen", help="reopen a submitted report to change it")
    reopen.add_argument("id", type=record_id)
    reopen.add_argument("--reason", required=True, help="why (kept in its history)")
    returned = action.add_parser("return", help="the manager sends a submitted report back "
                                                "to the rep")
    returned.add_argument("id", type=record_id)
    returned.add_argument("--reason", required=True, help="what to fix (kept in its history)")
    expense.set_defaults(run=cmd_expense)

    mileage = commands.add_parser("mileage", help="mileage from the plans and the visits")
    mileage.add_argument("--from", dest="first", type=day_arg, required=True, metavar="D")
    mileage.add_argument("--to", dest="last", type=day_arg, required=True, metavar="D")
    mileage.add_argument("--source", choices=[MileageSource.PLAN.value,
                                              MileageSource.VISITS.value],
                         help="only the plans or only the visits (default: the visits "
                              "where there are some, else the plan; a recorded distance "
                              "wins)")
    commute = mileage.add_mutually_exclusive_group()
    commute.add_argument("--exclude-commute", dest="commute", action="store_true",
                         default=None, help="leave out home → first visit and last → home")
    commute.add_argument("--include-commute", dest="commute", action="store_false")
    mileage.add_argument("--save", action="store_true",
                         help="save each day as a mileage expense")
    mileage.set_defaults(run=cmd_mileage)



def cmd_expense(store: Store, args: argparse.Namespace) -> int:
    if args.what == "add":
        saved = _add(store, args)
        if args.json:
            print(json.dumps(expense_json(saved), ensure_ascii=False, indent=1))
        else:
            where = f" (report #{saved.report_id})" if saved.report_id else ""
            print(f"expense #{saved.id} saved{where}: {_line(saved)}")
        return 0
    if args.what == "list":
        records = list_expenses(store, first=args.first, last=args.last,
                                report_id=args.report)
        if args.json:
            print(json.dumps([expense_json(r) for r in records], ensure_ascii=False, indent=1))
            return 0
        for record in records:
            print(f"#{record.id:<5} {_line(record)}")
        print(f"{len(records)} expense{'s' if len(records) != 1 else ''}")
        return 0
    if args.what == "delete":
        gone = delete_expense(store, args.id)
        print(f"expense #{gone.id} deleted: {_line(gone)}")
        return 0
    return _report_action(store, args)


def cmd_mileage(store: Store, args: argparse.Namespace) -> int:
    source = MileageSource(args.source) if args.source else None
    lines = mileage_lines(store, args.first, args.last, source=source, commute=args.commute)
    if not lines:
        print(f"no driving known from {args.first} to {args.last}: save the day's plan or "
              "log the visits with their check-in times")
        return 0
    for line in lines:
        d, p = line.driven, line.priced
        commute = f", commute {metres_to_unit(p.commute_m, p.unit)} left out" \
            if p.commute_m else ""
        print(f"{d.day}  {d.source.label:<18} driven {metres_to_unit(p.driven_m, p.unit)} "
              f"{p.unit}{commute}: {p.distance} {p.unit} × {p.rate.rate} {p.currency} "
              f"({p.rate.describe()}) = {p.amount} {p.currency}")
        if d.route():
            print(f"            {d.route()}")
        if d.basis:
            print(f"            measured on: {d.basis}")
    currency = lines[0].priced.currency
    amount = total(line.priced.amount for line in lines)
    print(f"{len(lines)} day{'s' if len(lines) != 1 else ''}: {amount} {currency}")
    if args.save:
        saved = save_mileage(store, args.first, args.last, source=source,
                             commute=args.commute)
        print(f"{len(saved.saved)} mileage expense{'s' if len(saved.saved) != 1 else ''} "
              "saved")
        for reason in saved.skipped:
            print(f"not saved: {reason}")
    return 0


def cmd_report_expenses(store: Store, args: argparse.Namespace) -> int:
    path = args.output
    if args.format and path.suffix.lower() != f".{args.format}":
        path = path.with_name(f"{path.name}.{args.format}")
    if args.report_id is None and not (args.first and args.last):
        raise ExpenseError("give --from D --to D, or --id of a saved report")
    written = write_expense_report(store, path, report_id=args.report_id, first=args.first,
                                   last=args.last)
    print(f"expense report written to {written}")
    return 0


def expense_json(record: ExpenseRecord) -> dict[str, object]:
    e = record.entry
    return {
        "id": record.id, "date": e.day.isoformat(), "category": e.category.value,
        "amount": str(e.amount), "currency": e.currency,
        "rate": None if e.rate_to_report is None else str(e.rate_to_report),
        "rate_to": record.rate_currency, "tax": str(e.tax), "merchant": e.merchant,
        "paid_by": e.paid_by.value, "reimbursable": e.reimbursable,
        "account_id": e.account_id, "account": record.account_name, "visit_id": e.visit_id,
        "attendees": list(e.attendees), "notes": e.notes,
        "receipts": [r.original_name for r in record.receipts],
        "report_id": record.report_id, "locked": record.locked,
        "distance": None if record.mileage is None else str(record.mileage.distance),
        "unit": None if record.mileage is None else record.mileage.unit,
    }


def _add(store: Store, args: argparse.Namespace) -> ExpenseRecord:
    settings = expense_settings(store)
    category = _category(args.category)
    account_id = None
    if args.account:
        try:
            account_id = find_account(store, args.account).id
        except AccountNotFound as exc:
            raise ExpenseError(str(exc)) from None
    if len(args.receipt_name) > len(args.receipt):
        raise ExpenseError("--receipt-name names a receipt: give as many --receipt files")
    names = args.receipt_name + [""] * (len(args.receipt) - len(args.receipt_name))
    receipts = [ReceiptFile(path, name) for path, name in zip(args.receipt, names, strict=True)]
    common = {"merchant": args.merchant, "notes": args.notes,
              "attendees": tuple(args.attendee), "account_id": account_id,
              "visit_id": args.visit}
    if args.odometer:
        if category is not Category.MILEAGE or args.amount:
            raise ExpenseError("--odometer makes a mileage expense: use --category mileage "
                               "and no --amount")
        entry, details = odometer_mileage(settings.rates, args.date, *args.odometer)
        return add_expense(store, replace(entry, **common), receipts=receipts,
                           report_id=args.report, mileage=details)
    if not args.amount:
        raise ExpenseError("give the amount, e.g. --amount 12.50")
    paid_by = PaidBy(args.paid_by)
    entry = ExpenseEntry(
        day=args.date, category=category, amount=parse_amount(args.amount),
        currency=args.currency or settings.currency,
        rate_to_report=parse_rate(args.rate) if args.rate else None,
        tax=parse_amount(args.tax), paid_by=paid_by,
        reimbursable=not args.not_reimbursable and paid_by is PaidBy.PERSONAL, **common)
    return add_expense(store, entry, receipts=receipts, report_id=args.report)


def _report_action(store: Store, args: argparse.Namespace) -> int:
    if args.action == "new":
        made = create_report(store, args.first, args.last, title=args.title, trip=args.trip)
        print(f"report {made.describe()}: {made.lines} expenses")
        return 0
    if args.action == "list":
        reports = list_reports(store)
        for report in reports:
            _print_report(report)
        if not reports:
            print("no expense report yet: fieldrep expense report new --from D --to D")
        return 0
    if args.action == "submit":
        try:
            _print_report(submit_report(store, args.id, confirmed=args.yes))
        except WarningsToConfirm as exc:
            raise ExpenseError(f"{exc}; once checked, submit it with --yes") from None
    elif args.action == "reopen":
        _print_report(reopen_report(store, args.id, args.reason))
    elif args.action == "approve":
        _print_report(approve_report(store, args.id))
    elif args.action == "return":
        _print_report(return_report(store, args.id, args.reason))
    elif args.action == "delete":
        delete_report(store, args.id)
        print(f"report #{args.id} deleted; its expenses are in no report")
    else:
        _print_report(mark_reimbursed(store, args.id))
    return 0


def _print_report(report: ReportData) -> None:
    print(f"report {report.describe()}: {report.lines} expenses")
    for event in report.history:
        print(f"    {event.describe()}")


def _line(record: ExpenseRecord) -> str:
    e = record.entry
    parts = [e.day.isoformat(), e.category.label, f"{e.amount:,.2f} {e.currency}"]
    if e.rate_to_report is not None and record.rate_currency:
        parts.append(f"at {e.rate_to_report} = {e.amount_in(record.rate_currency):,.2f} "
                     f"{record.rate_currency}")
    if record.mileage is not None:
        parts.append(f"{record.mileage.distance} {record.mileage.unit}")
    if e.merchant:
        parts.append(e.merchant)
    if record.account_name:
        parts.append(f"for {record.account_name}")
    if record.receipts:
        parts.append(f"{len(record.receipts)} receipt{'s' if len(record.receipts) > 1 else ''}")
    if record.locked:
        parts.append("locked")
    return ", ".join(parts)


def _category(text: str) -> Category:
    try:
        return parse_category(text)
    except ValueError as exc:
        raise ExpenseError(str(exc)) from None
