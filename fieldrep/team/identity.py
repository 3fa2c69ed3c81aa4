"""Who is using the store, and may they act as the manager.

On PostgreSQL the user is the database login (``current_user``): a manager is a login
that is a member of the role ``fieldrep_manager`` (``GRANT fieldrep_manager TO anna``).
No password or user list of our own: the server's logins and roles are the team.  On a
SQLite file there is one rep, who holds both roles (rep and manager).
"""

from __future__ import annotations

from fieldrep.common.errors import FieldRepError
from fieldrep.store import Store
from fieldrep.store.owners import is_manager_in, login_in

#: The PostgreSQL role whose members may approve, return and reimburse reports.
MANAGER_ROLE = "fieldrep_manager"


class TeamError(FieldRepError):
    """A move the user's role does not allow."""


def is_shared(store: Store) -> bool:
    """Whether the store is a team's shared server (PostgreSQL) rather than one rep's file."""
    return store.engine.dialect.name == "postgresql"


def database_login(store: Store) -> str | None:
    """The PostgreSQL login of the connection, or None on a SQLite file."""
    if not is_shared(store):
        return None
    with store.unit_of_work() as uow:
        return login_in(uow.session)


def is_manager(store: Store) -> bool:
    """Whether the user may act as the manager: always on a SQLite file (one person,
    both roles); on PostgreSQL, a member of ``fieldrep_manager``, or the server's
    superuser (who set the team up) — the server's own rule, ``fieldrep_may_change``."""
    if not is_shared(store):
        return True
    with store.unit_of_work() as uow:
        return is_manager_in(uow.session)


def require_manager(store: Store, what: str) -> None:
    """Refuse ``what`` (``approve report #3``) unless the user holds the manager role."""
    if not is_manager(store):
        raise TeamError(f"only a manager may {what}: {database_login(store)} is not a "
                        f"member of the {MANAGER_ROLE} role")
