"""Territories in the rep's words: how one is defined, what deleting it does, its colour.

The desktop shows these sentences as they are; they live here because they state the
rules of :mod:`fieldrep.territories.service` (which accounts fall where).
"""

from __future__ import annotations

from collections.abc import Sequence

from fieldrep.territories.areas import areas_summary
from fieldrep.territories.service import PALETTE, TerritoryData

#: The name of the accounts that fall into no territory.
OUTSIDE = "Outside every territory"


def definition_text(territory: TerritoryData) -> str:
    """How accounts get into a territory, in a few words for a table."""
    parts = []
    if territory.polygon is not None:
        parts.append("drawn on the map")
    if territory.areas:
        parts.append(areas_summary(territory.areas))
    return " + ".join(parts) or "list made by hand"


def delete_question(territory: TerritoryData, accounts: int) -> str:
    """The confirmation asked before deleting ``territory``, which holds ``accounts``."""
    if accounts == 0:
        fate = "It holds no accounts."
    else:
        which = "Its account" if accounts == 1 else f"Its {accounts:,} accounts"
        fate = (f"{which} will fall into another territory that covers them, or into none "
                f"(“{OUTSIDE}”). Accounts placed in it by hand go back to the automatic "
                "rules.")
    return f"Delete the territory “{territory.name}”?\n\n{fate}"


def next_colour(used: Sequence[str]) -> str:
    """The first palette colour no territory uses yet (the palette again when all are)."""
    taken = {c.lower() for c in used}
    free = [c for c in PALETTE if c.lower() not in taken]
    return free[0] if free else PALETTE[len(used) % len(PALETTE)]
