"""A catalogue of settings: the features' declarations put together, to check values one at
a time and together.

The catalogue knows nothing of the features: whoever needs every setting (the CLI, the
settings dialog) builds one from the features' :class:`Declarations`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from fieldrep.settings.spec import Declarations, JointRule, Setting, SettingError


class Catalogue:
    """Settings by key, in the order they were declared, with the rules across them."""

    def __init__(self, declarations: Iterable[Declarations]) -> None:
        self._settings: dict[str, Setting[Any]] = {}
        self._rules: list[JointRule] = []
        self._completions: list[Callable[[dict[str, str]], None]] = []
        for declared in declarations:
            for setting in declared.settings:
                if setting.key in self._settings:
                    raise ValueError(f"setting {setting.key!r} is declared twice")
                self._settings[setting.key] = setting
            self._rules.extend(declared.rules)
            self._completions.extend(declared.completions)

    def __iter__(self) -> Iterator[Setting[Any]]:
        return iter(self._settings.values())

    def __len__(self) -> int:
        return len(self._settings)

    def __contains__(self, key: object) -> bool:
        return key in self._settings

    def keys(self) -> list[str]:
        """Every key, in the order declared."""
        return list(self._settings)

    def __getitem__(self, key: str) -> Setting[Any]:
        """The setting called ``key``; :class:`SettingError` lists the known ones."""
        try:
            return self._settings[key]
        except KeyError:
            raise SettingError(
                f"unknown setting {key!r}; known: {', '.join(self._settings)}") from None

    def defaults(self) -> dict[str, str]:
        """Every key with its default."""
        return {key: setting.default for key, setting in self._settings.items()}

    def check(self, key: str, value: str) -> str:
        """``value`` in canonical form for ``key`` ("" stays "": the default)."""
        return self[key].check(value)

    def same_value(self, key: str, first: str, second: str) -> bool:
        """Whether two values mean the same for ``key`` (``1.0`` and ``1``; empty and the
        default)."""
        setting = self[key]

        def canonical(value: str) -> str:
            try:
                return setting.check(value) or setting.check(setting.default)
            except SettingError:
                return value.strip()

        return canonical(first) == canonical(second)

    def problems(self, values: Mapping[str, str]) -> dict[str, str]:
        """What is wrong with a whole set of values (as the settings dialog holds them):
        faulty key → why, each value checked alone and with the ones it goes with."""
        problems: dict[str, str] = {}
        merged = self.defaults()
        for key, value in values.items():
            try:
                merged[key] = self.check(key, value) or self[key].default
            except SettingError as exc:
                problems[key] = str(exc)
        for key, message in self.joint_problems(merged, changed=set(values)).items():
            problems.setdefault(key, message)
        return problems

    def checked_changes(self, changes: Mapping[str, str],
                        stored: Mapping[str, str]) -> dict[str, str]:
        """``changes`` in canonical form, with the changes they imply, when they all go
        with the ``stored`` values; else :class:`SettingError` with every faulty key."""
        for key in changes:
            self[key]  # an unknown key ends here, before any value is looked at
        cleaned: dict[str, str] = {}
        problems: dict[str, str] = {}
        for key, value in changes.items():
            try:
                cleaned[key] = self.check(key, value)
            except SettingError as exc:
                problems[key] = str(exc)
        for complete in self._completions:
            complete(cleaned)
        merged = {**stored, **{k: v or self[k].default for k, v in cleaned.items()}}
        for key, message in self.joint_problems(merged, changed=set(cleaned)).items():
            problems.setdefault(key, message)
        if problems:
            raise SettingError("; ".join(problems.values()), problems)
        return cleaned

    def joint_problems(self, values: Mapping[str, str], changed: set[str]) -> dict[str, str]:
        """Faulty key → why, for the rules that involve a changed key."""
        problems: dict[str, str] = {}
        for rule in self._rules:
            if changed & set(rule.keys):
                found = rule.check(values)
                if found is not None:
                    problems.setdefault(*found)
        return problems
