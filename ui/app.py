"""Start the desktop app: show the window at once, open the store behind it (loading the
demo territory into an empty one), offer the setup assistant on a new store.

The store is, in order: ``--db URL``, ``$FIELDREP_DB``, the store chosen in Settings (kept
in the app's preferences, ``store/url``), else the SQLite file in the user data folder.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from fieldrep import __version__
from fieldrep.common.log import start_log_file, stop_log_file
from fieldrep.common.paths import default_db_url, env_db_url
from ui.settings.preferences import saved_store_url
from ui.widgets.roads_scheme import register_scheme
from ui.window.startup import Startup, quit_on_failure


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fieldrep-desktop", description="FieldRep desktop app")
    parser.add_argument("--db", metavar="URL",
                        help="SQLAlchemy URL of the store (default: $FIELDREP_DB, else the "
                             "store chosen in Settings, else a SQLite file in your user "
                             "data folder)")
    parser.add_argument("--no-demo", action="store_true",
                        help="start empty instead of loading the demo territory")
    setup = parser.add_mutually_exclusive_group()
    setup.add_argument("--setup", action="store_true", default=None,
                       help="open the setup assistant at start (by default it opens only "
                            "on a new store)")
    setup.add_argument("--no-setup", dest="setup", action="store_false",
                       help="never open the setup assistant at start")
    return parser.parse_args(argv)


def resolve_db_url(cli_url: str | None = None) -> str:
    """The store to open: ``--db``, then ``$FIELDREP_DB``, then the store chosen in
    Settings, then the default SQLite file."""
    return (cli_url or "").strip() or default_db_url(saved_store_url())


def make_startup(args: argparse.Namespace) -> Startup:
    """The app's start for these arguments (the window and its store, see
    :class:`Startup`)."""
    from_settings = not (args.db or "").strip() and not env_db_url()
    return Startup(demo=not args.no_demo, setup=args.setup, from_settings=from_settings)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    start_log_file()
    register_scheme()  # before the QApplication, as Qt WebEngine wants
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("FieldRep")
    app.setOrganizationName("FieldRep")
    app.setApplicationVersion(__version__)
    startup = make_startup(args)
    quit_on_failure(startup)
    if startup.start(resolve_db_url(args.db)) is None:
        return 2
    code = app.exec()
    if startup.store is not None:
        startup.store.close()
    stop_log_file()
    return code
