"""The stop the rep is looking at: where it is, when, and the three things to do there:
Navigate, Arrived, Done (each one click; the time is the clock's, and can be changed)."""

from __future__ import annotations

import html

from PySide6.QtCore import QTime, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldrep.visits.navigation import MapService
from fieldrep.visits.today import StopState, TodayStop
from ui.kit.colours import MUTED, span


class StopCard(QWidget):
    """One stop and its actions.  ``navigate`` carries a :class:`MapService` value;
    ``arrived`` and ``done`` the time set in the clock field."""

    navigate = Signal(str)
    arrived = Signal(QTime)
    done = Signal(QTime)
    edit_visit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stop: TodayStop | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.navigate_button = QToolButton()
        self.navigate_button.setText("Navigate")
        self.navigate_button.setToolTip("Directions to this stop in your maps app (browser)")
        self.navigate_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.navigate_button)
        self.service_actions: dict[MapService, QAction] = {}
        for service in MapService:
            act = menu.addAction(f"Directions in {service.label}")
            act.triggered.connect(lambda _c=False, s=service: self.navigate.emit(s.value))
            self.service_actions[service] = act
        self.navigate_button.setMenu(menu)
        self.navigate_button.clicked.connect(
            lambda: self.navigate.emit(MapService.GOOGLE.value))
        self.clock = QTimeEdit(displayFormat="HH:mm")
        self.clock.setToolTip("The time Arrived and Done record (now, unless you change it)")
        self.clock_touched = False
        self.clock.editingFinished.connect(self._touched)
        self.arrived_button = QPushButton("Arrived")
        self.arrived_button.setToolTip("Record your arrival at this stop")
        self.done_button = QPushButton("Done")
        self.done_button.setToolTip("Log the visit as done, then add its outcome and notes")
        self.edit_button = QPushButton("Outcome && notes…")
        self.arrived_button.clicked.connect(lambda: self.arrived.emit(self.clock.time()))
        self.done_button.clicked.connect(lambda: self.done.emit(self.clock.time()))
        self.edit_button.clicked.connect(lambda: self.edit_visit.emit())
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        for widget in (self.navigate_button, self.clock, self.arrived_button,
                       self.done_button, self.edit_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addLayout(actions)
        self.show_stop(None)

    def _touched(self) -> None:
        self.clock_touched = True

    def set_clock(self, now: QTime) -> None:
        """Follow the clock, unless the rep has typed a time for the next click."""
        if not self.clock_touched:
            self.clock.setTime(now)

    def show_stop(self, stop: TodayStop | None) -> None:
        self.stop = stop
        self.clock_touched = False
        if stop is None:
            self.title.setText("<b>No stop chosen</b>")
            self.detail.setText("")
            for widget in (self.navigate_button, self.arrived_button, self.done_button,
                           self.edit_button):
                widget.setEnabled(False)
            return
        self.title.setText(f"<b style='font-size:15px'>{stop.number}. "
                           f"{html.escape(stop.name)}</b>")
        state = stop.state
        when = f"planned {stop.start:%H:%M}–{stop.end:%H:%M}"
        if state is StopState.DONE and stop.visit is not None:
            when += f" · done ({html.escape(stop.visit.summary())})"
        elif state is StopState.HERE and stop.arrived is not None:
            when += f" · arrived {stop.arrived:%H:%M}"
        self.detail.setText(span(html.escape(stop.address or "no address"), MUTED)
                            + "<br>" + when)
        self.navigate_button.setEnabled(stop.located and state is not StopState.DONE)
        self.arrived_button.setEnabled(state is not StopState.DONE)
        self.arrived_button.setText("Arrived" if state is StopState.TO_GO
                                    else "Change arrival")
        self.done_button.setEnabled(state is not StopState.DONE)
        self.edit_button.setVisible(state is StopState.DONE)
        self.edit_button.setEnabled(state is StopState.DONE)
        self.clock.setEnabled(state is not StopState.DONE)
