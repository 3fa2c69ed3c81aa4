"""The import wizard: choose a file (and sheet), check the column mapping on a preview, import
with progress and Cancel, then see the rejected rows with their reasons and save them.

The import runs on the one database worker (:class:`ui.kit.tasks.TaskRunner`) and the file is
read on a thread of the wizard's own, so the wizard never freezes; the preview of a mapping
reads only the first rows, in the UI thread.  Every text that comes from the file is shown
as plain text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldrep.importing.columns import SYNONYMS, contact_slot
from fieldrep.importing.duplicates import Candidate, Duplicate
from fieldrep.importing.reader import EXCEL_SUFFIXES, ImportFileError, sheet_names
from fieldrep.importing.rows import RowError
from fieldrep.importing.service import (
    PREVIEW_ROWS,
    ImportCancelled,
    ImportFailed,
    ImportPlan,
    ImportResult,
    MappingError,
    PreviewRow,
    import_accounts,
    preview_import,
    read_plan,
    write_rejects,
)
from fieldrep.store import Store
from ui.kit.tasks import Job, TaskRunner

FILE_FILTER = "Spreadsheets (*.csv *.txt *.xlsx *.xlsm);;All files (*)"
SAMPLES = 3
SAMPLE_SCAN_ROWS = 200
READ_DELAY_MS = 400
IGNORE_LABEL = "— ignore —"
NUMERIC_FIELDS = {"lat", "lon", "cadence_days", "meeting_minutes", "annual_value"}
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CONTACT_SLOTS = 3  # contact 1..3 are offered; a file's contact 4+ columns are added as found

_Index = QModelIndex | QPersistentModelIndex

ERROR_BACKGROUND = QColor("#fde7e9")
ERROR_TEXT = QColor("#b3261e")
WARNING_TEXT = QColor("#a15c00")
MUTED_TEXT = QColor("#6b6b6b")

FIELD_LABELS: dict[str, str] = {
    "name": "Account name",
    "external_id": "External id (CRM)",
    "street": "Street",
    "postcode": "Postcode",
    "city": "City",
    "region": "Region / state",
    "country": "Country",
    "lat": "Latitude",
    "lon": "Longitude",
    "geocode_source": "Location source",
    "geocode_precision": "Location precision",
    "tier": "Tier (A, B, C)",
    "cadence_days": "Visit every (days)",
    "opening_hours": "Opening hours",
    "meeting_minutes": "Meeting length (min)",
    "annual_value": "Annual value",
    "tags": "Tags",
    "notes": "Notes",
    "active": "Active",
    "territory": "Territory",
}
_CONTACT_PART_LABELS = {"name": "name", "role": "role", "phone": "phone", "email": "e-mail"}
_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16",
              "cp1252": "Windows (Western European)", "latin-1": "Latin-1"}
_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


# -- small helpers ---------------------------------------------------------------------------
def field_label(field: str) -> str:
    """What the wizard calls an account field: ``contact2_email`` → "Contact 2: e-mail"."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    slot = contact_slot(field)
    if slot is not None:
        number, part = slot
        who = "Contact" if number == 1 else f"Contact {number}"
        return f"{who}: {_CONTACT_PART_LABELS[part]}"
    return field.replace("_", " ").capitalize()


def field_choices(extra: Iterable[str] = ()) -> list[str]:
    """The fields a column can be imported as, in the order the mapping combos list them."""
    fields = [f for f in SYNONYMS if contact_slot(f) is None]
    fields.insert(0, fields.pop(fields.index("name")))
    for number in range(1, CONTACT_SLOTS + 1):
        prefix = "contact_" if number == 1 else f"contact{number}_"
        fields += [prefix + part for part in _CONTACT_PART_LABELS]
    fields += sorted(f for f in set(extra) if f not in fields)
    return fields


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as written (Qt would guess at HTML otherwise)."""
    if not text:
        return ""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def one_line(text: str) -> str:
    """A cell's text on one line (a multi-line cell shows ↵ where its lines break)."""
    return " ↵ ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A label that never interprets its text as HTML (file content goes in labels)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _set_colour(label: QLabel, colour: QColor | None) -> None:
    label.setStyleSheet(f"color: {colour.name()}" if colour is not None else "")


def _header_name(headers: Sequence[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else f"Column {index + 1}"


def describe_file(plan: ImportPlan) -> str:
    """One line on what was read: the format detected, rows, columns, what was recognised."""
    table = plan.table
    columns = sum(1 for h in table.headers if h)
    if table.sheet:
        where = f"Sheet “{table.sheet}”"
    else:
        encoding = _ENCODINGS.get(table.encoding, table.encoding or "text")
        where = f"{encoding} text separated by {_DELIMITERS.get(table.delimiter, 'commas')}"
    text = (f"{where}: {plural(len(table.rows), 'row')} below the header, "
            f"{plural(columns, 'column')}, {len(plan.mapping)} recognised.")
    if "name" not in plan.mapping.values():
        text += " No column was recognised as the account name: you choose it on the next page."
    return text


def column_samples(plan: ImportPlan, index: int, count: int = SAMPLES) -> list[str]:
    """The first few different non-empty values of one column (from the first rows)."""
    found: list[str] = []
    for _line, cells in plan.table.rows[:SAMPLE_SCAN_ROWS]:
        value = cells[index].strip() if index < len(cells) else ""
        if value and value not in found:
            found.append(value)
            if len(found) == count:
                break
    return found


def _read_file(path: Path, sheet: str | None) -> FileRead:
    """Read ``path`` for the wizard (on the worker); a file that cannot be read is a value."""
    try:
        excel = path.suffix.lower() in EXCEL_SUFFIXES and path.is_file()
        sheets = sheet_names(path) if excel else []
        plan = read_plan(path, sheet=sheet)
    except ImportFileError as exc:
        return FileRead(path, sheet, [], None, str(exc))
    except OSError as exc:
        return FileRead(path, sheet, [], None, f"{path.name}: {exc.strerror or exc}")
    return FileRead(path, plan.table.sheet or None, sheets, plan, "")


@dataclass(frozen=True)
class FileRead:
    """A file read for the wizard: its plan with the guessed mapping, or why it failed."""

    path: Path
    sheet: str | None
    sheets: list[str]
    plan: ImportPlan | None
    error: str


@dataclass(frozen=True)
class ImportOutcome:
    """How an import ended: its result, or the one-line reason it failed (nothing saved)."""

    plan: ImportPlan
    dry_run: bool
    result: ImportResult | None = None
    failure: str = ""


class TextTableModel(QAbstractTableModel):
    """A read-only table of texts (shown as plain text; long or multi-line ones in a tooltip)."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(text) if len(text) > 30 or "\n" in text else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]


class RowsPanel(QWidget):
    """A table of texts under a line saying what they are, or a note when there are none."""

    def __init__(self, intro: str, headers: Sequence[str], widths: Sequence[int],
                 empty: str) -> None:
        super().__init__()
        self._headers, self._widths = tuple(headers), tuple(widths)
        self.intro = _label(intro)
        self.view = QTableView()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.empty = _label(empty)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _set_colour(self.empty, MUTED_TEXT)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.stack, 1)
        self.show_rows([])

    def show_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """List ``rows`` (a new model each time), or the note when there are none."""
        self.view.setModel(TextTableModel(self._headers, rows, self.view))
        for column, width in enumerate(self._widths):
            self.view.setColumnWidth(column, width)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self.intro.setVisible(bool(rows))

    def model(self) -> TextTableModel:
        model = self.view.model()
        assert isinstance(model, TextTableModel)
        return model


# -- the wizard ------------------------------------------------------------------------------
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
        self.store = store
        self.tasks = tasks
        # Files are read on a thread of the wizard's own: reading touches no database, so it
        # need not wait behind a long database job (a geocoding run) on ``tasks``.
        self.reader = TaskRunner(self)
        self.outcome: ImportOutcome | None = None
        self.setWindowTitle("Import accounts")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(1100, 700)  # fits a 1366×768 laptop screen

        self.file_page = FilePage(self, path)
        self.mapping_page = MappingPage(self)
        self.import_page = ImportPage(self)
        self.result_page = ResultPage(self)
        self.setPage(self.FILE_PAGE, self.file_page)
        self.setPage(self.MAPPING_PAGE, self.mapping_page)
        self.setPage(self.IMPORT_PAGE, self.import_page)
        self.setPage(self.RESULT_PAGE, self.result_page)

    def finish_import(self, outcome: ImportOutcome) -> None:
        """Record how the import ended, tell the window, and show the result page."""
        self.outcome = outcome
        saved = outcome.result is not None and not outcome.dry_run
        # What is saved cannot be undone by going back; a check or a failure can be redone.
        self.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage, saved)
        if saved:
            self.imported.emit(outcome.result)
        self.next()

    def import_now(self) -> None:
        """After a check-only run: import the same file with the same mapping for real."""
        self.mapping_page.dry_run.setChecked(False)
        for _step in range(self.RESULT_PAGE - self.MAPPING_PAGE):
            if self.currentId() != self.MAPPING_PAGE:
                self.back()
        self.next()

    def reject(self) -> None:
        """Cancel, Esc or closing the window while importing cancels the import (and the
        wizard stays open to say so); otherwise it closes the wizard."""
        if self.import_page.running:
            self.import_page.cancel()
            return
        super().reject()


class FilePage(QWizardPage):
    """Step 1: the file, its sheet (workbooks only) and what was found in it."""

    def __init__(self, wizard: ImportWizard, path: Path | None = None) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Choose the file to import")
        self.setSubTitle("A CSV file or an Excel workbook (.xlsx) with a header row and one "
                         "account per row.")
        self.plan: ImportPlan | None = None
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
        self.status = _label()
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

    def _forget(self) -> None:
        """The text changed: what was read (or is being read) no longer counts."""
        self._request += 1
        self._reading = None
        self.plan, self.error = None, ""
        self.status.clear()
        self.completeChanged.emit()

    def read(self) -> None:
        """Read the file named in the box (and the sheet chosen) on the worker."""
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
        _set_colour(self.status, MUTED_TEXT)
        self._wizard.reader.submit(
            lambda _job: _read_file(path, sheet),
            lambda read: self._file_read(token, read),
            lambda message: self._file_read(token, FileRead(path, sheet, [], None, message)))
        self.completeChanged.emit()

    def _file_read(self, token: int, read: FileRead) -> None:
        if token != self._request:
            return  # the rep has chosen another file or sheet since
        self._reading = None
        self.plan, self.error = read.plan, read.error
        self._show_sheets(read)
        if read.plan is None:
            self.status.setText(f"This file cannot be imported: {read.error}")
            _set_colour(self.status, ERROR_TEXT)
        elif not read.plan.table.rows:
            self.status.setText(f"{describe_file(read.plan)}\nThere are no accounts below the "
                                "header row: choose another file or sheet.")
            _set_colour(self.status, ERROR_TEXT)
        else:
            self.status.setText(describe_file(read.plan))
            _set_colour(self.status, None)
        self.completeChanged.emit()

    def _show_sheets(self, read: FileRead) -> None:
        if read.sheets and read.path != self._sheets_of:
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.clear()
            self.sheet_combo.addItems(read.sheets)
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


class MappingPage(QWizardPage):
    """Step 2: what each column is imported as, and a preview of the first rows."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Check what each column holds")
        self.setSubTitle("FieldRep has guessed each column's meaning. Change any choice that "
                         "is wrong: the preview shows the rows as they will be imported.")
        self.source: ImportPlan | None = None  # the file as read, with the guessed mapping
        self.combos: list[QComboBox] = []
        self.problems: list[str] = []

        self.columns_table = QTableWidget(0, 3)
        self.columns_table.setHorizontalHeaderLabels(
            ["Column in your file", "Sample values", "Import as"])
        self.columns_table.verticalHeader().setVisible(False)
        self.columns_table.verticalHeader().setDefaultSectionSize(30)
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.columns_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.columns_table.setWordWrap(False)
        header = self.columns_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns_table.setColumnWidth(0, 230)
        self.columns_table.setColumnWidth(2, 250)
        self.problems_label = _label()
        _set_colour(self.problems_label, ERROR_TEXT)

        self.preview = QTableWidget(0, 0)
        self.preview.verticalHeader().setVisible(False)
        self.preview.verticalHeader().setDefaultSectionSize(24)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.summary = _label()
        self.dry_run = QCheckBox("Check only (dry run): check every row and report what would "
                                 "happen, without saving anything")
        self.dry_run.toggled.connect(self._dry_run_toggled)
        self._dry_run_toggled(False)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.columns_table)
        top_layout.addWidget(self.problems_label)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        preview_title = _label("Preview of the first rows (a cell in red is rejected: point at "
                               "it to see why)")
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

    # -- the columns --------------------------------------------------------------------------
    def initializePage(self) -> None:
        source = self._wizard.file_page.plan
        if source is not None and source is not self.source:
            self._build(source)  # a new file or sheet: start again from the guesses
        self.refresh()

    def _build(self, source: ImportPlan) -> None:
        self.source = source
        headers = source.table.headers
        choices = field_choices(source.mapping.values())
        self.combos = []
        self.columns_table.setRowCount(len(headers))
        for index in range(len(headers)):
            name = QTableWidgetItem(_header_name(headers, index))
            samples = column_samples(source, index)
            shown = QTableWidgetItem("   ·   ".join(one_line(s) for s in samples) or "(empty)")
            shown.setToolTip(plain_tooltip("\n".join(samples)))
            self.columns_table.setItem(index, 0, name)
            self.columns_table.setItem(index, 1, shown)
            combo = QComboBox()
            combo.setMaxVisibleItems(20)
            combo.addItem(IGNORE_LABEL, "")
            for field in choices:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(source.mapping.get(index, ""))))
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.columns_table.setCellWidget(index, 2, combo)
            self.combos.append(combo)

    def mapping(self) -> dict[int, str]:
        """Column index → field, as the combos say now."""
        return {index: combo.currentData() for index, combo in enumerate(self.combos)
                if combo.currentData()}

    def set_field(self, column: str, field: str) -> None:
        """Choose ``field`` ("" to ignore) for the file column whose header is ``column``."""
        assert self.source is not None
        index = self.source.table.headers.index(column)
        self.combos[index].setCurrentIndex(self.combos[index].findData(field))

    def plan(self) -> ImportPlan | None:
        """The file with the chosen mapping, or None while the mapping has problems."""
        if self.source is None:
            return None
        try:
            return self.source.with_mapping(self.mapping())
        except MappingError:
            return None

    def refresh(self) -> None:
        """Check the mapping and show the preview again (after every change of a combo)."""
        if self.source is None:
            return
        self.problems = self._check(self.mapping())
        self.problems_label.setText("\n".join(self.problems))
        self.problems_label.setVisible(bool(self.problems))
        plan = self.plan()
        if plan is not None and not self.problems:
            self._show_preview(plan.mapping, preview_import(plan, PREVIEW_ROWS))
        else:
            self._show_preview(self.mapping(), None)
        self.completeChanged.emit()

    def _check(self, mapping: dict[int, str]) -> list[str]:
        assert self.source is not None
        headers = self.source.table.headers
        columns: dict[str, list[int]] = {}
        for index, field in sorted(mapping.items()):
            columns.setdefault(field, []).append(index)
        problems = []
        for field, indexes in columns.items():
            if len(indexes) > 1:
                names = ", ".join(f"“{_header_name(headers, i)}”" for i in indexes)
                problems.append(f"“{field_label(field)}” is chosen for {len(indexes)} columns "
                                f"({names}): keep it for one column only.")
        if "name" not in columns:
            problems.append("No column is imported as the account name: choose “Account name” "
                            "for the column that holds it.")
        self._mark_columns(mapping, {i for ix in columns.values() if len(ix) > 1 for i in ix})
        return problems

    def _mark_columns(self, mapping: dict[int, str], clashing: set[int]) -> None:
        """Ignored columns in grey, columns given the same field in red."""
        for index in range(self.columns_table.rowCount()):
            for column in (0, 1):
                item = self.columns_table.item(index, column)
                item.setForeground(QBrush(MUTED_TEXT) if index not in mapping else QBrush())
                item.setBackground(QBrush(ERROR_BACKGROUND) if index in clashing else QBrush())

    # -- the preview --------------------------------------------------------------------------
    def _show_preview(self, mapping: dict[int, str], rows: list[PreviewRow] | None) -> None:
        assert self.source is not None
        table = self.source.table
        columns = sorted(mapping)
        self.preview.clear()
        self.preview.setColumnCount(len(columns) + 1)
        self.preview.setHorizontalHeaderItem(0, QTableWidgetItem("Line"))
        for position, index in enumerate(columns, start=1):
            item = QTableWidgetItem(field_label(mapping[index]))
            item.setToolTip(plain_tooltip(
                f"From the column “{_header_name(table.headers, index)}”"))
            self.preview.setHorizontalHeaderItem(position, item)
        if rows is None:
            self._fill_raw_preview(columns)
            self.summary.setText("Fix the choices above to see which rows can be imported.")
            _set_colour(self.summary, MUTED_TEXT)
        else:
            self._fill_preview(mapping, rows)
            valid = sum(1 for r in rows if r.valid)
            text = f"{valid} of {len(rows)} preview rows valid"
            if len(table.rows) > len(rows):
                text += f" · all {len(table.rows):,} rows of the file are checked on import"
            self.summary.setText(text)
            _set_colour(self.summary, ERROR_TEXT if valid < len(rows) else None)
        self._size_preview_columns()

    def _fill_preview(self, mapping: dict[int, str], rows: list[PreviewRow]) -> None:
        columns = sorted(mapping)
        self.preview.setRowCount(len(rows))
        for row_number, row in enumerate(rows):
            line = QTableWidgetItem(str(row.line))
            if not row.valid:
                line.setForeground(QBrush(ERROR_TEXT))
                line.setToolTip(plain_tooltip("\n".join(str(e) for e in row.errors)))
            self.preview.setItem(row_number, 0, line)
            for position, index in enumerate(columns, start=1):
                cell = row.cells[index]
                item = QTableWidgetItem(one_line(cell.text))
                if mapping[index] in NUMERIC_FIELDS:
                    item.setTextAlignment(RIGHT_ALIGNED)
                if cell.error:
                    item.setBackground(QBrush(ERROR_BACKGROUND))
                    item.setForeground(QBrush(ERROR_TEXT))
                    item.setToolTip(plain_tooltip(cell.error))
                elif len(cell.text) > 30 or "\n" in cell.text:
                    item.setToolTip(plain_tooltip(cell.text))
                self.preview.setItem(row_number, position, item)

    def _fill_raw_preview(self, columns: list[int]) -> None:
        assert self.source is not None
        rows = self.source.table.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for row_number, (line, cells) in enumerate(rows):
            self.preview.setItem(row_number, 0, QTableWidgetItem(str(line)))
            for position, index in enumerate(columns, start=1):
                text = cells[index] if index < len(cells) else ""
                item = QTableWidgetItem(one_line(text))
                item.setForeground(QBrush(MUTED_TEXT))
                self.preview.setItem(row_number, position, item)

    def _size_preview_columns(self) -> None:
        self.preview.resizeColumnsToContents()
        for column in range(1, self.preview.columnCount()):
            width = self.preview.columnWidth(column)
            self.preview.setColumnWidth(column, min(max(width + 10, 70), 240))

    # -- moving on ----------------------------------------------------------------------------
    def _dry_run_toggled(self, checked: bool) -> None:
        self.setButtonText(QWizard.WizardButton.NextButton, "&Check" if checked else "&Import")

    def isComplete(self) -> bool:
        return self.source is not None and not self.problems

    def validatePage(self) -> bool:
        return self.plan() is not None


class ImportPage(QWizardPage):
    """Step 3: the import running on the worker, with progress and Cancel."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Importing")
        self.job: Job | None = None
        self._ended = False
        self.message = _label()
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(420)
        self.cancel_button = QPushButton("Cancel import")
        self.cancel_button.clicked.connect(self.cancel)
        self.note = _label()
        _set_colour(self.note, MUTED_TEXT)

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

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        """Start importing the mapped file on the worker."""
        plan = self._wizard.mapping_page.plan()
        assert plan is not None, "the mapping page lets no bad mapping through"
        dry_run = self._wizard.mapping_page.dry_run.isChecked()
        store, rows = self._wizard.store, len(plan.table.rows)
        self._ended = False
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

        def work(job: Job) -> ImportResult | ImportCancelled | ImportFailed:
            try:
                return import_accounts(store, plan, progress=job.report,
                                       cancelled=job.cancelled, dry_run=dry_run)
            except (ImportCancelled, ImportFailed) as exc:
                return exc

        self.job = self._wizard.tasks.submit(
            work, lambda outcome: self._ended_with(plan, dry_run, outcome),
            lambda message: self._ended_with(plan, dry_run, ImportFailed(message)))
        self.job.progress.connect(self._progress)
        self._lock_navigation(True)

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
        dry_run = self._wizard.mapping_page.dry_run.isChecked()
        self.message.setText("Looking for suspected duplicates…" if dry_run else
                             "Looking for suspected duplicates and saving…")

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} rows checked")

    def _ended_with(self, plan: ImportPlan, dry_run: bool,
                    outcome: ImportResult | ImportCancelled | ImportFailed) -> None:
        self.job = None
        self._ended = True
        self._lock_navigation(False)
        self.cancel_button.hide()
        if isinstance(outcome, ImportCancelled):
            self._show_cancelled()
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("Done")
        self.note.setText("")
        if isinstance(outcome, ImportFailed):
            self.setTitle("Import failed")
            self.message.setText("The import failed: nothing was saved.")
            self._wizard.finish_import(ImportOutcome(plan, dry_run, failure=str(outcome)))
        else:
            self.setTitle("Check finished" if dry_run else "Import finished")
            self.message.setText("Every row was checked: nothing was saved." if dry_run else
                                 "Every row was checked and the valid ones were saved.")
            self._wizard.finish_import(ImportOutcome(plan, dry_run, result=outcome))

    def _show_cancelled(self) -> None:
        self.setTitle("Import cancelled")
        self.message.setText("The import was cancelled: nothing was saved, your accounts are "
                             "as they were.")
        self.progress.hide()
        self.note.setText("Go Back to change the columns and import again, or Cancel to close "
                          "the wizard.")
        self.completeChanged.emit()

    def _lock_navigation(self, locked: bool) -> None:
        """While importing, Back and the wizard's Cancel are off (Cancel import stops it)."""
        self._wizard.mapping_page.setCommitPage(locked)  # disables Back on this page
        self._wizard.button(QWizard.WizardButton.CancelButton).setEnabled(not locked)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._ended and self._wizard.outcome is not None and not self.progress.isHidden()


class ResultPage(QWizardPage):
    """Step 4: the counts, the rejected rows (to save) and the suspected duplicates."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.headline = _label()
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        self.counts: dict[str, tuple[QLabel, QLabel]] = {}
        self.counts_box = QWidget()
        counts_row = QHBoxLayout(self.counts_box)
        counts_row.setContentsMargins(0, 0, 0, 0)
        for key in ("inserted", "updated", "rejected", "duplicates"):
            box, number, caption = self._count_box()
            self.counts[key] = (number, caption)
            counts_row.addWidget(box)
        self.details = _label()
        _set_colour(self.details, MUTED_TEXT)

        self.rejects = RowsPanel(
            "These rows were not imported. Save them, fix the cells named here, and import "
            "the saved file again.", ("Line", "Column", "Value", "Reason"), (60, 180, 220),
            "No row was rejected.")
        self.duplicates = RowsPanel(
            "These rows were imported but look like another account. Nothing was merged: "
            "check them in your accounts.", ("Line", "Account", "Looks like", "Why"),
            (60, 260, 360), "No suspected duplicates.")
        self.save_button = QPushButton("Save rejected rows…")
        self.save_button.setToolTip("Write the rejected rows, with their problems, to a CSV "
                                    "file you can fix and import again")
        self.save_button.clicked.connect(self.choose_rejects_file)
        self.saved_label = _label()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        self.rejects.layout().addLayout(save_row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rejects, "Rejected rows")
        self.tabs.addTab(self.duplicates, "Suspected duplicates")
        self.import_now_button = QPushButton("Import these rows now")
        self.import_now_button.clicked.connect(wizard.import_now)

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

    @staticmethod
    def _count_box() -> tuple[QFrame, QLabel, QLabel]:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        number = _label(wrap=False)
        font = QFont(number.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        number.setFont(font)
        caption = _label()
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(number)
        box_layout.addWidget(caption)
        return box, number, caption

    def initializePage(self) -> None:
        outcome = self._wizard.outcome
        assert outcome is not None
        self.saved_label.clear()
        self.import_now_button.setVisible(outcome.dry_run and outcome.result is not None)
        if outcome.result is None:
            self._show_failure(outcome)
        else:
            self._show_result(outcome, outcome.result)

    def _show_failure(self, outcome: ImportOutcome) -> None:
        self.setTitle("The import failed")
        self.setSubTitle(outcome.plan.path.name)
        self.headline.setText("Nothing was saved: your accounts are as they were.")
        _set_colour(self.headline, ERROR_TEXT)
        self.details.setText(f"Reason: {outcome.failure}\n\nGo Back to try again, or Finish to "
                             "close the wizard.")
        _set_colour(self.details, None)
        self.counts_box.hide()
        self.tabs.hide()
        self.filler.show()

    def _show_result(self, outcome: ImportOutcome, result: ImportResult) -> None:
        dry = outcome.dry_run
        self.setTitle("Check finished" if dry else "Import finished")
        self.setSubTitle(f"{plural(result.rows, 'row')} read from {outcome.plan.path.name}")
        self.headline.setText(self._headline(result, dry))
        _set_colour(self.headline, None)
        self._set_count("inserted", result.inserted,
                        "would be imported" if dry else "new accounts imported")
        self._set_count("updated", result.updated,
                        "would be updated" if dry else "accounts updated")
        self._set_count("rejected", result.rejected_rows, "rows rejected")
        self._set_count("duplicates", len(result.duplicates), "suspected duplicates")
        details = []
        if result.updated:
            details.append("Updated accounts matched a row by its external id.")
        if result.ignored_columns:
            names = ", ".join(f"“{c}”" for c in result.ignored_columns)
            details.append(f"Columns not imported: {names}.")
        self.details.setText(" ".join(details))
        _set_colour(self.details, MUTED_TEXT)
        self._show_rejects(result.rejected)
        self._show_duplicates(result.duplicates)
        self.counts_box.show()
        self.tabs.show()
        self.filler.hide()
        self.tabs.setCurrentIndex(0 if result.rejected or not result.duplicates else 1)

    @staticmethod
    def _headline(result: ImportResult, dry_run: bool) -> str:
        saved = result.inserted + result.updated
        if dry_run:
            return (f"Check only: nothing was saved. {plural(saved, 'account')} would be "
                    "saved.")
        if saved:
            return f"{plural(saved, 'account')} saved."
        return "No account was saved: every row was rejected." if result.rows else \
            "No account was saved: the file has no rows."

    def _set_count(self, key: str, count: int, caption: str) -> None:
        number, label = self.counts[key]
        number.setText(f"{count:,}")
        label.setText(caption)
        alarming = key in ("rejected", "duplicates") and count > 0
        _set_colour(number, (ERROR_TEXT if key == "rejected" else WARNING_TEXT)
                    if alarming else None)

    def _show_rejects(self, rejected: list[RowError]) -> None:
        self.rejects.show_rows([(str(e.line), e.column, e.value, e.reason) for e in rejected])
        self.save_button.setVisible(bool(rejected))
        self.tabs.setTabText(0, f"Rejected rows ({len({e.line for e in rejected}):,})")

    def _show_duplicates(self, duplicates: list[Duplicate]) -> None:
        self.duplicates.show_rows(
            [(str(d.first.line or ""), d.first.account.name, _other(d.second), d.reason)
             for d in duplicates])
        self.tabs.setTabText(1, f"Suspected duplicates ({len(duplicates):,})")

    # -- saving the rejects -------------------------------------------------------------------
    def choose_rejects_file(self) -> None:
        outcome = self._wizard.outcome
        if outcome is None:
            return
        source = outcome.plan.path
        suggested = source.with_name(f"{source.stem}-rejected.csv")
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save rejected rows", str(suggested), "CSV file (*.csv)")
        if name:
            self.save_rejects(Path(name))

    def save_rejects(self, path: Path) -> bool:
        """Write the rejected rows (line, problems, the row as it was) to ``path``."""
        outcome = self._wizard.outcome
        if outcome is None or outcome.result is None:
            return False
        if not path.suffix:
            path = path.with_suffix(".csv")
        rejected = outcome.result.rejected
        try:
            write_rejects(path, outcome.plan, rejected)
        except OSError as exc:
            self.saved_label.setText(f"Could not save {path.name}: {exc.strerror or exc}")
            _set_colour(self.saved_label, ERROR_TEXT)
            return False
        count = len({e.line for e in rejected})
        self.saved_label.setText(f"{plural(count, 'row')} saved to {path}")
        _set_colour(self.saved_label, None)
        return True


def _other(candidate: Candidate) -> str:
    if candidate.line is not None:
        return f"{candidate.account.name} (line {candidate.line} of this file)"
    return f"{candidate.account.name} (already in your accounts)"
