"""Start the desktop app: open the store, load the demo territory if empty, show the window.

The store is, in order: ``--db URL``, ``$FIELDREP_DB``, the store chosen in Settings (kept
in the app's preferences, ``store/url``), else the SQLite file in the user data folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from fieldrep import __version__
from fieldrep.common.log import start_log_file, stop_log_file
from fieldrep.common.paths import default_db_url, default_sqlite_url, env_db_url
from fieldrep.maps.settings import map_settings
from fieldrep.store import Store, open_store
from fieldrep.store.database import StoreError, display_url
from fieldrep.usecases.demo import load_demo_if_empty
from ui.settings.preferences import saved_store_url
from ui.widgets.connectivity import ConnectivityMonitor, host_and_port
from ui.window.main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fieldrep-desktop", description="FieldRep desktop app")
    parser.add_argument("--db", metavar="URL",
                        help="SQLAlchemy URL of the store (default: $FIELDREP_DB, else the "
                             "store chosen in Settings, else a SQLite file in your user "
                             "data folder)")
    parser.add_argument("--no-demo", action="store_true",
                        help="start empty instead of loading the demo territory")
    return parser.parse_args(argv)


def resolve_db_url(cli_url: str | None = None) -> str:
    """The store to open: ``--db``, then ``$FIELDREP_DB``, then the store chosen in
    Settings, then the default SQLite file."""
    return (cli_url or "").strip() or default_db_url(saved_store_url())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    start_log_file()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("FieldRep")
    app.setOrganizationName("FieldRep")
    app.setApplicationVersion(__version__)
    store = open_chosen_store(args.db)
    if store is None:
        return 2
    try:
        if not args.no_demo:
            load_demo_if_empty(store)
    except StoreError as exc:
        QMessageBox.critical(None, "FieldRep", str(exc))
        store.close()
        return 2
    tile_url = map_settings(store).tile_url
    monitor = ConnectivityMonitor(*host_and_port(tile_url))
    window = MainWindow(store, connectivity=monitor)
    window.show()
    code = app.exec()
    store.close()
    stop_log_file()
    return code


def open_chosen_store(cli_url: str | None) -> Store | None:
    """Open the store :func:`resolve_db_url` names.  When the store chosen in Settings
    cannot be opened (a server down, a file on an unplugged drive), offer the default
    SQLite file rather than leaving the rep locked out; None when nothing opens."""
    url = resolve_db_url(cli_url)
    try:
        return open_store(url)
    except StoreError as exc:
        from_settings = not (cli_url or "").strip() and not env_db_url()
        fallback = default_sqlite_url()
        if not from_settings or url == fallback:
            QMessageBox.critical(None, "FieldRep", str(exc))
            return None
        answer = QMessageBox.question(
            None, "FieldRep",
            f"{exc}\n\nOpen the local store instead ({display_url(fallback)})? The store "
            "chosen in Settings stays chosen for the next start.")
        if answer != QMessageBox.StandardButton.Yes:
            return None
    try:
        return open_store(fallback)
    except StoreError as exc:
        QMessageBox.critical(None, "FieldRep", str(exc))
        return None
