"""The Territories page: every territory with its accounts, and those outside all of them.

A territory is drawn on the map (the map page saves the shape, then calls
:meth:`TerritoriesPage.refresh`) or listed as postcodes, postcode prefixes and towns in
:class:`TerritoryDialog`.  Accounts fall into territories by themselves; the last row of
the table counts the accounts outside every territory, so they are easy to find.
Double-clicking a row asks the main window to show its accounts (:attr:`show_accounts`).

Every database call runs on the :class:`~ui.kit.tasks.TaskRunner` worker: saving or deleting a
territory places 100,000 accounts again, which takes a moment, and the page shows it is
busy meanwhile instead of freezing.  Territory names are always shown as plain text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QIcon,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldrep.store import Store
from fieldrep.territories.service import (
    PALETTE,
    TerritoryCount,
    TerritoryData,
    TerritoryError,
    delete_territory,
    parse_areas,
    save_territory,
    territory_counts,
)
from ui.kit.tasks import Job, TaskRunner

OUTSIDE = "Outside every territory"
DRAW_HINT = ("To draw a territory, use the polygon or rectangle tool on the map, then choose "
             "“Make a territory of this shape”.")
AREAS_HINT = ("One per line or separated by commas: postcodes (69003), postcode prefixes "
              "ending with * (38* for every postcode starting with 38) and town names.")
ERROR_COLOUR = "#b3261e"
HINT_COLOUR = "#666666"
OUTSIDE_BACKGROUND = QColor("#f1f3f6")
SHOWN_AREAS_WIDTH = 30
_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Territory", "Defined by", "Accounts")
NAME, DEFINITION, ACCOUNTS = range(3)


# -- words ---------------------------------------------------------------------------------
def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def areas_summary(areas: Sequence[str], width: int = SHOWN_AREAS_WIDTH) -> str:
    """``2 postcodes and 1 postcode prefix: 69001, 69002, 38*``: what and the first few."""
    shown: list[str] = []
    for area in areas:
        if shown and len(", ".join([*shown, area])) > width:
            break
        shown.append(area)
    more = "…" if len(shown) < len(areas) else ""
    kinds = areas_reading(areas).removeprefix("Read as ").removesuffix(".")
    return f"{kinds}: {', '.join(shown)}{more}"


def definition_text(territory: TerritoryData) -> str:
    """How accounts get into a territory, in a few words for the table."""
    parts = []
    if territory.polygon is not None:
        parts.append("drawn on the map")
    if territory.areas:
        parts.append(areas_summary(territory.areas))
    return " + ".join(parts) or "list made by hand"


def areas_reading(areas: Sequence[str]) -> str:
    """How the areas typed in the dialog will be read (postcodes, prefixes, towns)."""
    postcodes = prefixes = towns = 0
    for area in areas:
        code = area.replace(" ", "")
        if code.endswith("*") and len(code) > 1:
            prefixes += 1
        elif any(ch.isdigit() for ch in code):
            postcodes += 1
        else:
            towns += 1
    parts = [text for count, text in (
        (postcodes, _plural(postcodes, "postcode", "postcodes")),
        (prefixes, _plural(prefixes, "postcode prefix", "postcode prefixes")),
        (towns, _plural(towns, "town", "towns"))) if count]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"Read as {listed}."


def delete_question(territory: TerritoryData, accounts: int) -> str:
    """The confirmation asked before deleting ``territory``, which holds ``accounts``."""
    if accounts == 0:
        fate = "It holds no accounts."
    else:
        which = "Its account" if accounts == 1 else f"Its {accounts:,} accounts"
        fate = (f"{which} will fall into another territory that covers them, or into none "
                f"(“{OUTSIDE}”). Accounts placed in it by hand go back to the automatic "
                "rules.")
    return f"Delete the territory “{territory.name}”?\n\n{fate}"


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (tooltips otherwise guess at rich text)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def next_colour(used: Sequence[str]) -> str:
    """The first palette colour no territory uses yet (the palette again when all are)."""
    taken = {c.lower() for c in used}
    free = [c for c in PALETTE if c.lower() not in taken]
    return free[0] if free else PALETTE[len(used) % len(PALETTE)]


def swatch(colour: str | None, size: int = 14) -> QIcon:
    """A small square of ``colour``; None gives the hollow square of "outside"."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if colour is None:
            painter.setPen(QPen(QColor("#8a8f98"), 1.2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            fill = _qcolour(colour, QColor("#9e9e9e"))
            painter.setPen(QPen(fill.darker(130), 1))
            painter.setBrush(fill)
        painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    finally:
        painter.end()
    return QIcon(pixmap)


# -- the table -----------------------------------------------------------------------------
class TerritoriesModel(QAbstractTableModel):
    """Territories with their account counts; the "outside every territory" row stays last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TerritoryCount] = []  # the outside row (territory None) is last
        self._sort: tuple[int, Qt.SortOrder] = (NAME, Qt.SortOrder.AscendingOrder)
        self._icons: dict[str | None, QIcon] = {}

    def set_counts(self, counts: Sequence[TerritoryCount]) -> None:
        """Show these counts (as :func:`territory_counts` gives them)."""
        self.beginResetModel()
        territories = [c for c in counts if c.territory is not None]
        outside = [c for c in counts if c.territory is None]
        self._rows = self._sorted(territories) + outside[:1]
        self.endResetModel()

    # -- reading ----------------------------------------------------------------------------
    def count_at(self, row: int) -> TerritoryCount | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def territory_at(self, row: int) -> TerritoryData | None:
        count = self.count_at(row)
        return count.territory if count else None

    def row_of(self, territory_id: int) -> int:
        """The row of a territory (0: the outside row), or -1."""
        for row, count in enumerate(self._rows):
            if (count.territory.id if count.territory else 0) == territory_id:
                return row
        return -1

    def territories(self) -> list[TerritoryData]:
        return [c.territory for c in self._rows if c.territory is not None]

    def outside_count(self) -> int:
        return sum(c.accounts for c in self._rows if c.territory is None)

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == ACCOUNTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        count = self.count_at(index.row()) if index.isValid() else None
        if count is None:
            return None
        territory, column = count.territory, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(count, column)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return self._icon(territory.color if territory else None)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(territory, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ACCOUNTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if territory is None and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if territory is None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OUTSIDE_BACKGROUND)
        if role == Qt.ItemDataRole.UserRole:
            return territory.id if territory else 0
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the territories by ``column``; the outside row stays last."""
        if not 0 <= column < len(_HEADERS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_rows = list(self._rows)
        territories = [c for c in self._rows if c.territory is not None]
        self._rows = self._sorted(territories) + [c for c in self._rows if c.territory is None]
        moved = {id(c): row for row, c in enumerate(self._rows)}
        after = [self.index(moved[id(old_rows[i.row()])], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # -- helpers ----------------------------------------------------------------------------
    def _sorted(self, counts: list[TerritoryCount]) -> list[TerritoryCount]:
        column, order = self._sort

        def key(count: TerritoryCount) -> tuple[Any, str]:
            assert count.territory is not None
            name = count.territory.name.casefold()
            if column == ACCOUNTS:
                return count.accounts, name
            if column == DEFINITION:
                return definition_text(count.territory).casefold(), name
            return name, ""

        return sorted(counts, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    @staticmethod
    def _display(count: TerritoryCount, column: int) -> str:
        territory = count.territory
        if column == ACCOUNTS:
            return f"{count.accounts:,}"
        if column == NAME:
            return territory.name if territory else OUTSIDE
        return definition_text(territory) if territory else "in no territory"

    @staticmethod
    def _tooltip(territory: TerritoryData | None, column: int) -> str:
        if territory is None:
            return plain_tooltip("Accounts that fall into no territory: double-click to see them.")
        if column == DEFINITION and territory.areas:
            return plain_tooltip("\n".join(territory.areas))
        return plain_tooltip(f"{territory.name}: double-click to see its accounts.")

    def _icon(self, colour: str | None) -> QIcon:
        if colour not in self._icons:
            self._icons[colour] = swatch(colour)
        return self._icons[colour]


# -- the dialog ----------------------------------------------------------------------------
class TerritoryDialog(QDialog):
    """Create a territory (``territory`` None) or edit one: name, colour, postcodes and towns.

    ``save`` is called with :meth:`territory` on Save and returns the worker's job, whose
    result is the saved territory or the :class:`~fieldrep.territories.service.TerritoryError`
    refusing it.  The dialog stays open, everything typed intact, until the save succeeds;
    then it emits :attr:`saved` and closes.  Without ``save`` it just accepts, and the
    caller reads :meth:`territory`.  A drawn territory keeps its shape.
    """

    saved = Signal(object)  # TerritoryData, with its id

    def __init__(
        self,
        parent: QWidget | None = None,
        territory: TerritoryData | None = None,
        *,
        colour: str = PALETTE[0],
        save: Callable[[TerritoryData], Job] | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = territory
        self._save = save
        self._job: Job | None = None
        self._colour = territory.color if territory and territory.color else colour
        self.setWindowTitle(f"Edit territory — {territory.name}" if territory
                            else "New territory")
        self.setMinimumWidth(540)
        self._build()
        if territory is not None:
            self.name_edit.setText(territory.name)
            self.areas_edit.setPlainText("\n".join(territory.areas))
        self.set_colour(self._colour)
        self._areas_changed()
        self.name_edit.setFocus()

    def _build(self) -> None:
        self.name_edit = QLineEdit(maxLength=200, placeholderText="e.g. Lyon Est, Isère, Alps")
        self.colour_button = QPushButton()
        self.colour_button.setToolTip("Choose the colour of the territory on the map")
        self.colour_button.clicked.connect(self.choose_colour)
        self.areas_edit = QPlainTextEdit()
        self.areas_edit.setPlaceholderText("69001\n69002\n38*\nAnnecy")
        self.areas_edit.setTabChangesFocus(True)
        self.areas_edit.setMinimumHeight(130)
        self.areas_edit.textChanged.connect(self._areas_changed)
        self.reading_label = _hint_label("", None)
        self.error_label = _hint_label("", ERROR_COLOUR)
        self.error_label.hide()
        self.busy_label = _hint_label("Saving and placing the accounts…")
        self.busy_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        drawn = self._original is not None and self._original.polygon is not None
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_buddy("&Name:", self.name_edit), self.name_edit)
        form.addRow(_buddy("&Colour:", self.colour_button), _left(self.colour_button))
        if drawn:
            form.addRow("Shape:", QLabel("drawn on the map (draw a new one there to change it)"))
        areas_title = "Also &postcodes and towns:" if drawn else "&Postcodes and towns:"
        self.form = QWidget()
        column = QVBoxLayout(self.form)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addSpacing(6)
        column.addWidget(_buddy(areas_title, self.areas_edit))
        column.addWidget(self.areas_edit, 1)
        column.addWidget(self.reading_label)
        column.addWidget(_hint_label(AREAS_HINT))

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)

    # -- values -------------------------------------------------------------------------
    def territory(self) -> TerritoryData:
        """The territory as typed (id, shape and notes of the edited one kept)."""
        typed = TerritoryData(name=self.name_edit.text(), color=self._colour,
                              areas=parse_areas(self.areas_edit.toPlainText()))
        if self._original is None:
            return typed
        return replace(self._original, name=typed.name, color=typed.color, areas=typed.areas)

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        """Use ``colour`` (``#rrggbb``; anything else is refused when saving)."""
        self._colour = colour
        self.colour_button.setIcon(swatch(colour, 16))
        self.colour_button.setIconSize(QSize(16, 16))
        self.colour_button.setText(f"  {colour}  Change…")

    def choose_colour(self) -> None:
        """Pick a colour in Qt's colour dialog, with the territory palette offered first."""
        for i, colour in enumerate(PALETTE):
            QColorDialog.setCustomColor(i, QColor(colour))
        start = _qcolour(self._colour, QColor(PALETTE[0]))
        chosen = QColorDialog.getColor(start, self, "Territory colour")
        if chosen.isValid():
            self.set_colour(chosen.name())

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def is_saving(self) -> bool:
        return self._job is not None

    # -- saving -------------------------------------------------------------------------
    def accept(self) -> None:
        if self.is_saving():
            return
        if self._save is None:
            super().accept()
            return
        self.error_label.hide()
        self._set_saving(True)
        self._job = self._save(self.territory())
        self._job.finished.connect(self._save_finished)
        self._job.failed.connect(self._save_failed)

    def _save_finished(self, result: object) -> None:
        self._set_saving(False)
        if isinstance(result, TerritoryData):
            self.saved.emit(result)
            super().accept()
        else:
            self.show_error(str(result))

    def _save_failed(self, message: str) -> None:
        self._set_saving(False)
        self.show_error(message)

    def show_error(self, message: str) -> None:
        """Say why the territory was not saved; everything typed stays."""
        self.error_label.setText(f"⚠ Not saved: {message}")
        self.error_label.show()
        self.name_edit.setFocus()

    def _set_saving(self, saving: bool) -> None:
        if not saving:
            self._job = None
        self.form.setEnabled(not saving)
        self.buttons.setEnabled(not saving)
        self.busy_label.setVisible(saving)
        if saving:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def reject(self) -> None:
        if not self.is_saving():  # the accounts are being placed: wait for the answer
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_saving():
            event.ignore()
        else:
            super().closeEvent(event)

    # -- feedback -----------------------------------------------------------------------
    def _areas_changed(self) -> None:
        areas = parse_areas(self.areas_edit.toPlainText())
        drawn = self._original is not None and self._original.polygon is not None
        if areas:
            text = areas_reading(areas)
        elif drawn:
            text = "Empty: only the drawn shape places accounts here."
        else:
            text = ("Empty: a list you fill by hand from the Accounts page (no account "
                    "falls into it by itself).")
        self.reading_label.setText(text)


# -- the page ------------------------------------------------------------------------------
class TerritoriesPage(QWidget):
    """The territories with their counts; create, edit, delete; show a territory's accounts."""

    #: Show the accounts of this territory id (0: the accounts outside every territory).
    show_accounts = Signal(int)
    #: A territory was created, edited or deleted: the map and the filters refresh.
    changed = Signal()

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.model = TerritoriesModel(self)
        self.loaded = False  # the first counts arrived
        self._busy: list[str] = []
        self._select_after: int | None = None
        self._build_actions()
        self._build_widgets()
        self._build_layout()
        self._update_actions()
        self.refresh()

    # -- building -----------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.new_action = _action(self, "&New territory…", self.new_territory,
                                  QKeySequence.StandardKey.New,
                                  "Define a territory by a list of postcodes and towns")
        self.edit_action = _action(self, "&Edit…", self.edit_selected, "F2",
                                   "Change the name, colour, postcodes and towns")
        self.delete_action = _action(self, "&Delete", self.delete_selected,
                                     QKeySequence.StandardKey.Delete,
                                     "Delete the territory (its accounts are placed again)")
        self.show_action = _action(self, "&Show accounts", self.show_selected_accounts,
                                   "Return", "Show the accounts of this row on the Accounts page")

    def _build_widgets(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DEFINITION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACCOUNTS, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(90)
        self.table.setColumnWidth(NAME, 260)
        self.table.setColumnWidth(ACCOUNTS, 110)
        self.table.doubleClicked.connect(self._row_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.show_action, self.edit_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.new_action)

        self.buttons = [_button(a) for a in (self.new_action, self.edit_action,
                                              self.delete_action, self.show_action)]
        self.busy_bar = QProgressBar(maximumWidth=120, maximumHeight=12, textVisible=False)
        self.busy_bar.setRange(0, 0)
        self.busy_label = _hint_label("")
        self.busy_label.setWordWrap(False)
        self.summary_label = _hint_label("Counting the accounts…")
        self.message_label = _hint_label("", ERROR_COLOUR)
        self.message_label.hide()
        self.hint_label = _hint_label(DRAW_HINT)
        self._show_busy()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for button in self.buttons:
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.busy_label)
        top.addWidget(self.busy_bar)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.hint_label)

    # -- loading ------------------------------------------------------------------------
    def refresh(self) -> Job:
        """Count the accounts per territory again, on the worker."""
        store = self.store
        return self._run(lambda _job: territory_counts(store), self._show_counts)

    def _show_counts(self, counts: list[TerritoryCount]) -> None:
        selected = self._select_after if self._select_after is not None else self.selected_id()
        self._select_after = None
        self.model.set_counts(counts)
        self.loaded = True
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.table.selectRow(row)
        territories = self.model.territories()
        total = sum(c.accounts for c in counts)
        self.summary_label.setText(
            f"{_plural(len(territories), 'territory', 'territories')} · "
            f"{_plural(total, 'account', 'accounts')}, "
            f"{self.model.outside_count():,} outside every territory")
        self._update_actions()

    # -- the selection ------------------------------------------------------------------
    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_id(self) -> int | None:
        """The selected territory's id, 0 for the outside row, None when nothing is."""
        count = self.model.count_at(self.selected_row())
        if count is None:
            return None
        return count.territory.id if count.territory else 0

    def select_territory(self, territory_id: int) -> None:
        """Select a territory's row (0: the outside row)."""
        row = self.model.row_of(territory_id)
        if row >= 0:
            self.table.selectRow(row)

    def _update_actions(self) -> None:
        territory = self.model.territory_at(self.selected_row())
        busy = bool(self._busy)
        self.new_action.setEnabled(not busy)
        self.edit_action.setEnabled(territory is not None and not busy)
        self.delete_action.setEnabled(territory is not None and not busy)
        self.show_action.setEnabled(self.selected_row() >= 0)

    # -- showing accounts ---------------------------------------------------------------
    def show_selected_accounts(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self.show_accounts.emit(selected)

    def _row_double_clicked(self, index: QModelIndex) -> None:
        self.show_accounts.emit(int(self.model.data(index, Qt.ItemDataRole.UserRole)))

    # -- creating and editing -----------------------------------------------------------
    def make_dialog(self, territory: TerritoryData | None = None) -> TerritoryDialog:
        """The dialog for a new territory (None) or for ``territory``, saving on the worker."""
        used = [t.color for t in self.model.territories()]
        dialog = TerritoryDialog(self, territory, colour=next_colour(used), save=self._save)
        dialog.saved.connect(self._saved)
        return dialog

    def new_territory(self) -> None:
        self._open(self.make_dialog())

    def edit_selected(self) -> None:
        territory = self.model.territory_at(self.selected_row())
        if territory is not None:
            self._open(self.make_dialog(territory))

    @staticmethod
    def _open(dialog: TerritoryDialog) -> None:
        dialog.exec()  # the page refreshes through dialog.saved
        dialog.deleteLater()

    def _save(self, territory: TerritoryData) -> Job:
        store = self.store
        name = " ".join(territory.name.split())
        return self._run(lambda _job: _save_or_refusal(store, territory), lambda _r: None,
                         lambda _message: None, f"Saving “{name}” and placing the accounts…")

    def _saved(self, territory: TerritoryData) -> None:
        self._select_after = territory.id
        self._clear_error()
        self.changed.emit()
        self.refresh()

    # -- deleting -----------------------------------------------------------------------
    def delete_selected(self) -> Job | None:
        """Delete the selected territory once the rep confirms."""
        count = self.model.count_at(self.selected_row())
        if count is None or count.territory is None:
            return None
        if not self.confirm_delete(count.territory, count.accounts):
            return None
        return self.delete(count.territory)

    def confirm_delete(self, territory: TerritoryData, accounts: int) -> bool:
        """Ask before deleting, naming the territory and how many accounts move."""
        box = QMessageBox(QMessageBox.Icon.Question, "Delete territory",
                          delete_question(territory, accounts),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.button(QMessageBox.StandardButton.Yes).setText("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def delete(self, territory: TerritoryData) -> Job:
        """Delete ``territory`` on the worker (no question asked), then count again."""
        store, territory_id = self.store, territory.id
        assert territory_id is not None
        return self._run(lambda _job: delete_territory(store, territory_id), self._deleted,
                         busy=f"Deleting “{territory.name}” and placing its accounts…")

    def _deleted(self, _result: object) -> None:
        self._clear_error()
        self.changed.emit()
        self.refresh()

    # -- running on the worker ----------------------------------------------------------
    def _run(
        self,
        work: Callable[[Job], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
        busy: str | None = None,
    ) -> Job:
        """Submit ``work``; while it runs with a ``busy`` text, the page says so."""
        if busy:
            self._busy.append(busy)
            self._show_busy()

        def done(result: object) -> None:
            self._end_busy(busy)
            on_done(result)

        def failed(message: str) -> None:
            self._end_busy(busy)
            (on_error or self._error)(message)

        return self.tasks.submit(work, done, failed)

    def _end_busy(self, busy: str | None) -> None:
        if busy and busy in self._busy:
            self._busy.remove(busy)
            self._show_busy()

    def is_busy(self) -> bool:
        return bool(self._busy)

    def _show_busy(self) -> None:
        busy = self.is_busy()
        self.busy_label.setText(self._busy[-1] if busy else "")
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.table.viewport().setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.table.viewport().unsetCursor()
        self._update_actions()

    def _error(self, message: str) -> None:
        self.message_label.setText(f"⚠ {message}")
        self.message_label.show()

    def _clear_error(self) -> None:
        self.message_label.clear()
        self.message_label.hide()


# -- helpers -------------------------------------------------------------------------------
def _save_or_refusal(store: Store, territory: TerritoryData) -> TerritoryData | TerritoryError:
    """Save on the worker; a refusal is an answer for the dialog, not a crash to report."""
    try:
        return save_territory(store, territory)
    except TerritoryError as exc:
        return exc


def _qcolour(text: str, fallback: QColor) -> QColor:
    return QColor(text) if QColor.isValidColorName(text) else fallback


def _action(parent: QWidget, text: str, slot: Callable[[], object],
            shortcut: QKeySequence.StandardKey | str, tip: str) -> QAction:
    action = QAction(text, parent)
    action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _button(action: QAction) -> QPushButton:
    """A push button that follows ``action`` (text, tooltip, enabled)."""
    button = QPushButton(action.text())
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    button.setEnabled(action.isEnabled())
    return button


def _hint_label(text: str, colour: str | None = HINT_COLOUR) -> QLabel:
    label = QLabel(text, textFormat=Qt.TextFormat.PlainText, wordWrap=True)
    if colour:
        label.setStyleSheet(f"color: {colour}")
    return label


def _buddy(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _stack(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    for widget in widgets:
        box.addWidget(widget)
    return holder


def _left(widget: QWidget) -> QWidget:
    holder = QWidget()
    box = QHBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(widget)
    box.addStretch(1)
    return holder
