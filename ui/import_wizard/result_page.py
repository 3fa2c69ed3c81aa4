"""Step 4 of the import wizard: how the import ended: the counts, the rejected rows (to
save), the warnings (cells left empty in imported rows) and the suspected duplicates; or,
when it failed, why, and that nothing was saved."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from fieldrep.importing.duplicates import Candidate
from fieldrep.importing.outcome import ImportOutcome
from fieldrep.importing.service import ImportResult
from ui.import_wizard.count_boxes import CountBoxes
from ui.import_wizard.rejects_panel import RejectsPanel
from ui.import_wizard.rows_panel import RowsPanel
from ui.kit.colours import ERROR, MUTED, WARNING
from ui.kit.labels import plain_label, set_colour
from ui.kit.words import plural

HEADLINE_SCALE = 1.15
REJECTS_TAB, WARNINGS_TAB, DUPLICATES_TAB = range(3)


def headline(result: ImportResult, dry_run: bool) -> str:
    """The result in one sentence: what was (or would be) saved."""
    saved = result.inserted + result.updated
    if dry_run:
        return f"Check only: nothing was saved. {plural(saved, 'account')} would be saved."
    if saved:
        return f"{plural(saved, 'account')} saved."
    return "No account was saved: every row was rejected." if result.rows else \
        "No account was saved: the file has no rows."


def first_tab(result: ImportResult) -> int:
    """The tab to show first: rejected rows, else warnings, else duplicates (if any)."""
    if result.rejected:
        return REJECTS_TAB
    if result.warnings:
        return WARNINGS_TAB
    return DUPLICATES_TAB if result.duplicates else REJECTS_TAB


def looks_like(candidate: Candidate) -> str:
    """The account a new row looks like: another row of the file, or a stored account."""
    if candidate.line is not None:
        return f"{candidate.account.name} (line {candidate.line} of this file)"
    return f"{candidate.account.name} (already in your accounts)"


class ResultPage(QWizardPage):
    """The end of an import (or of a check), shown by :meth:`show_outcome`."""

    #: After a check: the rep asks to import the same rows for real.
    import_now_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.headline = plain_label()
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * HEADLINE_SCALE)
        font.setBold(True)
        self.headline.setFont(font)
        self.counts_box = CountBoxes(
            ("inserted", "updated", "rejected", "warnings", "duplicates"))
        self.details = plain_label()
        set_colour(self.details, MUTED)
        self.rejects = RejectsPanel()
        self.warnings = RowsPanel(
            "These rows were imported, with the cells named here left empty (or a phone kept "
            "as typed): correct them in your accounts.", ("Line", "Column", "Value", "Reason"),
            (60, 180, 220), "No warnings.")
        self.duplicates = RowsPanel(
            "These rows were imported but look like another account. Nothing was merged: "
            "check them in your accounts.", ("Line", "Account", "Looks like", "Why"),
            (60, 260, 360), "No suspected duplicates.")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rejects, "Rejected rows")
        self.tabs.addTab(self.warnings, "Warnings")
        self.tabs.addTab(self.duplicates, "Suspected duplicates")
        self.import_now_button = QPushButton("Import these rows now")
        self.import_now_button.clicked.connect(self.import_now_requested)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.counts_box)
        layout.addWidget(self.details)
        layout.addWidget(self.tabs, 1)
        self.filler = QWidget()  # keeps a failure's few lines at the top
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.filler, 1)
        now_row = QHBoxLayout()
        now_row.addStretch(1)
        now_row.addWidget(self.import_now_button)
        layout.addLayout(now_row)

    def show_outcome(self, outcome: ImportOutcome) -> None:
        """Show how ``outcome``'s import ended."""
        self.import_now_button.setVisible(outcome.dry_run and outcome.result is not None)
        self.rejects.show_outcome(outcome)
        if outcome.result is None:
            self._show_failure(outcome)
        else:
            self._show_result(outcome, outcome.result)

    def _show_failure(self, outcome: ImportOutcome) -> None:
        self.setTitle("The import failed")
        self.setSubTitle(outcome.plan.path.name)
        self.headline.setText("Nothing was saved: your accounts are as they were.")
        set_colour(self.headline, ERROR)
        self.details.setText(f"Reason: {outcome.failure}\n\nGo Back to try again, or Finish to "
                             "close the wizard.")
        set_colour(self.details, None)
        self.counts_box.hide()
        self.tabs.hide()
        self.filler.show()

    def _show_result(self, outcome: ImportOutcome, result: ImportResult) -> None:
        dry = outcome.dry_run
        self.setTitle("Check finished" if dry else "Import finished")
        self.setSubTitle(f"{plural(result.rows, 'row')} read from {outcome.plan.path.name}")
        self.headline.setText(headline(result, dry))
        set_colour(self.headline, None)
        self._show_counts(result, dry)
        details = []
        if result.updated:
            details.append("Updated accounts matched a row by its external id.")
        if result.ignored_columns:
            names = ", ".join(f"“{c}”" for c in result.ignored_columns)
            details.append(f"Columns not imported: {names}.")
        self.details.setText(" ".join(details))
        set_colour(self.details, MUTED)
        self.tabs.setTabText(REJECTS_TAB, f"Rejected rows ({result.rejected_rows:,})")
        self.warnings.show_rows(
            [(str(w.line), w.column, w.value, w.reason) for w in result.warnings])
        self.tabs.setTabText(WARNINGS_TAB, f"Warnings ({len(result.warnings):,})")
        self.duplicates.show_rows(
            [(str(d.first.line or ""), d.first.account.name, looks_like(d.second), d.reason)
             for d in result.duplicates])
        self.tabs.setTabText(DUPLICATES_TAB,
                             f"Suspected duplicates ({len(result.duplicates):,})")
        self.counts_box.show()
        self.tabs.show()
        self.filler.hide()
        self.tabs.setCurrentIndex(first_tab(result))

    def _show_counts(self, result: ImportResult, dry_run: bool) -> None:
        boxes = self.counts_box
        boxes.set_count("inserted", result.inserted,
                        "would be imported" if dry_run else "new accounts imported")
        boxes.set_count("updated", result.updated,
                        "would be updated" if dry_run else "accounts updated")
        boxes.set_count("rejected", result.rejected_rows, "rows rejected",
                        ERROR if result.rejected_rows else None)
        boxes.set_count("warnings", len(result.warnings), "cells left empty",
                        WARNING if result.warnings else None)
        boxes.set_count("duplicates", len(result.duplicates), "suspected duplicates",
                        WARNING if result.duplicates else None)
