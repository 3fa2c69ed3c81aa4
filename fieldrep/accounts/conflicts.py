"""Two versions of one account: what differs, and the account merged field by field.

When the rep saves an account someone else changed since it was opened (another window,
another rep on the shared store), the save is refused with :class:`StaleAccount`; the
window shows both versions field by field and the rep keeps theirs or the saved one per
field (:func:`merge_accounts`); the merge is then saved on top of the stored version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace

from fieldrep.accounts.model import AccountData
from fieldrep.store.conflicts import StaleRecord, differences

#: What the rep calls each field that can differ.
LABELS = {
    "name": "Name", "street": "Street", "postcode": "Postcode", "city": "City",
    "region": "Region", "country": "Country", "lat": "Latitude", "lon": "Longitude",
    "geocode_source": "Location source", "geocode_precision": "Location precision",
    "external_id": "External id", "tier": "Tier", "cadence_days": "Visit every (days)",
    "opening_hours": "Opening hours", "meeting_minutes": "Meeting (minutes)",
    "annual_value": "Annual value", "tags": "Tags", "notes": "Notes", "active": "Active",
    "territory": "Territory", "territory_locked": "Territory chosen by hand",
    "contacts": "Contacts",
}
#: The fields a merge can pick from either side (not the id, not the version).
MERGED_FIELDS = tuple(f.name for f in fields(AccountData) if f.name not in ("id", "version"))


class StaleAccount(StaleRecord[AccountData]):
    """An account changed elsewhere since the rep's copy was read; nothing was saved."""


def stale_account(mine: AccountData, theirs: AccountData) -> StaleAccount:
    """The refusal of saving ``mine`` over ``theirs`` (the account as stored now)."""
    return StaleAccount(
        f"account {theirs.name!r}", mine, theirs, mine.version or 0, theirs.version or 0,
        differences(vars(mine), vars(theirs), LABELS, MERGED_FIELDS))


def merge_accounts(mine: AccountData, theirs: AccountData,
                   keep_mine: Iterable[str]) -> AccountData:
    """``theirs`` (with its version, so it can be saved over it) with the fields named in
    ``keep_mine`` taken from ``mine``."""
    chosen = set(keep_mine)
    unknown = chosen - set(MERGED_FIELDS)
    if unknown:
        raise ValueError(f"not an account field: {', '.join(sorted(unknown))}")
    return replace(theirs, **{name: getattr(mine, name) for name in chosen})


def changed_fields(base: AccountData, edited: AccountData) -> set[str]:
    """The fields the rep changed from ``base`` (the copy they opened) to ``edited``: in a
    merge, those keep the rep's value by default, the others take the saved one."""
    return {name for name in MERGED_FIELDS if getattr(base, name) != getattr(edited, name)}
