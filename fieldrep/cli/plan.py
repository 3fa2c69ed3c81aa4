"""``fieldrep plan day|week|list|show|driven``: plan from the command line.

A day needs a start (``--start home`` by default: the home base from the settings, or
``LAT,LON``, or a town), accounts (``--accounts 12,57,…``; by default the 30 located
accounts nearest to the start, tier A first) and optionally appointments
(``--appointment 57@10:30``), stops kept first (``--first 3,1``) or locked at their place
in the day (``--lock 57@3``: the third stop; ``--lock 57@3@10:30``: and at 10:30).  A day
that is not a working day is refused.  The plan prints as a timeline, or as JSON;
``--map`` writes a page with the route, ``--export`` a calendar (.ics, in the rep's time
zone), GPX or navigation links (.txt) of the day or of every day of the week, and
``--save`` keeps it in the store.  ``plan list`` lists the saved plans, ``plan show ID``
prints one, and ``plan driven ID --date D --km X`` (or ``--mi X``) records the distance
really driven that day.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date, time
from pathlib import Path
from typing import Any

from fieldrep.cli.args import day_arg, record_id, seconds_arg, whole
from fieldrep.cli.registry import Commands
from fieldrep.common.ids import parse_id
from fieldrep.planning.export import check_export_path, write_plan
from fieldrep.planning.model import Appointment, DayPlan, Lock, PlanError
from fieldrep.planning.route_map import (
    exported_map_options,
    stop_addresses,
    stop_locations,
    write_plan_map,
)
from fieldrep.planning.saved import (
    PlanNotFound,
    driven_metres,
    list_plans,
    load_plan,
    record_driven,
    save_plan,
)
from fieldrep.planning.time_zone import time_zone
from fieldrep.planning.week import DatedAppointment
from fieldrep.store import Store
from fieldrep.usecases.planning import (
    DAY_SECONDS,
    WEEK_SECONDS,
    DayPlanRequest,
    PlannedDays,
    WeekPlanRequest,
    plan_a_day,
    plan_a_week,
)

_APPOINTMENT = re.compile(r"^(\d+)@(\d{1,2}):(\d{2})(?:/(\d+))?$")
_LOCK = re.compile(r"^(\d+)@(\d+)(?:@(\d{1,2}):(\d{2}))?$")
_DATED = re.compile(r"^(\d+)@(\d{4}-\d{2}-\d{2})T?(\d{1,2}):(\d{2})$")


def register(commands: Commands) -> None:
    """The ``plan`` command group of the ``fieldrep`` parser."""
    plan = commands.add_parser("plan", help="plan a day or a week of visits")
    what = plan.add_subparsers(dest="what", required=True, metavar="WHAT")
    day = what.add_parser("day", help="plan one day")
    day.add_argument("--date", required=True, type=day_arg, metavar="YYYY-MM-DD")
    week = what.add_parser("week", help="plan several working days")
    week.add_argument("--from", dest="first", required=True, type=day_arg,
                      metavar="YYYY-MM-DD")
    week.add_argument("--days", type=whole, default=5, help="working days to plan (default 5)")
    for p in (day, week):
        p.add_argument("--start", default="home",
                       help="home (default), LAT,LON or a town where the day starts")
        p.add_argument("--end", help="where the day (for a week: the last day) ends "
                                     "(default: the start)")
        p.add_argument("--accounts", default="",
                       help="account ids, comma-separated (default: the 30 nearest)")
        p.add_argument("--due", action="store_true",
                       help="the accounts due on that day (as `fieldrep due` ranks them "
                            "from the start), instead of the nearest")
        p.add_argument("--appointment", action="append", default=[],
                       metavar="ID@HH:MM[/MIN]" if p is day else "ID@YYYY-MM-DDTHH:MM",
                       help="a fixed appointment (repeatable)")
        p.add_argument("--max-drive", type=whole, metavar="MINUTES",
                       help="at most this much driving a day")
        p.add_argument("--osrm", metavar="URL", help="OSRM server for road times")
        p.add_argument("--seconds", type=seconds_arg, default=None, help="solver time budget")
        p.add_argument("--json", action="store_true", help="print the plan as JSON")
        p.add_argument("--map", type=Path, metavar="OUT.html", help="write the route map")
        p.add_argument("--save", action="store_true", help="keep the plan in the store")
        p.add_argument("--export", type=Path, metavar="FILE.ics|.gpx|.txt",
                       help="export the plan (calendar, GPX, navigation links)")
    day.add_argument("--first", default="", metavar="ID,ID,…",
                     help="account ids kept first, in this order")
    day.add_argument("--lock", action="append", default=[], metavar="ID@N[@HH:MM]",
                     help="keep this account as stop N of the day (at HH:MM when given); "
                          "repeatable")
    _add_saved_commands(what)
    plan.set_defaults(run=cmd_plan)


def _add_saved_commands(what: Any) -> None:
    listing = what.add_parser("list", help="list the saved plans")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    show = what.add_parser("show", help="print a saved plan")
    show.add_argument("plan_id", type=record_id, metavar="PLAN_ID")
    show.add_argument("--json", action="store_true", help="print the plan as JSON")
    driven = what.add_parser("driven", help="record the distance really driven on a day")
    driven.add_argument("plan_id", type=record_id, metavar="PLAN_ID")
    driven.add_argument("--date", type=day_arg, metavar="YYYY-MM-DD",
                        help="the day (default: the plan's only day)")
    unit = driven.add_mutually_exclusive_group(required=True)
    unit.add_argument("--km", metavar="KM", help="kilometres driven that day")
    unit.add_argument("--mi", metavar="MI", help="miles driven that day")


def cmd_plan(store: Store, args: argparse.Namespace) -> int:
    """Run ``plan day|week|list|show|driven``; user errors raise :class:`PlanError`."""
    saved = {"list": _cmd_list, "show": _cmd_show, "driven": _cmd_driven}.get(args.what)
    if saved is not None:
        try:
            return saved(store, args)
        except PlanNotFound as exc:
            raise PlanError(str(exc)) from None
    if args.export:
        check_export_path(args.export)  # before the plan is made and saved
    planned = plan_a_day(store, _day_request(args)) if args.what == "day" else \
        plan_a_week(store, _week_request(args))
    days = list(planned.days)
    plan_id = save_plan(store, days, planned.week_dropped,
                        travel_note=planned.travel_note) if args.save else None
    _print_plan(planned, plan_id, as_json=args.json)
    if args.map:
        write_plan_map(store, args.map, days, exported_map_options())
    if args.export:
        write_plan(days, stop_locations(store, days), args.export, zone=time_zone(store),
                   addresses=stop_addresses(store, days))
    return 0


def _print_plan(planned: PlannedDays, plan_id: int | None, *, as_json: bool) -> None:
    """The plan as a timeline a day, what was left out and why, or as JSON."""
    dropped, note = planned.left_out, planned.travel_note
    if as_json:
        print(json.dumps({"id": plan_id, "days": [_day_json(d) for d in planned.days],
                          "dropped": [vars(d) for d in dropped], "travel_note": note},
                         indent=2, default=str, ensure_ascii=False))
        return
    for d in planned.days:
        print(_timeline(d))
    if dropped:
        print("left out:")
        for gone in dropped:
            print(f"  {gone.name}: {gone.reason}")
    if note:
        print(note)
    if plan_id is not None:
        print(f"saved as plan {plan_id}")


def _day_request(args: argparse.Namespace) -> DayPlanRequest:
    return DayPlanRequest(
        day=args.date, account_ids=tuple(_ids(args.accounts)) or None, start=args.start,
        end=args.end, appointments=tuple(_appointment(a) for a in args.appointment),
        first=tuple(_ids(args.first)), locks=tuple(_lock(a) for a in args.lock),
        max_drive_minutes=args.max_drive,
        osrm_url=args.osrm, seconds=args.seconds or DAY_SECONDS, due_when_none=args.due)


def _week_request(args: argparse.Namespace) -> WeekPlanRequest:
    return WeekPlanRequest(
        first_day=args.first, days=args.days, account_ids=tuple(_ids(args.accounts)) or None,
        start=args.start, end=args.end, appointments=tuple(_dated(a) for a in args.appointment),
        max_drive_minutes=args.max_drive, osrm_url=args.osrm,
        seconds=args.seconds or WEEK_SECONDS, due_when_none=args.due)


def _cmd_list(store: Store, args: argparse.Namespace) -> int:
    plans = list_plans(store)
    if args.json:
        print(json.dumps([{"id": i, "kind": kind, "first_day": first.isoformat(),
                           "stops": stops} for i, kind, first, stops in plans], indent=2))
    elif not plans:
        print("no saved plans (plan day … --save keeps one)")
    for plan_id, kind, first, stops in [] if args.json else plans:
        print(f"{plan_id:>5}  {kind:<4}  {first:%a %d %b %Y}  {stops} stop"
              f"{'s' if stops != 1 else ''}")
    return 0


def _cmd_show(store: Store, args: argparse.Namespace) -> int:
    plan = load_plan(store, args.plan_id)
    if args.json:
        print(json.dumps({"id": plan.id, "kind": plan.kind,
                          "days": [{**_day_json(d), "driven_metres": m}
                                   for d, m in zip(plan.days, plan.driven_metres, strict=True)],
                          "dropped": [vars(d) for d in plan.dropped],
                          "travel_note": plan.travel_note},
                         indent=2, default=str, ensure_ascii=False))
        return 0
    print(f"plan {plan.id} ({plan.kind})")
    for d, metres in zip(plan.days, plan.driven_metres, strict=True):
        print(_timeline(d))
        print("  driven: " + ("not recorded yet" if metres is None
                              else f"{metres / 1000:.1f} km"))
    if plan.dropped:
        print("left out:")
        for gone in plan.dropped:
            print(f"  {gone.name}: {gone.reason}")
    return 0


def _cmd_driven(store: Store, args: argparse.Namespace) -> int:
    unit, typed = ("km", args.km) if args.km is not None else ("mi", args.mi)
    try:
        metres = driven_metres(typed, unit)
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    day = args.date
    if day is None:
        days = [d.day for d in load_plan(store, args.plan_id).days]
        if len(days) != 1:
            raise PlanError(f"plan {args.plan_id} has {len(days)} days: give --date "
                            f"({', '.join(d.isoformat() for d in days)})")
        day = days[0]
    record_driven(store, args.plan_id, day, metres)
    print(f"plan {args.plan_id}, {day:%a %d %b %Y}: {typed} {unit} driven recorded "
          f"({metres / 1000:.1f} km)")
    return 0


def _ids(text: str) -> list[int]:
    try:
        return [parse_id(p) for p in text.replace(" ", "").split(",") if p]
    except ValueError as exc:
        raise PlanError(f"account ids are numbers separated by commas: {exc}") from None


def _appointment(text: str) -> Appointment:
    match = _APPOINTMENT.match(text.strip())
    if not match:
        raise PlanError(f"an appointment is ID@HH:MM (or ID@HH:MM/MINUTES), not {text!r}")
    account, hour, minute, length = match.groups()
    try:
        at = time(int(hour), int(minute))
    except ValueError:
        raise PlanError(f"{hour}:{minute} is not a time of day") from None
    return Appointment(int(account), at, int(length) if length else None)


def _lock(text: str) -> Lock:
    match = _LOCK.match(text.strip())
    if not match:
        raise PlanError(f"a lock is ID@N (stop N of the day) or ID@N@HH:MM, not {text!r}")
    account, position, hour, minute = match.groups()
    try:
        at = time(int(hour), int(minute)) if hour else None
    except ValueError:
        raise PlanError(f"{hour}:{minute} is not a time of day") from None
    return Lock(int(account), int(position), at)


def _dated(text: str) -> DatedAppointment:
    match = _DATED.match(text.strip())
    if not match:
        raise PlanError(f"a week appointment is ID@YYYY-MM-DDTHH:MM, not {text!r}")
    account, day, hour, minute = match.groups()
    return DatedAppointment(int(account), date.fromisoformat(day), time(int(hour), int(minute)))


def _timeline(plan: DayPlan) -> str:
    t = plan.totals
    lines = [f"{plan.day:%A %d %B %Y}: {plan.start.label} {plan.departure:%H:%M} → "
             f"{plan.end.label} {plan.return_time:%H:%M}"]
    for n, s in enumerate(plan.stops, start=1):
        wait = f", waits {s.wait_minutes} min" if s.wait_minutes else ""
        mark = (f" [appointment {s.appointment_at:%H:%M}]" if s.appointment_at else
                " [appointment]" if s.appointment else "") + (" [locked]" if s.locked else "")
        lines.append(f"  {n:>2}. {s.start:%H:%M}–{s.end:%H:%M} {s.name}{mark} "
                     f"({s.leg_metres / 1000:.1f} km, {s.leg_seconds // 60} min{wait})")
    if plan.lunch:
        lines.append(f"  lunch {plan.lunch[0]:%H:%M}–{plan.lunch[1]:%H:%M}")
    lines.append(f"  driving {t.drive_seconds // 60} min, {t.distance_metres / 1000:.1f} km; "
                 f"meetings {t.meeting_seconds // 60} min; idle {t.idle_seconds // 60} min")
    return "\n".join(lines)


def _day_json(plan: DayPlan) -> dict[str, Any]:
    return {
        "date": plan.day.isoformat(), "start": vars(plan.start), "end": vars(plan.end),
        "departure": f"{plan.departure:%H:%M}", "return": f"{plan.return_time:%H:%M}",
        "lunch": [f"{t:%H:%M}" for t in plan.lunch] if plan.lunch else None,
        "stops": [{**vars(s), "arrival": f"{s.arrival:%H:%M}", "start": f"{s.start:%H:%M}",
                   "end": f"{s.end:%H:%M}", "appointment_at": None if s.appointment_at is None
                   else f"{s.appointment_at:%H:%M}"} for s in plan.stops],
        "totals": vars(plan.totals), "travel_source": plan.travel_source,
    }
