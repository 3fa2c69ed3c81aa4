"""A save refused because someone else changed the record since it was read.

Every record a rep edits carries a ``version`` the store raises at each change (see
:func:`fieldrep.store.models.base.version_column`).  Saving a copy whose version is no
longer the stored one would silently drop the other person's change: it is refused with
:class:`StaleRecord`, which carries both versions and the fields they disagree on, so the
window can show them side by side and the rep can merge them field by field: the
rep's changes (:meth:`StaleRecord.changed_from`) keep their value by default, and
:meth:`StaleRecord.merged` gives the record to save over the stored version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Generic, TypeVar

from fieldrep.common.errors import FieldRepError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


@dataclass(frozen=True)
class FieldDifference:
    """One field on which the rep's copy and the stored record disagree, as text."""

    field: str
    label: str
    mine: str
    theirs: str


class StaleRecord(FieldRepError, Generic[T]):
    """The record was changed elsewhere since this copy was read: nothing was saved.

    ``mine`` is what the rep tried to save (built on ``mine_version``), ``theirs`` the
    record as it is now (``theirs_version``); ``differences`` the fields they disagree on.
    """

    def __init__(self, what: str, mine: T, theirs: T, mine_version: int, theirs_version: int,
                 differences: tuple[FieldDifference, ...]) -> None:
        self.what = what
        self.mine = mine
        self.theirs = theirs
        self.mine_version = mine_version
        self.theirs_version = theirs_version
        self.differences = differences
        fields = "; ".join(f"{d.label}: yours {_short(d.mine)}, saved {_short(d.theirs)}"
                           for d in differences) or "no field differs"
        super().__init__(
            f"{what} was changed elsewhere since you opened it (you had version "
            f"{mine_version}, it is now at version {theirs_version}); nothing was saved. "
            f"Differences: {fields}")

    def changed_from(self, opened: object) -> set[str]:
        """The fields that differ and that the rep changed from ``opened`` (the copy they
        opened): in a merge these keep the rep's value by default, the others take the
        saved one, so a field only the other person changed keeps their change."""
        return {d.field for d in self.differences
                if getattr(opened, d.field, None) != getattr(self.mine, d.field, None)}

    def merged(self, keep_mine: Iterable[str]) -> T:
        """``theirs`` (with its version, so it can be saved over it) with the fields named
        in ``keep_mine`` taken from ``mine``."""
        chosen = set(keep_mine)
        unknown = chosen - {d.field for d in self.differences}
        if unknown:
            raise ValueError(f"not a field that differs: {', '.join(sorted(unknown))}")
        return replace(self.theirs, **{name: getattr(self.mine, name) for name in chosen})


def differences(mine: Mapping[str, object], theirs: Mapping[str, object],
                labels: Mapping[str, str], fields: Iterable[str], *,
                shown: Mapping[str, Callable[[object], str]] | None = None,
                ) -> tuple[FieldDifference, ...]:
    """The ``fields`` on which two records (as field → value) disagree, shown as text
    (by :func:`as_text`, or by the function ``shown`` gives for the field)."""
    def text(name: str, value: object) -> str:
        return (shown or {}).get(name, as_text)(value)

    return tuple(
        FieldDifference(name, labels.get(name, name.replace("_", " ")),
                        text(name, mine.get(name)), text(name, theirs.get(name)))
        for name in fields if mine.get(name) != theirs.get(name))


def as_text(value: object) -> str:
    """A field's value as the rep reads it: empty for None, items one per line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "\n".join(as_text(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return ", ".join(as_text(v) for v in vars(value).values() if v not in ("", None))
    return str(value)


def _short(text: str, limit: int = 40) -> str:
    flat = " / ".join(line for line in text.splitlines() if line) or "(empty)"
    return repr(flat if len(flat) <= limit else flat[:limit - 1] + "…")
