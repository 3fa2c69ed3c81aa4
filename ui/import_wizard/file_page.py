"""Step 1 of the import wizard: the file, its sheet (workbooks only) and what was found in it.

The file is read in the background (a long job: a big workbook takes seconds), again after
a short pause in typing, and whenever another sheet is chosen; a read that is no longer
wanted (the rep typed on) is dropped when it ends.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWizardPage,
)

from fieldrep.importing.opening import FileRead, file_contents, read_file
from fieldrep.importing.service import ImportPlan
from fieldrep.store import Store
from ui.kit.colours import ERROR, MUTED
from ui.kit.labels import plain_label, set_colour
from ui.kit.operations import Operation
from ui.kit.tasks import TaskRunner
from ui.kit.words import plural

FILE_FILTER = "Spreadsheets (*.csv *.txt *.xlsx *.xlsm);;All files (*)"
READ_DELAY_MS = 400
_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16",
              "cp1252": "Windows (Western European)", "latin-1": "Latin-1"}
_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def describe_file(plan: ImportPlan) -> str:
    """One line on what was read: the format detected, rows, columns, what was recognised."""
    table, contents = plan.table, file_contents(plan)
    if table.sheet:
        where = f"Sheet “{table.sheet}”"
    else:
        encoding = _ENCODINGS.get(table.encoding, table.encoding or "text")
        where = f"{encoding} text separated by {_DELIMITERS.get(table.delimiter, 'commas')}"
    text = (f"{where}: {plural(contents.rows, 'row')} below the header, "
            f"{plural(contents.columns, 'column')}, {contents.recognised} recognised.")
    if not contents.has_name:
        text += " No column was recognised as the account name: you choose it on the next page."
    return text


class FilePage(QWizardPage):
    """The file to import and its sheet; says what was found, or why it cannot be read."""

    def __init__(self, tasks: TaskRunner, path: Path | None = None,
                 store: Store | None = None) -> None:
        super().__init__()
        self._tasks, self._store = tasks, store
        self.setTitle("Choose the file to import")
        self.setSubTitle("A CSV file or an Excel workbook (.xlsx) with a header row and one "
                         "account per row.")
        self.plan: ImportPlan | None = None
        self.default_country = ""  # the store's, for the preview's phones and postcodes
        self.error = ""
        self._request = 0
        self._reading: tuple[Path, str | None] | None = None
        self._sheets_of: Path | None = None

        self.path_edit = QLineEdit(placeholderText="Path of a .csv or .xlsx file")
        self.path_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton("Browse…")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumContentsLength(24)
        self.sheet_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.status = plain_label()
        self.status.setMinimumHeight(40)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self._form = QFormLayout(self)
        self._form.addRow("File:", row)
        self._form.addRow("Sheet:", self.sheet_combo)
        self._form.addRow("", self.status)
        self._form.setRowVisible(self.sheet_combo, False)

        self._timer = QTimer(self, singleShot=True, interval=READ_DELAY_MS)
        self._timer.timeout.connect(self.read)
        self.path_edit.textChanged.connect(self._path_edited)
        self.path_edit.editingFinished.connect(self.read)
        self.browse_button.clicked.connect(self.browse)
        self.sheet_combo.currentIndexChanged.connect(lambda _index: self.read())
        if path is not None:
            self.path_edit.setText(str(path))
            self.read()

    @property
    def reading(self) -> bool:
        return self._reading is not None

    def browse(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, "Import accounts", start, FILE_FILTER)
        if name:
            self.path_edit.setText(name)
            self.read()

    def _path_edited(self) -> None:
        self._forget()
        self._timer.start()

    def drop_reading(self) -> None:
        """Stop waiting for the file being read (the wizard is closing): its result, when
        it comes, is dropped before it reaches this page."""
        self._request += 1
        self._reading = None

    def _forget(self) -> None:
        """The text changed: what was read (or is being read) no longer counts."""
        self._request += 1
        self._reading = None
        self.plan, self.error = None, ""
        self.status.clear()
        self.completeChanged.emit()

    def read(self) -> None:
        """Read the file named in the box (and the sheet chosen) in the background."""
        self._timer.stop()
        text = self.path_edit.text().strip()
        if not text:
            self._form.setRowVisible(self.sheet_combo, False)
            return
        path = Path(text).expanduser()
        sheet = self.sheet_combo.currentText() if path == self._sheets_of else None
        wanted = (path, sheet)
        current = (self.plan.path, self.plan.table.sheet or None) if self.plan else None
        if wanted in (self._reading, current):
            return
        self._forget()
        self._reading = wanted
        token = self._request
        self.status.setText(f"Reading {path.name}…")
        set_colour(self.status, MUTED)
        Operation(self._tasks, lambda _job: read_file(path, sheet, self._store),
                  on_success=lambda read: self._file_read(token, read),
                  on_failure=lambda message: self._file_read(
                      token, FileRead.failed(path, sheet, message)),
                  parent=self, long=True).run()
        self.completeChanged.emit()

    def _file_read(self, token: int, read: FileRead) -> None:
        if token != self._request:
            return  # the rep has chosen another file or sheet since
        self._reading = None
        self.plan, self.error = read.plan, read.error
        self.default_country = read.default_country
        self._show_sheets(read)
        if read.plan is None:
            self.status.setText(f"This file cannot be imported: {read.error}")
            set_colour(self.status, ERROR)
        elif not read.plan.table.rows:
            self.status.setText(f"{describe_file(read.plan)}\nThere are no accounts below the "
                                "header row: choose another file or sheet.")
            set_colour(self.status, ERROR)
        else:
            self.status.setText(describe_file(read.plan))
            set_colour(self.status, None)
        self.completeChanged.emit()

    def _show_sheets(self, read: FileRead) -> None:
        if read.sheets and read.path != self._sheets_of:
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.clear()
            self.sheet_combo.addItems(list(read.sheets))
            self.sheet_combo.blockSignals(False)
            self._sheets_of = read.path
        elif not read.sheets:
            self._sheets_of = None
        if read.sheet and read.sheets:
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.setCurrentText(read.sheet)
            self.sheet_combo.blockSignals(False)
        self._form.setRowVisible(self.sheet_combo, bool(read.sheets))

    def isComplete(self) -> bool:
        return self.plan is not None and bool(self.plan.table.rows) and not self.reading
