"""``fieldrep team whoami|report|assign|quota``: the user's roles, the team's month, and
the manager giving a territory to a rep and setting a rep's quota."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from fieldrep.cli.registry import Commands
from fieldrep.store import Store
from fieldrep.usecases.team import assign_territory, set_quota, who_am_i
from fieldrep.usecases.team_report import team_month, write_team_report
from fieldrep.visits.settings import quotas


def register(commands: Commands) -> None:
    team = commands.add_parser("team", help="who am I, the team's month, territory owners")
    what = team.add_subparsers(dest="what", required=True, metavar="WHAT")
    what.add_parser("whoami", help="the user (the database login on PostgreSQL) and roles")
    report = what.add_parser("report", help="each rep's visits, km, expenses and quota")
    report.add_argument("--month", type=month_arg, required=True, metavar="YYYY-MM")
    report.add_argument("--csv", type=Path, metavar="FILE",
                        help="also write it to FILE (.csv, .xlsx or .pdf)")
    assign = what.add_parser("assign", help="give a territory and its accounts to a rep "
                                            "(the manager)")
    assign.add_argument("territory", help="its name or number")
    assign.add_argument("rep", help="the rep's database login")
    quota = what.add_parser("quota", help="a rep's monthly visit quota (the manager; the "
                                          "team's is the quota.visits_per_month setting)")
    quota.add_argument("rep", help="the rep's database login")
    quota.add_argument("visits", help="visits a month ('' for the team's quota again)")
    team.set_defaults(run=cmd_team)


def month_arg(text: str) -> date:
    try:
        return date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"a month is YYYY-MM, not {text!r}") from None


def cmd_team(store: Store, args: argparse.Namespace) -> int:
    if args.what == "whoami":
        print(who_am_i(store).describe())
    elif args.what == "quota":
        set_quota(store, args.rep, args.visits)
        print(f"{args.rep}'s monthly visit quota: "
              f"{quotas(store, args.rep).visits_per_month or 'none'}")
    elif args.what == "assign":
        moved = assign_territory(store, args.territory, args.rep)
        print(f"territory {args.territory} and its {moved} accounts now belong to {args.rep}")
    else:
        figures = team_month(store, args.month)
        print(f"Team activity, {figures.month:%B %Y} (expenses in {figures.currency})")
        print(f"{'rep':<20} {'visits':>6} {'planned':>7} {'accounts':>8} {'km':>8} "
              f"{'expenses':>10} {'quota':>5} {'done':>5}")
        for r in (*figures.reps, figures.team):
            done = f"{r.progress:.0%}" if r.progress is not None else "-"
            print(f"{r.rep[:20]:<20} {r.visits:>6} {r.planned:>7} {r.accounts:>8} "
                  f"{r.km:>8} {r.expenses:>10} {r.quota or '-':>5} {done:>5}")
        if figures.unconverted:
            print(f"{figures.unconverted} expense(s) without a rate to {figures.currency} "
                  "left out")
        if args.csv is not None:
            print(f"written {write_team_report(store, args.month, args.csv)}")
    return 0
