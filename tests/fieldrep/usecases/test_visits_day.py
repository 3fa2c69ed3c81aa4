"""The visits page's day, read in one go."""

from __future__ import annotations

from datetime import date, time, timedelta

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings
from fieldrep.usecases.visits_day import visits_day
from fieldrep.visits.follow_ups import add_follow_up

DAY = date(2026, 3, 2)


def test_the_day_has_whom_to_see_the_follow_ups_and_no_plan(store: Store) -> None:
    near = add_account(store, AccountData("Near", lat=45.76, lon=4.84, tier="A"))
    add_account(store, AccountData("Far", lat=48.85, lon=2.35, tier="A"))
    add_follow_up(store, near.id, DAY + timedelta(days=3), at=time(10), note="demo", today=DAY)
    add_follow_up(store, near.id, DAY + timedelta(days=30), note="later", today=DAY)
    result = visits_day(store, DAY)
    assert {s.name for s in result.suggestions} == {"Near", "Far"}
    assert result.overdue == 2  # never visited
    assert [f.note for f in result.follow_ups] == ["demo"]
    assert result.follow_ups_until == DAY + timedelta(days=7)
    assert result.planned == () and result.home == ""
    set_settings(store, {"home.lat": "45.764", "home.lon": "4.8357"})
    assert visits_day(store, DAY).home != ""
