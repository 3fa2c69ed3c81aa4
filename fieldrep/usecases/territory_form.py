"""The territory dialog's store work: saving a territory, a conflict handed back as a value.

The desktop's territory dialog calls this on its worker.  When the territory was changed
elsewhere since the dialog opened, the conflict comes back (rather than a failure) so the
window can show both versions field by field; the rep's merge
(:meth:`~fieldrep.store.conflicts.StaleRecord.merged`) carries the stored version and is
saved through this same call, refused again only if the territory changed once more.
"""

from __future__ import annotations

from fieldrep.store import Store
from fieldrep.territories.service import StaleTerritory, TerritoryData, save_territory


def save_territory_or_conflict(store: Store,
                               territory: TerritoryData) -> TerritoryData | StaleTerritory:
    """:func:`~fieldrep.territories.service.save_territory`, or the conflict it met."""
    try:
        return save_territory(store, territory)
    except StaleTerritory as stale:
        return stale
