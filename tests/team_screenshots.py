"""Screenshots of FieldRep on a team's PostgreSQL server, for the README: a rep's Accounts
page (their own accounts first, the team's on request) and a colleague's account opened
read-only.  Starts a throw-away server (:mod:`tests.postgres_server`), two rep logins on
the demo territory, and saves the PNGs in the folder given:

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 \\
        .venv/bin/python -m tests.team_screenshots docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fieldrep.store import open_store
from fieldrep.usecases.demo import load_demo
from fieldrep.usecases.settings import set_setting
from fieldrep.usecases.team import set_quota
from tests.postgres_server import start_server
from ui.screenshots import _save, _wait
from ui.widgets.roads_scheme import register_scheme
from ui.window.main_window import MainWindow


def _login(admin_url: str, name: str) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {name} LOGIN"))
        connection.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}"))
        connection.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}"))
    admin.dispose()
    return make_url(admin_url).set(username=name).render_as_string(hide_password=False)


def main(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    server = start_server()
    try:
        store = open_store(server.url)
        load_demo(store, history=True)
        anna = _login(server.url, "anna")
        _login(server.url, "paul")
        with store.engine.begin() as connection:  # the manager shares the territory out
            for table in ("territories", "accounts", "visits"):
                connection.execute(text(f"UPDATE {table} SET owner = CASE WHEN id % 3 = 0 "
                                        "THEN 'paul' ELSE 'anna' END"))
        set_setting(store, "quota.visits_per_month", "40")  # the team's
        set_quota(store, "paul", "30")  # paul works part-time
        store.close()
        shots = _shoot(open_store(anna), out_dir)
        return [*shots, _team(open_store(server.url), out_dir)]
    finally:
        server.stop()


def _shoot(store, out_dir: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    register_scheme()  # before the QApplication
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(store)
    window.resize(QSize(1366, 768))
    window.show()
    window.set_online(False)  # as on the machine these are taken on
    window.find_accounts()
    filters = window.accounts.filters
    _wait(app, lambda: filters.whose.isVisible() and window.model is not None
          and window.accounts.map.is_ready)
    _wait(app, lambda: False, 2)  # the markers drawn
    shots = [_save(window, out_dir / "team-my-accounts.png")]
    filters.whose.setCurrentIndex(filters.whose.findText("The team's"))
    window.tasks.wait()
    _wait(app, lambda: window.model is not None and window.model.total > 0)
    with store.engine.connect() as connection:
        theirs = connection.execute(text(
            "SELECT id FROM accounts WHERE owner <> current_user ORDER BY id LIMIT 1")).scalar()
    from ui.accounts.dialog import AccountDialog

    opened: list[AccountDialog] = []
    AccountDialog.exec = lambda dialog: opened.append(dialog) or 0  # type: ignore[method-assign,assignment,func-returns-value]
    window.edit_account(int(theirs or 0))
    _wait(app, lambda: bool(opened))
    dialog = opened[0]
    dialog.show()
    _wait(app, lambda: dialog.isVisible())
    shots.append(_save(dialog, out_dir / "team-colleague-account.png"))
    dialog.close()
    window.tasks.wait()
    window.close()
    store.close()
    return shots


def _team(store, out_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    """The manager's Team dialog, with the row that sets a rep's quota."""
    from datetime import date

    from ui.kit.tasks import TaskRunner
    from ui.team.dialog import TeamDialog

    app = QApplication.instance()
    tasks = TaskRunner()
    with store.engine.connect() as connection:
        last = connection.execute(text("SELECT max(day) FROM visits")).scalar()
    dialog = TeamDialog(store, tasks, today=last or date.today())
    dialog.resize(QSize(1000, 560))
    dialog.show()
    _wait(app, dialog.quota_row.isVisible)
    _wait(app, lambda: False, 1)
    shot = _save(dialog, out_dir / "team-quota.png")
    tasks.wait(10000)
    dialog.close()
    store.close()
    return shot


if __name__ == "__main__":
    for path in main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(path)
