"""The floor of a start: a bare PySide6 window with a table of 200 rows and a Qt WebEngine
view of a small local page, timed as :mod:`app_bench.first_start_child` times the app."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

START = float(sys.argv[1])
PREFIX = "FIRST-START "


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC) - START


def main() -> None:
    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTableView

    marks = {"imports": now()}
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter()
    table = QTableView()
    web = QWebEngineView()
    splitter.addWidget(table)
    splitter.addWidget(web)
    window.setCentralWidget(splitter)
    window.resize(1360, 820)
    page = Path(tempfile.mkdtemp()) / "page.html"
    page.write_text("<!DOCTYPE html><html><body><p>map</p></body></html>")
    web.loadFinished.connect(lambda _ok: marks.setdefault("map", now()))
    web.load(QUrl.fromLocalFile(str(page)))
    window.show()
    marks["shown"] = now()
    model = QStandardItemModel(200, 5)
    for row in range(200):
        for column in range(5):
            model.setItem(row, column, QStandardItem(f"cell {row} {column}"))
    table.setModel(model)
    marks["first"] = now()
    QTimer.singleShot(0, lambda: marks.setdefault("usable", now()))

    def check() -> None:
        if {"usable", "map"} <= marks.keys():
            print(PREFIX + json.dumps(marks), flush=True)
            os._exit(0)

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(5)
    app.exec()


if __name__ == "__main__":
    main()
