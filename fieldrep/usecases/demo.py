"""The demo territory: a realistic set of accounts around Lyon, loaded into an empty store."""

from __future__ import annotations

from datetime import date

from fieldrep.accounts.service import count_accounts
from fieldrep.common.paths import DEMO_ACCOUNTS
from fieldrep.geocoding.service import GeocodeReport, geocode_accounts
from fieldrep.importing.service import ImportResult, import_accounts, plan_import
from fieldrep.store import Store
from fieldrep.visits.demo_history import add_demo_history


def load_demo(store: Store, *, history: bool = False) -> tuple[ImportResult, GeocodeReport]:
    """Import the demo accounts (updating them if already there) and place the few that
    have no coordinates at their town, offline; with ``history``, also a few months of
    visits and follow-ups around today (only into a store with no visit yet)."""
    result = import_accounts(store, plan_import(DEMO_ACCOUNTS))
    report = geocode_accounts(store, None)
    if history:
        add_demo_history(store, date.today())
    return result, report


def load_demo_if_empty(store: Store) -> bool:
    """Load the demo territory, with its visit history, when the store has no account;
    True if it did."""
    if count_accounts(store):
        return False
    load_demo(store, history=True)
    return True
