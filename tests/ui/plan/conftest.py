"""Fixtures of the Plan page's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from tests.ui.plan.page_support import MONDAY
from ui.kit.tasks import TaskRunner
from ui.plan.page import PlanPage


@pytest.fixture
def make_page(qtbot: QtBot, store: Store) -> Iterator[Any]:
    made: list[tuple[PlanPage, TaskRunner]] = []

    def make() -> PlanPage:
        tasks = TaskRunner()
        page = PlanPage(store, tasks, tiles=False)
        qtbot.addWidget(page)
        page.resize(1300, 800)
        page.show()
        page.date.setDate(MONDAY)
        made.append((page, tasks))
        return page

    yield make
    for page, tasks in made:
        tasks.wait(10000)
        page.map.release()
