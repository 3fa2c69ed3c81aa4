"""The main window offscreen: opens on a seeded store, imports, locates, escapes text."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import add_account, list_accounts
from fieldrep.store import Store
from fieldrep.usecases.accounts_view import AccountRow
from fieldrep.usecases.settings import set_setting
from tests.conftest import write
from ui.accounts.details import account_html
from ui.accounts.model import COLUMNS, AccountsTableModel
from ui.window.main_window import MainWindow


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Message boxes would block offscreen: record them instead."""
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, **kwargs: None)


def column(title: str) -> int:
    """The number of the table's column called ``title``."""
    return [c.title for c in COLUMNS].index(title)


def open_window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, tiles=False)  # no tile requests from tests
    qtbot.addWidget(window)
    window.show()
    window.find_accounts()  # the window opens on Today; these tests are about the accounts
    qtbot.waitUntil(lambda: window.model is not None)
    return window


def seed(store: Store, count: int) -> None:
    for i in range(count):
        add_account(store, AccountData(name=f"Account {i:04d}", city="Lyon", tier="ABC"[i % 3],
                                       lat=45.7 + i / 1e4 if i % 5 else None,
                                       lon=4.8 if i % 5 else None))


def test_window_shows_the_accounts_and_fetches_lazily(qtbot: QtBot, store: Store) -> None:
    seed(store, 450)
    window = open_window(qtbot, store)
    model = window.model
    assert model is not None
    assert model.total == model.rowCount() == 450  # the scroll bar shows every account
    qtbot.waitUntil(lambda: model.loaded_rows > 0)
    assert model.loaded_rows <= 200  # only the pages on screen are read
    window.table.scrollToBottom()
    # the first rows come before the map page is written; a page scrolled to meanwhile
    # comes after it (one worker)
    qtbot.waitUntil(lambda: model.loaded_rows > 200, timeout=30000)
    assert model.index(449, 0).data() == "Account 0449"
    assert window.count_label.text() == "450 accounts"
    assert model.index(0, 0).data() == "Account 0000"
    assert model.index(0, column('Location')).data() == "no location"


def test_search_filters_the_table(qtbot: QtBot, store: Store) -> None:
    seed(store, 30)
    window = open_window(qtbot, store)
    window.search.setText("Account 001")
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == 10, timeout=3000)
    assert window.count_label.text() == "10 of 30 accounts match the filters"


def test_model_passes_qtmodeltester(qtmodeltester, store: Store) -> None:
    seed(store, 30)
    model = AccountsTableModel(
        lambda o, n: [AccountRow(a) for a in list_accounts(store, offset=o, limit=n)], 30, 8)
    qtmodeltester.check(model, force_py=True)


def test_import_then_locate_offline(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    set_setting(store, "geocoder.domain", "127.0.0.1:9")  # nothing listens: no network
    set_setting(store, "geocoder.scheme", "http")
    set_setting(store, "geocoder.min_delay", "0")
    window = open_window(qtbot, store)
    path = write(tmp_path / "a.csv", "Company;Zip;City;Tier\nPharmacie;69001;Lyon;Active\n"
                                     ";38000;Grenoble;Q\n")  # no name: rejected
    with qtbot.waitSignal(window.long_jobs.import_file(path).finished, timeout=10000):
        pass
    assert "1 imported, 0 updated, 1 rejected, 1 warnings" in window.last_message
    assert "line 3, column &#x27;Tier&#x27;" in window.long_jobs.import_summary
    assert "line 2, column &#x27;Tier&#x27;: &#x27;Active&#x27; says no tier" in \
        window.long_jobs.import_summary
    qtbot.waitUntil(lambda: window.model is not None and window.model.total == 1)

    window.locate_action.trigger()
    qtbot.waitUntil(lambda: "worked offline" in window.statusBar().currentMessage(),
                    timeout=20000)
    (account,) = list_accounts(store)
    assert account.geocode_precision == "town" and account.located
    qtbot.waitUntil(lambda: window.model is not None and
                    window.model.index(0, column('Location')).data() == "≈ town")


def test_script_bearing_names_are_shown_as_text(qtbot: QtBot, store: Store) -> None:
    evil = "<img src=x onerror=alert(1)>"
    add_account(store, AccountData(name=evil, notes="<script>alert(2)</script>"))
    window = open_window(qtbot, store)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: evil in window.details.toPlainText())  # shown as text
    page = window.details.toHtml()
    assert "<img" not in page and "<script" not in page
    assert "&lt;img" in account_html(list_accounts(store)[0])


def test_tier_column_is_coloured_and_centred(qtbot: QtBot, store: Store) -> None:
    seed(store, 3)
    window = open_window(qtbot, store)
    qtbot.waitUntil(lambda: window.model.loaded_rows == 3)  # the page painted, then read
    index = window.model.index(0, column('Tier'))
    assert index.data() == "A"
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_export_from_the_window(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    seed(store, 5)
    window = open_window(qtbot, store)
    target = tmp_path / "out.csv"
    with qtbot.waitSignal(window.long_jobs.export_file(target).finished, timeout=10000):
        pass
    assert target.read_text(encoding="utf-8-sig").count("\n") == 6
    assert window.statusBar().currentMessage() == f"5 accounts written to {target}"


def test_a_marker_click_finds_a_row_not_loaded_yet(qtbot: QtBot, store: Store) -> None:
    seed(store, 450)
    window = open_window(qtbot, store)
    model = window.model
    qtbot.waitUntil(lambda: model.loaded_rows > 0)
    last = list_accounts(store, offset=449, limit=1)[0]
    assert model.row_of(last.id) is None  # its page was never shown
    assert window.accounts.select_account(last.id) is False  # found on the worker
    qtbot.waitUntil(lambda: window.accounts.selected_ids() == [last.id])


def test_the_rows_painted_are_read_on_the_worker(qtbot: QtBot, store: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import ui.accounts.page as accounts_page

    main, on_ui = threading.get_ident(), []
    real = accounts_page.account_rows

    def watched(*args: object, **kwargs: object) -> object:
        on_ui.append(threading.get_ident() == main)
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts_page, "account_rows", watched)
    seed(store, 450)
    window = open_window(qtbot, store)
    window.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.loaded_rows > 200)
    assert window.model.index(449, 0).data() == "Account 0449"
    assert on_ui and not any(on_ui)


def test_the_pages_after_accounts_are_built_when_first_shown(qtbot: QtBot,
                                                              store: Store) -> None:
    from ui.plan.page import PlanPage
    from ui.territories.page import TerritoriesPage

    window = open_window(qtbot, store)
    assert all(window.lazy_pages.built(name) is None
               for name in ("territories", "plan", "visits", "expenses"))
    window.nav.setCurrentRow(2)  # the rep clicks Territories (after Today and Accounts)
    shown = window.pages.currentWidget()
    assert isinstance(shown, TerritoriesPage) and shown.isVisible()
    assert shown is window.territories_page  # built once, kept
    assert window.pages.indexOf(shown) == 2 and window.pages.count() == 6
    plan = window.plan_page  # asked for: built without being shown
    assert isinstance(plan, PlanPage) and window.pages.currentWidget() is shown
    window.nav.setCurrentRow(3)
    assert window.pages.currentWidget() is plan and plan.isVisible()
