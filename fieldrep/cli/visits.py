"""``fieldrep due``, ``fieldrep visit …`` and ``fieldrep report activity`` on the command line.

Accounts are named by id, external id or a unique part of their name; days as
``YYYY-MM-DD``, ``today``, ``tomorrow`` or ``yesterday``; times as ``HH:MM``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time
from decimal import Decimal

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import AccountNotFound, find_account
from fieldrep.cli.args import day_arg, positive, time_arg, whole
from fieldrep.cli.registry import Commands
from fieldrep.common.money import MoneyError, parse_amount
from fieldrep.planning.requests import home_place, parse_place
from fieldrep.store import Store
from fieldrep.visits.activity import activity_report, period_of
from fieldrep.visits.activity_document import write_activity
from fieldrep.visits.brief import account_brief, account_timeline
from fieldrep.visits.due import DEFAULT_LIMIT, Suggestion, due_accounts
from fieldrep.visits.logbook import MAX_ORDER_VALUE, list_visits, log_visit
from fieldrep.visits.model import (
    Mode,
    Outcome,
    Result,
    VisitData,
    VisitError,
    VisitInput,
    parse_enum,
)


def amount_arg(text: str) -> Decimal:
    """An order value as reps type it (``1250.50``, ``1 250,50``, ``1,250.50``)."""
    try:
        return parse_amount(text, MAX_ORDER_VALUE)
    except MoneyError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(commands: Commands) -> None:
    """The ``due`` and ``visit`` commands of the ``fieldrep`` parser."""
    due = commands.add_parser("due", help="which accounts to see on a day, with why")
    due.add_argument("--date", type=day_arg, default=date.today(), metavar="D",
                     help="the day (default: today)")
    due.add_argument("--near", metavar="LAT,LON",
                     help="where the day starts (home, LAT,LON or a town; default: the "
                          "home base when set): far accounts rank lower")
    due.add_argument("--limit", type=positive, default=DEFAULT_LIMIT, metavar="N",
                     help=f"at most N accounts (default {DEFAULT_LIMIT})")
    due.add_argument("--all", action="store_true", help="also accounts that are on time")
    due.add_argument("--json", action="store_true", help="print JSON")
    due.set_defaults(run=cmd_due)

    visit = commands.add_parser("visit", help="log visits and read an account's history")
    what = visit.add_subparsers(dest="what", required=True, metavar="WHAT")
    log = what.add_parser("log", help="log a visit or a call")
    log.add_argument("account", help="account id, external id or name")
    log.add_argument("--outcome", required=True,
                     help="completed, no_one_there, rescheduled or cancelled")
    log.add_argument("--date", type=day_arg, default=date.today(), metavar="D")
    log.add_argument("--mode", default="in_person", help="in_person, phone or video")
    log.add_argument("--in", dest="check_in", type=time_arg, metavar="HH:MM")
    log.add_argument("--out", dest="check_out", type=time_arg, metavar="HH:MM")
    log.add_argument("--result", action="append", default=[], metavar="R",
                     help="what came of it: order, demo, sample, follow_up, lost (repeatable)")
    log.add_argument("--order", type=amount_arg, metavar="AMOUNT", help="order value taken")
    log.add_argument("--contact", default="", help="the contact met")
    log.add_argument("--notes", default="")
    log.add_argument("--next-step", default="")
    log.add_argument("--needs", default="", help="needs the account mentioned")
    log.add_argument("--competitor", action="append", default=[],
                     help="a competitor seen or named (repeatable)")
    log.add_argument("--follow-up", type=day_arg, metavar="D", help="follow-up date")
    log.add_argument("--follow-up-at", type=time_arg, metavar="HH:MM",
                     help="makes the follow-up an appointment at that time")
    log.add_argument("--follow-up-minutes", type=whole, metavar="MIN")
    log.add_argument("--json", action="store_true", help="print the saved visit as JSON")
    listing = what.add_parser("list", help="visits logged, newest first")
    listing.add_argument("--account", help="only this account")
    listing.add_argument("--from", dest="first", type=day_arg, metavar="D")
    listing.add_argument("--to", dest="last", type=day_arg, metavar="D")
    listing.add_argument("--json", action="store_true")
    brief = what.add_parser("brief", help="what to read before a stop")
    brief.add_argument("account")
    history = what.add_parser("history", help="an account's visits and follow-ups")
    history.add_argument("account")

    visit.set_defaults(run=cmd_visit)


def cmd_due(store: Store, args: argparse.Namespace) -> int:
    place = parse_place(store, args.near) if args.near else home_place(store)
    near = (place.lat, place.lon) if place else None
    found = due_accounts(store, args.date, near=near, limit=args.limit,
                         include_on_time=args.all)
    if args.json:
        print(json.dumps([_suggestion_json(s) for s in found], ensure_ascii=False, indent=1))
        return 0
    if not found:
        print(f"nothing due on {args.date:%a %d %b %Y}: every account is within its cadence")
        return 0
    print(f"due on {args.date:%a %d %b %Y}:")
    for n, s in enumerate(found, start=1):
        where = f", {s.city}" if s.city else ""
        print(f"{n:>3}. #{s.account_id} {s.name}{where} — {s.due.status.label.lower()}")
        print(f"      {'; '.join(s.reasons)}")
    return 0


def cmd_visit(store: Store, args: argparse.Namespace) -> int:
    if args.what == "log":
        return _log(store, args)
    if args.what == "list":
        account_id = _account(store, args.account).id if args.account else None
        visits = list_visits(store, account_id=account_id, first=args.first, last=args.last)
        if args.json:
            print(json.dumps([visit_json(v) for v in visits], ensure_ascii=False, indent=1))
        for v in [] if args.json else visits:
            print(f"{v.day}  {v.check_in or '     '!s:.5}  #{v.id:<5} {v.account_name}: "
                  f"{v.summary()}")
        if not args.json:
            print(f"{len(visits)} visit{'s' if len(visits) != 1 else ''}")
        return 0
    account = _account(store, args.account)
    if args.what == "brief":
        _print_brief(store, account.id or 0)
        return 0
    for entry in account_timeline(store, account.id or 0):
        at = f" {entry.at:%H:%M}" if entry.at else ""
        print(f"{entry.day}{at}  {entry.kind:<9} {entry.title}")
        for line in entry.text.splitlines():
            print(f"    {line}")
    return 0


def cmd_report_activity(store: Store, args: argparse.Namespace) -> int:
    first, last = _period(args)
    path = args.output
    if args.format and path.suffix.lower() != f".{args.format}":
        path = path.with_name(f"{path.name}.{args.format}")
    report = activity_report(store, first, last)
    write_activity(report, path)
    print(f"activity {first} – {last}: {report.done} done in person "
          f"({report.planned_done} of {report.planned} planned), {report.remote} remote; "
          f"written to {path}")
    return 0


def visit_json(v: VisitData) -> dict[str, object]:
    return {
        "id": v.id, "account_id": v.account_id, "account": v.account_name,
        "day": v.day.isoformat(), "mode": v.mode.value, "outcome": v.outcome.value,
        "check_in": _clock(v.check_in), "check_out": _clock(v.check_out),
        "results": [r.value for r in v.results],
        "order_value": None if v.order_value is None else str(v.order_value),
        "contact": v.contact_name, "notes": v.notes, "next_step": v.next_step,
        "needs": v.needs, "competitors": list(v.competitors),
        "follow_up": v.follow_up_date.isoformat() if v.follow_up_date else None,
    }


def _log(store: Store, args: argparse.Namespace) -> int:
    account = _account(store, args.account)
    saved = log_visit(store, VisitInput(
        account_id=account.id or 0, day=args.date,
        outcome=parse_enum(Outcome, args.outcome, "outcome"),
        mode=parse_enum(Mode, args.mode, "mode"), check_in=args.check_in,
        check_out=args.check_out,
        results=tuple(parse_enum(Result, r, "result") for r in _split(args.result)),
        order_value=args.order, contact_name=args.contact, notes=args.notes,
        next_step=args.next_step, needs=args.needs, competitors=tuple(args.competitor),
        follow_up_date=args.follow_up, follow_up_at=args.follow_up_at,
        follow_up_minutes=args.follow_up_minutes), now=datetime.now())
    if args.json:
        print(json.dumps(visit_json(saved), ensure_ascii=False, indent=1))
        return 0
    print(f"visit #{saved.id} logged for {saved.account_name} on {saved.day}: "
          f"{saved.summary()}")
    if saved.follow_up_date:
        print(f"follow-up on {saved.follow_up_date:%a %d %b %Y}"
              + (f" at {args.follow_up_at:%H:%M} (appointment)" if args.follow_up_at else ""))
    return 0


def _print_brief(store: Store, account_id: int) -> None:
    brief = account_brief(store, account_id)
    a = brief.account
    print(f"{a.name} — tier {a.tier}, every {a.cadence_days} days; {a.address}")
    last = f"last visit {brief.due.last_visit}" if brief.due.last_visit else "never visited"
    print(f"{brief.due.status.label}: {last}")
    for contact in a.contacts:
        print(f"contact: {contact.name} ({contact.role}) {contact.phone} {contact.email}")
    for item in brief.follow_ups:
        print(f"open: {item.describe()}")
    if brief.needs:
        print(f"needs: {'; '.join(brief.needs)}")
    if brief.competitors:
        print(f"competitors mentioned: {', '.join(brief.competitors)}")
    for v in brief.recent:
        print(f"{v.day}: {v.summary()}")
        for line in (v.notes.strip() + ("\nNext step: " + v.next_step if v.next_step else "")
                     ).strip().splitlines():
            print(f"    {line}")


def _period(args: argparse.Namespace) -> tuple[date, date]:
    if args.week:
        return period_of("week", args.week)
    if args.month:
        return period_of("month", args.month)
    if not (args.first and args.last):
        raise VisitError("give --from D --to D, or --week D, or --month D", "period")
    return args.first, args.last


def _account(store: Store, text: str) -> AccountData:
    try:
        return find_account(store, text)
    except AccountNotFound as exc:
        raise VisitError(str(exc), "account") from None


def _split(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def _clock(at: time | None) -> str | None:
    return None if at is None else at.strftime("%H:%M")


def _suggestion_json(s: Suggestion) -> dict[str, object]:
    return {
        "account_id": s.account_id, "name": s.name, "city": s.city, "tier": s.tier,
        "status": s.due.status.value, "score": round(s.score, 2), "reasons": list(s.reasons),
        "last_visit": s.due.last_visit.isoformat() if s.due.last_visit else None,
        "due_on": s.due.due_on.isoformat() if s.due.due_on else None,
        "appointment": _clock(s.appointment),
        "km": None if s.km is None else round(s.km, 1),
    }
