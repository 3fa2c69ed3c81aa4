"""Settings kept in the store, so a rep's choices follow the store to any computer.

A feature reads its own settings, typed, with :func:`read_values`; saving goes through a
:class:`~fieldrep.settings.catalogue.Catalogue`, which checks the changes alone and with
every other setting, all or none (:func:`save_changes`).  A value equal to the default is
not kept (an empty text removes the row).  Team settings live in the same table for now;
the team's server will keep them once there is one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldrep.settings.catalogue import Catalogue
from fieldrep.settings.spec import Setting
from fieldrep.store import Store
from fieldrep.store.models import Setting as SettingRow

T = TypeVar("T")


class SettingValues:
    """The values of some settings, as text, read as typed values by their setting:
    ``values[WORK_START]`` is a :class:`datetime.time`."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = dict(texts)

    def __getitem__(self, setting: Setting[T]) -> T:
        return setting.value(self._texts.get(setting.key, ""))

    def text(self, setting: Setting[Any]) -> str:
        """The canonical text of ``setting`` (its default when not set)."""
        return self._texts.get(setting.key, "").strip() or setting.default


def read_values(store: Store, settings: Iterable[Setting[Any]]) -> SettingValues:
    """The current values of ``settings``."""
    keys = [setting.key for setting in settings]
    with store.unit_of_work() as uow:
        return SettingValues(stored_texts(uow.session, keys))


def stored_texts(session: Session, keys: Iterable[str]) -> dict[str, str]:
    """The texts kept for ``keys`` (the keys never set are left out)."""
    wanted = list(keys)
    rows = session.scalars(select(SettingRow).where(SettingRow.key.in_(wanted)))
    return {row.key: row.value for row in rows}


def read_texts(store: Store, catalogue: Catalogue) -> dict[str, str]:
    """Every setting of ``catalogue`` with its current text (its default when not set)."""
    with store.unit_of_work() as uow:
        return {**catalogue.defaults(), **stored_texts(uow.session, catalogue.keys())}


def save_changes(store: Store, catalogue: Catalogue, changes: Mapping[str, str]) -> None:
    """Store several values at once, all or none: each is checked alone and with the
    settings it goes with (:meth:`Catalogue.checked_changes`); an empty value restores that
    key's default."""
    with store.unit_of_work() as uow:
        stored = {**catalogue.defaults(), **stored_texts(uow.session, catalogue.keys())}
        for key, value in catalogue.checked_changes(changes, stored).items():
            _write(uow.session, key, value)
        uow.commit()


def _write(session: Session, key: str, value: str) -> None:
    row = session.get(SettingRow, key)
    if not value:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
