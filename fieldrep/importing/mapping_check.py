"""Checking the mapping a rep is choosing, column by column, in the rep's words.

Unlike :func:`~fieldrep.importing.columns.mapping_problems` (for a mapping given in one go,
on the command line), this names the columns as the rep sees them and says which ones
clash, so each can be marked while the rep chooses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fieldrep.importing.fields import field_label


@dataclass(frozen=True)
class MappingCheck:
    """What stops a mapping from being imported (one sentence each), and the columns that
    were given the same field as another."""

    problems: tuple[str, ...]
    clashing: frozenset[int]

    @property
    def ok(self) -> bool:
        return not self.problems


def header_name(headers: Sequence[str], index: int) -> str:
    """A column's header, or "Column N" when it has none."""
    return headers[index] if index < len(headers) and headers[index] else f"Column {index + 1}"


def check_mapping(headers: Sequence[str], mapping: Mapping[int, str]) -> MappingCheck:
    """Check ``mapping`` (column index → field): each field from one column only, and a
    column for the account name."""
    columns: dict[str, list[int]] = {}
    for index, field in sorted(mapping.items()):
        columns.setdefault(field, []).append(index)
    problems = []
    for field, indexes in columns.items():
        if len(indexes) > 1:
            names = ", ".join(f"“{header_name(headers, i)}”" for i in indexes)
            problems.append(f"“{field_label(field)}” is chosen for {len(indexes)} columns "
                            f"({names}): keep it for one column only.")
    if "name" not in columns:
        problems.append("No column is imported as the account name: choose “Account name” "
                        "for the column that holds it.")
    clashing = frozenset(i for indexes in columns.values() if len(indexes) > 1 for i in indexes)
    return MappingCheck(tuple(problems), clashing)
