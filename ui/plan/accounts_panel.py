"""The accounts to plan: a list with an appointment time each (and its day in a week),
Remove and Clear, and how to add accounts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.kit.colours import MUTED, text_style
from ui.plan.accounts_model import APPOINTMENT, DAY, NAME, PlanAccountsModel
from ui.plan.delegates import AppointmentDayDelegate, AppointmentTimeDelegate

HINT = ("Select accounts in the Accounts table, or draw a lasso on its map, then Accounts ▸ "
        "Plan the selected accounts (Ctrl+P). Set a time to make a visit an appointment.")


class AccountsPanel(QWidget):
    """The accounts to plan; ``changed`` when the rep removes some (or all) of them."""

    changed = Signal()

    def __init__(self, model: PlanAccountsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet("font-weight: bold")
        self.view = QTableView()
        self.view.setModel(model)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (APPOINTMENT, DAY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._time_delegate = AppointmentTimeDelegate(self.view)
        self._day_delegate = AppointmentDayDelegate(self.view)
        self.view.setItemDelegateForColumn(APPOINTMENT, self._time_delegate)
        self.view.setItemDelegateForColumn(DAY, self._day_delegate)
        self.view.setColumnHidden(DAY, True)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet(text_style(MUTED))
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.label)
        column.addWidget(self.view, 1)
        column.addLayout(buttons)
        column.addWidget(hint)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._counted)
        self._counted()

    def show_week(self, week: bool) -> None:
        """The Day column shows in a week only."""
        self.view.setColumnHidden(DAY, not week)

    def remove_selected(self) -> None:
        self.model.remove_rows(i.row() for i in self.view.selectionModel().selectedRows())
        self.changed.emit()

    def clear(self) -> None:
        self.model.set_accounts([])
        self.changed.emit()

    def _counted(self) -> None:
        count = self.model.rowCount()
        self.label.setText(f"Accounts to plan ({count})")
        self.remove_button.setEnabled(bool(count))
        self.clear_button.setEnabled(bool(count))
