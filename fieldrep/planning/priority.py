"""How much a visit is worth keeping, in the planner's currency: seconds of driving.

The solver leaves a visit out only when keeping it would cost more driving than its
penalty.  A tier A account is worth about four hours of extra driving, a tier C one about
an hour; every day overdue against its cadence and a large annual value add to that.
Appointments are never optional.
"""

from __future__ import annotations

import math

from fieldrep.planning.model import Candidate

TIER_SECONDS = {"A": 4 * 3600, "B": 2 * 3600, "C": 3600}
OVERDUE_SECONDS_PER_DAY = 120
OVERDUE_CAP_DAYS = 60
VALUE_SECONDS_PER_DECADE = 900  # +15 min per tenfold annual value above 1,000


def penalty(candidate: Candidate) -> int:
    """Seconds of driving worth spending to keep this visit in the plan."""
    base = TIER_SECONDS.get(candidate.tier, TIER_SECONDS["C"])
    overdue = min(max(candidate.overdue_days, 0), OVERDUE_CAP_DAYS) * OVERDUE_SECONDS_PER_DAY
    value = 0
    if candidate.annual_value > 1000:
        value = int(math.log10(candidate.annual_value / 1000) * VALUE_SECONDS_PER_DECADE)
    return base + overdue + value


def why_less(candidate: Candidate) -> str:
    """The words for what made a visit worth less than the ones kept."""
    parts = [f"tier {candidate.tier}"]
    if candidate.overdue_days > 0:
        parts.append(f"overdue by {candidate.overdue_days} days")
    return ", ".join(parts)
