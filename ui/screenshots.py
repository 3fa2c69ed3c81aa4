"""Grab the README's screenshots of the desktop app on the demo territory.

Run offscreen from the repository root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fieldrep.accounts.conflicts import stale_account
from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import get_account
from fieldrep.geocoding.service import geocode_accounts
from fieldrep.store import open_store
from fieldrep.territories.service import TerritoryData, save_territory
from fieldrep.usecases.demo import load_demo
from fieldrep.usecases.settings import set_settings
from fieldrep.visits.conflicts import as_input, stale_visit
from fieldrep.visits.logbook import list_visits
from ui.accounts.dialog import AccountDialog
from ui.screenshot_data import demo_expenses, first_id, receipt_image
from ui.screenshot_roads import take_offline_roads
from ui.today.screenshots import today_shots
from ui.widgets.merge_dialog import MergeDialog
from ui.widgets.roads_scheme import register_scheme
from ui.window.main_window import MainWindow


def _settle(app: QApplication, ms: int = 800) -> None:
    """Let the worker thread and the event loop finish what the window asked for."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        _settle(app, 100)


def take(out_dir: Path) -> list[Path]:
    """Save one PNG per view into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    register_scheme()  # before the QApplication
    app = QApplication.instance() or QApplication(sys.argv[:1])
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fieldrep-shots-") as tmp:
        # A fresh window: none of this user's saved window state.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        store = open_store(f"sqlite:///{Path(tmp) / 'demo.sqlite'}")
        load_demo(store, history=True)
        set_settings(store, {"home.lat": "45.7578", "home.lon": "4.8320",
                             "home.address": "Home, Lyon 2e"})
        geocode_accounts(store, None)  # place the demo's accounts without coordinates
        save_territory(store, TerritoryData("Lyon centre (drawn)", color="#9467bd", polygon={
            "type": "Polygon", "coordinates": [[[4.815, 45.735], [4.875, 45.735],
                                                [4.875, 45.785], [4.815, 45.785],
                                                [4.815, 45.735]]]}))
        for name, areas, colour in (("Lyon & Villeurbanne", ("69*",), "#1f77b4"),
                                    ("Isère", ("38*",), "#d62728"),
                                    ("Savoie & Haute-Savoie", ("73*", "74*"), "#2ca02c")):
            save_territory(store, TerritoryData(name, color=colour, areas=areas))
        window = MainWindow(store, tiles=False)
        window.resize(1440, 860)
        window.show()
        window.set_online(False)  # as on the machine these are taken on
        saved += today_shots(window, out_dir, lambda ms: _settle(app, ms),
                             lambda done, seconds=30: _wait(app, done, seconds), _save)
        window.resize(1440, 860)
        window.nav.setCurrentRow(window.pages.indexOf(window.accounts))
        _wait(app, lambda: window.model is not None and window.accounts.map.is_ready)
        _settle(app, 1500)
        window.accounts.select_account(first_id(store, "Pharmacie"))
        _settle(app, 1200)
        saved.append(_save(window, out_dir / "main-window.png"))
        window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("due"))
        _settle(app, 2500)
        saved.append(_save(window.accounts.right, out_dir / "map-visit-status.png"))
        window.accounts.colour.setCurrentIndex(window.accounts.colour.findData("tier"))
        _settle(app, 1500)
        window.nav.setCurrentRow(window.pages.indexOf(window.territories_page))
        _wait(app, lambda: window.territories_page.map.is_ready)
        _settle(app, 1500)
        saved.append(_save(window, out_dir / "territories.png"))
        saved += _visits(app, window, out_dir)
        saved += _plan(app, window, out_dir)
        saved += _expenses(app, window, out_dir, Path(tmp))
        saved += _team(app, window, out_dir)
        saved += _dialogs(app, window, out_dir, Path(tmp))
        saved += _setup(app, window, out_dir)
        saved += _laptop(app, window, out_dir)
        saved += take_offline_roads(app, out_dir, Path(tmp))
        window.close()
        _settle(app, 200)
        store.close()
    return saved


def _visits(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The Visits page, the visit form with a few lines typed, the activity report."""
    page = window.visits_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    _wait(app, lambda: bool(page.model.suggestions))
    _settle(app, 600)
    page.table.selectRow(1)
    _settle(app, 400)
    shots = [_save(window, out_dir / "visits.png")]
    dialog = page.log_selected()
    if dialog is not None:
        form = dialog.form
        _wait(app, form.isEnabled)  # the account and any draft are read on the worker
        form.check_in_on.setChecked(True)
        form.check_out_on.setChecked(True)
        form.notes.setPlainText("Met the buyer: stock is low on the usual lines; interested "
                                "in the spring offer.")
        form.next_step.setText("Send the price list")
        form.follow_up_on.setChecked(True)
        _settle(app, 400)
        shots.append(_save(dialog, out_dir / "visit-dialog.png"))
        dialog.close()
    shots.append(_visit_merge(app, window, out_dir))
    report = page.open_activity_report()
    report.period.setCurrentText("This month")
    _wait(app, lambda: "Activity report" in report.preview.toPlainText())
    _settle(app, 400)
    shots.append(_save(report, out_dir / "activity-report.png"))
    report.close()
    return shots


def _plan(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The Plan page with the day planned from the Visits page's ticked accounts."""
    window.visits_page.request_plan("day")
    page = window.plan_page
    _wait(app, lambda: bool(page.account_ids) and page.job is not None
          and not page.job.cancelled())
    _settle(app, 800)
    job = page.optimise()
    if job is None:
        return []
    finished: list[object] = []
    job.finished.connect(finished.append)
    job.failed.connect(finished.append)
    _wait(app, lambda: bool(finished), seconds=60)
    _wait(app, lambda: page.map.is_ready)
    _settle(app, 2000)
    if page.stops.rowCount() > 2:
        page.set_locked(page.timeline_ids()[0], True)  # a lock, as a rep sets one
        page.day_panel.view.selectRow(2)
    _settle(app, 400)
    return [_save(window, out_dir / "plan.png")]


def _expenses(app: QApplication, window: MainWindow, out_dir: Path, tmp: Path) -> list[Path]:
    """The Expenses page on a month of demo expenses, the expense form, the report."""
    store = window.store
    demo_expenses(store, tmp)
    page = window.expenses_page
    window.nav.setCurrentRow(window.pages.indexOf(page))
    _wait(app, lambda: page.model.rowCount() > 0)
    _settle(app, 600)
    page.table.selectRow(1)
    shots = [_save(window, out_dir / "expenses.png")]
    dialog = page.new_expense([receipt_image(tmp / "dinner-receipt.jpg", "Da Vinci Genève",
                                              "CHF 38.00")])
    _wait(app, dialog.isEnabled)
    dialog.category.setCurrentIndex(dialog.category.findData("client_entertainment"))
    dialog.amount.setText("38.00")
    dialog.currency_box.setCurrentText("CHF")
    dialog.rate.setText("1.0652")
    dialog.merchant.setText("Da Vinci, Genève")
    dialog.attendees.setText("Dr Keller, M. Favre")
    _settle(app, 400)
    shots.append(_save(dialog, out_dir / "expense-dialog.png"))
    dialog.close()
    report = page.open_report()
    _wait(app, lambda: report.report_box.count() > 1)
    report.select_report(report.report_box.itemData(1))
    _wait(app, lambda: "Draft" in report.preview.toPlainText())
    _settle(app, 400)
    shots.append(_save(report, out_dir / "expense-report.png"))
    report.close()
    return shots


def _team(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The demo report submitted, with the manager's buttons; the Team dialog on its
    month (at a laptop's size)."""
    from fieldrep.expenses.report_service import list_reports, submit_report
    from ui.team.dialog import TeamDialog

    draft = list_reports(window.store)[0]
    submit_report(window.store, draft.id, confirmed=True)  # the rep confirms its warnings
    report = window.expenses_page.open_report()
    _wait(app, lambda: report.report_box.findData(draft.id) > 0)
    report.select_report(draft.id)
    _wait(app, report.approve_button.isEnabled)
    _settle(app, 400)
    shots = [_save(report, out_dir / "expense-report-approval.png")]
    report.close()
    team = TeamDialog(window.store, window.tasks, window, today=draft.first_day)
    team.show()
    _wait(app, lambda: "Team activity" in team.preview.toPlainText())
    _settle(app, 400)
    shots.append(_save(team, out_dir / "team-activity.png"))
    team.close()
    return shots


CRM_EXPORT = (
    "Société;Adresse;Code postal;Ville;Catégorie;Téléphone\n"
    "Pharmacie du Marché;4 place du Marché;69003;Lyon;A;04 78 00 11 22\n"
    "Cabinet Dr Roux;18 rue Garibaldi;69006;Lyon;B;04 78 33 44 55\n"
    "Garage des Alpes;2 avenue Alsace-Lorraine;38000;Grenoble;Q;04 76 12 34 56\n"
    "Cave Saint-Jean;7 rue Saint-Jean;69005;Lyon;C;04 72 40 00 01\n"
    ";12 quai Perrache;69002;Lyon;B;\n")


def _dialogs(app: QApplication, window: MainWindow, out_dir: Path, tmp: Path) -> list[Path]:
    """The Settings dialog, the account dialog and the import wizard (mapping, result)."""
    shots: list[Path] = []
    window.nav.setCurrentRow(window.pages.indexOf(window.accounts))
    window.open_settings()
    _wait(app, lambda: window.settings_dialog is not None)
    dialog = window.settings_dialog
    if dialog is not None:
        _settle(app, 600)
        shots.append(_save(dialog, out_dir / "settings.png"))
        dialog.close()
    account = get_account(window.store, first_id(window.store, "Pharmacie"))
    editor = AccountDialog(window, account, window.selection.territory_names())
    editor.show()
    _settle(app, 600)
    shots.append(_save(editor, out_dir / "account-dialog.png"))
    editor.close()
    shots.append(_merge_dialog(app, window, account, out_dir))
    export = tmp / "crm-export.csv"
    export.write_text(CRM_EXPORT, encoding="utf-8")
    wizard = window.open_import_wizard(export)
    _wait(app, wizard.file_page.isComplete)
    wizard.next()
    _wait(app, lambda: wizard.currentId() == wizard.MAPPING_PAGE)
    _settle(app, 800)
    shots.append(_save(wizard, out_dir / "import-wizard-mapping.png"))
    wizard.next()
    _wait(app, lambda: wizard.currentId() == wizard.RESULT_PAGE)
    _settle(app, 800)
    shots.append(_save(wizard, out_dir / "import-wizard-result.png"))
    wizard.close()
    return shots


def _setup(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The setup assistant's four steps, as a new rep fills them in."""
    window.open_setup()
    _wait(app, lambda: window.setup_assistant is not None)
    assistant = window.setup_assistant
    if assistant is None:
        return []
    shots = []
    assistant.region.set_country("FR")
    for number, name in enumerate(("region", "home", "week", "mileage"), start=1):
        if name == "home":
            _wait(app, lambda: assistant.home.map.is_ready)
            assistant.home.address.setText("12 rue de la République, 69002 Lyon")
            assistant.home.find()
            _wait(app, lambda: not assistant.home.finding)
        if name == "mileage":
            assistant.mileage.rate.setText("0.636")
        _settle(app, 1200)
        shots.append(_save(assistant, out_dir / f"setup-{number}-{name}.png"))
        if name != "mileage":
            before = assistant.currentId()
            assistant.next()
            _wait(app, lambda before=before: assistant.currentId() == before + 1)
    assistant.reject()
    _settle(app, 300)
    return shots


def _merge_dialog(app: QApplication, window: MainWindow, account: AccountData,
                  out_dir: Path) -> Path:
    """The merge offered when the account was saved elsewhere while the rep edited it."""
    theirs = replace(account, notes="Closed on Mondays in August; ask for the pharmacist",
                     street="2 place des Terreaux", version=(account.version or 1) + 1)
    mine = replace(account, street="4 place des Terreaux", tier="A", cadence_days=14)
    stale = stale_account(mine, theirs)
    merge = MergeDialog(window, stale.what, stale.differences, stale.changed_from(account))
    merge.show()
    _settle(app, 400)
    path = _save(merge, out_dir / "merge-dialog.png")
    merge.close()
    return path


def _visit_merge(app: QApplication, window: MainWindow, out_dir: Path) -> Path:
    """The merge offered when a visit was changed elsewhere while the rep edited it."""
    stored = list_visits(window.store)[0]
    theirs = replace(stored, notes="Ordered 12 cases of the spring range; delivery on "
                                   "Tuesday morning", version=stored.version + 1)
    mine = replace(as_input(stored), needs="A shelf display for the counter",
                   next_step="Send the spring price list")
    stale = stale_visit(mine, theirs, stored.version)
    merge = MergeDialog(window, stale.what, stale.differences, stale.changed_from(stored))
    merge.show()
    _settle(app, 400)
    path = _save(merge, out_dir / "visit-merge-dialog.png")
    merge.close()
    return path


def _laptop(app: QApplication, window: MainWindow, out_dir: Path) -> list[Path]:
    """The accounts and the Plan page on a laptop's 1366×768 screen."""
    window.resize(1366, 768)
    shots = []
    for page, name in ((window.accounts, "main-window-1366.png"),
                       (window.plan_page, "plan-1366.png")):
        window.nav.setCurrentRow(window.pages.indexOf(page))
        _settle(app, 1500)
        shots.append(_save(window, out_dir / name))
    return shots


def _save(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
