"""What the visit form needs before it opens, and saving it: one call each, typed results.

The desktop's visit dialog calls these on its worker.  A refusal of the visit (check-out
before check-in, an order value that does not read…) comes back as a value naming the
field, so the form can put the cursor there; a visit changed elsewhere since the form
opened comes back as the conflict, for the window to offer a merge field by field
(:func:`save_merged_visit`); anything else is a failure as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import get_account
from fieldrep.expenses.settings import expense_currency
from fieldrep.store import Store
from fieldrep.visits.conflicts import StaleVisit
from fieldrep.visits.logbook import get_visit, load_draft, log_visit, save_draft, update_visit
from fieldrep.visits.model import VisitData, VisitError, VisitInput


@dataclass(frozen=True)
class VisitFormStart:
    """The account, the visit being changed (None: a new one), the report currency and
    the draft kept under the form's key (None when there is none)."""

    account: AccountData
    visit: VisitData | None
    currency: str
    draft: Mapping[str, Any] | None


@dataclass(frozen=True)
class VisitRefused:
    """Why the visit cannot be saved, and the form field at fault ("" when none)."""

    message: str
    field: str = ""


def open_visit_form(store: Store, account_id: int, visit_id: int | None,
                    draft_key: str) -> VisitFormStart:
    """Read what the form shows: the account, the visit (with its follow-up), the draft."""
    account = get_account(store, account_id)
    visit = get_visit(store, visit_id) if visit_id is not None else None
    return VisitFormStart(account, visit, expense_currency(store),
                          load_draft(store, draft_key))


def save_visit_form(store: Store, visit: VisitInput, *, visit_id: int | None, now: datetime,
                    draft_key: str, draft: Mapping[str, Any],
                    version: int | None = None) -> VisitData | VisitRefused | StaleVisit:
    """Log (or change) the visit and drop its draft; a refusal keeps the draft as typed.
    ``version`` is the one the form opened: a visit changed elsewhere since is handed back
    as the conflict (nothing saved, the draft kept)."""
    try:
        if visit_id is None:
            return log_visit(store, visit, now=now, draft_key=draft_key)
        return update_visit(store, visit_id, visit, now=now, draft_key=draft_key,
                            expected_version=version)
    except StaleVisit as stale:
        save_draft(store, draft_key, dict(draft))
        return stale
    except VisitError as exc:
        save_draft(store, draft_key, dict(draft))
        return VisitRefused(str(exc), exc.field)


def save_merged_visit(store: Store, stale: StaleVisit, keep_mine: Iterable[str], *,
                      visit_id: int, now: datetime, draft_key: str,
                      draft: Mapping[str, Any]) -> VisitData | VisitRefused | StaleVisit:
    """Save the rep's merge of a conflict (``keep_mine``: the fields whose value is the
    rep's) over the version saved meanwhile; changed again since, it is a new conflict."""
    return save_visit_form(store, stale.merged(keep_mine), visit_id=visit_id, now=now,
                           draft_key=draft_key, draft=draft, version=stale.theirs_version)
