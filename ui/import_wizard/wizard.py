"""The import wizard: choose a file (and sheet), check the column mapping on a preview, import
with progress and Cancel, then see the rejected rows with their reasons and save them.

The wizard only wires its pages (:mod:`~ui.import_wizard.file_page`,
:mod:`~ui.import_wizard.mapping_page`, :mod:`~ui.import_wizard.import_page`,
:mod:`~ui.import_wizard.result_page`); they know nothing of one another.  Reading the file
and importing it are long jobs on the window's shared runner, so the wizard never freezes;
the preview of a mapping reads only the first rows, in the UI thread.  Every text that comes
from the file is shown as plain text, never as HTML.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from fieldrep.importing.outcome import ImportOutcome
from fieldrep.store import Store
from ui.import_wizard.file_page import FilePage
from ui.import_wizard.import_page import ImportPage
from ui.import_wizard.mapping_page import MappingPage
from ui.import_wizard.result_page import ResultPage
from ui.kit.tasks import TaskRunner


class ImportWizard(QWizard):
    """Import accounts from a CSV or XLSX file into ``store``, step by step.

    ``imported(ImportResult)`` is emitted when an import has completed and saved its rows
    (not for a check-only dry run, nor for a cancelled or failed import).
    """

    imported = Signal(object)

    FILE_PAGE, MAPPING_PAGE, IMPORT_PAGE, RESULT_PAGE = range(4)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None,
                 path: Path | None = None) -> None:
        super().__init__(parent)
        self.outcome: ImportOutcome | None = None
        self.setWindowTitle("Import accounts")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(1100, 700)  # fits a 1366×768 laptop screen

        self.file_page = FilePage(tasks, path, store)
        self.mapping_page = MappingPage()
        self.import_page = ImportPage(store, tasks)
        self.result_page = ResultPage()
        self.setPage(self.FILE_PAGE, self.file_page)
        self.setPage(self.MAPPING_PAGE, self.mapping_page)
        self.setPage(self.IMPORT_PAGE, self.import_page)
        self.setPage(self.RESULT_PAGE, self.result_page)
        self.import_page.running_changed.connect(self._lock_navigation)
        self.import_page.ended.connect(self.finish_import)
        self.result_page.import_now_requested.connect(self.import_now)

    def initializePage(self, page_id: int) -> None:
        """Hand each page, as it opens, what the page before it produced."""
        if page_id == self.MAPPING_PAGE:
            self.mapping_page.show_file(self.file_page.plan, self.file_page.default_country)
        elif page_id == self.IMPORT_PAGE:
            plan = self.mapping_page.plan()
            assert plan is not None, "the mapping page lets no bad mapping through"
            self.import_page.start(plan, self.mapping_page.dry_run.isChecked())
        elif page_id == self.RESULT_PAGE:
            assert self.outcome is not None
            self.result_page.show_outcome(self.outcome)
        super().initializePage(page_id)

    def finish_import(self, outcome: ImportOutcome) -> None:
        """Record how the import ended, tell the window, and show the result page."""
        self.outcome = outcome
        # What is saved cannot be undone by going back; a check or a failure can be redone.
        self.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage, outcome.saved)
        if outcome.saved:
            self.imported.emit(outcome.result)
        self.next()

    def import_now(self) -> None:
        """After a check-only run: import the same file with the same mapping for real."""
        self.mapping_page.dry_run.setChecked(False)
        for _step in range(self.RESULT_PAGE - self.MAPPING_PAGE):
            if self.currentId() != self.MAPPING_PAGE:
                self.back()
        self.next()

    def _lock_navigation(self, locked: bool) -> None:
        """While importing, Back and the wizard's Cancel are off (Cancel import stops it)."""
        self.mapping_page.setCommitPage(locked)  # disables Back on the import page
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not locked)

    def done(self, result: int) -> None:
        """Closing: a file still being read no longer concerns the wizard."""
        self.file_page.drop_reading()
        super().done(result)

    def reject(self) -> None:
        """Cancel, Esc or closing the window while importing cancels the import (and the
        wizard stays open to say so); otherwise it closes the wizard."""
        if self.import_page.running:
            self.import_page.cancel()
            return
        super().reject()
