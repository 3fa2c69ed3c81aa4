"""Start the desktop app: open the store, load the demo territory if empty, show the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from fieldrep import __version__
from fieldrep.demo import load_demo_if_empty
from fieldrep.paths import default_db_url
from fieldrep.store import open_store
from fieldrep.store.database import StoreError
from ui.main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fieldrep-desktop", description="FieldRep desktop app")
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the store")
    parser.add_argument("--no-demo", action="store_true",
                        help="start empty instead of loading the demo territory")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("FieldRep")
    app.setOrganizationName("FieldRep")
    app.setApplicationVersion(__version__)
    try:
        store = open_store(args.db or default_db_url())
        if not args.no_demo:
            load_demo_if_empty(store)
    except StoreError as exc:
        QMessageBox.critical(None, "FieldRep", str(exc))
        return 2
    window = MainWindow(store)
    window.show()
    code = app.exec()
    store.close()
    return code
