"""The Today page's screenshots for the README (called by :mod:`ui.screenshots`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.kit.tasks import Job
from ui.window.main_window import MainWindow

Settle = Callable[[int], None]
Wait = Callable[..., None]
Save = Callable[[QWidget, Path], Path]


def today_shots(window: MainWindow, out_dir: Path, settle: Settle, wait: Wait,
                save: Save) -> list[Path]:
    """Today, mid-morning: the day planned from the accounts due, the first visit done,
    on the way to the second; at 1366×768 and 1920×1080."""
    page = window.today
    window.nav.setCurrentRow(window.pages.indexOf(page))
    wait(lambda: page.route is not None)
    route = page.route
    if route is None:
        return []
    page.now = lambda: datetime.combine(route.day, time(8, 0))
    _done(page.plan(), settle, wait)
    planned = page.route
    if planned is None or not planned.stops:
        return []
    first = planned.stops[0]
    page.now = lambda: datetime.combine(planned.day, first.arrival)
    _done(page.arrive(time(first.arrival.hour, first.arrival.minute)), settle, wait)
    page.now = lambda: datetime.combine(planned.day, first.end)
    _done(page.finish(time(first.end.hour, first.end.minute)), settle, wait)
    shots = []
    dialog = page.check_out
    if dialog is not None:
        wait(dialog.form.isEnabled)
        dialog.form.notes.setPlainText("Met the pharmacist: low on the winter range, wants "
                                       "the spring catalogue.")
        settle(400)
        shots.append(save(dialog, out_dir / "today-check-out.png"))
        dialog.close()
    wait(lambda: page.map_job is not None)
    wait(lambda: page.map.is_ready)
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        settle(2500)
        shots.append(save(window, out_dir / f"today-{size[0]}.png"))
    return shots


def _done(job: Job | None, settle: Settle, wait: Wait) -> None:
    """Wait for a page's job to end (finished or failed)."""
    ended: list[object] = []
    if job is not None:
        job.finished.connect(ended.append)
        job.failed.connect(ended.append)
        wait(lambda: bool(ended), 60)
    settle(300)
