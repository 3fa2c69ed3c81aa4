"""The day's stops down the side of the map, in order: planned times, what was done, and
the next stop marked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from fieldrep.visits.today import StopState, TodayRoute, TodayStop
from ui.kit.colours import DONE_BACKGROUND, MUTED, WARNING_BACKGROUND, qcolor


def stop_line(stop: TodayStop) -> str:
    """One stop as the timeline shows it (plain text)."""
    planned = f"{stop.start:%H:%M}–{stop.end:%H:%M}"
    if stop.visit is not None:
        done = (f"done {stop.visit.check_in:%H:%M}–{stop.visit.check_out:%H:%M}"
                if stop.visit.check_in and stop.visit.check_out else "done")
        status = f"✓ {done}, {stop.visit.outcome.label.lower()}"
    elif stop.arrived is not None:
        status = f"arrived {stop.arrived:%H:%M}"
    else:
        status = f"arrive {stop.arrival:%H:%M}"
    flag = "  (appointment)" if stop.appointment else ""
    where = f"\n    {stop.address}" if stop.address else ""
    return f"{stop.number}. {stop.name}{flag}\n    {planned} · {status}{where}"


class Timeline(QListWidget):
    """The stops of the day; ``stop_chosen`` carries the stop id the rep picked."""

    stop_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setAlternatingRowColors(False)
        self.currentItemChanged.connect(self._chosen)
        self.next_stop_id: int | None = None

    def show_route(self, route: TodayRoute, keep: int | None = None) -> None:
        """List the stops; select ``keep`` (a stop id) if still there, else the next."""
        self.blockSignals(True)
        self.clear()
        upcoming = route.next_stop
        self.next_stop_id = upcoming.stop_id if upcoming else None
        chosen = None
        for stop in route.stops:
            item = QListWidgetItem(stop_line(stop))
            item.setData(Qt.ItemDataRole.UserRole, stop.stop_id)
            item.setToolTip(stop.name)
            if stop.state is StopState.DONE:
                item.setBackground(QBrush(qcolor(DONE_BACKGROUND)))
                item.setForeground(QBrush(qcolor(MUTED)))
            if upcoming is not None and stop.stop_id == upcoming.stop_id:
                item.setBackground(QBrush(qcolor(WARNING_BACKGROUND)))
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setText("NEXT  " + item.text() if stop.state is StopState.TO_GO
                             else "HERE  " + item.text())
            self.addItem(item)
            if stop.stop_id == keep:
                chosen = item
        self.blockSignals(False)
        target = chosen or next((self.item(i) for i in range(self.count())
                                 if self.item(i).data(Qt.ItemDataRole.UserRole)
                                 == self.next_stop_id), None)
        if target is not None:
            self.setCurrentItem(target)
        elif self.count():
            self.setCurrentRow(self.count() - 1)

    def current_stop_id(self) -> int | None:
        item = self.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.stop_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
