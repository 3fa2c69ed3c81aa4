"""``fieldrep demo|import|geocode|accounts|export``: the accounts of the territory.

A bad file or mapping ends with a one-line reason; an import with rejected rows still
completes and says how many rows were imported, updated and rejected, and which cells were
left empty (warnings).  It exits with 2 when the file had rows but none could be imported.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

from fieldrep.accounts.export import export_accounts
from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import AccountFilter, list_accounts
from fieldrep.cli.args import positive
from fieldrep.cli.output import clear_progress, print_some, progress
from fieldrep.cli.registry import Commands
from fieldrep.common.text import plural
from fieldrep.geocoding.providers import make_geocoder
from fieldrep.geocoding.service import geocode_accounts, pending_count
from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.importing.columns import MappingError, parse_overrides
from fieldrep.importing.reader import sheet_names
from fieldrep.importing.remembered import plan_with_memory
from fieldrep.importing.service import import_accounts, write_rejects
from fieldrep.store import Store
from fieldrep.usecases.demo import load_demo


def register(commands: Commands) -> None:
    """The account commands of the ``fieldrep`` parser."""
    demo = commands.add_parser("demo", help="load the demo territory (accounts around Lyon)")
    demo.add_argument("--history", action="store_true",
                      help="also a few months of visits and follow-ups around today")
    demo.set_defaults(run=cmd_demo)

    imp = commands.add_parser("import", help="import accounts from a CSV or XLSX file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--sheet", help="worksheet name or number (XLSX)")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=field",
                     help="map a column to a field (repeatable); COLUMN= ignores it; "
                          "without it, the choices confirmed in the app for a file with the "
                          "same headers are used")
    imp.add_argument("--report", type=Path, metavar="REJECTS.csv",
                     help="write the rejected rows and the warnings to this CSV file")
    imp.add_argument("--dry-run", action="store_true",
                     help="check the file and report, but save nothing")
    imp.add_argument("--list-sheets", action="store_true", help="list the workbook's sheets")
    imp.set_defaults(run=cmd_import)

    geo = commands.add_parser("geocode", help="locate the accounts that have no coordinates")
    geo.add_argument("--offline", action="store_true",
                     help="use only the offline gazetteer (no network)")
    geo.add_argument("--limit", type=positive, metavar="N", help="at most N accounts")
    geo.add_argument("--refine", action="store_true",
                     help="also retry online the accounts placed only at their town/postcode")
    geo.add_argument("--retry-not-found", action="store_true",
                     help="also retry the accounts the provider did not find before")
    geo.set_defaults(run=cmd_geocode)

    acc = commands.add_parser("accounts", help="list the accounts")
    acc.add_argument("--json", action="store_true", help="print JSON")
    acc.add_argument("--search", default="", help="only accounts matching this text")
    acc.add_argument("--to-check", action="store_true",
                     help="only the locations to check (placed among namesakes, not found, "
                          "or not located)")
    acc.add_argument("--mine", action="store_true",
                     help="only your own accounts (on a team's server; the team's are listed "
                          "too otherwise, with their rep)")
    acc.set_defaults(run=cmd_accounts)

    exp = commands.add_parser("export", help="export data")
    exp_what = exp.add_subparsers(dest="what", required=True, metavar="WHAT")
    exp_acc = exp_what.add_parser("accounts", help="accounts to FILE.csv or FILE.xlsx")
    exp_acc.add_argument("file", type=Path)
    exp.set_defaults(run=cmd_export)


def cmd_demo(store: Store, args: argparse.Namespace) -> int:
    result, report = load_demo(store, history=args.history)
    print(f"demo territory: {result.summary()}")
    print(f"placed offline: {report.summary()}")
    return 0


def cmd_import(store: Store, args: argparse.Namespace) -> int:
    if args.list_sheets:
        print("\n".join(sheet_names(args.file)) or f"{args.file.name}: not a workbook")
        return 0
    try:
        plan = plan_with_memory(store, args.file, sheet=args.sheet,
                                overrides=parse_overrides(args.map))
    except MappingError as exc:
        raise MappingError(f"{exc} (--map COLUMN=field)") from None
    result = import_accounts(store, plan, progress=progress("rows"), dry_run=args.dry_run,
                             default_country=geocoder_settings(store).default_country)
    clear_progress()
    prefix = "dry run, nothing saved: " if args.dry_run else ""
    print(f"{prefix}{plan.path.name}: {result.summary()}")
    if result.ignored_columns:
        print(f"ignored columns: {', '.join(result.ignored_columns)}")
    print_some("rejected", [str(e) for e in result.rejected], " (see --report)")
    print_some("warnings (imported, the cell left empty or kept as typed)",
               [str(e) for e in result.warnings], " (see --report)")
    print_some("suspected duplicates (imported, not merged)",
               [str(d) for d in result.duplicates])
    if args.report:
        write_rejects(args.report, plan, result.rejected, result.warnings)
        print(f"rejected rows and warnings written to {args.report}")
    if result.nothing_imported:
        print(f"nothing could be imported from {plan.path.name}")
        return 2
    return 0


def cmd_geocode(store: Store, args: argparse.Namespace) -> int:
    settings = geocoder_settings(store)
    online = None if args.offline else make_geocoder(settings)
    todo = pending_count(store, refine=args.refine and online is not None,
                         retry_not_found=args.retry_not_found)
    if not todo:
        print("every account already has a location")
        return 0
    report = geocode_accounts(
        store, online, limit=args.limit, refine=args.refine,
        retry_not_found=args.retry_not_found,
        default_country=settings.default_country,
        progress=progress("accounts"))
    clear_progress()
    print(report.summary())
    if report.unsure:
        print(report.check_these())
    return 0


def cmd_accounts(store: Store, args: argparse.Namespace) -> int:
    accounts = list_accounts(store, search=args.search,
                             where=AccountFilter(to_check=args.to_check, mine=args.mine))
    if args.json:
        print(json.dumps([account_json(a) for a in accounts], ensure_ascii=False, indent=1))
        return 0
    reps = any(a.owner for a in accounts)  # a team's server: say whose each one is
    print(f"{'id':>5}  {'name':<36} {'city':<22} tier  " + ("rep" + " " * 14 if reps else "")
          + "location")
    for a in accounts:
        where = (f"{a.lat:.5f},{a.lon:.5f} ({a.geocode_precision})" if a.located
                 else f"none ({a.geocode_precision})" if a.geocode_precision else "none")
        rep = f"{a.owner[:16]:<17}" if reps else ""
        print(f"{a.id:>5}  {a.name[:36]:<36} {a.city[:22]:<22} {a.tier:^4}  {rep}{where}")
    print(plural(len(accounts), "account"))
    return 0


def cmd_export(store: Store, args: argparse.Namespace) -> int:
    count = export_accounts(store, args.file)
    print(f"{count} accounts written to {args.file}")
    return 0


def account_json(account: AccountData) -> dict[str, object]:
    """An account as JSON-ready values (amounts as exact strings)."""
    data = asdict(account)
    if isinstance(account.annual_value, Decimal):
        data["annual_value"] = str(account.annual_value)
    return {"id": data.pop("id"), **data}
