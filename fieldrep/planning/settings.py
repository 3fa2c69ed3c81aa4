"""The planner's settings: the home base the day starts and ends at, the working day, and the
unit distances are typed and shown in; read typed with :func:`home_base`, :func:`work_day`
and :func:`distance_unit`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from fieldrep.accounts.model import Precision
from fieldrep.common.hours import parse_time
from fieldrep.planning.time_zone import WORK_TIMEZONE
from fieldrep.settings.kinds import Choice, Degrees, Minutes, Text, TimeOfDay, Weekdays
from fieldrep.settings.spec import Declarations, JointRule, OrNone, Scope, Setting
from fieldrep.settings.stored import SettingValues, read_values
from fieldrep.store import Store

HOME_PRECISIONS = tuple(p.value for p in Precision if p is not Precision.NOT_FOUND)

HOME_ADDRESS = Setting(
    "home.address", Text(), "",
    "home base: where the working day starts and ends (free text, e.g. "
    "'12 rue de la République, 69001 Lyon')", Scope.REP, "address")
HOME_LAT = Setting(
    "home.lat", OrNone(Degrees(90)), "",
    "latitude of the home base in decimal degrees, -90 to 90 (empty: not set; set together "
    "with home.lon)", Scope.REP, "latitude")
HOME_LON = Setting(
    "home.lon", OrNone(Degrees(180)), "",
    "longitude of the home base in decimal degrees, -180 to 180 (empty: not set)",
    Scope.REP, "longitude")
HOME_PRECISION = Setting(
    "home.precision",
    OrNone(Choice(dict.fromkeys(HOME_PRECISIONS, ""),
                    f"must be one of {', '.join(HOME_PRECISIONS)}")), "",
    "how precisely home.lat/home.lon place the home base: "
    f"{', '.join(HOME_PRECISIONS)} (set to manual when the pin is typed in)",
    Scope.REP, "precision")
WORK_START = Setting("work.start", TimeOfDay(), "08:30",
                     "when the working day starts (HH:MM)", Scope.REP, "start")
WORK_END = Setting("work.end", TimeOfDay(), "18:00",
                   "when the working day ends (HH:MM, after work.start)", Scope.REP, "end")
LUNCH_MINUTES = Setting("work.lunch_minutes", Minutes(), "45",
                        "length of the lunch break in minutes (0: none)", Scope.REP,
                        "lunch break")
WORK_DAYS = Setting("work.days", Weekdays(), "Mo-Fr",
                    "working days, e.g. Mo-Fr or Mo,Tu,Th", Scope.REP, "working days")
DISTANCE_UNIT = Setting(
    "distance.unit",
    Choice({"km": "kilometres (km)", "mi": "miles (mi)"}, "must be km or mi, not {value!r}",
           aliases={"kilometre": "km", "kilometres": "km", "kilometer": "km",
                    "kilometers": "km", "mile": "mi", "miles": "mi"}),
    "km", "unit of distances and mileage: km or mi", Scope.REP, "distance unit")

HOME_BASE_SETTINGS = (HOME_ADDRESS, HOME_LAT, HOME_LON, HOME_PRECISION)
WORK_DAY_SETTINGS = (WORK_START, WORK_END, LUNCH_MINUTES, WORK_DAYS)


@dataclass(frozen=True)
class HomeBase:
    """Where the working day starts and ends."""

    address: str
    lat: float
    lon: float
    #: how precisely the pin places it (a :class:`Precision` value; "" when not known)
    precision: str

    @property
    def point(self) -> tuple[float, float]:
        return self.lat, self.lon

    @property
    def label(self) -> str:
        """What to call it on a map or in a plan."""
        return self.address or "Home"


@dataclass(frozen=True)
class WorkDay:
    """The rep's working day: from ``start`` to ``end`` with a lunch break, on ``days``
    (0 = Monday)."""

    start: time
    end: time
    lunch: timedelta
    days: frozenset[int]

    @property
    def length(self) -> timedelta:
        """From start to end, lunch included."""
        day = datetime(2000, 1, 1)
        return datetime.combine(day, self.end) - datetime.combine(day, self.start)

    @property
    def working_time(self) -> timedelta:
        """The time worked a day, lunch excluded (never below zero)."""
        return max(timedelta(0), self.length - self.lunch)


def home_base_of(values: SettingValues) -> HomeBase | None:
    """The home base ``values`` describe; None without a pin."""
    lat, lon = values[HOME_LAT], values[HOME_LON]
    if lat is None or lon is None:
        return None
    return HomeBase(values[HOME_ADDRESS], lat, lon, values[HOME_PRECISION] or "")


def work_day_of(values: SettingValues) -> WorkDay:
    """The working day ``values`` describe."""
    return WorkDay(values[WORK_START], values[WORK_END],
                   timedelta(minutes=values[LUNCH_MINUTES]), values[WORK_DAYS])


def home_base(store: Store) -> HomeBase | None:
    """The rep's home base; None while no pin is set."""
    return home_base_of(read_values(store, HOME_BASE_SETTINGS))


def work_day(store: Store) -> WorkDay:
    """The rep's working day."""
    return work_day_of(read_values(store, WORK_DAY_SETTINGS))


def distance_unit(store: Store) -> str:
    """``km`` or ``mi``: how the rep types and reads distances."""
    return read_values(store, (DISTANCE_UNIT,))[DISTANCE_UNIT]


# -- values that go together -----------------------------------------------------------------

def _working_day(values: Mapping[str, str]) -> tuple[str, str] | None:
    start, end = parse_time(values["work.start"]), parse_time(values["work.end"])
    if start is None or end is None or end > start:
        return None
    return "work.end", (f"work.end ({values['work.end']}) must be after "
                        f"work.start ({values['work.start']})")


def _lunch(values: Mapping[str, str]) -> tuple[str, str] | None:
    start, end = parse_time(values["work.start"]), parse_time(values["work.end"])
    lunch = values["work.lunch_minutes"]
    if start is None or end is None or end <= start or not lunch.isdigit():
        return None
    if int(lunch) < end - start:
        return None
    return "work.lunch_minutes", (
        f"work.lunch_minutes ({lunch}) must be shorter than the working day "
        f"({values['work.start']}–{values['work.end']} is {end - start} minutes)")


def _home_pin(values: Mapping[str, str]) -> tuple[str, str] | None:
    lat, lon = values["home.lat"].strip(), values["home.lon"].strip()
    if bool(lat) != bool(lon):
        missing = "home.lon" if lat else "home.lat"
        return missing, (f"{missing} is missing: a home pin needs both home.lat and "
                         "home.lon (or neither)")
    try:
        at_zero = bool(lat) and float(lat) == 0 and float(lon) == 0
    except ValueError:
        return None
    if at_zero:
        return "home.lat", "home.lat, home.lon 0, 0 is in the Gulf of Guinea: not a home base"
    return None


def _mark_typed_pin(changes: dict[str, str]) -> None:
    """A pin changed without saying how precise it is was typed in: ``manual`` (or no
    precision when the pin is cleared)."""
    if "home.precision" in changes or not {"home.lat", "home.lon"} & changes.keys():
        return
    pinned = any(changes.get(k) for k in ("home.lat", "home.lon"))
    changes["home.precision"] = Precision.MANUAL.value if pinned else ""


DECLARATIONS = Declarations(
    settings=(*HOME_BASE_SETTINGS, *WORK_DAY_SETTINGS, DISTANCE_UNIT, WORK_TIMEZONE),
    rules=(JointRule(("work.start", "work.end"), _working_day),
           JointRule(("work.start", "work.end", "work.lunch_minutes"), _lunch),
           JointRule(("home.lat", "home.lon"), _home_pin)),
    completions=(_mark_typed_pin,),
)
