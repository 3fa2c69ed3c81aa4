"""Fixtures of the Today page's tests: a clock the test moves, and the page on a store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from tests.ui.today.support import Clock, wait
from ui.kit.tasks import TaskRunner
from ui.today.page import TodayPage


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_page(qtbot: QtBot, store: Store, clock: Clock) -> Iterator[Any]:
    made: list[tuple[TodayPage, TaskRunner]] = []

    def make() -> TodayPage:
        tasks = TaskRunner()
        page = TodayPage(store, tasks, tiles=False, now=clock)
        qtbot.addWidget(page)
        page.resize(1366, 740)
        page.show()
        made.append((page, tasks))
        wait(qtbot, page.load_job)
        wait(qtbot, page.map_job)
        qtbot.waitUntil(lambda: page.map.is_ready, timeout=20000)
        return page

    yield make
    for page, tasks in made:
        tasks.wait(10000)
        page.map.release()
