"""The activity report as a document: summary, days, outcomes, coverage, quotas, visits,
written to CSV, XLSX or PDF by :mod:`fieldrep.reports`."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from fieldrep.reports import (
    Column,
    ColumnKind,
    Money,
    Report,
    Section,
    SummaryLine,
    write_report,
)
from fieldrep.visits.activity import ActivityReport

TEXT, INTEGER, PERCENT = ColumnKind.TEXT, ColumnKind.INTEGER, ColumnKind.PERCENT


def activity_document(activity: ActivityReport) -> Report:
    """The report's tables, ready to write."""
    money = Column("Orders", ColumnKind.MONEY, currency=activity.currency)
    summary = [
        SummaryLine("Visits planned", activity.planned),
        SummaryLine("Visits done in person", activity.done),
        SummaryLine("Remote contacts (phone, video)", activity.remote),
        SummaryLine("Planned visits done",
                    f"{_share(activity.planned_done, activity.planned):.0%} "
                    f"({activity.planned_done} of {activity.planned})"
                    if activity.planned else "nothing planned"),
        SummaryLine("Visits done outside the plan", activity.done - activity.planned_done),
        SummaryLine("Hours worked", timedelta(seconds=activity.worked_seconds)),
        SummaryLine("Order value", Money(activity.order_value, activity.currency)),
    ]
    for quota in activity.quotas:
        unit = f" {activity.currency}" if quota.what == "order value" else ""
        places = 2 if unit else 0
        summary.append(SummaryLine(
            f"Quota, {quota.what}",
            f"{quota.reached:,.{places}f}{unit} of {quota.target:,.{places}f}{unit} "
            f"({quota.share:.0%})"))
    sections = [_days(activity, money), _outcomes(activity), _coverage(activity)]
    if activity.quotas:
        sections.append(_quotas(activity))
    sections.append(_visits(activity, money))
    period = f"{activity.first:%a %d %b %Y} – {activity.last:%a %d %b %Y}"
    return Report("Activity report", sections, period=period, summary=summary)


def write_activity(activity: ActivityReport, path: Path) -> Path:
    """Write the report as .csv, .xlsx or .pdf (from ``path``'s extension)."""
    return write_report(activity_document(activity), path)


def _days(activity: ActivityReport, money: Column) -> Section:
    columns = [Column("Day", ColumnKind.DATE), Column("Planned", INTEGER),
               Column("Done", INTEGER), Column("Remote", INTEGER),
               Column("First check-in", ColumnKind.TIME),
               Column("Last check-out", ColumnKind.TIME),
               Column("Hours worked", ColumnKind.DURATION), money]
    rows = [(d.day, d.planned, d.done, d.remote, d.first_check_in, d.last_check_out,
             timedelta(seconds=d.worked_seconds), d.order_value) for d in activity.days]
    totals = [("Total", activity.planned, activity.done, activity.remote, None, None,
               timedelta(seconds=activity.worked_seconds), activity.order_value)]
    return Section("Days", columns, rows, totals)


def _outcomes(activity: ActivityReport) -> Section:
    logged = sum(activity.outcomes.values())
    rows = [(o.label, n, _share(n, logged)) for o, n in activity.outcomes.items()]
    rows += [(r.label, n, _share(n, logged)) for r, n in activity.results.items()]
    return Section("Outcomes", [Column("Outcome", TEXT), Column("Visits", INTEGER),
                                Column("Share of visits logged", PERCENT)], rows,
                   [("Visits logged", logged, None)],
                   note="What came of the visits: one visit can give several results.")


def _coverage(activity: ActivityReport) -> Section:
    rows = [(f"Tier {c.tier}", c.seen, c.total, _share(c.seen, c.total))
            for c in activity.coverage]
    return Section("Coverage", [Column("Accounts", TEXT),
                                Column("Seen within their cadence", INTEGER),
                                Column("Active accounts", INTEGER), Column("Share", PERCENT)],
                   rows, note=f"On {activity.last:%d %b %Y}.")


def _quotas(activity: ActivityReport) -> Section:
    rows = [(q.what.capitalize(), q.target, q.reached, _share(q.reached, q.target))
            for q in activity.quotas]
    return Section("Quotas", [Column("Quota", TEXT), Column("Target", ColumnKind.DECIMAL),
                              Column("Reached", ColumnKind.DECIMAL), Column("Share", PERCENT)],
                   rows, note="Monthly quotas, for the share of each month in the period.")


def _visits(activity: ActivityReport, money: Column) -> Section:
    columns = [Column("Day", ColumnKind.DATE), Column("Check-in", ColumnKind.TIME),
               Column("Account", TEXT), Column("Mode", TEXT), Column("Outcome", TEXT),
               Column("Results", TEXT), money, Column("Contact", TEXT), Column("Notes", TEXT),
               Column("Next step", TEXT)]
    rows = [(v.day, v.check_in, v.account_name, v.mode.label, v.outcome.label,
             ", ".join(r.label for r in v.results), v.order_value, v.contact_name, v.notes,
             v.next_step) for v in activity.visits]
    return Section("Visits", columns, rows)


def _share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))
