"""``fieldrep report activity|expenses``: write a report to CSV, Excel or PDF."""

from __future__ import annotations

from pathlib import Path

from fieldrep.cli.args import day_arg, record_id
from fieldrep.cli.expenses import cmd_report_expenses
from fieldrep.cli.registry import Commands
from fieldrep.cli.visits import cmd_report_activity

REPORT_FORMATS = ("csv", "xlsx", "pdf")


def register(commands: Commands) -> None:
    """The ``report`` command of the ``fieldrep`` parser, one kind a report."""
    report = commands.add_parser("report", help="write a report")
    kind = report.add_subparsers(dest="kind", required=True, metavar="KIND")
    act = kind.add_parser("activity", help="visits, outcomes, hours, coverage and quotas")
    act.add_argument("--week", type=day_arg, metavar="D", help="the week (Mon–Sun) of D")
    act.add_argument("--month", type=day_arg, metavar="D", help="the month of D")
    act.set_defaults(run=cmd_report_activity)
    exp = kind.add_parser("expenses", help="the expense report of a period or a saved report")
    exp.add_argument("--id", dest="report_id", type=record_id, metavar="ID",
                     help="a saved report (instead of --from/--to)")
    exp.set_defaults(run=cmd_report_expenses)
    for parser in (act, exp):
        parser.add_argument("--from", dest="first", type=day_arg, metavar="D")
        parser.add_argument("--to", dest="last", type=day_arg, metavar="D")
        parser.add_argument("--format", choices=REPORT_FORMATS,
                            help="csv, xlsx or pdf (default: from the file's extension)")
        parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
