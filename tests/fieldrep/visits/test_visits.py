"""Visits on a real SQLite store: logging, refusals, drafts, follow-ups, ranking, brief."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, delete_accounts
from fieldrep.store import Store
from fieldrep.visits.brief import account_brief, account_timeline
from fieldrep.visits.due import DueStatus, due_accounts, due_statuses, overdue_days
from fieldrep.visits.follow_ups import add_follow_up, appointments_on, open_follow_ups
from fieldrep.visits.logbook import (
    delete_visit,
    get_visit,
    list_visits,
    load_draft,
    log_visit,
    save_draft,
    update_visit,
)
from fieldrep.visits.model import Mode, Outcome, Result, VisitError, VisitInput

TODAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 23, 17, 0)
LYON = (45.7640, 4.8357)


def account(store: Store, name: str, tier: str = "B", cadence: int = 30, *,
            lat: float = 45.76, lon: float = 4.84, value: str | None = None) -> int:
    saved = add_account(store, AccountData(
        name=name, tier=tier, cadence_days=cadence, lat=lat, lon=lon, city="Lyon",
        annual_value=Decimal(value) if value else None))
    assert saved.id is not None
    return saved.id


def visit(account_id: int, day: date, **fields: object) -> VisitInput:
    return VisitInput(account_id=account_id, day=day, **fields)  # type: ignore[arg-type]


def test_a_logged_visit_reads_back_with_its_order_and_follow_up(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    saved = log_visit(store, visit(
        pharmacy, TODAY, check_in=time(9, 5), check_out=time(9, 40), order_value=Decimal("1250.50"),
        contact_name="Claire Martin", notes="Wants the winter range.",
        next_step="Send price list", follow_up_date=TODAY + timedelta(days=7),
        competitors=("Biogaran", " ", "Biogaran")), now=NOW)
    again = get_visit(store, saved.id)
    assert again.results == (Result.ORDER, Result.FOLLOW_UP)  # implied by value and date
    assert again.order_value == Decimal("1250.50")
    assert again.competitors == ("Biogaran",)
    assert again.notes == "Wants the winter range."
    [follow_up] = open_follow_ups(store)
    assert (follow_up.due, follow_up.note, follow_up.visit_id) == (
        TODAY + timedelta(days=7), "Send price list", saved.id)


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"check_in": time(10), "check_out": time(9, 30)}, "check_out", "before check-in"),
    ({"day": TODAY + timedelta(days=1)}, "day", "in the future"),
    ({"check_in": time(18, 30)}, "check_in", "later than now"),
    ({"follow_up_date": TODAY - timedelta(days=1)}, "follow_up_date", "in the past"),
    ({"order_value": Decimal("-5")}, "order_value", "cannot be right"),
    ({"follow_up_at": time(10)}, "follow_up_date", "needs a follow-up date"),
])
def test_impossible_visits_are_refused_and_nothing_is_saved(
        store: Store, fields: dict[str, object], field: str, words: str) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    values: dict[str, object] = {"day": TODAY, **fields}
    with pytest.raises(VisitError, match=words) as caught:
        log_visit(store, visit(pharmacy, **values), now=NOW)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert list_visits(store) == []


def test_a_future_visit_can_be_logged_as_rescheduled(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    saved = log_visit(store, visit(pharmacy, TODAY + timedelta(days=2),
                                   outcome=Outcome.RESCHEDULED), now=NOW)
    assert saved.outcome is Outcome.RESCHEDULED


def test_editing_keeps_what_the_notes_said_before(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    first = log_visit(store, visit(pharmacy, TODAY, notes="Met Claire; stock low."), now=NOW)
    update_visit(store, first.id, visit(pharmacy, TODAY, notes="Met Claire."), now=NOW)
    edited = get_visit(store, first.id)
    assert edited.notes == "Met Claire."
    assert edited.revisions == (("Met Claire; stock low.", ""),)


def test_a_draft_survives_until_the_visit_is_saved(store: Store, db_url: str) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    save_draft(store, "account:1", {"notes": "Half-typed nötes", "outcome": "completed"})
    store.close()  # the app dies here
    from fieldrep.store import open_store

    reopened = open_store(db_url)
    try:
        assert load_draft(reopened, "account:1") == {"notes": "Half-typed nötes",
                                                     "outcome": "completed"}
        log_visit(reopened, visit(pharmacy, TODAY, notes="Half-typed nötes"), now=NOW,
                  draft_key="account:1")
        assert load_draft(reopened, "account:1") is None
    finally:
        reopened.close()


def test_a_refused_visit_keeps_its_draft(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    save_draft(store, "account:1", {"notes": "Long notes"})
    with pytest.raises(VisitError):
        log_visit(store, visit(pharmacy, TODAY, check_in=time(10), check_out=time(9)),
                  now=NOW, draft_key="account:1")
    assert load_draft(store, "account:1") == {"notes": "Long notes"}


def test_deleting_the_account_keeps_its_visits(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    log_visit(store, visit(pharmacy, TODAY, notes="Precious notes"), now=NOW)
    delete_accounts(store, [pharmacy])
    [kept] = list_visits(store)
    assert (kept.account_id, kept.account_name, kept.notes) == (
        None, "Pharmacie du Parc", "Precious notes")


def test_a_completed_visit_fulfils_the_follow_ups_due(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    add_follow_up(store, pharmacy, TODAY, note="bring samples", today=TODAY)
    later = add_follow_up(store, pharmacy, TODAY + timedelta(days=10), note="quarterly",
                          today=TODAY)
    log_visit(store, visit(pharmacy, TODAY, follow_up_date=TODAY + timedelta(days=3),
                           next_step="call back"), now=NOW)
    remaining = {f.note for f in open_follow_ups(store)}
    assert remaining == {"quarterly", "call back"}
    assert later.id in {f.id for f in open_follow_ups(store)}


def test_a_follow_up_with_a_time_is_an_appointment_of_its_day(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    tomorrow = TODAY + timedelta(days=1)
    log_visit(store, visit(pharmacy, TODAY, follow_up_date=tomorrow, follow_up_at=time(10),
                           follow_up_minutes=45, next_step="demo"), now=NOW)
    [appointment] = appointments_on(store, tomorrow)
    assert (appointment.at, appointment.minutes) == (time(10), 45)
    assert appointments_on(store, TODAY) == []


def test_deleting_a_visit_drops_its_open_follow_up(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    saved = log_visit(store, visit(pharmacy, TODAY, follow_up_date=TODAY), now=NOW)
    delete_visit(store, saved.id)
    assert open_follow_ups(store) == []


def test_status_follows_the_cadence_and_remote_calls_count(store: Store) -> None:
    never = account(store, "Never seen")
    overdue = account(store, "Overdue", cadence=30)
    soon = account(store, "Due soon", cadence=30)
    fine = account(store, "On time", cadence=30)
    called = account(store, "Called", cadence=30)
    failed = account(store, "Nobody there", cadence=30)
    log_visit(store, visit(overdue, TODAY - timedelta(days=42)), now=NOW)
    log_visit(store, visit(soon, TODAY - timedelta(days=25)), now=NOW)
    log_visit(store, visit(fine, TODAY - timedelta(days=5)), now=NOW)
    log_visit(store, visit(called, TODAY - timedelta(days=3), mode=Mode.PHONE), now=NOW)
    log_visit(store, visit(failed, TODAY - timedelta(days=3),
                           outcome=Outcome.NO_ONE_THERE), now=NOW)
    statuses = due_statuses(store, TODAY)
    assert statuses[never] is DueStatus.NEVER
    assert statuses[overdue] is DueStatus.OVERDUE
    assert statuses[soon] is DueStatus.DUE_SOON
    assert statuses[fine] is DueStatus.ON_TIME
    assert statuses[called] is DueStatus.ON_TIME  # a call counts for the cadence
    assert statuses[failed] is DueStatus.NEVER  # no one there does not
    assert overdue_days(store, [overdue, fine, never], TODAY) == {overdue: 12, fine: 0,
                                                                  never: 30}


def test_ranking_puts_appointments_then_overdue_tier_a_first_with_reasons(store: Store) -> None:
    a_late = account(store, "Clinique A", tier="A", cadence=30)
    c_late = account(store, "Cabinet C", tier="C", cadence=30)
    booked = account(store, "Booked", tier="C", cadence=90)
    promised = account(store, "Promised", tier="C", cadence=90)
    fine = account(store, "Fine", tier="A", cadence=30)
    for account_id in (a_late, c_late):
        log_visit(store, visit(account_id, TODAY - timedelta(days=42)), now=NOW)
    log_visit(store, visit(fine, TODAY - timedelta(days=2)), now=NOW)
    log_visit(store, visit(booked, TODAY - timedelta(days=2)), now=NOW)
    log_visit(store, visit(promised, TODAY - timedelta(days=2)), now=NOW)
    add_follow_up(store, booked, TODAY, at=time(10), note="demo", today=TODAY)
    add_follow_up(store, promised, TODAY + timedelta(days=1), today=TODAY)  # not yet due
    add_follow_up(store, promised, TODAY, note="price list", today=TODAY)

    ranked = due_accounts(store, TODAY)
    names = [s.name for s in ranked]
    assert names == ["Booked", "Clinique A", "Promised", "Cabinet C"]
    by_name = {s.name: s for s in ranked}
    assert by_name["Booked"].reasons[0] == "appointment 10:00: demo"
    assert by_name["Booked"].appointment == time(10)
    assert "overdue by 12 days (every 30 days, last visit Mon 12 Oct)" in \
        by_name["Clinique A"].reasons
    assert by_name["Promised"].reasons[0] == "follow-up promised for Mon 23 Nov: price list"
    assert "Fine" not in names
    assert "Fine" in [s.name for s in due_accounts(store, TODAY, include_on_time=True)]


def test_distance_from_the_start_lowers_far_accounts(store: Store) -> None:
    near = account(store, "Near", tier="B", lat=45.77, lon=4.84)
    far = account(store, "Far", tier="B", lat=45.19, lon=5.72)  # Grenoble, ~95 km
    ranked = due_accounts(store, TODAY, near=LYON)
    assert [s.account_id for s in ranked] == [near, far]
    assert ranked[1].reasons[-1].endswith("km from the start")
    assert ranked[1].km is not None and 80 < ranked[1].km < 110


def test_a_late_follow_up_says_how_late(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    add_follow_up(store, pharmacy, TODAY - timedelta(days=6), note="call", today=TODAY
                  - timedelta(days=10))
    [suggestion] = due_accounts(store, TODAY)
    assert suggestion.reasons[0] == "follow-up promised for Tue 17 Nov: call (6 days late)"


def test_brief_gathers_recent_notes_needs_and_competitors(store: Store) -> None:
    clinic = account(store, "Clinique du Val", tier="A", cadence=30)
    log_visit(store, visit(clinic, TODAY - timedelta(days=40), notes="First meeting",
                           needs="sterile packs", competitors=("Medline",)), now=NOW)
    log_visit(store, visit(clinic, TODAY - timedelta(days=10), notes="Demo went well",
                           needs="training", competitors=("Medline", "B. Braun")), now=NOW)
    log_visit(store, visit(clinic, TODAY - timedelta(days=1), outcome=Outcome.NO_ONE_THERE,
                           follow_up_date=TODAY + timedelta(days=2), next_step="retry"),
              now=NOW)
    brief = account_brief(store, clinic, TODAY)
    assert [v.notes for v in brief.recent] == ["", "Demo went well", "First meeting"]
    assert brief.needs == ("training", "sterile packs")
    assert brief.competitors == ("Medline", "B. Braun")
    assert brief.due.last_visit == TODAY - timedelta(days=10)
    assert [f.note for f in brief.follow_ups] == ["retry"]
    timeline = account_timeline(store, clinic)
    assert [e.kind for e in timeline] == ["follow-up", "visit", "visit", "visit"]
    assert timeline[2].text == "Demo went well"


def test_the_planner_pins_booked_appointments_and_knows_who_is_overdue(store: Store) -> None:
    from fieldrep.planning.model import Appointment, Place
    from fieldrep.planning.requests import day_request, week_request

    booked = account(store, "Booked", cadence=30)
    late = account(store, "Late", cadence=30)
    log_visit(store, visit(late, TODAY - timedelta(days=40)), now=NOW)
    tomorrow = TODAY + timedelta(days=1)
    add_follow_up(store, booked, tomorrow, at=time(10, 30), minutes=40, today=TODAY)
    home = Place("Home", *LYON)
    request = day_request(store, tomorrow, [late], start=home, end=home)
    assert request.appointments == (Appointment(booked, time(10, 30), 40),)
    assert {c.account_id: c.overdue_days for c in request.candidates} == {late: 11, booked: 30}
    # never visited: a whole cadence due. A time the rep gives wins over the booked one.
    moved = day_request(store, tomorrow, [late], start=home, end=home,
                        appointments=[Appointment(booked, time(15))])
    assert moved.appointments == (Appointment(booked, time(15)),)
    week = week_request(store, TODAY, 5, [late], start=home)
    assert [(a.account_id, a.day, a.at) for a in week.appointments] == [
        (booked, tomorrow, time(10, 30))]
    assert day_request(store, TODAY, [late], start=home, end=home).appointments == ()


def test_demo_history_gives_a_lived_in_territory_once(store: Store) -> None:
    from fieldrep.usecases.demo import load_demo
    from fieldrep.visits.demo_history import add_demo_history

    load_demo(store, history=True)
    visits = list_visits(store)
    assert len(visits) > 150
    assert all(v.day.weekday() < 5 and v.day < date.today() for v in visits)
    statuses = set(due_statuses(store, date.today()).values())
    assert statuses == {DueStatus.NEVER, DueStatus.OVERDUE, DueStatus.DUE_SOON,
                        DueStatus.ON_TIME}
    assert len(appointments_on(store, _next_weekday(date.today()))) == 2
    assert add_demo_history(store, date.today()) == (0, 0)  # never twice


def _next_weekday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_logging_a_planned_stop_marks_it_done(store: Store) -> None:
    from fieldrep.planning.model import DayPlan, Place, PlannedStop, Totals
    from fieldrep.planning.saved import save_plan
    from fieldrep.visits.planned import planned_visits

    first, second = account(store, "First stop"), account(store, "Second stop")
    home = Place("Home", *LYON)
    stops = (PlannedStop(first, "First stop", time(9), time(9), time(9, 30), 0, 3000, 600),
             PlannedStop(second, "Second stop", time(10), time(10), time(10, 45), 0, 4000,
                         700, appointment=True))
    save_plan(store, [DayPlan(TODAY, home, home, time(8, 50), time(11, 30), stops, (),
                              Totals(1800, 9000, 4500, 0, 0))])
    planned = planned_visits(store, TODAY)
    assert [(p.name, p.done, p.appointment) for p in planned] == [
        ("First stop", False, False), ("Second stop", False, True)]
    logged = log_visit(store, visit(first, TODAY, check_in=time(9, 5), check_out=time(9, 35),
                                    plan_stop_id=planned[0].stop_id), now=NOW)
    planned = planned_visits(store, TODAY)
    assert planned[0].done and planned[0].visit == logged
    assert not planned[1].done
    assert planned_visits(store, TODAY + timedelta(days=1)) == []
    with pytest.raises(VisitError, match="no planned stop"):
        log_visit(store, visit(second, TODAY, plan_stop_id=9999), now=NOW)


def test_an_account_without_location_is_suggested_with_that_reason(store: Store) -> None:
    saved = add_account(store, AccountData(name="Somewhere", tier="A"))
    [suggestion] = due_accounts(store, TODAY, near=LYON)
    assert suggestion.account_id == saved.id and suggestion.km is None
    assert suggestion.reasons[-1] == "no location: locate it to put it on a route"


def test_an_account_closed_that_day_comes_after_the_open_ones_and_says_why(
        store: Store) -> None:
    closed = add_account(store, AccountData(name="Closed Mondays", tier="A", lat=45.76,
                                            lon=4.84, opening_hours="Tu-Sa 09:00-18:00"))
    open_ = account(store, "Open", tier="C")
    ranked = due_accounts(store, TODAY)  # a Monday
    assert [s.account_id for s in ranked] == [open_, closed.id]
    assert ranked[1].reasons[0] == "closed on Mondays" and not ranked[1].open_that_day
    tuesday = due_accounts(store, TODAY + timedelta(days=1))
    assert tuesday[0].account_id == closed.id and tuesday[0].open_that_day


def test_an_old_visit_can_be_edited_after_its_follow_up_date_has_passed(store: Store) -> None:
    pharmacy = account(store, "Pharmacie du Parc")
    saved = log_visit(store, visit(pharmacy, TODAY, follow_up_date=TODAY + timedelta(days=1),
                                   next_step="call"), now=NOW)
    later = NOW + timedelta(days=5)
    edited = update_visit(store, saved.id, visit(
        pharmacy, TODAY, follow_up_date=TODAY + timedelta(days=1), next_step="call",
        notes="typo fixed"), now=later)
    assert edited.notes == "typo fixed"
    with pytest.raises(VisitError, match="in the past"):  # but not a new past date
        update_visit(store, saved.id, visit(pharmacy, TODAY,
                                            follow_up_date=TODAY + timedelta(days=2)),
                     now=later)
