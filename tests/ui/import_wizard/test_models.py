"""The wizard's table models, checked by pytest-qt's model tester and read as a rep sees them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldrep.importing.service import ImportPlan, preview_import, read_plan
from tests.conftest import write
from ui.import_wizard.columns_model import FIELD_COLUMN, ColumnsModel
from ui.import_wizard.columns_view import ColumnsView
from ui.import_wizard.preview_model import PreviewModel
from ui.import_wizard.rows_panel import TextTableModel
from ui.kit.colours import ERROR, ERROR_BACKGROUND, MUTED, WARNING

CLIENTS = "Company;Zip;Tier;Remarque\nPharmacie;69001;A;x\nGarage;38000;Q;\n"


def clients(tmp_path: Path) -> ImportPlan:
    return read_plan(write(tmp_path / "clients.csv", CLIENTS))


def test_columns_model_passes_the_model_tester(qtmodeltester: ModelTester,
                                               tmp_path: Path) -> None:
    model = ColumnsModel(clients(tmp_path))
    qtmodeltester.check(model, force_py=True)
    model.set_field(3, "notes")
    model.mark_clashing(frozenset({0, 3}))
    qtmodeltester.check(model, force_py=True)


def test_columns_model_holds_the_choices_and_marks_ignored_and_clashing_columns(
        tmp_path: Path) -> None:
    model = ColumnsModel(clients(tmp_path))
    assert model.mapping() == {0: "name", 1: "postcode", 2: "tier"}
    assert [model.index(r, FIELD_COLUMN).data() for r in range(4)] == [
        "Account name", "Postcode", "Tier (A, B, C)", "— ignore —"]
    assert model.index(1, 1).data() == "69001   ·   38000"
    assert model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == MUTED

    changed: list[bool] = []
    model.mapping_changed.connect(lambda: changed.append(True))
    model.set_field(3, "name")
    model.set_field(3, "name")  # the same choice again changes nothing
    assert changed == [True] and model.mapping()[3] == "name"
    model.mark_clashing(frozenset({0, 3}))
    background = model.index(3, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == ERROR_BACKGROUND
    assert model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None


def test_the_columns_view_keeps_its_lists_and_the_model_in_step(
        qtbot: QtBot, tmp_path: Path) -> None:
    view = ColumnsView()
    qtbot.addWidget(view)
    model = ColumnsModel(clients(tmp_path))
    view.show_columns(model)
    assert view.combo(0).currentText() == "Account name"
    assert view.combo(3).currentText() == "— ignore —"

    combo = view.combo(3)
    combo.setCurrentIndex(combo.findData("notes"))  # the rep chooses
    assert model.mapping()[3] == "notes"
    model.set_field(3, "")  # the model changes: the list follows
    assert view.combo(3).currentText() == "— ignore —"


def test_preview_model_passes_the_model_tester(qtmodeltester: ModelTester,
                                               tmp_path: Path) -> None:
    plan = clients(tmp_path)
    model = PreviewModel()
    model.show_raw(plan.table.headers, plan.mapping, plan.table.rows)
    qtmodeltester.check(model, force_py=True)
    model.show_checked(plan.table.headers, plan.mapping, preview_import(plan))
    qtmodeltester.check(model, force_py=True)


def test_preview_model_shows_the_values_and_problems_of_each_row(tmp_path: Path) -> None:
    plan = clients(tmp_path)
    model = PreviewModel()
    model.show_checked(plan.table.headers, plan.mapping, preview_import(plan))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Line", "Account name", "Postcode", "Tier (A, B, C)"]
    assert "From the column “Zip”" in model.headerData(2, Qt.Orientation.Horizontal,
                                                       Qt.ItemDataRole.ToolTipRole)
    # A tier that says none is left empty and the row imported: a warning, not an error.
    bad = model.index(1, 3)
    assert bad.data() == "Q" and "says no tier" in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert bad.data(Qt.ItemDataRole.ForegroundRole).color().name() == WARNING
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    nameless = read_plan(write(tmp_path / "nameless.csv", "Company;Zip;Tier\n;69001;Q\n"))
    model.show_checked(nameless.table.headers, nameless.mapping, preview_import(nameless))
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole).color().name() == ERROR
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == ERROR

    model.show_raw(plan.table.headers, {3: "notes"}, plan.table.rows)
    assert [model.index(r, 1).data() for r in range(2)] == ["x", ""]
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole).color().name() == MUTED


def test_text_table_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = TextTableModel(("Line", "Reason"), [("3", "a\nlong reason")])
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 1).data() == "a ↵ long reason"
    assert model.text(0, 1) == "a\nlong reason"
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
