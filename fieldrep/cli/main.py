"""The ``fieldrep`` command line: the same services the desktop app uses.

A bad file or argument ends with a one-line reason on stderr and exit code 2; an import
with rejected rows still completes and says how many rows were imported, updated and
rejected.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

from fieldrep import __version__
from fieldrep.accounts.export import ExportError, export_accounts
from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import list_accounts
from fieldrep.cli.args import positive
from fieldrep.cli.expenses import add_expense_commands, cmd_expense, cmd_mileage
from fieldrep.cli.plan import add_plan_commands, cmd_plan
from fieldrep.cli.visits import add_visit_commands, cmd_due, cmd_report, cmd_visit
from fieldrep.common.money import MoneyError
from fieldrep.common.paths import default_db_url
from fieldrep.expenses.mileage_rates import MileageError
from fieldrep.expenses.receipts import ReceiptError
from fieldrep.expenses.records import ExpenseError
from fieldrep.geocoding.providers import GeocoderConfigError, make_geocoder
from fieldrep.geocoding.service import geocode_accounts, pending_count
from fieldrep.importing.columns import MappingError, parse_overrides
from fieldrep.importing.reader import ImportFileError, sheet_names
from fieldrep.importing.service import (
    ImportCancelled,
    ImportFailed,
    import_accounts,
    plan_import,
    write_rejects,
)
from fieldrep.planning.model import PlanError
from fieldrep.reports import ReportError
from fieldrep.settings.registry import SETTINGS, SettingError, get_settings, set_settings
from fieldrep.store import Store, open_store
from fieldrep.store.database import StoreError
from fieldrep.usecases.demo import load_demo
from fieldrep.visits.model import VisitError

SHOWN_PROBLEMS = 20
USER_ERRORS = (ImportFileError, MappingError, ImportFailed, ImportCancelled, ExportError,
               StoreError, SettingError, GeocoderConfigError, PlanError, VisitError, ReportError,
               ExpenseError, MoneyError, MileageError, ReceiptError, OSError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldrep", description="FieldRep: accounts, visits and routes for field reps.")
    parser.add_argument("--version", action="version", version=f"fieldrep {__version__}")
    parser.add_argument("--db", metavar="URL",
                        help="SQLAlchemy URL of the store (default: $FIELDREP_DB, else a "
                             "SQLite file in your user data folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="load the demo territory (accounts around Lyon)")
    demo.add_argument("--history", action="store_true",
                      help="also a few months of visits and follow-ups around today")

    imp = commands.add_parser("import", help="import accounts from a CSV or XLSX file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--sheet", help="worksheet name or number (XLSX)")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=field",
                     help="map a column to a field (repeatable); COLUMN= ignores it")
    imp.add_argument("--report", type=Path, metavar="REJECTS.csv",
                     help="write the rejected rows with their reasons to this CSV file")
    imp.add_argument("--dry-run", action="store_true",
                     help="check the file and report, but save nothing")
    imp.add_argument("--list-sheets", action="store_true", help="list the workbook's sheets")

    geo = commands.add_parser("geocode", help="locate the accounts that have no coordinates")
    geo.add_argument("--offline", action="store_true",
                     help="use only the offline gazetteer (no network)")
    geo.add_argument("--limit", type=positive, metavar="N", help="at most N accounts")
    geo.add_argument("--refine", action="store_true",
                     help="also retry online the accounts placed only at their town/postcode")
    geo.add_argument("--retry-not-found", action="store_true",
                     help="also retry the accounts the provider did not find before")

    acc = commands.add_parser("accounts", help="list the accounts")
    acc.add_argument("--json", action="store_true", help="print JSON")
    acc.add_argument("--search", default="", help="only accounts matching this text")

    exp = commands.add_parser("export", help="export data")
    exp_what = exp.add_subparsers(dest="what", required=True, metavar="WHAT")
    exp_acc = exp_what.add_parser("accounts", help="accounts to FILE.csv or FILE.xlsx")
    exp_acc.add_argument("file", type=Path)

    st = commands.add_parser(
        "settings", help="show or change settings",
        description="Show the settings, or change some: the values are checked together "
                    "and saved all or none (e.g. settings home.lat 45.76 home.lon 4.84).")
    st.add_argument("key", nargs="?", choices=sorted(SETTINGS), metavar="KEY")
    st.add_argument("value", nargs="?", help="new value (empty string: back to default)")
    st.add_argument("more", nargs="*", metavar="KEY VALUE",
                    help="further settings to change at the same time")

    add_plan_commands(commands)
    report_kinds = add_visit_commands(commands)
    add_expense_commands(commands, report_kinds)

    bench = commands.add_parser("bench", help="solve benchmark instances with the route engine")
    bench_what = bench.add_subparsers(dest="what", required=True, metavar="WHAT")
    vrptw = bench_what.add_parser(
        "vrptw", help="a VRPLIB VRPTW instance (e.g. Solomon's), DIMACS convention",
        description="Solve a VRPLIB VRPTW file and print its cost in the file's units and "
                    "the routes, customers by their node numbers in the file. Exit code 1 "
                    "if no valid plan was found.")
    vrptw.add_argument("file", type=Path)
    vrptw.add_argument("--customers", type=positive, metavar="N",
                       help="only the depot and the first N customers")
    vrptw.add_argument("--seconds", type=float, default=1.0, metavar="S",
                       help="time limit of the search (default 1)")
    vrptw.add_argument("--json", action="store_true",
                       help='print {"cost": ..., "feasible": ..., "routes": [[...], ...]}')
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "import" and args.list_sheets:
            print("\n".join(sheet_names(args.file)) or f"{args.file.name}: not a workbook")
            return 0
        if args.command == "bench":
            return _bench_vrptw(args)
        store = open_store(args.db or default_db_url())
        try:
            return COMMANDS[args.command](store, args)
        finally:
            store.close()
    except USER_ERRORS as exc:
        print(f"fieldrep: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fieldrep: interrupted; what was saved is kept", file=sys.stderr)
        return 130


def _bench_vrptw(args: argparse.Namespace) -> int:
    """Solve a VRPTW benchmark file: its cost, whether the plan is valid, the routes."""
    from fieldrep.planning import engine, vrplib  # OR-Tools loads only for this command

    if not args.seconds > 0:
        print("fieldrep: error: --seconds must be more than 0", file=sys.stderr)
        return 2
    try:
        instance = vrplib.read_vrptw(args.file, args.customers)
    except vrplib.VrplibError as exc:
        print(f"fieldrep: error: {exc}", file=sys.stderr)
        return 2
    solution = engine.solve(instance.problem, time_limit=args.seconds)
    violations = engine.check(instance.problem, solution.routes)
    feasible = solution.feasible and not violations
    cost = vrplib.cost(solution.routes)
    routes = vrplib.customer_routes(instance, solution.routes)
    if args.json:
        print(json.dumps({"cost": cost, "feasible": feasible, "routes": routes}))
    else:
        verdict = "feasible" if feasible else f"NOT feasible: {solution.status}"
        print(f"{instance.name}, {instance.customers} customers: cost {cost:.1f}, "
              f"{len(routes)} routes, {verdict} ({solution.seconds:.1f} s)")
        for number, route in enumerate(routes, start=1):
            print(f"route {number}: {' '.join(map(str, route))}")
        for line in violations[:SHOWN_PROBLEMS]:
            print(f"  {line}")
    return 0 if feasible else 1


def cmd_demo(store: Store, args: argparse.Namespace) -> int:
    result, report = load_demo(store, history=args.history)
    print(f"demo territory: {result.summary()}")
    print(f"placed offline: {report.summary()}")
    return 0


def cmd_import(store: Store, args: argparse.Namespace) -> int:
    plan = plan_import(args.file, sheet=args.sheet, overrides=parse_overrides(args.map))
    result = import_accounts(store, plan, progress=_progress("rows"), dry_run=args.dry_run)
    _clear_progress()
    prefix = "dry run, nothing saved: " if args.dry_run else ""
    print(f"{prefix}{plan.path.name}: {result.summary()}")
    if result.ignored_columns:
        print(f"ignored columns: {', '.join(result.ignored_columns)}")
    _print_some("rejected", [str(e) for e in result.rejected])
    _print_some("suspected duplicates (imported, not merged)",
                [str(d) for d in result.duplicates])
    if args.report:
        write_rejects(args.report, plan, result.rejected)
        print(f"rejected rows written to {args.report}")
    return 0


def cmd_geocode(store: Store, args: argparse.Namespace) -> int:
    settings = get_settings(store)
    online = None if args.offline else make_geocoder(settings)
    todo = pending_count(store, refine=args.refine and online is not None,
                         retry_not_found=args.retry_not_found)
    if not todo:
        print("every account already has a location")
        return 0
    report = geocode_accounts(
        store, online, limit=args.limit, refine=args.refine,
        retry_not_found=args.retry_not_found,
        default_country=settings["geocoder.default_country"],
        progress=_progress("accounts"))
    _clear_progress()
    print(report.summary())
    return 0


def cmd_accounts(store: Store, args: argparse.Namespace) -> int:
    accounts = list_accounts(store, search=args.search)
    if args.json:
        print(json.dumps([account_json(a) for a in accounts], ensure_ascii=False, indent=1))
        return 0
    print(f"{'id':>5}  {'name':<36} {'city':<22} tier  location")
    for a in accounts:
        where = (f"{a.lat:.5f},{a.lon:.5f} ({a.geocode_precision})" if a.located
                 else f"none ({a.geocode_precision})" if a.geocode_precision else "none")
        print(f"{a.id:>5}  {a.name[:36]:<36} {a.city[:22]:<22} {a.tier:^4}  {where}")
    print(f"{len(accounts)} accounts")
    return 0


def cmd_export(store: Store, args: argparse.Namespace) -> int:
    count = export_accounts(store, args.file)
    print(f"{count} accounts written to {args.file}")
    return 0


def cmd_settings(store: Store, args: argparse.Namespace) -> int:
    if args.more and len(args.more) % 2:
        raise SettingError(f"{args.more[-1]!r} has no value: give KEY VALUE pairs")
    changes = dict(zip(args.more[::2], args.more[1::2], strict=True))
    if args.key and args.value is not None:
        changes = {args.key: args.value, **changes}
    if changes:
        try:
            set_settings(store, changes)
        except SettingError as exc:
            others = sorted(set(exc.problems) - set(changes))
            if others:  # a rule across keys: say how to change them at once
                raise SettingError(f"{exc}; change {', '.join(others)} in the same "
                                   f"command: fieldrep settings KEY VALUE KEY VALUE") from None
            raise
    values = get_settings(store)
    for key in list(changes) or ([args.key] if args.key else sorted(values)):
        print(f"{key} = {values[key]}")
        if not args.key:
            print(f"    {SETTINGS[key].help}")
    return 0


def account_json(account: AccountData) -> dict[str, object]:
    """An account as JSON-ready values (amounts as exact strings)."""
    data = asdict(account)
    if isinstance(account.annual_value, Decimal):
        data["annual_value"] = str(account.annual_value)
    return {"id": data.pop("id"), **data}


def _progress(unit: str) -> Callable[..., None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, *_rest: object) -> None:
        print(f"\r{done}/{total} {unit}", end="", file=sys.stderr, flush=True)

    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _print_some(title: str, lines: list[str]) -> None:
    if not lines:
        return
    print(f"{title}:")
    for line in lines[:SHOWN_PROBLEMS]:
        print(f"  {line}")
    if len(lines) > SHOWN_PROBLEMS:
        print(f"  … and {len(lines) - SHOWN_PROBLEMS} more"
              + (" (see --report)" if title == "rejected" else ""))


COMMANDS = {
    "demo": cmd_demo, "import": cmd_import, "geocode": cmd_geocode, "accounts": cmd_accounts,
    "export": cmd_export, "settings": cmd_settings, "plan": cmd_plan, "due": cmd_due,
    "visit": cmd_visit, "report": cmd_report, "expense": cmd_expense, "mileage": cmd_mileage,
}
