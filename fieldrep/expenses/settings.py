"""The expense settings: the currency expenses are kept in, the rep's name on the reports,
the mileage rates and commute rule, and the policy limits; read typed with
:func:`expense_settings`."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass

from fieldrep.expenses.categories import Category
from fieldrep.expenses.mileage_rates import MileageError, RateTable, parse_rate_table
from fieldrep.expenses.policy import ExpensePolicy
from fieldrep.settings.kinds import Currency, ExpenseAmount, Text, YesNo
from fieldrep.settings.spec import (
    Declarations,
    JointRule,
    Kind,
    OrNone,
    Scope,
    Setting,
    SettingError,
)
from fieldrep.settings.stored import SettingValues, read_values
from fieldrep.store import Store


class Rates(Kind[RateTable]):
    """Mileage rate periods as a JSON list, kept as typed."""

    def parse(self, key: str, text: str) -> RateTable:
        try:
            return parse_rate_table(text)
        except MileageError as exc:
            raise SettingError(f"{key}: {exc}") from None

    def canonical(self, key: str, text: str) -> str:
        self.parse(key, text)
        return text


CURRENCY = Setting(
    "currency", Currency(), "EUR",
    "ISO 4217 code of the currency expenses are kept in (EUR, USD, GBP, CHF…)", Scope.REP,
    "currency")
REP_NAME = Setting(
    "rep.name", Text(), "",
    "your name as printed on expense reports and in their history (empty: the computer's "
    "user name)", Scope.REP, "your name")
MILEAGE_RATES = Setting(
    "mileage.rates", Rates(), "",
    "mileage rates as a JSON list of periods, e.g. [{\"from\": \"2026-01-01\", \"rate\": "
    "\"0.636\", \"unit\": \"km\", \"currency\": \"EUR\", \"label\": \"2026 rate\"}] (\"to\" "
    "closes a period; empty: no mileage rate)", Scope.TEAM, "mileage rates")
EXCLUDE_COMMUTE = Setting(
    "mileage.exclude_commute", YesNo(), "no",
    "yes: the drive from home to the first visit and from the last visit home is not "
    "claimed as mileage", Scope.TEAM, "commute")
MEALS_PER_DAY = Setting(
    "policy.meals_per_day", OrNone(ExpenseAmount()), "",
    "meals above this total a day (in the currency setting) are flagged (empty: no limit)",
    Scope.TEAM, "meals a day")
LODGING_PER_NIGHT = Setting(
    "policy.lodging_per_night", OrNone(ExpenseAmount()), "",
    "lodging above this a night (in the currency setting) is flagged (empty: no limit)",
    Scope.TEAM, "lodging a night")
RECEIPT_ABOVE = Setting(
    "policy.receipt_above", OrNone(ExpenseAmount()), "",
    "an expense above this amount without a receipt is flagged (empty: never)",
    Scope.TEAM, "receipt needed above")

EXPENSE_SETTINGS = (CURRENCY, REP_NAME, MILEAGE_RATES, EXCLUDE_COMMUTE, MEALS_PER_DAY,
                    LODGING_PER_NIGHT, RECEIPT_ABOVE)


@dataclass(frozen=True)
class ExpenseSettings:
    """The rules expenses follow."""

    #: the currency expenses are kept and reported in
    currency: str
    #: who signs the reports: the ``rep.name`` setting, else the computer's user name
    rep_name: str
    rates: RateTable
    #: whether the drives from and back to home are left out of mileage claims
    exclude_commute: bool
    policy: ExpensePolicy


def expense_settings_of(values: SettingValues) -> ExpenseSettings:
    """The expense settings ``values`` describe."""
    limits = {category: limit for category, limit in (
        (Category.MEALS, values[MEALS_PER_DAY]),
        (Category.LODGING, values[LODGING_PER_NIGHT])) if limit is not None}
    currency = values[CURRENCY]
    return ExpenseSettings(
        currency=currency, rep_name=values[REP_NAME].strip() or _user_name(),
        rates=values[MILEAGE_RATES], exclude_commute=values[EXCLUDE_COMMUTE],
        policy=ExpensePolicy(currency, limits, values[RECEIPT_ABOVE]))


def expense_settings(store: Store) -> ExpenseSettings:
    """The expense settings of the store."""
    return expense_settings_of(read_values(store, EXPENSE_SETTINGS))


def expense_currency(store: Store) -> str:
    """The currency expenses are kept in."""
    return read_values(store, (CURRENCY,))[CURRENCY]


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _mileage_currency(values: Mapping[str, str]) -> tuple[str, str] | None:
    try:
        rates = parse_rate_table(values["mileage.rates"]).rates
    except MileageError:
        return None
    others = sorted({r.currency for r in rates} - {values["currency"]})
    if not others:
        return None
    return "mileage.rates", (f"mileage.rates are in {', '.join(others)} but expenses are "
                             f"kept in {values['currency']} (the currency setting): give "
                             "the rates in that currency")


DECLARATIONS = Declarations(
    settings=EXPENSE_SETTINGS,
    rules=(JointRule(("mileage.rates", "currency"), _mileage_currency),),
)
