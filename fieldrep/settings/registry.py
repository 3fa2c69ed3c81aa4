"""Every setting as text by key, for the planning modules still written against it (the day
and week requests, ``fieldrep plan``, the Plan page and its tests, being rewritten on the
typed readers of :mod:`fieldrep.planning.settings`): delete this module when they no longer
import it.

It reaches above the features at call time only (the catalogue is assembled in
:mod:`fieldrep.usecases.settings`); nothing else may import it.
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldrep.common.hours import parse_time
from fieldrep.store import Store

__all__ = ["get_settings", "parse_time", "set_settings"]


def get_settings(store: Store) -> dict[str, str]:
    """Every setting with its current text (see :func:`fieldrep.usecases.settings.get_settings`)."""
    from fieldrep.usecases.settings import get_settings as every_setting

    return every_setting(store)


def set_settings(store: Store, changes: Mapping[str, str]) -> None:
    """Change several settings at once (see :func:`fieldrep.usecases.settings.set_settings`)."""
    from fieldrep.usecases.settings import set_settings as change_settings

    change_settings(store, changes)
