"""A plausible visit history for the demo territory, relative to a given day.

So a rep trying FieldRep sees the Visits page as it looks after a few months of use: most
accounts visited once or twice, some overdue, a few never seen, follow-ups promised for the
coming days and two appointments booked.  The same day always gives the same history.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from fieldrep.store import Store
from fieldrep.store.models import Account, FollowUp, Visit
from fieldrep.visits.model import Mode, Outcome, Result

NOTES = (
    "Met the buyer; stock is low on the usual lines.",
    "Presented the new range, interested in the spring offer.",
    "Short visit, the manager was busy; left the catalogue.",
    "Complained about a late delivery last month: promised to check with logistics.",
    "Good talk about next quarter's volumes.",
    "Asked for a price list for the larger formats.",
)
NEXT_STEPS = ("Send the price list", "Bring samples", "Call to confirm the order",
              "Check the delivery delay", "Demo of the new range")
NEEDS = ("faster delivery", "larger formats", "training for new staff", "better prices on "
         "volume", "")
COMPETITORS = ("Rexel", "Würth", "Manutan", "")


def add_demo_history(store: Store, today: date, seed: int = 7) -> tuple[int, int]:
    """Add the history when the store has no visit yet; returns (visits, follow-ups) added."""
    rng = random.Random(seed)
    with store.unit_of_work() as uow:
        session = uow.session
        if session.scalar(select(func.count()).select_from(Visit)):
            return 0, 0
        accounts = session.execute(select(Account.id, Account.name, Account.cadence_days,
                                          Account.tier).order_by(Account.id)).all()
        visits, follow_ups = [], []
        for account_id, name, cadence, tier in accounts:
            if rng.random() < 0.2:
                continue  # never visited
            last = today - timedelta(days=rng.randint(1, max(3, int(cadence * 1.25))))
            for n in range(rng.choice((1, 1, 2))):
                day = _weekday(last - timedelta(days=n * cadence), -1)
                visits.append(_visit(rng, account_id, name, day, tier))
        for account_id, name, _cadence, _tier in rng.sample(accounts, min(10, len(accounts))):
            due = _weekday(today + timedelta(days=rng.randint(0, 6)), 1)
            follow_ups.append(FollowUp(account_id=account_id, account_name=name, due=due,
                                       note=rng.choice(NEXT_STEPS)))
        for (account_id, name, _c, _t), at in zip(rng.sample(accounts, 2),
                                                  (time(10, 0), time(14, 30)), strict=False):
            follow_ups.append(FollowUp(account_id=account_id, account_name=name,
                                       due=_weekday(today + timedelta(days=1), 1), at=at,
                                       minutes=45,
                                       note="Demo of the new range"))
        session.add_all([*visits, *follow_ups])
        uow.commit()
        return len(visits), len(follow_ups)


def _weekday(day: date, step: int) -> date:
    """``day``, moved by ``step`` days until it is a weekday."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def _visit(rng: random.Random, account_id: int, name: str, day: date, tier: str) -> Visit:
    remote = rng.random() < 0.12
    outcome = Outcome.NO_ONE_THERE if rng.random() < 0.08 else Outcome.COMPLETED
    start = time(rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
    minutes = rng.choice((20, 30, 45, 60))
    end = time(start.hour + (start.minute + minutes) // 60, (start.minute + minutes) % 60)
    results = []
    value = None
    if outcome is Outcome.COMPLETED and rng.random() < (0.5 if tier == "A" else 0.3):
        results.append(Result.ORDER.value)
        value = Decimal(rng.randint(20, 600) * 10)
    if outcome is Outcome.COMPLETED and rng.random() < 0.25:
        results.append(Result.DEMO.value)
    return Visit(
        account_id=account_id, account_name=name, day=day,
        mode=(Mode.PHONE if remote else Mode.IN_PERSON).value,
        check_in=None if remote else start, check_out=None if remote else end,
        outcome=outcome.value, results=",".join(results), order_value=value,
        notes=rng.choice(NOTES) if outcome is Outcome.COMPLETED else "",
        next_step=rng.choice(NEXT_STEPS) if rng.random() < 0.4 else "",
        needs=rng.choice(NEEDS), competitors=rng.choice(COMPETITORS))
