"""The Today page on the demo territory with a clock the test moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from pytestqt.qtbot import QtBot

from fieldrep.store import Store
from fieldrep.usecases.demo import load_demo
from fieldrep.usecases.settings import set_settings
from ui.kit.tasks import Job
from ui.today.page import TodayPage

MONDAY = date(2031, 3, 3)


@dataclass
class Clock:
    """The time the page reads; tests move it."""

    at: datetime = field(default_factory=lambda: datetime.combine(MONDAY, time(7, 45)))

    def __call__(self) -> datetime:
        return self.at

    def set(self, hour: int, minute: int = 0) -> None:
        self.at = datetime.combine(MONDAY, time(hour, minute))


def demo(store: Store) -> Store:
    """The demo territory around Lyon, a home base in Lyon, Monday to Friday."""
    load_demo(store)
    set_settings(store, {"home.lat": "45.7578", "home.lon": "4.8320",
                         "home.address": "Home, Lyon 2e", "work.days": "mon-fri"})
    return store


def wait(qtbot: QtBot, job: Job | None, timeout: int = 30000) -> Any:
    """The result of a page's job (fails the test on its failure)."""
    assert job is not None
    failed: list[str] = []
    results: list[Any] = []
    job.failed.connect(failed.append)
    job.finished.connect(results.append)
    qtbot.waitUntil(lambda: bool(failed or results), timeout=timeout)
    assert not failed, failed
    return results[0]


def map_call(qtbot: QtBot, page: TodayPage, script: str) -> Any:
    box: list[Any] = []
    page.map.run(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]
