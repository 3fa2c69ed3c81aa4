"""The dialog that records the distance really driven on a day: refusals keep it open."""

from datetime import date

from pytestqt.qtbot import QtBot

from ui.plan.driven_dialog import DrivenDialog

MONDAY = date(2031, 3, 3)


def test_a_refused_distance_keeps_the_dialog_open_and_says_why(qtbot: QtBot) -> None:
    dialog = DrivenDialog(MONDAY, 30_000, "mi")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "18.6 mi" in dialog.findChildren(type(dialog.error))[0].text()  # the plan's
    for typed, reason in (("-4", "cannot be negative"), ("9000", "not possible"),
                          ("far", "must be a number of mi")):
        dialog.distance.setText(typed)
        dialog.accept()
        assert dialog.isVisible(), f"{typed!r} closed the dialog"
        assert dialog.metres is None and reason in dialog.error.text()
    dialog.distance.setText("31,2")
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.metres == 50_212 and dialog.result() == DrivenDialog.DialogCode.Accepted
