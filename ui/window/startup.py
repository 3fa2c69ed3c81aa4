"""The app's start: the window first, the store behind it.

The window is built and shown at once on a store that is not connected yet; the worker's
queue is held meanwhile, so every page's first query waits.  The store is opened (and
migrated) on a thread of its own; then the queue is released and the Today page reads its
day.  Into an empty store the demo territory is loaded next, on the worker, before the
accounts table reads it (the demo holds no plan: the Today page reads the same day with or
without it).  The housekeeping that can wait (receipt files an interrupted save left
behind, placing the demo's unlocated accounts, readying the offline town index, which a
new computer builds once) starts once the Today page shows its day and the demo is in,
as a long job.  A new store offers the setup assistant.

When the store chosen in Settings cannot be opened (a server down, a file on an unplugged
drive), the local SQLite file is offered rather than leaving the rep locked out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldrep.common.paths import default_sqlite_url, env_db_url
from fieldrep.store import Store
from fieldrep.store.database import StoreError, display_url, unopened_store
from ui.kit.tasks import TaskRunner
from ui.widgets.connectivity import ConnectivityMonitor, host_and_port
from ui.window.main_window import MainWindow


class Startup(QObject):
    """Starts the window on a store; ``ready`` once the store is open and the pages'
    queries flow, ``failed`` (with the exit code) when no store could be opened."""

    ready = Signal()
    failed = Signal(int)

    def __init__(self, *, demo: bool = True, setup: bool | None = None,
                 from_settings: bool = False, tiles: bool | None = None,
                 network: bool = True) -> None:
        """``setup``: offer the setup assistant (None: when the store is new);
        ``from_settings``: the store was chosen in Settings (a failure offers the local
        store); ``tiles`` as :class:`MainWindow` takes it; ``network``: watch whether the
        tile server answers."""
        super().__init__()
        self.demo, self.setup, self.tiles, self.network = demo, setup, tiles, network
        self.from_settings = from_settings
        self.window: MainWindow | None = None
        self.store: Store | None = None
        self.housekeeping_done = False

    def start(self, url: str) -> MainWindow | None:
        """Show the window on the store at ``url`` and open the store behind it; None
        (after saying why) when ``url`` cannot even name a store."""
        try:
            store = unopened_store(url)
        except StoreError as exc:
            return self._fallback(url, str(exc))
        tasks = TaskRunner()
        tasks.hold()
        window = MainWindow(store, tasks, tiles=self.tiles)
        tasks.setParent(window)
        self.window, self.store = window, store
        window.show()

        def opened(started: object) -> None:
            self._opened(window, store, started)

        demo = self.demo

        def open_store(_job: object) -> object:
            # Loads the store's models, SQLAlchemy's ORM and Alembic on this thread.
            from fieldrep.usecases.startup import open_at_start

            return open_at_start(store, demo=demo)

        tasks.submit(open_store, opened,
                     lambda message: self._not_opened(window, store, message), first=True)
        return window

    def _opened(self, window: MainWindow, store: Store, started: object) -> None:
        from fieldrep.usecases.startup import Started

        assert isinstance(started, Started)
        first_page = window.today.load_job
        if started.demo_due:
            # Queued behind the Today page's first read (the demo holds no plan, so its
            # day reads the same) and ahead of the accounts table's.
            self._load_demo(window, store)
        elif first_page is not None:  # connected before its job can run
            once = _Once(lambda: self._housekeep(window, store, place=False))
            first_page.finished.connect(once)
            first_page.failed.connect(once)
        window.tasks.release()
        if first_page is None and not started.demo_due:
            self._housekeep(window, store, place=False)
        if self.network:
            window.watch_network(ConnectivityMonitor(*host_and_port(started.tile_url)))
        if self.setup if self.setup is not None else started.new:
            window.open_setup()
        self.ready.emit()

    def _load_demo(self, window: MainWindow, store: Store) -> None:
        """Load the demo territory into the new store on the worker, then the
        housekeeping (which places its unlocated accounts)."""
        from fieldrep.usecases.startup import load_start_demo

        def not_loaded(message: str) -> None:
            window.tell(f"Could not load the demo territory: {message}")
            self._housekeep(window, store, place=False)

        window.tasks.submit(lambda _job: load_start_demo(store),
                            lambda loaded: self._housekeep(window, store, place=bool(loaded)),
                            not_loaded)

    def _housekeep(self, window: MainWindow, store: Store, *, place: bool) -> None:
        """The start-up housekeeping, as a long job, once the first page shows its day: it
        takes nothing from the first rows.  ``place``: the demo was loaded now, its
        unlocated accounts are to be placed."""
        from fieldrep.usecases.startup import start_housekeeping

        def housekept(_report: object) -> None:
            self.housekeeping_done = True
            if place:  # the map is drawn again, with the towns' names now known
                window.refresh_accounts(rebuild_map=True)

        def not_housekept(message: str) -> None:
            self.housekeeping_done = True
            window.tell(f"Could not place the demo accounts: {message}")

        window.tasks.submit(lambda _job: start_housekeeping(store, place=place), housekept,
                            not_housekept, long=True)

    def _not_opened(self, window: MainWindow, store: Store, message: str) -> None:
        window.hide()
        window.deleteLater()
        store.close()
        self.window = self.store = None
        self._fallback(store.url, message)

    def _fallback(self, url: str, message: str) -> MainWindow | None:
        fallback = default_sqlite_url()
        if not self.from_settings or env_db_url() or url == fallback:
            QMessageBox.critical(None, "FieldRep", message)
            self.failed.emit(2)
            return None
        answer = QMessageBox.question(
            None, "FieldRep",
            f"{message}\n\nOpen the local store instead ({display_url(fallback)})? The "
            "store chosen in Settings stays chosen for the next start.")
        if answer != QMessageBox.StandardButton.Yes:
            self.failed.emit(2)
            return None
        self.from_settings = False
        return self.start(fallback)


class _Once:
    """Calls ``action`` the first time it is called (whatever it is given), then never."""

    def __init__(self, action: Callable[[], None]) -> None:
        self._action: Callable[[], None] | None = action

    def __call__(self, *_args: object) -> None:
        action, self._action = self._action, None
        if action is not None:
            action()


def quit_on_failure(startup: Startup) -> None:
    """End the app's event loop with the start's exit code when no store opens."""
    startup.failed.connect(lambda code: QApplication.exit(code))
