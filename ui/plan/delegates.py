"""Editors of an appointment in the accounts to plan: a time (— for none) and a day.

They edit the model's value and write it back when done; the model keeps it."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTimeEdit,
    QWidget,
)

from ui.plan.accounts_model import NO_APPOINTMENT

#: The time editor at 00:00 means "no appointment".
NO_TIME = QTime(0, 0)
Index = QModelIndex | QPersistentModelIndex


class AppointmentTimeDelegate(QStyledItemDelegate):
    """An appointment time, HH:mm; 00:00 shows as — and means no appointment."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index
                     ) -> QWidget:
        editor = QTimeEdit(parent)
        editor.setDisplayFormat("HH:mm")
        editor.setSpecialValueText(NO_APPOINTMENT)
        editor.setMinimumTime(NO_TIME)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        at = index.data(Qt.ItemDataRole.EditRole)  # a time, or None
        if isinstance(editor, QTimeEdit):
            editor.setTime(QTime(at.hour, at.minute) if isinstance(at, time) else NO_TIME)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QTimeEdit):
            value = editor.time()
            model.setData(index, None if value == NO_TIME
                          else time(value.hour(), value.minute()))


class AppointmentDayDelegate(QStyledItemDelegate):
    """The day of an appointment in a week plan."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index
                     ) -> QWidget:
        editor = QDateEdit(parent, calendarPopup=True)
        editor.setDisplayFormat("ddd d MMM")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        day = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit) and isinstance(day, date):
            editor.setDate(QDate(day))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toPython())
