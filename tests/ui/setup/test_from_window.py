"""The setup assistant from the window: opened again from Settings, and opened at the home
step by a first plan with no home base, after which the plan is made without an error."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldrep.planning.settings import home_base
from fieldrep.store import Store
from tests.ui.plan.test_page import seed
from ui.setup.assistant import SetupAssistant
from ui.window.main_window import MainWindow

MONDAY = date(2031, 3, 3)


@pytest.fixture
def window(qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: boxes.append(box.text()))
    opened = MainWindow(store, tiles=False)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.model is not None)
    yield opened
    assert boxes == []  # no error box, ever
    opened.tasks.wait(20000)


def assistant_of(qtbot: QtBot, window: MainWindow) -> SetupAssistant:
    qtbot.waitUntil(lambda: window.setup_assistant is not None, timeout=10000)
    assistant = window.setup_assistant
    assert assistant is not None
    return assistant


def test_settings_opens_the_assistant_again(qtbot: QtBot, window: MainWindow) -> None:
    job = window.open_settings()
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    dialog = window.settings_dialog
    assert dialog is not None and dialog.setup_button.text() == "Setup assistant…"
    dialog.setup_button.click()

    assistant = assistant_of(qtbot, window)
    assert window.settings_dialog is None  # closed for it
    assert assistant.isVisible() and assistant.currentPage() is assistant.region
    assistant.reject()
    qtbot.waitUntil(lambda: window.setup_assistant is None)


def test_the_first_plan_asks_for_the_home_base_then_plans(
        qtbot: QtBot, store: Store, window: MainWindow) -> None:
    ids = seed(store, home=False)
    window.plan_accounts(list(ids.values()), MONDAY, "day")
    page = window.plan_page
    qtbot.waitUntil(lambda: page.account_ids == list(ids.values()))
    assert page.request.start.text() == ""
    job = page.optimise()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass

    assistant = assistant_of(qtbot, window)
    assert assistant.currentPage() is assistant.home  # straight to the missing answer
    assert "home base" in page.summary.status.text() and not page.days
    assistant.home.lat.setText("45.764")
    assistant.home.lon.setText("4.8357")
    for _ in range(2):
        before = assistant.currentId()
        assistant.next()
        qtbot.waitUntil(lambda before=before: assistant.currentId() == before + 1,
                        timeout=10000)
    with qtbot.waitSignal(assistant.saved, timeout=10000):
        assistant.next()
    qtbot.waitUntil(lambda: window.setup_assistant is None)
    assert home_base(store) is not None
    assert page.request.start.text() == "home"

    job = page.optimise()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=60000):
        pass
    assert page.days and len(page.days[0].stops) == 6, page.summary.status.text()
    assert window.setup_assistant is None
