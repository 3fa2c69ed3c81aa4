"""The expense rules the settings hold: mileage rates, the commute rule, policy limits and
the rep's name, read from the settings mapping (``fieldrep.settings.registry.get_settings``)."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from decimal import Decimal

from fieldrep.expenses.categories import Category
from fieldrep.expenses.mileage_rates import RateTable, parse_rate_table
from fieldrep.expenses.policy import ExpensePolicy

#: Setting → the category whose total a day it caps.
DAILY_LIMIT_KEYS = {"policy.meals_per_day": Category.MEALS,
                    "policy.lodging_per_night": Category.LODGING}


def rate_table(settings: Mapping[str, str]) -> RateTable:
    """The mileage rates (``mileage.rates``); an empty table when none are set."""
    return parse_rate_table(settings.get("mileage.rates", ""))


def exclude_commute(settings: Mapping[str, str]) -> bool:
    """Whether the drives from and back to home are left out of mileage claims."""
    return settings.get("mileage.exclude_commute", "no") == "yes"


def expense_policy(settings: Mapping[str, str]) -> ExpensePolicy:
    """The policy limits, in the ``currency`` setting."""
    limits = {category: Decimal(settings[key]) for key, category in DAILY_LIMIT_KEYS.items()
              if settings.get(key)}
    above = settings.get("policy.receipt_above") or None
    return ExpensePolicy(settings.get("currency") or "EUR", limits,
                         Decimal(above) if above else None)


def rep_name(settings: Mapping[str, str]) -> str:
    """Who signs the reports: ``rep.name``, else the computer's user name."""
    name = settings.get("rep.name", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
