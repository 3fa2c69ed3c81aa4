"""The accounts to plan as a table model: each with its name, its appointment time (if
any) and, in a week, the day of that appointment.  The model holds the appointments; the
delegates only edit them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from PySide6.QtCore import QModelIndex, Qt

from fieldrep.planning.model import Appointment
from fieldrep.planning.week import DatedAppointment
from ui.kit.colours import MUTED, qcolor
from ui.kit.table_model import Index, TableModel

NAME, APPOINTMENT, DAY = range(3)
NO_APPOINTMENT = "—"
ACCOUNT_ID = Qt.ItemDataRole.UserRole


@dataclass
class _Row:
    account_id: int
    at: time | None = None
    day: date | None = None  # None: the first day of the plan


class PlanAccountsModel(TableModel):
    """The accounts the rep wants planned, in the order chosen."""

    HEADERS = ("Account", "Appointment", "Day")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_Row] = []
        self._names: dict[int, str] = {}
        self.first_day = date.today()

    # -- reading -----------------------------------------------------------------------
    def ids(self) -> list[int]:
        return [r.account_id for r in self._rows]

    def appointments(self) -> dict[int, time]:
        """Account id -> appointment time."""
        return {r.account_id: r.at for r in self._rows if r.at is not None}

    def appointment_days(self) -> dict[int, date]:
        """Account id -> the day of its appointment in a week plan."""
        return {r.account_id: r.day or self.first_day for r in self._rows}

    def appointments_of(self, ids: Iterable[int]) -> tuple[Appointment, ...]:
        """The appointments of these accounts (for one day)."""
        wanted = set(ids)
        return tuple(Appointment(r.account_id, r.at) for r in self._rows
                     if r.at is not None and r.account_id in wanted)

    def dated_appointments(self) -> tuple[DatedAppointment, ...]:
        """Every appointment on its day (for a week)."""
        return tuple(DatedAppointment(r.account_id, r.day or self.first_day, r.at)
                     for r in self._rows if r.at is not None)

    # -- changing ----------------------------------------------------------------------
    def set_accounts(self, ids: Sequence[int]) -> None:
        """These accounts, in this order (an account kept keeps its appointment)."""
        kept = {r.account_id: r for r in self._rows}
        self.beginResetModel()
        self._rows = [kept.get(a) or _Row(a) for a in dict.fromkeys(ids)]
        self.endResetModel()

    def set_first_day(self, day: date) -> None:
        """The first day of the plan: an appointment's day unless the rep sets another."""
        self.first_day = day
        if self._rows:
            self.dataChanged.emit(self.index(0, DAY), self.index(len(self._rows) - 1, DAY))

    def set_names(self, names: Mapping[int, str]) -> None:
        self._names.update(names)
        if self._rows:
            self.dataChanged.emit(self.index(0, NAME), self.index(len(self._rows) - 1, NAME))

    def set_appointment(self, account_id: int, at: time | None, day: date | None = None
                        ) -> None:
        """Make the visit an appointment at ``at`` (None: none), on ``day`` in a week;
        the account is added when it is not in the list."""
        if account_id not in self.ids():
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(_Row(account_id))
            self.endInsertRows()
        row = self.ids().index(account_id)
        self._rows[row].at = at
        if day is not None:
            self._rows[row].day = day
        self.dataChanged.emit(self.index(row, APPOINTMENT), self.index(row, DAY))

    def remove_rows(self, rows: Iterable[int]) -> None:
        gone = set(rows)
        self.set_accounts([r.account_id for n, r in enumerate(self._rows) if n not in gone])

    # -- the model ---------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._rows)

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.NoItemFlags if index.column() == NAME else Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == ACCOUNT_ID:
            return row.account_id
        if role == Qt.ItemDataRole.EditRole:
            return row.at if column == APPOINTMENT else row.day or self.first_day
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.ForegroundRole and column == APPOINTMENT and row.at is None:
            return qcolor(MUTED)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        if index.column() == APPOINTMENT and (value is None or isinstance(value, time)):
            row.at = value
        elif index.column() == DAY and isinstance(value, date):
            row.day = value
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def _text(self, row: _Row, column: int, tooltip: bool) -> str:
        if column == NAME:
            return self._names.get(row.account_id, f"Account #{row.account_id}")
        if column == APPOINTMENT:
            if tooltip:
                return "Appointment time (— : no appointment, any time it fits)"
            return f"{row.at:%H:%M}" if row.at else NO_APPOINTMENT
        day = row.day or self.first_day
        return "The day of the appointment in the week" if tooltip else \
            f"{day:%a} {day.day} {day:%b}"
