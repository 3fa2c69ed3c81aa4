"""What the desktop app does with its store as it starts, off the window's thread: connect
and bring the schema up to date, tell whether the store is new (the setup assistant is then
offered), load the demo territory into an empty store; and the housekeeping that may wait
until the first page is shown (receipt files left over, placing the demo's unlocated
accounts, readying the offline town index)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from fieldrep.accounts.service import count_accounts
from fieldrep.maps.settings import map_settings
from fieldrep.store import Store
from fieldrep.store.database import connect_store
from fieldrep.store.models import Setting as SettingRow

if TYPE_CHECKING:  # the importer and the geocoders load only when they are needed
    from fieldrep.geocoding.service import GeocodeReport


@dataclass(frozen=True)
class Started:
    """The store, opened."""

    #: no account and no setting was in it: a new rep's first start
    new: bool
    #: the demo territory was loaded now (its few unlocated accounts still to place)
    demo_loaded: bool
    #: the map tile server, whose reachability the window's network light shows
    tile_url: str
    #: the store is empty and the demo territory is still to load (:func:`load_start_demo`)
    demo_due: bool = False


def open_at_start(store: Store, *, demo: bool = True) -> Started:
    """Connect to ``store`` and migrate it, and say whether the demo territory is due
    (with ``demo``, into an empty store); nothing is loaded yet, so the first page can read
    the store before the demo is in it.  :class:`~fieldrep.store.database.StoreError` when
    it cannot open."""
    connect_store(store)
    accounts = count_accounts(store)
    return Started(new=not accounts and not _settings_saved(store), demo_loaded=False,
                   tile_url=map_settings(store).tile_url, demo_due=demo and not accounts)


def load_start_demo(store: Store) -> bool:
    """Load the demo territory (with its visit history) into the store if it is still
    empty, leaving its few unlocated accounts to the housekeeping; True if it did."""
    from fieldrep.usecases.demo import load_demo_if_empty  # the importer, only now

    return load_demo_if_empty(store, place=False)


def start_store(store: Store, *, demo: bool = True) -> Started:
    """:func:`open_at_start`, then the demo territory loaded when it is due."""
    opened = open_at_start(store, demo=demo)
    if not opened.demo_due:
        return opened
    return replace(opened, demo_due=False, demo_loaded=load_start_demo(store))


def is_new_store(store: Store) -> bool:
    """Whether the store holds no account and no setting was ever saved in it."""
    return not _settings_saved(store) and not count_accounts(store)


def _settings_saved(store: Store) -> bool:
    with store.unit_of_work() as uow:
        return bool(uow.session.scalar(select(func.count()).select_from(SettingRow)))


def start_housekeeping(store: Store, *, place: bool) -> GeocodeReport | None:
    """The start-up work that can wait for the first page: the receipt files an
    interrupted save left behind removed, the offline town index (built once on a new
    computer, in a process of its own) and, with ``place``, the accounts without
    coordinates put at their town."""
    from fieldrep.expenses.pending_receipts import clean_orphan_receipts
    from fieldrep.geocoding.gazetteer import build_index_apart
    from fieldrep.usecases.demo import place_unlocated

    clean_orphan_receipts(store)
    build_index_apart()
    return place_unlocated(store) if place else None
