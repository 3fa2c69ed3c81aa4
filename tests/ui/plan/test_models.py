"""The Plan page's table models: checked by pytest-qt's model tester, and the state
(appointments, locks) lives in the models, not in cell editors."""

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QTimeEdit, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldrep.planning.model import DayPlan, Lock, Place, PlannedStop, Totals
from fieldrep.planning.week import DatedAppointment
from ui.plan.accounts_model import APPOINTMENT, DAY, PlanAccountsModel
from ui.plan.delegates import AppointmentTimeDelegate
from ui.plan.stops_model import ACCOUNT, LOCK, NOTES, NUMBER, StopsModel

MONDAY = date(2031, 3, 3)
HOME = Place("Home", 45.76, 4.83)


def stop(account_id: int, at: time, *, booked: time | None = None) -> PlannedStop:
    end = time(at.hour, at.minute + 30)
    return PlannedStop(account_id, f"Account {account_id}", at, at, end, 0, 1500, 240,
                       appointment=booked is not None, appointment_at=booked)


DAY_PLAN = DayPlan(MONDAY, HOME, HOME, time(8, 30), time(17, 0),
                   (stop(7, time(9, 0), booked=time(8, 45)), stop(8, time(10, 0)),
                    stop(9, time(14, 0))), (), Totals(900, 4500, 5400, 0, 2700),
                   lunch=(time(12, 0), time(12, 45)))


def test_the_accounts_model_holds_the_appointments(qtmodeltester: ModelTester) -> None:
    model = PlanAccountsModel()
    model.set_first_day(MONDAY)
    model.set_accounts([3, 4, 5])
    model.set_names({3: "Cave", 4: "Garage"})
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "Cave" and model.index(2, 0).data() == "Account #5"
    assert model.index(0, APPOINTMENT).data() == "—"
    assert model.setData(model.index(1, APPOINTMENT), time(9, 30))
    model.set_appointment(6, time(15, 0), date(2031, 3, 5))  # not in the list: added
    assert model.ids() == [3, 4, 5, 6]
    assert model.appointments() == {4: time(9, 30), 6: time(15, 0)}
    assert model.dated_appointments() == (DatedAppointment(4, MONDAY, time(9, 30)),
                                          DatedAppointment(6, date(2031, 3, 5), time(15, 0)))
    assert [a.account_id for a in model.appointments_of([3, 4, 5])] == [4]
    model.remove_rows([0])
    assert model.ids() == [4, 5, 6] and model.appointments()[4] == time(9, 30)
    assert model.index(2, DAY).data() == "Wed 5 Mar"
    qtmodeltester.check(model)


def test_the_time_delegate_edits_the_model(qtbot: QtBot) -> None:
    model = PlanAccountsModel()
    model.set_accounts([3])
    parent = QWidget()
    qtbot.addWidget(parent)
    delegate = AppointmentTimeDelegate()
    index = model.index(0, APPOINTMENT)
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
    assert isinstance(editor, QTimeEdit)
    delegate.setEditorData(editor, index)
    assert editor.text() == "—"
    editor.setTime(editor.time().addSecs(10 * 3600 + 15 * 60))
    delegate.setModelData(editor, model, index)
    assert model.appointments() == {3: time(10, 15)}
    editor.setTime(editor.minimumTime())  # back to —: no appointment
    delegate.setModelData(editor, model, index)
    assert model.appointments() == {}


def test_the_stops_model_shows_the_day_and_holds_the_locks(qtmodeltester: ModelTester
                                                           ) -> None:
    model = StopsModel()
    qtmodeltester.check(model)
    model.show_day(DAY_PLAN, locked=[9, 42], done=[7])
    qtmodeltester.check(model)
    names = [model.index(r, ACCOUNT).data() for r in range(model.rowCount())]
    assert names == ["Leave Home", "Account 7", "Account 8", "Lunch break", "Account 9",
                     "Back at Home"]
    assert model.locked == [9]  # a lock of a stop not in the day is forgotten
    assert model.stop_ids() == [7, 8, 9]
    assert model.index(1, NOTES).data() == "appt 08:45 · done"  # its own time, though late
    assert model.index(1, ACCOUNT).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(3, ACCOUNT).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert [model.index(r, NUMBER).data() for r in range(model.rowCount())] == \
        ["", "1", "2", "", "3", ""]
    assert model.setData(model.index(2, LOCK), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.locked == [9, 8] and model.index(2, NOTES).data() == "locked"
    model.set_locked(9, False)
    assert model.locked == [8]
    model.lock_at(7, time(9, 0))
    assert model.index(1, NOTES).data() == "appt 08:45 · done · locked at 09:00"
    assert model.locks() == (Lock(7, 1, time(9, 0)), Lock(8, 2))
    assert model.locks([9, 8, 7]) == (Lock(8, 2), Lock(7, 3, time(9, 0)))  # a new order
    assert model.setData(model.index(1, LOCK), Qt.CheckState.Unchecked.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.lock_times == {} and model.locks() == (Lock(8, 2),)
    assert not model.setData(model.index(0, LOCK), Qt.CheckState.Checked.value,
                             Qt.ItemDataRole.CheckStateRole)  # leaving is no stop
    assert model.account_at(3) is None and model.row_of(9) == 4
    model.show_day(None)
    assert model.rowCount() == 0
