"""One start of the desktop app as ``python main.py`` makes it, timed from the parent's
launch (``argv[1]``, the monotonic clock), in the data folders the parent chose (XDG_*).

Prints one line ``FIRST-START {json}``: imports done, window shown, first rows painted (the
model holds them and the event loop turned once more: the window answers), the accounts
map's page ready (its script ran and its channel is up), the store opened, the start-up
housekeeping done.  Run by :mod:`app_bench.first_start`; never imports the benchmark's own
helpers before the window shows.
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
    window.accounts.map.bridge.ready.connect(lambda: marks.setdefault("map", now()))

    def responded() -> None:
        marks.setdefault("usable", now())

    def check() -> None:
        model = window.accounts.model
        if "rows" not in marks and model is not None and model.loaded_rows > 0:
            marks["rows"] = now()
            QTimer.singleShot(0, responded)
        if startup.housekeeping_done:
            marks.setdefault("housekeeping", now())
        if {"usable", "map", "housekeeping"} <= marks.keys():
            print(PREFIX + json.dumps(marks), flush=True)
            os._exit(0)  # the time to tear the window down is not the rep's

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(5)
    app.exec()


if __name__ == "__main__":
    main()
