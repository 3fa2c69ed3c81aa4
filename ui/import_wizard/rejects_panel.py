"""The rows an import rejected, with their line, column, value and reason, and a button to
save them, with the rows imported with warnings, to a CSV file the rep can fix and import
again (the report ``fieldrep import --report`` writes)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton

from fieldrep.importing.outcome import ImportOutcome
from fieldrep.importing.service import ImportResult, write_rejects
from ui.import_wizard.rows_panel import RowsPanel
from ui.kit.colours import ERROR
from ui.kit.labels import plain_label, set_colour
from ui.kit.words import plural


class RejectsPanel(RowsPanel):
    """The rejected rows of one import, and saving them."""

    def __init__(self) -> None:
        super().__init__(
            "These rows were not imported. Save them, fix the cells named here, and import "
            "the saved file again.", ("Line", "Column", "Value", "Reason"), (60, 180, 220),
            "No row was rejected.")
        self._outcome: ImportOutcome | None = None
        self.save_button = QPushButton("Save rejected rows and warnings…")
        self.save_button.setToolTip(
            "Write the rejected rows, then the rows imported with warnings, with their "
            "problems, to a CSV file you can fix and import again")
        self.save_button.clicked.connect(self.choose_file)
        self.saved_label = plain_label()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        self.rows_layout.addLayout(save_row)

    def show_outcome(self, outcome: ImportOutcome) -> None:
        """List the rows ``outcome``'s import rejected."""
        self._outcome = outcome
        rejected = outcome.result.rejected if outcome.result is not None else []
        self.show_rows([(str(e.line), e.column, e.value, e.reason) for e in rejected])
        warnings = outcome.result.warnings if outcome.result is not None else []
        self.save_button.setVisible(bool(rejected or warnings))
        self.saved_label.clear()

    def choose_file(self) -> None:
        """Ask where to save the report (beside the imported file), then save it."""
        if self._outcome is None:
            return
        source = self._outcome.plan.path
        suggested = source.with_name(f"{source.stem}-rejected.csv")
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save rejected rows and warnings", str(suggested), "CSV file (*.csv)")
        if name:
            self.save(Path(name))

    def save(self, path: Path) -> bool:
        """Write the rejected rows, then the rows imported with warnings (line, problems, the
        row as it was), to ``path``: the same report as ``fieldrep import --report``."""
        outcome = self._outcome
        if outcome is None or outcome.result is None:
            return False
        if not path.suffix:
            path = path.with_suffix(".csv")
        try:
            write_rejects(path, outcome.plan, outcome.result.rejected, outcome.result.warnings)
        except OSError as exc:
            self.saved_label.setText(f"Could not save {path.name}: {exc.strerror or exc}")
            set_colour(self.saved_label, ERROR)
            return False
        self.saved_label.setText(f"{saved_rows_text(outcome.result)} saved to {path}")
        set_colour(self.saved_label, None)
        return True


def saved_rows_text(result: ImportResult) -> str:
    """What a saved report holds: "1 rejected row and 2 rows with warnings"."""
    parts = []
    if result.rejected_rows:
        parts.append(plural(result.rejected_rows, "rejected row"))
    warned = len({w.line for w in result.warnings})
    if warned:
        parts.append(plural(warned, "row") + " with warnings")
    return " and ".join(parts) or "no row"
