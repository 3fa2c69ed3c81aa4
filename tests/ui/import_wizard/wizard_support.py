"""Driving the import wizard in tests: opening it on a file, clicking its buttons, waiting
for an import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from fieldrep.importing.service import ImportResult
from fieldrep.store import Store
from ui.import_wizard.wizard import ImportWizard
from ui.kit.tasks import TaskRunner

TIMEOUT = 10000


def open_wizard(qtbot: QtBot, store: Store, tasks: TaskRunner, path: Path) -> ImportWizard:
    wizard = ImportWizard(store, tasks, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.file_page.isComplete() or bool(wizard.file_page.error),
                    timeout=TIMEOUT)
    return wizard


def click(qtbot: QtBot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    widget = wizard.button(which)
    assert widget.isVisible() and widget.isEnabled(), f"{widget.text()} cannot be clicked"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def next_enabled(wizard: ImportWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def import_and_wait(qtbot: QtBot, wizard: ImportWizard) -> ImportResult:
    """Click Import on the mapping page and wait for the result page."""
    assert wizard.currentId() == wizard.MAPPING_PAGE
    with qtbot.waitSignal(wizard.imported, timeout=TIMEOUT) as blocker:
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.RESULT_PAGE, timeout=TIMEOUT)
    result = blocker.args[0]
    assert isinstance(result, ImportResult)
    return result
