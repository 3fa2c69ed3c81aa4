"""Whose records these are: a rep changes their own, reads the team's.

Every record a rep's work makes carries an ``owner`` (the database login that wrote it on
a team's PostgreSQL server, '' on a SQLite file, which has one rep).  The server's
row-level rules (migration 0012) let only the record's rep, a manager or a superuser
change it, and keep plans and expenses private to their rep and the managers.  This
module is FieldRep's side of those rules:

* :class:`current_login` is the user in SQL (``CURRENT_USER`` on PostgreSQL, '' on
  SQLite), so ``Account.owner == current_login()`` keeps "my" rows on both;
* :func:`guard_owners` makes a session refuse, before anything is written, to change or
  delete a record the user may only read, with one sentence naming it and its rep
  (:class:`NotYours`), instead of the server's silent "0 rows changed".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Boolean, String, event, func, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from fieldrep.common.errors import FieldRepError


class NotYours(FieldRepError):
    """A record of another rep: it can be read, not changed."""


class current_login(FunctionElement[str]):
    """The user's login in SQL: ``CURRENT_USER`` on PostgreSQL, '' (the one rep of the
    file) on SQLite, so ``owner == current_login()`` means "mine" on both."""

    type = String()
    inherit_cache = True
    name = "current_login"


@compiles(current_login)
def _one_rep(_element: current_login, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "''"


@compiles(current_login, "postgresql")
def _login(_element: current_login, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "CURRENT_USER"


#: What a rep calls a row of each owned table.
KINDS = {"territories": "territory", "accounts": "account", "visits": "visit",
         "plans": "plan", "expense_reports": "expense report", "expenses": "expense"}


def describe(record: object) -> str:
    """``account #12 “Boulangerie Martin”``: a record as a rep names it."""
    kind = KINDS.get(getattr(record, "__tablename__", ""), "record")
    name = getattr(record, "name", None) or getattr(record, "account_name", None)
    label = f"{kind} #{getattr(record, 'id', '?')}"
    return f"{label} “{name}”" if name else label


def login_in(session: Session) -> str | None:
    """The database login of ``session`` on PostgreSQL; None on a SQLite file (one rep)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return str(session.scalar(text("SELECT current_user")))


def may_change(session: Session, owner: str) -> bool:
    """Whether the user may change a record of ``owner`` (always on a SQLite file)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.execute(text("SELECT fieldrep_may_change(:owner)"),
                                {"owner": owner}).scalar())


def is_manager_in(session: Session) -> bool:
    """Whether the session's login may change every rep's records (a manager or a
    superuser; always on a SQLite file)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.execute(
        text("SELECT COALESCE(fieldrep_may_change(NULL), false)")).scalar())


def _check(session: Session, _context: Any, _instances: Any) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    changed = [r for r in (*session.dirty, *session.deleted)
               if hasattr(r, "owner") and (r in session.deleted or session.is_modified(r))]
    verdicts: dict[str, bool] = {}
    for record in changed:
        owner = str(record.owner)
        if owner not in verdicts:
            verdicts[owner] = may_change(session, owner)
        if not verdicts[owner]:
            raise NotYours(_refusal(record))


def guard_owners(sessions: sessionmaker[Session]) -> None:
    """Make every session of ``sessions`` check, before each flush on PostgreSQL, that the
    records it changes or deletes are the user's to change."""
    event.listen(sessions, "before_flush", _check)


def refuse_others(session: Session, model: Any, ids: Iterable[int]) -> None:
    """Refuse (:class:`NotYours`) a change by id to rows of ``model`` (a table with an
    ``owner``) that the user may only read, naming the first few: the check before a
    change made with SQL statements rather than loaded records (a bulk tag, a territory
    given to a selection, an edit saved in bulk)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    wanted = sorted(set(ids))
    others: list[Any] = []
    for start in range(0, len(wanted), 900):
        others += session.scalars(select(model).where(
            model.id.in_(wanted[start:start + 900]),
            ~func.fieldrep_may_change(model.owner, type_=Boolean)).limit(4 - len(others)))
        if len(others) >= 4:
            break
    if not others:
        return
    if len(others) == 1:
        raise NotYours(_refusal(others[0]))
    names = ", ".join(f"{describe(r)} ({r.owner})" for r in others[:3])
    more = " and others" if len(others) > 3 else ""
    raise NotYours(f"{names}{more} belong to other reps: you can read them, not change "
                   "them (only their rep or a manager can); nothing was saved")


def _refusal(record: Any) -> str:
    return (f"{describe(record)} belongs to {record.owner}: you can read it, not change it "
            "(only its rep or a manager can); nothing was saved")
