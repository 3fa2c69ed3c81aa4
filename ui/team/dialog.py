"""The Team dialog (Team ▸ Team activity…): who the user is, and each rep's month —
visits done against planned, accounts visited, km, expenses and the visit quota — with the
team's totals, exported to CSV, XLSX or PDF; on a team's server the manager sets each
rep's monthly visit quota there."""

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
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldrep.store import Store
from fieldrep.usecases.team import Me, set_quota, who_am_i
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
    #: each rep of the month and their visit quota
    quotas: tuple[tuple[str, int], ...] = ()


def team_view(store: Store, month: date) -> TeamView:
    """Read the user and the month (a store job: on the worker)."""
    figures = team_month(store, month)
    return TeamView(who_am_i(store), report_html(team_report(figures)),
                    tuple((r.rep, r.quota) for r in figures.reps))


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
        self.quota_rep = QComboBox(minimumContentsLength=12)
        self.quota_visits = QSpinBox(maximum=999, specialValueText="none")
        self.quota_visits.setSuffix(" visits a month")
        self.quota_set = QPushButton("Set quota")
        self.quota_set.clicked.connect(self.save_quota)
        self.quota_rep.currentIndexChanged.connect(
            lambda _i: self.quota_visits.setValue(int(self.quota_rep.currentData() or 0)))
        self.quota_row = QWidget()
        quota = QHBoxLayout(self.quota_row)
        quota.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Monthly visit quota of"), self.quota_rep, self.quota_visits,
                       self.quota_set):
            quota.addWidget(widget)
        quota.addStretch(1)
        self.quota_row.setVisible(False)  # the manager's, on a team's server
        top = QHBoxLayout()
        top.addWidget(QLabel("Month"))
        top.addWidget(self.month)
        top.addStretch(1)
        top.addWidget(self.me)
        bottom, self.export_buttons = export_bar(self.status, self.choose_file, self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.quota_row)
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
        self.quota_row.setVisible(view.me.manager and view.me.shared and bool(view.quotas))
        chosen = self.quota_rep.currentText()
        self.quota_rep.blockSignals(True)
        self.quota_rep.clear()
        for rep, visits in view.quotas:
            self.quota_rep.addItem(rep, visits)
        self.quota_rep.setCurrentIndex(max(self.quota_rep.findText(chosen), 0))
        self.quota_rep.blockSignals(False)
        self.quota_visits.setValue(int(self.quota_rep.currentData() or 0))

    def save_quota(self) -> Job:
        """Keep the quota chosen for the rep chosen, then show the month again."""
        store, rep = self.store, self.quota_rep.currentText()
        visits = self.quota_visits.value()
        self.job = Operation(self.tasks,
                             lambda _job: set_quota(store, rep, str(visits) if visits else ""),
                             lambda _done: self.refresh(),
                             on_failure=partial(show_error_in, self.error)).run()
        return self.job

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
