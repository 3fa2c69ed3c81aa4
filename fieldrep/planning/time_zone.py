"""The rep's time zone: the ``work.timezone`` setting (an IANA name such as
``Europe/Paris``), else the computer's own zone.

A day plan is in the rep's local time; a calendar file needs the zone's *name* (not an
offset such as ``CET``) so calendars place each visit right on both sides of a change of
the clocks.  :func:`system_zone_name` asks the computer through tzlocal, which reads the
zone's name on Linux, macOS and Windows alike.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import tzlocal

from fieldrep.settings.spec import Kind, OrNone, Scope, Setting, SettingError
from fieldrep.settings.stored import read_values
from fieldrep.store import Store


class ZoneName(Kind[str]):
    """An IANA time zone name, as the tz database spells it (``Europe/Paris``)."""

    def parse(self, key: str, text: str) -> str:
        return zone_info(text, key).key

    def format(self, value: str) -> str:
        return value


def zone_info(name: str, key: str = "work.timezone") -> ZoneInfo:
    """The zone called ``name`` (case as typed, or as the tz database spells it);
    :class:`SettingError` names ``key`` when there is no such zone."""
    text = name.strip()
    spelt = {z.lower(): z for z in available_timezones()}.get(text.lower(), text)
    try:
        return ZoneInfo(spelt)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(f"{key} must be a time zone such as Europe/Paris or "
                           f"America/New_York, not {name!r}") from None


WORK_TIMEZONE = Setting(
    "work.timezone", OrNone(ZoneName()), "",
    "your time zone, e.g. Europe/Paris (empty: the computer's); calendar exports use it",
    Scope.REP, "time zone")


def system_zone_name() -> str:
    """The computer's time zone name (``UTC`` when it cannot be told)."""
    try:
        name = tzlocal.get_localzone_name()
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "UTC"
    return name or "UTC"


def time_zone(store: Store) -> ZoneInfo:
    """The rep's time zone: the setting, else the computer's."""
    name = read_values(store, (WORK_TIMEZONE,))[WORK_TIMEZONE]
    try:
        return zone_info(name or system_zone_name())
    except SettingError:
        return ZoneInfo("UTC")
