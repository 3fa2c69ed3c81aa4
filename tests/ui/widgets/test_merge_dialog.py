"""The merge dialog itself: every value stays readable inside its column, a click on a
value chooses it, the side buttons choose every field."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from fieldrep.store.conflicts import FieldDifference
from ui.widgets.merge_dialog import MergeDialog

LONG = ("Complained about a late delivery last month: promised to check with logistics "
        "and to call back before Friday with the new delivery slots for the spring range")
DIFFERENCES = (
    FieldDifference("notes", "Notes", LONG, "Ordered 12 cases of the spring range; "
                    "delivery on Tuesday morning before the shop opens, ask for Paul"),
    FieldDifference("color", "Colour", "#d62728", "#1f77b4"),
    FieldDifference("needs", "Needs", "A shelf display", ""),
)


def open_dialog(qtbot: QtBot) -> MergeDialog:
    dialog = MergeDialog(None, "the visit to Cave des Canuts", DIFFERENCES, {"needs"})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_long_values_wrap_inside_the_dialog_rather_than_being_cut(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    for side in (dialog._mine, dialog._theirs):
        value = side["notes"].parentWidget().value  # type: ignore[attr-defined]
        right = value.mapTo(dialog, QPoint(value.width(), 0)).x()
        assert right <= dialog.width()
        assert value.height() > value.fontMetrics().height()  # on more than one line
        assert "…" not in value.text()
    swatch = dialog._theirs["color"].parentWidget().value  # type: ignore[attr-defined]
    assert "background-color:#1f77b4" in swatch.text()
    assert dialog._theirs["needs"].accessibleName() == "(empty)"


def test_clicking_a_value_chooses_it_and_the_side_buttons_choose_all(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    assert dialog.keep_mine() == {"needs"}
    mine_notes = dialog._mine["notes"].parentWidget().value  # type: ignore[attr-defined]
    qtbot.mouseClick(mine_notes, Qt.MouseButton.LeftButton)
    assert dialog.keep_mine() == {"needs", "notes"}
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert dialog.keep_mine() == set()
    qtbot.mouseClick(dialog.all_mine, Qt.MouseButton.LeftButton)
    assert dialog.keep_mine() == {"notes", "color", "needs"}
