"""The table where a rep says what each column of the file holds: an "Import as" list on
every row, always open (a delegate's persistent editors over :class:`ColumnsModel`)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from fieldrep.importing.fields import field_choices, field_label
from ui.import_wizard.columns_model import FIELD_COLUMN, IGNORE_LABEL, ColumnsModel

_Index = QModelIndex | QPersistentModelIndex


class FieldDelegate(QStyledItemDelegate):
    """Edits an "Import as" cell with a list of the fields (and "ignore" first); a choice
    is taken as soon as it is made."""

    def __init__(self, choices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem,
                     _index: _Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setMaxVisibleItems(20)
        combo.addItem(IGNORE_LABEL, "")
        for field in self._choices:
            combo.addItem(field_label(field), field)
        combo.currentIndexChanged.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        # Quietly: the model already holds this choice (and a new editor is not yet the view's).
        with QSignalBlocker(editor):
            editor.setCurrentIndex(max(0, found))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ColumnsView(QTableView):
    """The file's columns, their samples and an open "Import as" list on each row."""

    def __init__(self) -> None:
        super().__init__()
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(30)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)

    def show_columns(self, model: ColumnsModel) -> None:
        """Show ``model``'s columns, each with its list of fields open."""
        old_delegate = self.itemDelegateForColumn(FIELD_COLUMN)
        old_selection = self.selectionModel()
        self.setModel(model)
        delegate = FieldDelegate(field_choices(model.source.mapping.values()), self)
        self.setItemDelegateForColumn(FIELD_COLUMN, delegate)
        for old in (old_delegate, old_selection):
            if old is not None:
                old.deleteLater()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 230)
        self.setColumnWidth(FIELD_COLUMN, 250)
        for row in range(model.rowCount()):
            self.openPersistentEditor(model.index(row, FIELD_COLUMN))

    def combo(self, row: int) -> QComboBox:
        """The "Import as" list of file column ``row``."""
        model = self.model()
        editor = self.indexWidget(model.index(row, FIELD_COLUMN))
        assert isinstance(editor, QComboBox)
        return editor
