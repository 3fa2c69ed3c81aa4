"""A planned day as a table model: leaving, each stop (lockable), lunch, coming back.

The model keeps which stops are locked (and at which time, when the rep set one) and which
are done; a lock ticked in the view changes the model, and its note follows.  A locked
stop keeps its place in the day when it is planned again: :meth:`StopsModel.locks`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import Qt

from fieldrep.planning.model import DayPlan, Lock, PlannedStop
from ui.kit.colours import DONE_BACKGROUND, MUTED, qcolor
from ui.kit.table_model import Index, TableModel

COLUMNS = ("#", "Lock", "Arrive", "Visit", "Account", "Drive", "Wait", "Notes")
NUMBER, LOCK, ARRIVE, VISIT, ACCOUNT, DRIVE, WAIT, NOTES = range(len(COLUMNS))
ACCOUNT_ID = Qt.ItemDataRole.UserRole
#: A visit already made: greyed, so the rest of the day stands out.
DONE_COLOUR = qcolor(MUTED)
LOCK_TIP = ("Lock: keep this stop at its place in the day (and at its time, if you set "
            "one with Lock at…) when re-optimising")
_RIGHT = (NUMBER, DRIVE, WAIT)


@dataclass(frozen=True)
class _Line:
    kind: str  # "place", "stop" or "lunch"
    cells: tuple[str, ...]
    stop: PlannedStop | None = None


class StopsModel(TableModel):
    """The day shown, one line per stop plus where it starts and ends and lunch."""

    HEADERS = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[_Line] = []
        self.locked: list[int] = []  # locked account ids, in the day's order
        self.done: list[int] = []  # visits already made
        self.lock_times: dict[int, time] = {}  # the time a locked stop is held at

    def show_day(self, day: DayPlan | None, *, locked: Iterable[int] = (),
                 done: Iterable[int] = ()) -> None:
        """Show ``day`` (None: nothing); the locks of stops not in it are forgotten."""
        self.beginResetModel()
        stops = {s.account_id for s in day.stops} if day else set()
        self.locked = [a for a in locked if a in stops]
        self.lock_times = {a: t for a, t in self.lock_times.items() if a in self.locked}
        self.done = list(done)
        self._lines = _lines(day) if day else []
        self.endResetModel()

    def locks(self, order: Sequence[int] | None = None) -> tuple[Lock, ...]:
        """The locked stops at their place in ``order`` (default: the day shown), each at
        its time when the rep set one."""
        ids = self.stop_ids() if order is None else list(order)
        return tuple(Lock(a, n, self.lock_times.get(a)) for n, a in enumerate(ids, start=1)
                     if a in self.locked)

    def lock_at(self, account_id: int, at: time | None) -> None:
        """Lock the stop and hold it at ``at`` (None: at its place only)."""
        if at is None:
            self.lock_times.pop(account_id, None)
        else:
            self.lock_times[account_id] = at
        self.set_locked(account_id, True)
        row = self.row_of(account_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, LOCK), self.index(row, NOTES))

    def stop_ids(self) -> list[int]:
        return [line.stop.account_id for line in self._lines if line.stop is not None]

    def account_at(self, row: int) -> int | None:
        """The account of the stop on ``row`` (None for the other lines)."""
        stop = self._lines[row].stop if 0 <= row < len(self._lines) else None
        return None if stop is None else stop.account_id

    def row_of(self, account_id: int) -> int | None:
        return next((n for n, line in enumerate(self._lines)
                     if line.stop is not None and line.stop.account_id == account_id), None)

    def set_locked(self, account_id: int, locked: bool) -> None:
        row = self.row_of(account_id)
        if row is not None:
            state = Qt.CheckState.Checked if locked else Qt.CheckState.Unchecked
            self.setData(self.index(row, LOCK), state.value, Qt.ItemDataRole.CheckStateRole)

    # -- the model ---------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._lines)

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        if index.column() == LOCK and self._lines[index.row()].stop is not None:
            return Qt.ItemFlag.ItemIsUserCheckable
        return Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line, column = self._lines[index.row()], index.column()
        stop = line.stop
        if role == Qt.ItemDataRole.DisplayRole:
            return self._notes(stop) if stop is not None and column == NOTES else \
                line.cells[column]
        if role == ACCOUNT_ID:
            return None if stop is None else stop.account_id
        if role == Qt.ItemDataRole.CheckStateRole and column == LOCK and stop is not None:
            return (Qt.CheckState.Checked if stop.account_id in self.locked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.ToolTipRole and stop is not None:
            return LOCK_TIP if column == LOCK else stop.name if column == ACCOUNT else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.kind == "place":
                return qcolor(MUTED)
            if stop is not None and stop.account_id in self.done:
                return DONE_COLOUR
        if role == Qt.ItemDataRole.BackgroundRole and line.kind == "lunch":
            return qcolor(DONE_BACKGROUND)
        return None

    def setData(self, index: Index, value: object,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or role != Qt.ItemDataRole.CheckStateRole
                or index.column() != LOCK):
            return False
        stop = self._lines[index.row()].stop
        if stop is None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[call-overload]
        if checked and stop.account_id not in self.locked:
            self.locked.append(stop.account_id)
        elif not checked and stop.account_id in self.locked:
            self.locked.remove(stop.account_id)
            self.lock_times.pop(stop.account_id, None)
        self.dataChanged.emit(self.index(index.row(), LOCK), self.index(index.row(), NOTES))
        return True

    def _notes(self, stop: PlannedStop) -> str:
        notes = []
        if stop.appointment:
            at = stop.appointment_at or stop.start
            notes.append(f"appt {at:%H:%M}")
        if stop.account_id in self.done:
            notes.append("done")
        if stop.account_id in self.locked:
            held = self.lock_times.get(stop.account_id)
            notes.append("locked" if held is None else f"locked at {held:%H:%M}")
        return " · ".join(notes)


def _lines(day: DayPlan) -> list[_Line]:
    """Leaving, the stops with lunch where it falls, coming back."""
    lines = [_Line("place", ("", "", f"{day.departure:%H:%M}", "", f"Leave {day.start.label}",
                             "", "", ""))]
    lunch = None if day.lunch is None else _Line(
        "lunch", ("", "", "", f"{day.lunch[0]:%H:%M}–{day.lunch[1]:%H:%M}", "Lunch break",
                  "", "", ""))
    for number, stop in enumerate(day.stops, start=1):
        if lunch is not None and day.lunch is not None and day.lunch[0] <= stop.arrival:
            lines.append(lunch)
            lunch = None
        lines.append(_Line("stop", (
            str(number), "", f"{stop.arrival:%H:%M}", f"{stop.start:%H:%M}–{stop.end:%H:%M}",
            stop.name, f"{stop.leg_metres / 1000:.1f} km · {stop.leg_seconds // 60} min",
            f"{stop.wait_minutes} min" if stop.wait_minutes else "", ""), stop))
    if lunch is not None:
        lines.append(lunch)
    lines.append(_Line("place", (
        "", "", f"{day.return_time:%H:%M}", "", f"Back at {day.end.label}",
        f"{day.last_leg_metres / 1000:.1f} km · {day.last_leg_seconds // 60} min", "", "")))
    return lines
