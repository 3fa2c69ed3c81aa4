"""Step 3 of the import wizard: the import running in the background, with progress and
Cancel.  Nothing is saved until every row has been checked, so a cancelled import leaves
the accounts as they were."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWizardPage

from fieldrep.geocoding.settings import geocoder_settings
from fieldrep.importing.outcome import ImportOutcome, run_import
from fieldrep.importing.remembered import remember_mapping
from fieldrep.importing.service import ImportPlan
from fieldrep.store import Store
from ui.kit.colours import MUTED
from ui.kit.labels import plain_label, set_colour
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plural


class ImportPage(QWizardPage):
    """Imports a mapped file (or checks it only) and says how far it has got."""

    #: The import is running (True) or has ended (False): the wizard locks its navigation.
    running_changed = Signal(bool)
    #: The import completed or failed (not when cancelled: this page says so itself).
    ended = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner) -> None:
        super().__init__()
        self._store, self._tasks = store, tasks
        self.setTitle("Importing")
        self.job: Job | None = None
        self._dry_run = False
        self._outcome: ImportOutcome | None = None
        self.message = plain_label()
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(420)
        self.cancel_button = QPushButton("Cancel import")
        self.cancel_button.clicked.connect(self.cancel)
        self.note = plain_label()
        set_colour(self.note, MUTED)

        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addStretch(1)

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, plan: ImportPlan, dry_run: bool) -> None:
        """Start importing ``plan`` (checking it only with ``dry_run``) in the background."""
        store, rows = self._store, len(plan.table.rows)
        self._dry_run, self._outcome = dry_run, None
        self.setTitle("Checking (nothing will be saved)" if dry_run else "Importing")
        self.setSubTitle(f"{plural(rows, 'row')} from {plan.path.name}"
                         + (f", sheet “{plan.table.sheet}”" if plan.table.sheet else ""))
        self.message.setText("Checking every row…")
        self._show_progress(0, rows)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.note.setText("Nothing is saved until every row has been checked: if you cancel, "
                          "your accounts stay exactly as they were.")

        def work(job: Job) -> ImportOutcome:
            outcome = run_import(store, plan, dry_run=dry_run, progress=job.report,
                                 cancelled=job.cancelled,
                                 default_country=geocoder_settings(store).default_country)
            if outcome.saved:  # the next file with these headers opens with these choices
                remember_mapping(store, plan)
            return outcome

        self.job = Operation(
            self._tasks, work, on_success=self._ended_with,
            on_failure=lambda message: self._ended_with(
                ImportOutcome(plan, dry_run, failure=message)),
            progress=self._progress, parent=self, long=True).run()
        self._set_running(True)

    def cancel(self) -> None:
        """Ask the import to stop; it saves nothing (the page says so when it has stopped)."""
        if self.job is None:
            return
        self.job.cancel()
        self.cancel_button.setEnabled(False)
        self.message.setText("Cancelling…")

    def _progress(self, done: int, total: int, _text: str) -> None:
        if self.job is None or self.job.cancelled():
            return
        if done < total:
            self._show_progress(done, total)
            return
        self.progress.setRange(0, 0)  # busy: duplicates and saving have no row count
        self.message.setText("Looking for suspected duplicates…" if self._dry_run else
                             "Looking for suspected duplicates and saving…")

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} rows checked")

    def _ended_with(self, outcome: ImportOutcome) -> None:
        self.job = None
        self._outcome = outcome
        self.cancel_button.hide()
        if outcome.cancelled:
            self._show_cancelled()
            self._set_running(False)
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("Done")
        self.note.setText("")
        if outcome.result is None:
            self.setTitle("Import failed")
            self.message.setText("The import failed: nothing was saved.")
        else:
            self.setTitle("Check finished" if outcome.dry_run else "Import finished")
            self.message.setText("Every row was checked: nothing was saved." if outcome.dry_run
                                 else "Every row was checked and the valid ones were saved.")
        self._set_running(False)
        self.ended.emit(outcome)

    def _show_cancelled(self) -> None:
        self.setTitle("Import cancelled")
        self.message.setText("The import was cancelled: nothing was saved, your accounts are "
                             "as they were.")
        self.progress.hide()
        self.note.setText("Go Back to change the columns and import again, or Cancel to close "
                          "the wizard.")

    def _set_running(self, running: bool) -> None:
        self.running_changed.emit(running)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._outcome is not None and not self._outcome.cancelled
