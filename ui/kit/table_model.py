"""The plumbing every flat table model repeats, written once.

A table model derives from :class:`TableModel` and says only what is its own: how many rows
it has (:meth:`~TableModel.row_count`), its column headers (the ``HEADERS`` class attribute,
or :meth:`~TableModel.headers` for a table whose columns change), what a cell adds to being
enabled and selectable (:meth:`~TableModel.cell_flags`: editable, checkable) and ``data``.
The base answers Qt's ``rowCount``, ``columnCount``, ``headerData`` and ``flags`` from
those; a model with more to say in its header (a tooltip, a right alignment) overrides
``headerData`` and hands the other roles to ``super()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

__all__ = ["Index", "TableModel"]

#: The index Qt hands a model's methods.
Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    """A flat table of :meth:`row_count` rows and one column per header.

    Has no ``__len__`` on purpose: a model with no rows would then count as false."""

    #: The column headers of a table whose columns never change.
    HEADERS: ClassVar[Sequence[str]] = ()

    def row_count(self) -> int:
        """How many rows the table has (every model says)."""
        raise NotImplementedError(f"{type(self).__name__} must say how many rows it has")

    def headers(self) -> Sequence[str]:
        """The column headers as they are now (``HEADERS`` unless a model's columns change)."""
        return self.HEADERS

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        """What the cell at the valid ``index`` adds to enabled and selectable (nothing)."""
        return Qt.ItemFlag.NoItemFlags

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        headers = self.headers()
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(headers)):
            return headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | self.cell_flags(index)
