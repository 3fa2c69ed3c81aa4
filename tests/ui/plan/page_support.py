"""The Plan page's test support: a seeded store, the page offscreen, waiting on its jobs."""

from datetime import date
from typing import Any

from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account
from fieldrep.store import Store
from fieldrep.usecases.settings import set_settings
from ui.plan.page import PlanPage

MONDAY = date(2031, 3, 3)
EVIL = "<b>Bold</b> & <script>x</script>"
ACCOUNTS = [  # name, lat, lon, opening hours
    ("Pharmacie Bellecour", 45.757, 4.832, "Mo-Fr 08:30-19:00"),
    ("Cave de Vaise", 45.775, 4.805, "Mo-Sa 09:00-19:00"),
    ("Garage Villeurbanne", 45.767, 4.880, ""),
    ("Boulangerie Croix-Rousse", 45.774, 4.832, "Mo-Sa 07:00-19:30"),
    ("Fleuriste Confluence", 45.741, 4.818, ""),
    (EVIL, 45.750, 4.850, ""),
    ("Librairie du Week-end", 45.760, 4.845, "Sa-Su 10:00-18:00"),
]


def seed(store: Store, home: bool = True) -> dict[str, int]:
    ids = {name: add_account(store, AccountData(
        name, city="Lyon", lat=lat, lon=lon, opening_hours=hours, meeting_minutes=30,
        geocode_precision="exact")).id for name, lat, lon, hours in ACCOUNTS}
    if home:
        set_settings(store, {"home.lat": "45.764", "home.lon": "4.8357"})
    return ids


def planned(qtbot: QtBot, page: PlanPage, ids: list[int]) -> None:
    page.set_accounts(ids)
    job = page.optimise()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert page.days, page.summary.status.text()


def wait_job(qtbot: QtBot, job: Any) -> None:
    assert job is not None
    ended: list[object] = []
    failed: list[str] = []
    job.finished.connect(ended.append)
    job.failed.connect(failed.append)
    qtbot.waitUntil(lambda: bool(ended or failed), timeout=30000)
    assert not failed, failed


def map_state(qtbot: QtBot, page: PlanPage) -> dict[str, Any]:
    box: list[dict[str, Any]] = []
    page.map.state(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


def cell_texts(page: PlanPage, column: int) -> list[str]:
    model = page.stops
    return [model.index(r, column).data() for r in range(model.rowCount())]
