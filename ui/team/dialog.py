"""The Team dialog (Team ▸ Team activity…): who the user is, and each rep's month —
visits done against planned, accounts visited, km, expenses and the visit quota — with the
team's totals, exported to CSV, XLSX or PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.store import Store
from fieldrep.usecases.team import Me, who_am_i
from fieldrep.usecases.team_report import team_month, team_report, write_team_report
from ui.kit.errors import error_label, show_error_in
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.widgets.report_preview import export_bar, report_html

#: How many months back the month list goes.
MONTHS = 12


@dataclass(frozen=True)
class TeamView:
    """One refresh: who the user is and the month's report as HTML."""

    me: Me
    html: str


def team_view(store: Store, month: date) -> TeamView:
    """Read the user and the month (a store job: on the worker)."""
    return TeamView(who_am_i(store), report_html(team_report(team_month(store, month))))


class TeamDialog(QDialog):
    """The team's month, for the manager (a rep sees it read-only)."""

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.job: Job | None = None
        self.setWindowTitle("Team activity")
        self.month = QComboBox()
        start = (today or date.today()).replace(day=1)
        for back in range(MONTHS):
            year, month = divmod(start.year * 12 + start.month - 1 - back, 12)
            first = date(year, month + 1, 1)
            self.month.addItem(f"{first:%B %Y}", first)
        self.me = QLabel()
        self.preview = QTextBrowser()
        self.status = QLabel()
        self.error = error_label()
        top = QHBoxLayout()
        top.addWidget(QLabel("Month"))
        top.addWidget(self.month)
        top.addStretch(1)
        top.addWidget(self.me)
        bottom, self.export_buttons = export_bar(self.status, self.choose_file, self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.resize(900, 520)
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def chosen(self) -> date:
        value = self.month.currentData()
        assert isinstance(value, date)
        return value

    def refresh(self) -> Job:
        store, month = self.store, self.chosen()
        self.status.setText("Reading the team's month…")
        self.job = Operation(self.tasks, lambda _job: team_view(store, month), self._show,
                             on_failure=partial(show_error_in, self.error)).run()
        return self.job

    def _show(self, view: TeamView) -> None:
        self.me.setText(view.me.describe())
        self.preview.setHtml(view.html)
        self.status.clear()

    def choose_file(self, suffix: str) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export the team report", f"team-{self.chosen():%Y-%m}.{suffix}",
            f"{suffix.upper()} (*.{suffix})")
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> Job:
        store, month = self.store, self.chosen()
        self.job = Operation(self.tasks, lambda _job: write_team_report(store, month, path),
                             lambda written: self.status.setText(f"Written {written}"),
                             on_failure=partial(show_error_in, self.error)).run()
        return self.job


def open_team(store: Store, tasks: TaskRunner, parent: QWidget) -> TeamDialog:
    """Open the Team dialog (non-modal) over ``parent``."""
    dialog = TeamDialog(store, tasks, parent)
    dialog.open()
    return dialog
