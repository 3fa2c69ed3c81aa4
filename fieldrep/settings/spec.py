"""What a setting is: its key, default, help, scope and kind (how its text is checked, put in
canonical form and read as a typed value), and the rules that tie several keys together.

Values travel as text (that is how the store keeps them and how the CLI takes them): an
empty text always means "the default".  A :class:`Kind` turns a text into its typed value
(:meth:`Kind.parse`, refusing with a :class:`SettingError` that names the key) and a typed
value into the canonical text (:meth:`Kind.format`), so ``8h30`` is stored as ``08:30``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from fieldrep.common.errors import FieldRepError

T = TypeVar("T")


class SettingError(FieldRepError, ValueError):
    """An unknown key or an impossible value; ``problems`` maps each faulty key to why."""

    def __init__(self, message: str, problems: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = dict(problems or {})


class Scope(StrEnum):
    """Whose a setting is, which says where it is kept."""

    #: this computer's: where the store is, how the window looks (the app's preferences)
    MACHINE = "machine"
    #: the rep's own: home base, working day, currency, name (in the store)
    REP = "rep"
    #: the team's, shared on its server: geocoder, tile and road servers, quotas, policy
    TEAM = "team"


class Kind(Generic[T]):
    """How the values of a setting are written and read."""

    def parse(self, key: str, text: str) -> T:
        """The typed value of a non-empty, stripped ``text``; :class:`SettingError` says why
        it cannot be right, naming ``key``."""
        raise NotImplementedError

    def format(self, value: T) -> str:
        """The canonical text of ``value``."""
        return str(value)

    def canonical(self, key: str, text: str) -> str:
        """``text`` checked and in the form it is stored in."""
        return self.format(self.parse(key, text))


class OrNone(Kind[T | None]):
    """A kind whose empty text means "none" (no limit, no pin, not set)."""

    def __init__(self, kind: Kind[T]) -> None:
        self.kind = kind

    def parse(self, key: str, text: str) -> T | None:
        return self.kind.parse(key, text) if text.strip() else None

    def format(self, value: T | None) -> str:
        return "" if value is None else self.kind.format(value)

    def canonical(self, key: str, text: str) -> str:
        return self.kind.canonical(key, text) if text.strip() else ""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One key, declared once by the feature that reads it."""

    key: str
    kind: Kind[T]
    default: str
    help: str
    scope: Scope
    #: what the rep calls it (the settings dialog names it so, in its fields and messages)
    label: str

    def check(self, text: str) -> str:
        """``text`` in canonical form ("" stays "": the default); :class:`SettingError`
        says why it cannot be right."""
        text = text.strip()
        return self.kind.canonical(self.key, text) if text else ""

    def value(self, text: str) -> T:
        """The typed value of a stored ``text``; the default's when it is empty, or no
        longer right (a value saved by an older FieldRep, say)."""
        try:
            return self.kind.parse(self.key, text.strip() or self.default)
        except SettingError:
            return self.kind.parse(self.key, self.default)


#: A rule across keys: the canonical texts of every setting → (faulty key, why) or None.
RuleCheck = Callable[[Mapping[str, str]], "tuple[str, str] | None"]


@dataclass(frozen=True)
class JointRule:
    """Values that must agree: checked whenever one of ``keys`` changes."""

    keys: tuple[str, ...]
    check: RuleCheck


@dataclass(frozen=True)
class Declarations:
    """What one feature declares: its settings, the rules across them, and the changes a
    change implies (``completions`` add to a set of checked changes, in place)."""

    settings: tuple[Setting[Any], ...]
    rules: tuple[JointRule, ...] = ()
    completions: tuple[Callable[[dict[str, str]], None], ...] = field(default=())
