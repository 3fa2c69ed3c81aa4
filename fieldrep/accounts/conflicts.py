"""Two versions of one account: what differs, and the account merged field by field.

When the rep saves an account someone else changed since it was opened (another window,
another rep on the shared store), the save is refused with :class:`StaleAccount`; the
window shows both versions field by field and the rep keeps theirs or the saved one per
field (:meth:`~fieldrep.store.conflicts.StaleRecord.merged`); the merge is then saved on
top of the stored version.
"""

from __future__ import annotations

from dataclasses import fields

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
