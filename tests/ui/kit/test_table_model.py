"""The table model base: rows and columns from a count and headers, headers on top only,
cells enabled and selectable plus what a model adds; Qt's model checks pass."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from ui.kit.table_model import Index, TableModel

DISPLAY = Qt.ItemDataRole.DisplayRole
HORIZONTAL, VERTICAL = Qt.Orientation.Horizontal, Qt.Orientation.Vertical


class Fruit(TableModel):
    HEADERS = ("Fruit", "Colour")

    def __init__(self, rows: Sequence[tuple[str, ...]] = ()) -> None:
        super().__init__()
        self.rows = list(rows)

    def row_count(self) -> int:
        return len(self.rows)

    def cell_flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEditable if index.column() == 1 else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or role != DISPLAY:
            return None
        return self.rows[index.row()][index.column()]


class Growing(Fruit):
    """A table whose columns change: one more each time it is asked to grow."""

    def __init__(self) -> None:
        super().__init__([("apple", "red")])
        self.extra: list[str] = []

    def headers(self) -> Sequence[str]:
        return (*self.HEADERS, *self.extra)

    def grow(self, header: str) -> None:
        self.beginResetModel()
        self.extra.append(header)
        self.rows = [(*row, "") for row in self.rows]
        self.endResetModel()


def test_a_model_with_rows_passes_qts_checks(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(Fruit([("apple", "red"), ("banana", "yellow")]))


def test_an_empty_model_passes_qts_checks_and_is_still_true(qtmodeltester: ModelTester) -> None:
    model = Fruit()
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model  # no __len__: an empty model is not false


def test_columns_that_change_pass_qts_checks(qtmodeltester: ModelTester) -> None:
    model = Growing()
    qtmodeltester.check(model)
    model.grow("Taste")
    assert model.columnCount() == 3
    assert model.headerData(2, HORIZONTAL) == "Taste"
    qtmodeltester.check(model)


def test_rows_and_columns_come_from_the_count_and_headers_but_none_under_a_cell() -> None:
    model = Fruit([("apple", "red"), ("banana", "yellow")])
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    cell = model.index(0, 0)
    assert (model.rowCount(cell), model.columnCount(cell)) == (0, 0)


def test_headers_show_on_top_only_and_only_as_text() -> None:
    model = Fruit()
    assert [model.headerData(s, HORIZONTAL) for s in range(3)] == ["Fruit", "Colour", None]
    assert model.headerData(-1, HORIZONTAL) is None
    assert model.headerData(0, VERTICAL) is None
    assert model.headerData(0, HORIZONTAL, Qt.ItemDataRole.ToolTipRole) is None


def test_cells_are_enabled_and_selectable_plus_what_the_model_adds() -> None:
    model = Fruit([("apple", "red")])
    name, colour = model.flags(model.index(0, 0)), model.flags(model.index(0, 1))
    for flags in (name, colour):
        assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
    assert not name & Qt.ItemFlag.ItemIsEditable
    assert colour & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_a_model_must_say_how_many_rows_it_has() -> None:
    class Countless(TableModel):
        HEADERS = ("Name",)

    with pytest.raises(NotImplementedError, match="Countless"):
        Countless().rowCount()
