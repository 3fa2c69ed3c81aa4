"""The visits page's day: whom to see (best first, with why), the follow-ups coming up and
the stops of the plan saved for the day, read in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fieldrep.planning.requests import home_place
from fieldrep.store import Store
from fieldrep.visits.due import Suggestion, due_accounts
from fieldrep.visits.follow_ups import open_follow_ups
from fieldrep.visits.model import FollowUpData
from fieldrep.visits.planned import PlannedVisit, planned_visits

#: How far ahead the follow-ups of the day look.
FOLLOW_UP_DAYS_AHEAD = 7
SUGGESTIONS = 200


@dataclass(frozen=True)
class VisitsDay:
    """Everything the visits page shows for one day.  ``home`` is the home base's label
    ("" when none is set: distance then does not count in the ranking)."""

    day: date
    suggestions: tuple[Suggestion, ...]
    follow_ups: tuple[FollowUpData, ...]
    planned: tuple[PlannedVisit, ...]
    home: str

    @property
    def follow_ups_until(self) -> date:
        return self.day + timedelta(days=FOLLOW_UP_DAYS_AHEAD)

    @property
    def overdue(self) -> int:
        """Suggestions overdue or never visited."""
        return sum(1 for s in self.suggestions if s.due.status.value in ("overdue", "never"))


def visits_day(store: Store, day: date, *, include_on_time: bool = False) -> VisitsDay:
    """Rank the accounts for ``day`` (nearest the home base first among equals), with the
    follow-ups due within a week and the day's planned stops."""
    home = home_place(store)
    near = (home.lat, home.lon) if home else None
    suggestions = due_accounts(store, day, near=near, limit=SUGGESTIONS,
                               include_on_time=include_on_time)
    follow_ups = open_follow_ups(store, until=day + timedelta(days=FOLLOW_UP_DAYS_AHEAD))
    return VisitsDay(day, tuple(suggestions), tuple(follow_ups),
                     tuple(planned_visits(store, day)), home.label if home else "")
