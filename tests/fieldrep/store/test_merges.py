"""A visit or a territory edited by two clients at once: the second save of a stale copy is
refused with both versions field by field, and the rep's merge keeps both changes.

Each runs with two real connections (two opened stores) on a SQLite file and on a real
PostgreSQL database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store
from fieldrep.territories.service import (
    StaleTerritory,
    TerritoryData,
    TerritoryError,
    list_territories,
    save_territory,
)
from fieldrep.usecases.territory_form import save_territory_or_conflict
from fieldrep.usecases.visit_form import save_merged_visit, save_visit_form
from fieldrep.visits.conflicts import StaleVisit
from fieldrep.visits.logbook import get_visit, load_draft, log_visit, update_visit
from fieldrep.visits.model import Outcome, Result, VisitData, VisitInput
from tests.fieldrep.store.interleave import Client, Pause

DAY = date(2026, 3, 2)
EVENING = datetime(2026, 3, 2, 18)
SQUARE = {"type": "Polygon", "coordinates": [[[4.80, 45.75], [4.90, 45.75], [4.90, 45.80],
                                              [4.80, 45.80], [4.80, 45.75]]]}


def opened_visit(mine: Store) -> tuple[VisitInput, VisitData]:
    account = add_account(mine, AccountData("Cave des Canuts"))
    assert account.id is not None
    typed = VisitInput(account_id=account.id, day=DAY, check_in=time(9, 30),
                       notes="Wants the new catalogue")
    return typed, log_visit(mine, typed, now=EVENING)


def save_form(store: Store, visit: VisitInput, opened: VisitData,
              draft_key: str = "visit-1") -> object:
    return save_visit_form(store, visit, visit_id=opened.id, now=EVENING,
                           draft_key=draft_key, draft={"needs": visit.needs},
                           version=opened.version)


def test_a_visit_edited_in_two_windows_is_refused_then_merged_field_by_field(
        two: tuple[Store, Store]) -> None:
    mine, theirs = two
    typed, opened = opened_visit(mine)
    update_visit(theirs, opened.id, replace(typed, notes="Ordered 12 cases",
                                            outcome=Outcome.COMPLETED, results=(Result.DEMO,)),
                 now=EVENING, expected_version=opened.version)

    stale = save_form(mine, replace(typed, needs="Delivery on Tuesdays", check_in=time(9, 45)),
                      opened)
    assert isinstance(stale, StaleVisit)
    assert "changed elsewhere since you opened it" in str(stale)
    assert [(d.label, d.mine, d.theirs) for d in stale.differences] == [
        ("Check-in", "09:45", "09:30"), ("What came of it", "", "Demo given"),
        ("Notes", "Wants the new catalogue", "Ordered 12 cases"),
        ("Needs", "Delivery on Tuesdays", "")]
    assert stale.changed_from(opened) == {"check_in", "needs"}  # the rep's own changes
    assert get_visit(mine, opened.id).notes == "Ordered 12 cases"  # nothing saved
    assert load_draft(mine, "visit-1") == {"needs": "Delivery on Tuesdays"}  # draft kept

    saved = save_merged_visit(mine, stale, {"needs", "check_in"}, visit_id=opened.id,
                              now=EVENING, draft_key="visit-1", draft={})
    assert isinstance(saved, VisitData)
    stored = get_visit(theirs, opened.id)
    assert (stored.check_in, stored.notes, stored.needs, stored.results) == (
        time(9, 45), "Ordered 12 cases", "Delivery on Tuesdays", (Result.DEMO,))
    assert stored.version == saved.version == opened.version + 2
    assert load_draft(mine, "visit-1") is None  # the merge saved the form: draft gone
    # The other window still holds the copy it saved: its next save is refused in turn.
    assert isinstance(save_form(theirs, replace(typed, notes="Again"), replace(
        opened, version=opened.version + 1), draft_key="visit-2"), StaleVisit)


def test_a_merge_over_a_visit_changed_once_more_is_a_new_conflict(
        two: tuple[Store, Store]) -> None:
    mine, theirs = two
    typed, opened = opened_visit(mine)
    update_visit(theirs, opened.id, replace(typed, notes="Ordered 12 cases"), now=EVENING)
    stale = save_form(mine, replace(typed, needs="Delivery on Tuesdays"), opened)
    assert isinstance(stale, StaleVisit)
    update_visit(theirs, opened.id, replace(typed, notes="Ordered 14 cases"), now=EVENING)

    again = save_merged_visit(mine, stale, {"needs"}, visit_id=opened.id, now=EVENING,
                              draft_key="visit-1", draft={"needs": "Delivery on Tuesdays"})
    assert isinstance(again, StaleVisit)
    assert again.theirs.notes == "Ordered 14 cases"
    assert again.theirs_version == stale.theirs_version + 1
    assert get_visit(mine, opened.id).needs == ""


def test_a_visit_changed_between_the_read_and_the_write_is_a_conflict(
        two: tuple[Store, Store]) -> None:
    """The rep's save read the visit at the version the form opened; before it writes,
    another client commits its change: the save is refused, not written over it."""
    mine, theirs = two
    typed, opened = opened_visit(mine)
    pause = Pause(mine, "before_flush")
    try:
        saving = Client(lambda: save_form(mine, replace(typed, needs="Tuesdays"), opened,
                                          draft_key="")).start()
        assert pause.reached.wait(30)
        update_visit(theirs, opened.id, replace(typed, notes="Ordered 12 cases"), now=EVENING)
        pause.release()
        saving.finish()
    finally:
        pause.remove()
    assert saving.error is None
    assert isinstance(saving.result, StaleVisit)
    assert {d.field for d in saving.result.differences} == {"notes", "needs"}
    stored = get_visit(mine, opened.id)
    assert (stored.notes, stored.needs) == ("Ordered 12 cases", "")


def test_a_territory_edited_in_two_windows_is_refused_then_merged_field_by_field(
        two: tuple[Store, Store]) -> None:
    mine, theirs = two
    opened = save_territory(mine, TerritoryData("Lyon Nord", areas=("69004",)))
    save_territory(theirs, replace(opened, areas=("69004", "69009"), polygon=SQUARE))

    with pytest.raises(TerritoryError, match="territory 'Lyon Nord' was changed elsewhere"):
        save_territory(mine, replace(opened, name="Lyon Nord-Ouest", notes="Park behind"))
    stale = save_territory_or_conflict(
        mine, replace(opened, name="Lyon Nord-Ouest", notes="Park behind"))
    assert isinstance(stale, StaleTerritory)
    assert [(d.label, d.mine, d.theirs) for d in stale.differences] == [
        ("Name", "Lyon Nord-Ouest", "Lyon Nord"),
        ("Shape", "not drawn", "drawn, 4 corners around 45.7750, 4.8500"),
        ("Postcodes and towns", "69004", "69004\n69009"),
        ("Notes", "Park behind", "")]
    assert stale.changed_from(opened) == {"name", "notes"}
    assert [t.name for t in list_territories(mine)] == ["Lyon Nord"]  # nothing saved

    merged = save_territory_or_conflict(mine, stale.merged({"name", "notes"}))
    assert isinstance(merged, TerritoryData)
    [stored] = list_territories(theirs)
    assert (stored.name, stored.areas, stored.polygon is not None, stored.notes) == (
        "Lyon Nord-Ouest", ("69004", "69009"), True, "Park behind")
    with pytest.raises(ValueError, match="not a field that differs: color"):
        stale.merged({"color"})
