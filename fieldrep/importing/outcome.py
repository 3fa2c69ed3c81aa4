"""How an import a rep started ended: saved, checked only, cancelled, or failed.

:func:`run_import` turns :func:`~fieldrep.importing.saving.import_accounts`'s refusals into
an :class:`ImportOutcome`, so the import wizard shows each ending without catching them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fieldrep.importing.plan import ImportPlan
from fieldrep.importing.saving import (
    ImportCancelled,
    ImportFailed,
    ImportResult,
    Progress,
    import_accounts,
)
from fieldrep.store import Store


@dataclass(frozen=True)
class ImportOutcome:
    """How an import ended: its result, or that it was cancelled, or the one-line reason it
    failed.  Only a completed import that was not ``dry_run`` saved anything."""

    plan: ImportPlan
    dry_run: bool
    result: ImportResult | None = None
    failure: str = ""
    cancelled: bool = False

    @property
    def saved(self) -> bool:
        """Whether accounts were saved (so the import cannot be redone by going back)."""
        return self.result is not None and not self.dry_run


def run_import(
    store: Store,
    plan: ImportPlan,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    default_country: str = "",
) -> ImportOutcome:
    """Import ``plan`` (check it only with ``dry_run``; rows without a country read for
    ``default_country``) and say how it ended."""
    try:
        result = import_accounts(store, plan, progress=progress, cancelled=cancelled,
                                 dry_run=dry_run, default_country=default_country)
    except ImportCancelled:
        return ImportOutcome(plan, dry_run, cancelled=True)
    except ImportFailed as exc:
        return ImportOutcome(plan, dry_run, failure=exc.user_message)
    return ImportOutcome(plan, dry_run, result=result)
