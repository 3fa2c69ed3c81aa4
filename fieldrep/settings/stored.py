"""Settings kept in the store, so a rep's choices follow the store to any computer.

A feature reads its own settings, typed, with :func:`read_values`; saving goes through a
:class:`~fieldrep.settings.catalogue.Catalogue`, which checks the changes alone and with
every other setting, all or none (:func:`save_changes`).  A value equal to the default is
not kept (an empty text removes the row).

On a team's PostgreSQL server the table is shared: a rep's own settings (scope ``rep``:
home base, working day, currency, name…) are kept per login, under ``KEY@login``, and a
value kept under the plain ``KEY`` (set before the team shared the store, or by the
manager) is every rep's default until they choose their own; the team's settings (scope
``team``: servers, quotas, policy) are one for everyone and only a manager changes them,
for the team or for one rep (:func:`save_rep_changes`: a rep's own monthly quota).  On a
SQLite file (one rep) every key is kept as itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldrep.settings.catalogue import Catalogue
from fieldrep.settings.spec import Scope, Setting, SettingError
from fieldrep.store import Store
from fieldrep.store.models import Setting as SettingRow
from fieldrep.store.owners import is_manager_in, login_in

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


def read_values(store: Store, settings: Iterable[Setting[Any]],
                rep: str | None = None) -> SettingValues:
    """The current values of ``settings`` for the user (or, on a team's server, for the
    rep of that login)."""
    with store.unit_of_work() as uow:
        return SettingValues(stored_texts(uow.session, settings, rep))


def _stored_key(setting: Setting[Any], login: str | None) -> str:
    return f"{setting.key}@{login}" if login and setting.scope is Scope.REP else setting.key


def stored_texts(session: Session, settings: Iterable[Setting[Any]],
                 rep: str | None = None) -> dict[str, str]:
    """The texts kept for ``settings`` (those never set are left out): the user's (or
    ``rep``'s) own value before the shared one."""
    wanted = list(settings)
    login = rep or login_in(session)
    personal = {f"{s.key}@{login}": s.key for s in wanted if login}
    names = {*personal, *(s.key for s in wanted)}
    rows = {row.key: row.value for row in session.scalars(
        select(SettingRow).where(SettingRow.key.in_(sorted(names))))}
    shared = {s.key: rows[s.key] for s in wanted if s.key in rows}
    own = {key: rows[name] for name, key in personal.items() if name in rows}
    return {**shared, **own}


def read_texts(store: Store, catalogue: Catalogue) -> dict[str, str]:
    """Every setting of ``catalogue`` with its current text (its default when not set)."""
    with store.unit_of_work() as uow:
        return {**catalogue.defaults(), **stored_texts(uow.session, catalogue)}


def save_changes(store: Store, catalogue: Catalogue, changes: Mapping[str, str]) -> None:
    """Store several values at once, all or none: each is checked alone and with the
    settings it goes with (:meth:`Catalogue.checked_changes`); an empty value restores that
    key's default.  On a team's server a team setting is the manager's to change."""
    with store.unit_of_work() as uow:
        stored = {**catalogue.defaults(), **stored_texts(uow.session, catalogue)}
        checked = catalogue.checked_changes(changes, stored)
        login = login_in(uow.session)
        team = [key for key in checked if catalogue[key].scope is Scope.TEAM]
        if login and team and not is_manager_in(uow.session):
            raise SettingError(
                f"only a manager may change the team's settings ({', '.join(team)}): "
                f"{login} is not a member of the fieldrep_manager role; nothing was saved")
        for key, value in checked.items():
            _write(uow.session, _stored_key(catalogue[key], login), value)
        uow.commit()


def save_rep_changes(store: Store, catalogue: Catalogue, rep: str,
                     changes: Mapping[str, str]) -> None:
    """The manager's values of team settings for one rep (``rep``'s monthly quota), each
    checked like :func:`save_changes`; an empty value gives the rep the team's value
    again.  A team's server only; the manager's move."""
    rep = rep.strip()
    with store.unit_of_work() as uow:
        login = login_in(uow.session)
        if login is None:
            raise SettingError("a SQLite file has one rep: set the value for everyone")
        if not rep or "@" in rep:
            raise SettingError(f"name the rep by their database login, not {rep!r}")
        if not is_manager_in(uow.session):
            raise SettingError(f"only a manager may set a rep's {', '.join(changes)}: "
                               f"{login} is not a member of the fieldrep_manager role")
        for key, value in changes.items():
            if catalogue[key].scope is not Scope.TEAM:
                raise SettingError(f"{key} is each rep's own choice, not the manager's")
            _write(uow.session, f"{key}@{rep}", catalogue.check(key, value))
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
