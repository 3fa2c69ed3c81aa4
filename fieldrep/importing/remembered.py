"""The column choices a rep confirmed, remembered for the next file with the same headers.

Kept in the store as one rep setting (:data:`~fieldrep.importing.settings.REMEMBERED_MAPPINGS`):
a JSON object from a digest of the folded headers to the mapping (column → field).  Only a
mapping that differs from what the importer guesses is kept, and only the latest
:data:`KEPT` files' choices.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fieldrep.common.text import fold
from fieldrep.importing.columns import apply_overrides, guess_mapping
from fieldrep.importing.mapping_check import check_mapping
from fieldrep.importing.plan import ImportPlan, read_plan
from fieldrep.importing.settings import DECLARATIONS, REMEMBERED_MAPPINGS
from fieldrep.settings.catalogue import Catalogue
from fieldrep.settings.stored import read_values, save_changes
from fieldrep.store import Store

#: How many files' choices are remembered (the oldest is forgotten first).
KEPT = 50


def headers_key(headers: Sequence[str]) -> str:
    """The key of a set of headers: the same for "Code_Postal" and "code postal"."""
    folded = "\x1f".join(fold(header) for header in headers)
    return hashlib.sha256(folded.encode()).hexdigest()[:24]


def remembered_mapping(store: Store, headers: Sequence[str]) -> dict[int, str] | None:
    """The mapping confirmed for a file with ``headers``, if any still fits them."""
    found = read_values(store, (REMEMBERED_MAPPINGS,))[REMEMBERED_MAPPINGS].get(
        headers_key(headers))
    if not isinstance(found, dict):
        return None
    try:
        mapping = {int(index): str(field) for index, field in found.items()}
    except ValueError:
        return None
    return mapping if check_mapping(headers, mapping).ok else None


def with_remembered_mapping(store: Store, plan: ImportPlan) -> ImportPlan:
    """``plan`` with the mapping the rep confirmed for its headers, else as it is."""
    mapping = remembered_mapping(store, plan.table.headers)
    return plan if mapping is None else plan.with_mapping(mapping)


def remember_mapping(store: Store, plan: ImportPlan) -> None:
    """Remember ``plan``'s mapping for its headers; forget it when it is what the importer
    guesses anyway."""
    headers = plan.table.headers
    key = headers_key(headers)
    kept: dict[str, Any] = read_values(store, (REMEMBERED_MAPPINGS,))[REMEMBERED_MAPPINGS]
    kept.pop(key, None)
    if plan.mapping != guess_mapping(headers, plan.table.rows):
        kept[key] = {str(index): field for index, field in sorted(plan.mapping.items())}
    kept = dict(list(kept.items())[-KEPT:])
    save_changes(store, Catalogue((DECLARATIONS,)),
                 {REMEMBERED_MAPPINGS.key: json.dumps(kept) if kept else ""})


def plan_with_memory(
    store: Store, path: Path, *, sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> ImportPlan:
    """Read ``path`` and match its columns as :func:`~fieldrep.importing.plan.plan_import`
    does, starting from the mapping the rep confirmed for these headers when no
    ``overrides`` are given."""
    plan = read_plan(path, sheet=sheet)
    mapping = plan.mapping
    if overrides:
        mapping = apply_overrides(plan.table.headers, mapping, overrides)
    else:
        mapping = remembered_mapping(store, plan.table.headers) or mapping
    return plan.with_mapping(mapping)
