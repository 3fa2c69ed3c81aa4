"""Step 2 of the import wizard: what each column is imported as, and a preview of the first
rows as the import would read them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldrep.importing.mapping_check import check_mapping
from fieldrep.importing.service import PREVIEW_ROWS, ImportPlan, preview_import
from ui.import_wizard.columns_model import ColumnsModel
from ui.import_wizard.columns_view import ColumnsView
from ui.import_wizard.preview_model import PreviewModel
from ui.kit.colours import ERROR, MUTED
from ui.kit.labels import plain_label, set_colour

#: A preview column is sized to its contents, within these bounds (pixels).
PREVIEW_WIDTHS = (70, 240)


class MappingPage(QWizardPage):
    """What each column holds (guessed, the rep corrects it), checked as the rep chooses."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Check what each column holds")
        self.setSubTitle("FieldRep has guessed each column's meaning. Change any choice that "
                         "is wrong: the preview shows the rows as they will be imported.")
        self.columns: ColumnsModel | None = None  # the file as read, with the chosen fields
        self.problems: tuple[str, ...] = ()
        self.default_country = ""  # phones and postcodes of rows naming no country

        self.columns_view = ColumnsView()
        self.problems_label = plain_label()
        set_colour(self.problems_label, ERROR)
        self.preview_model = PreviewModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.verticalHeader().setVisible(False)
        self.preview.verticalHeader().setDefaultSectionSize(24)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.summary = plain_label()
        self.dry_run = QCheckBox("Check only (dry run): check every row and report what would "
                                 "happen, without saving anything")
        self.dry_run.toggled.connect(self._dry_run_toggled)
        self._dry_run_toggled(False)
        self._lay_out()

    def _lay_out(self) -> None:
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.columns_view)
        top_layout.addWidget(self.problems_label)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        preview_title = plain_label("Preview of the first rows (a cell in red rejects its row, "
                                    "one in amber is left empty: point at it to see why)")
        preview_title.setStyleSheet("font-weight: bold")
        bottom_layout.addWidget(preview_title)
        bottom_layout.addWidget(self.preview)
        bottom_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.dry_run)

    def show_file(self, source: ImportPlan | None, default_country: str = "") -> None:
        """Show the columns of ``source``; a new file or sheet starts again from its guesses,
        the same one keeps the rep's choices.  The preview reads phones and postcodes of rows
        that name no country for ``default_country``, as the import will."""
        self.default_country = default_country
        if source is not None and (self.columns is None or source is not self.columns.source):
            old = self.columns
            self.columns = ColumnsModel(source, self)
            self.columns.mapping_changed.connect(self.refresh)
            self.columns_view.show_columns(self.columns)
            if old is not None:
                old.deleteLater()
        self.refresh()

    def mapping(self) -> dict[int, str]:
        """Column index → field, as chosen now."""
        return self.columns.mapping() if self.columns is not None else {}

    def set_field(self, column: str, field: str) -> None:
        """Choose ``field`` ("" to ignore) for the file column whose header is ``column``."""
        assert self.columns is not None
        self.columns.set_field(self.columns.source.table.headers.index(column), field)

    def plan(self) -> ImportPlan | None:
        """The file with the chosen mapping, or None while the mapping has problems."""
        if self.columns is None or self.problems:
            return None
        return self.columns.source.with_mapping(self.mapping())

    def refresh(self) -> None:
        """Check the mapping and show the preview again (after every choice)."""
        if self.columns is None:
            return
        source, mapping = self.columns.source, self.mapping()
        check = check_mapping(source.table.headers, mapping)
        self.problems = check.messages
        self.columns.mark_clashing(check.clashing)
        self.problems_label.setText("\n".join(check.messages))
        self.problems_label.setVisible(not check.ok)
        plan = self.plan()
        if plan is None:
            self._show_raw_preview(source, mapping)
        else:
            self._show_checked_preview(plan)
        self._size_preview_columns()
        self.completeChanged.emit()

    def _show_raw_preview(self, source: ImportPlan, mapping: dict[int, str]) -> None:
        self.preview_model.show_raw(source.table.headers, mapping,
                                    source.table.rows[:PREVIEW_ROWS])
        self.summary.setText("Fix the choices above to see which rows can be imported.")
        set_colour(self.summary, MUTED)

    def _show_checked_preview(self, plan: ImportPlan) -> None:
        rows = preview_import(plan, PREVIEW_ROWS, self.default_country)
        self.preview_model.show_checked(plan.table.headers, plan.mapping, rows)
        valid = sum(1 for row in rows if row.valid)
        text = f"{valid} of {len(rows)} preview rows valid"
        if len(plan.table.rows) > len(rows):
            text += f" · all {len(plan.table.rows):,} rows of the file are checked on import"
        self.summary.setText(text)
        set_colour(self.summary, ERROR if valid < len(rows) else None)

    def _size_preview_columns(self) -> None:
        self.preview.resizeColumnsToContents()
        narrowest, widest = PREVIEW_WIDTHS
        for column in range(1, self.preview_model.columnCount()):
            width = self.preview.columnWidth(column)
            self.preview.setColumnWidth(column, min(max(width + 10, narrowest), widest))

    def _dry_run_toggled(self, checked: bool) -> None:
        self.setButtonText(QWizard.WizardButton.NextButton, "&Check" if checked else "&Import")

    def isComplete(self) -> bool:
        return self.columns is not None and not self.problems

    def validatePage(self) -> bool:
        return self.plan() is not None
