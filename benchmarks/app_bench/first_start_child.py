"""One start of the desktop app as ``python main.py`` makes it, timed from the parent's
launch (``argv[1]``, the monotonic clock), in the data folders the parent chose (XDG_*).

Prints one line ``FIRST-START {json}``: imports done, window shown, the store opened, the
first page filled (the window opens on Today: its day read and shown, the timeline of its
stops or "nothing planned" with the Plan button), usable (that, and the event loop turned
once more: the window answers), the accounts table's first rows (the Accounts page, one
click away), the Today map's page ready (its script ran and its channel is up), the
start-up housekeeping done.  Run by :mod:`app_bench.first_start`; never imports the
benchmark's own helpers before the window shows.
"""

import json
import os
import sys
import time

START = float(sys.argv[1])
PREFIX = "FIRST-START "


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC) - START


def main() -> None:
    sys.path.insert(0, sys.argv[2])  # the repository
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import make_startup, parse_args, resolve_db_url

    marks = {"imports": now()}
    app = QApplication(sys.argv[:1])
    app.setApplicationName("FieldRep")
    app.setOrganizationName("FieldRep")
    startup = make_startup(parse_args(["--no-setup"]))
    startup.tiles = False
    startup.network = False
    window = startup.start(resolve_db_url(None))
    assert window is not None
    marks["shown"] = now()
    startup.ready.connect(lambda: marks.setdefault("store", now()))
    window.today.map.bridge.ready.connect(lambda: marks.setdefault("map", now()))

    def responded() -> None:
        marks.setdefault("usable", now())

    def check() -> None:
        if "first" not in marks and window.today.route is not None:
            marks["first"] = now()
            QTimer.singleShot(0, responded)
        model = window.accounts.model
        if "rows" not in marks and model is not None and model.loaded_rows > 0:
            marks["rows"] = now()
        if startup.housekeeping_done:
            marks.setdefault("housekeeping", now())
        if {"usable", "rows", "map", "housekeeping"} <= marks.keys():
            print(PREFIX + json.dumps(marks), flush=True)
            os._exit(0)  # the time to tear the window down is not the rep's

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(5)
    app.exec()


if __name__ == "__main__":
    main()
