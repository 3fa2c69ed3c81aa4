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
    result = import_demo(store, history=history)
    return result, place_unlocated(store)


def import_demo(store: Store, *, history: bool = False) -> ImportResult:
    """Import the demo accounts (and with ``history`` their visits) without placing the
    few that have no coordinates: :func:`place_unlocated` does, later (it may have to
    build the offline town index first, which takes a while on a new computer)."""
    result = import_accounts(store, plan_import(DEMO_ACCOUNTS))
    if history:
        add_demo_history(store, date.today())
    return result


def place_unlocated(store: Store) -> GeocodeReport:
    """Place the accounts without coordinates at the centre of their town, offline."""
    return geocode_accounts(store, None)


def load_demo_if_empty(store: Store, *, place: bool = True) -> bool:
    """Load the demo territory, with its visit history, when the store has no account;
    True if it did.  ``place=False`` leaves the accounts without coordinates for
    :func:`place_unlocated`."""
    if count_accounts(store):
        return False
    if place:
        load_demo(store, history=True)
    else:
        import_demo(store, history=True)
    return True
