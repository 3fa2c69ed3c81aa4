"""Every setting FieldRep has, and the use cases on them all: show them, check a set of
values, change several at once.

The rule: each feature declares its own keys in its own ``settings`` module (with their
defaults, checks, help and scope, and the rules across them) and reads them there, typed;
:mod:`fieldrep.settings` is the machinery and never imports a feature.  Only this module,
above the features, puts their declarations together into :data:`CATALOGUE`, for those who
need every setting: the ``fieldrep settings`` command and the settings dialog.  A feature
that adds a setting adds its declarations to the list below.
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldrep.expenses import settings as expenses
from fieldrep.geocoding import settings as geocoding
from fieldrep.maps import settings as maps
from fieldrep.planning import settings as planning
from fieldrep.settings.catalogue import Catalogue
from fieldrep.settings.stored import read_texts, save_changes
from fieldrep.store import Store
from fieldrep.travel import settings as travel
from fieldrep.visits import settings as visits

CATALOGUE = Catalogue((geocoding.DECLARATIONS, planning.DECLARATIONS, expenses.DECLARATIONS,
                       visits.DECLARATIONS, maps.DECLARATIONS, travel.DECLARATIONS))


def get_settings(store: Store) -> dict[str, str]:
    """Every setting kept in the store with its current text (its default when not set)."""
    return read_texts(store, CATALOGUE)


def get_setting(store: Store, key: str) -> str:
    """The current text of ``key`` (its default when never set)."""
    CATALOGUE[key]  # an unknown key is refused, naming the known ones
    return get_settings(store)[key]


def set_settings(store: Store, changes: Mapping[str, str]) -> None:
    """Store several values at once, all or none: every value is checked first, alone and
    with the settings it goes with; an empty value restores that key's default.  Changing
    ``home.lat``/``home.lon`` without saying how precise they are marks the pin ``manual``.
    """
    save_changes(store, CATALOGUE, changes)


def set_setting(store: Store, key: str, value: str) -> None:
    """Store ``value`` for ``key`` after checking it; an empty value restores the default."""
    set_settings(store, {key: value})


def settings_problems(values: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with a whole set of values: faulty key → why."""
    return CATALOGUE.problems(values)


def locked_settings(store: Store) -> frozenset[str]:
    """The settings the user may read but not change: on a team's server, the team's
    settings (scope ``team``) unless the user is a manager; none on a SQLite file."""
    from fieldrep.settings.spec import Scope
    from fieldrep.team.identity import is_manager, is_shared

    if not is_shared(store) or is_manager(store):
        return frozenset()
    return frozenset(s.key for s in CATALOGUE if s.scope is Scope.TEAM)
