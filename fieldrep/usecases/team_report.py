"""The manager's view of a month: each rep's visits done against planned, the accounts
visited, the kilometres driven, the expenses and the progress against the monthly visit
quota (the ``quota.visits_per_month`` setting: the manager's value for that rep, else the
team's), then the team's totals.  A row's rep is its ``owner``: the database login on
PostgreSQL, the ``rep.name`` setting on a SQLite file (one rep)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from fieldrep.expenses.settings import expense_settings
from fieldrep.reports import Report, write_report
from fieldrep.reports.model import Column, ColumnKind, Section
from fieldrep.store import Store
from fieldrep.store.models import Expense, Plan, PlanDay, PlanStop, Visit
from fieldrep.visits.settings import quotas


@dataclass(frozen=True)
class RepMonth:
    """One rep's month (or the team's, under the name ``Team``)."""

    rep: str
    visits: int
    planned: int
    accounts: int
    km: Decimal
    expenses: Decimal
    quota: int

    @property
    def progress(self) -> Decimal | None:
        """Visits done as a fraction of the quota (None without a quota)."""
        return Decimal(self.visits) / self.quota if self.quota else None


@dataclass(frozen=True)
class TeamMonth:
    month: date
    currency: str
    reps: tuple[RepMonth, ...]
    team: RepMonth
    #: expenses left out of the totals: no rate to the currency
    unconverted: int


def team_month(store: Store, month: date) -> TeamMonth:
    """Every rep's figures for the month holding ``month``, and the team's."""
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    settings = expense_settings(store)
    visits: dict[str, int] = defaultdict(int)
    planned: dict[str, int] = defaultdict(int)
    accounts: dict[str, set[int]] = defaultdict(set)
    metres: dict[str, int] = defaultdict(int)
    spent: dict[str, Decimal] = defaultdict(Decimal)
    unconverted = 0
    with store.unit_of_work() as uow:
        s = uow.session
        for owner, account_id in s.execute(select(Visit.owner, Visit.account_id).where(
                Visit.day >= first, Visit.day <= last)):
            visits[owner] += 1
            if account_id is not None:
                accounts[owner].add(account_id)
        for owner, stops in s.execute(
                select(Plan.owner, func.count(PlanStop.id))
                .join(PlanDay, PlanDay.plan_id == Plan.id)
                .join(PlanStop, PlanStop.plan_day_id == PlanDay.id)
                .where(PlanDay.day >= first, PlanDay.day <= last).group_by(Plan.owner)):
            planned[owner] += int(stops)
        for row in s.scalars(select(Expense).where(Expense.day >= first,
                                                   Expense.day <= last)):
            metres[row.owner] += row.driven_metres or 0
            amount = _in_currency(row, settings.currency)
            if amount is None:
                unconverted += 1
            else:
                spent[row.owner] += amount
    owners = sorted(set(visits) | set(planned) | set(metres) | set(spent))
    reps = tuple(RepMonth(owner or settings.rep_name, visits[owner], planned[owner],
                          len(accounts[owner]), _km(metres[owner]), spent[owner],
                          quotas(store, owner or None).visits_per_month)
                 for owner in owners)
    team = RepMonth("Team", sum(r.visits for r in reps), sum(r.planned for r in reps),
                    len(set().union(*accounts.values())) if accounts else 0,
                    _km(sum(metres.values())),
                    sum((r.expenses for r in reps), Decimal(0)),
                    sum(r.quota for r in reps))
    return TeamMonth(first, settings.currency, reps, team, unconverted)


def team_report(figures: TeamMonth) -> Report:
    """The month as a report (CSV, XLSX or PDF)."""
    columns = (Column("Rep"), Column("Visits done", ColumnKind.INTEGER),
               Column("Planned", ColumnKind.INTEGER),
               Column("Accounts visited", ColumnKind.INTEGER),
               Column("Km", ColumnKind.DECIMAL, places=1),
               Column("Expenses", ColumnKind.MONEY, currency=figures.currency),
               Column("Visit quota", ColumnKind.INTEGER),
               Column("Quota done", ColumnKind.PERCENT))

    def cells(r: RepMonth) -> list[object]:
        return [r.rep, r.visits, r.planned, r.accounts, r.km, r.expenses, r.quota or None,
                r.progress]

    note = (f"{figures.unconverted} expense(s) without a rate to {figures.currency} are "
            "left out of the totals" if figures.unconverted else "")
    section = Section("Reps", columns, [cells(r) for r in figures.reps],  # type: ignore[misc]
                      [cells(figures.team)], note=note)  # type: ignore[list-item]
    return Report("Team activity", [section], period=f"{figures.month:%B %Y}")


def write_team_report(store: Store, month: date, path: Path) -> Path:
    """Write the month's team report to ``path`` (.csv, .xlsx or .pdf)."""
    return write_report(team_report(team_month(store, month)), path)


def _km(metres: int) -> Decimal:
    return (Decimal(metres) / 1000).quantize(Decimal("0.1"))


def _in_currency(row: Expense, currency: str) -> Decimal | None:
    """The expense's amount in ``currency``, or None without a rate to it."""
    if row.currency == currency:
        return Decimal(row.amount)
    if row.rate_to_report and row.rate_currency == currency:
        return (Decimal(row.amount) * Decimal(row.rate_to_report)).quantize(Decimal("0.01"))
    return None
