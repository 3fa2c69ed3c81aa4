"""The monthly quotas the activity report measures the visits against; read typed with
:func:`quotas`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fieldrep.settings.kinds import Amount, Count
from fieldrep.settings.spec import Declarations, Scope, Setting
from fieldrep.settings.stored import read_values
from fieldrep.store import Store

VISITS_PER_MONTH = Setting(
    "quota.visits_per_month", Count(), "0",
    "visits the rep aims to complete each month (0: no quota)", Scope.TEAM,
    "visits a month")
ORDERS_PER_MONTH = Setting(
    "quota.orders_per_month", Amount(), "0",
    "order value the rep aims to take each month, in the currency setting (0: no quota)",
    Scope.TEAM, "orders a month")

QUOTA_SETTINGS = (VISITS_PER_MONTH, ORDERS_PER_MONTH)
DECLARATIONS = Declarations(settings=QUOTA_SETTINGS)


@dataclass(frozen=True)
class Quotas:
    """What the rep aims at each month (0: no quota)."""

    visits_per_month: int
    #: order value, in the currency setting
    orders_per_month: Decimal


def quotas(store: Store, rep: str | None = None) -> Quotas:
    """The monthly quotas of the user (or of ``rep``, a login on a team's server): the
    manager's value for that rep, else the team's."""
    values = read_values(store, QUOTA_SETTINGS, rep)
    return Quotas(values[VISITS_PER_MONTH], values[ORDERS_PER_MONTH])
