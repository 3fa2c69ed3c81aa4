"""The settings dialog's pages made of plain fields, declared from the features' settings:
working day, units, quotas and expenses, map and geocoder.  Only their words and the tuning
of a few editors are here; keys, defaults, checks and help come from the settings."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel

from fieldrep.expenses import settings as expenses
from fieldrep.geocoding import settings as geocoding
from fieldrep.maps import settings as maps
from fieldrep.planning import settings as planning
from fieldrep.planning.settings import work_day_of
from fieldrep.planning.time_zone import system_zone_name
from fieldrep.settings.stored import SettingValues
from fieldrep.visits import settings as visits
from ui.kit.words import plural
from ui.settings.form import GeneratedPage
from ui.settings.rates_editor import RatesEditor
from ui.settings.spec import FieldSpec, PageSpec

WORK_DAY = PageSpec(
    "Working day",
    "The route planner fits your visits between the start and the end of the day, keeps the "
    "lunch break free and plans only working days.",
    (FieldSpec(planning.WORK_START), FieldSpec(planning.WORK_END),
     FieldSpec(planning.LUNCH_MINUTES, maximum=600, step=5, suffix=" min",
               special="no lunch break"),
     FieldSpec(planning.WORK_DAYS),
     FieldSpec(planning.WORK_TIMEZONE, width=260,
               placeholder=f"empty: this computer's ({system_zone_name()})")))

UNITS = PageSpec(
    "Units",
    "Expenses are kept in this currency; distances and mileage are shown in this unit.",
    (FieldSpec(expenses.CURRENCY), FieldSpec(planning.DISTANCE_UNIT, caption="distances in")))

QUOTAS = PageSpec(
    "Quotas & expenses",
    "Monthly goals shown in the activity report, and the rules your expenses and mileage "
    "follow. Amounts are in the currency of the Units page.",
    (FieldSpec(expenses.REP_NAME, placeholder="as printed on expense reports"),
     FieldSpec(visits.VISITS_PER_MONTH, suffix=" visits", special="no quota"),
     FieldSpec(visits.ORDERS_PER_MONTH, placeholder="0: no quota", width=160),
     FieldSpec(expenses.MEALS_PER_DAY, placeholder="no limit", width=160),
     FieldSpec(expenses.LODGING_PER_NIGHT, placeholder="no limit", width=160),
     FieldSpec(expenses.RECEIPT_ABOVE, placeholder="never", width=160),
     FieldSpec(expenses.EXCLUDE_COMMUTE, caption="mileage",
               text="Leave out the commute (home → first visit, last visit → home)"),
     FieldSpec(expenses.MILEAGE_RATES, editor=RatesEditor)),
    note="A rate applies from its first day to its last (empty: until a later period "
         "starts), e.g. 0.636 EUR per km from 2026-01-01. Each day's mileage is priced at the "
         "rate of that day.")

MAP = PageSpec(
    "Map",
    "The map always works offline, on a plain background with your accounts. Online, it can "
    "show OpenStreetMap's streets under them.",
    (FieldSpec(maps.TILES, caption="background", radio=True),
     FieldSpec(maps.TILE_URL, caption="tile server", placeholder=maps.TILE_URL.default,
               enabled_by=lambda values: values.get(maps.TILES.key) != "none")),
    note="The public OpenStreetMap tile server is run by volunteers for light use, under its "
         "tile usage policy. A company can use its own tile server: {z}, {x} and {y} stand "
         "for the zoom level and the tile's column and row.")

GEOCODER = PageSpec(
    "Geocoder",
    "The online service that turns addresses into map positions (when there is no network, "
    "FieldRep places accounts at their town).",
    (FieldSpec(geocoding.PROVIDER, suggestions=("nominatim", "photon")),
     FieldSpec(geocoding.DOMAIN, placeholder="empty: the provider's public service"),
     FieldSpec(geocoding.SCHEME,
               enabled_by=lambda values: bool(values.get(geocoding.DOMAIN.key, "").strip())),
     FieldSpec(geocoding.USER_AGENT, placeholder=geocoding.USER_AGENT.default),
     FieldSpec(geocoding.MIN_DELAY, maximum=3600, step=0.5, suffix=" s"),
     FieldSpec(geocoding.TIMEOUT, minimum=0.1, maximum=3600, suffix=" s"),
     FieldSpec(geocoding.DEFAULT_COUNTRY, placeholder="e.g. FR", max_length=2, width=60),
     FieldSpec(geocoding.OPTIONS, placeholder='e.g. {"api_key": "…"}')),
    note="The public Nominatim (nominatim.openstreetmap.org) allows one request per second "
         "and asks for a real user agent naming the app, with your e-mail: FieldRep never "
         "asks it faster, whatever the delay. For thousands of addresses, use your "
         "company's server or a commercial provider.")


class WorkDayPage(GeneratedPage):
    """The working day's fields, and how much work they make a day and a week."""

    def __init__(self) -> None:
        super().__init__(WORK_DAY)
        self.summary = QLabel()
        self.form.addRow("", self.summary)

    def refresh(self, values: Mapping[str, str]) -> None:
        super().refresh(values)
        self.summary.setText(work_summary(values))


def work_summary(values: Mapping[str, str]) -> str:
    """``8 h 45 min of work a day, lunch excluded; 5 days a week (43 h 45 min)``, or ""
    while the day is not right."""
    day = work_day_of(SettingValues(values))
    if day.end <= day.start or not values.get(planning.WORK_DAYS.key):
        return ""
    minutes = int(day.working_time.total_seconds()) // 60
    days = len(day.days)
    return (f"{_duration(minutes)} of work a day, lunch excluded; "
            f"{plural(days, 'day')} a week ({_duration(minutes * days)})")


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
