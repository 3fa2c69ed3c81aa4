"""Guard against PySide6 builds that drop a reference to ``None`` on every void Qt call.

PySide6 6.12.0 on CPython 3.11 decrements ``None``'s reference count once per void-returning
Qt call made from Python (``setText``, ``setEnabled``, ``setToolTip``,
``QItemSelectionModel.select``...): exactly -1 per call, measured. ``None`` is not immortal
before Python 3.12, so a long-running session (a few thousand clicks, row selections or label
updates) walks the count down to zero and the interpreter aborts with
"Fatal Python error: none_dealloc". 6.11.3 shows no drift, hence the 6.11.3 pin in
pyproject.toml; this test fails if a PySide6 with the defect comes back.

The calls run in a child interpreter: a faulty build would otherwise leave this test session
short of references to ``None`` and abort it (at the latest at interpreter shutdown) instead
of reporting a plain failure. The child makes a bounded number of void calls per API in
batches, checks ``sys.getrefcount(None)`` after each batch and stops at the first one that
drifts, so even a faulty build stays far from zero. It takes a fraction of a second.

On Python 3.12+ ``None`` is immortal: its count never moves, so this passes there (and the
defect cannot crash the interpreter).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CALLS = 1_250  # per API; four APIs make 5,000 void calls
BATCH = 250  # a faulty build drifts by -BATCH per batch
TOLERANCE = 50  # unrelated interpreter noise allowed per API

CHILD = f"""
import os, sys
from PySide6 import __version__
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableView

app = QApplication([])
label = QLabel()
button = QPushButton()
model = QStandardItemModel(50, 3)
view = QTableView()
view.setModel(model)
selection = view.selectionModel()
flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
indexes = [model.index(row, 0) for row in range(50)]
texts = ("north", "south")
calls = {{
    "QLabel.setText": lambda i: label.setText(texts[i & 1]),
    "QPushButton.setEnabled": lambda i: button.setEnabled(bool(i & 1)),
    "QPushButton.setToolTip": lambda i: button.setToolTip(texts[i & 1]),
    "QItemSelectionModel.select": lambda i: selection.select(indexes[i % 50], flags),
}}
print("version", __version__, flush=True)
for name, call in calls.items():
    for i in range(10):
        call(i)
    before = sys.getrefcount(None)
    done = drift = 0
    while done < {CALLS}:
        for i in range(done, done + {BATCH}):
            call(i)
        done += {BATCH}
        drift = sys.getrefcount(None) - before
        if abs(drift) >= {TOLERANCE}:
            break
    print("drift", name, drift, done, flush=True)
os._exit(0)  # skip finalization: with a faulty build it would abort on None
"""


def _measure() -> tuple[str, dict[str, tuple[int, int]]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=60,
        check=False,
    )
    assert run.returncode == 0, f"child exited {run.returncode}:\n{run.stdout}\n{run.stderr}"
    version = ""
    drifts: dict[str, tuple[int, int]] = {}
    for line in run.stdout.splitlines():
        kind, *fields = line.split()
        if kind == "version":
            version = fields[0]
        elif kind == "drift":
            name, drift, done = fields
            drifts[name] = (int(drift), int(done))
    return version, drifts


@pytest.fixture(scope="module")
def measured() -> tuple[str, dict[str, tuple[int, int]]]:
    return _measure()


@pytest.mark.parametrize(
    "api",
    ["QLabel.setText", "QPushButton.setEnabled", "QPushButton.setToolTip",
     "QItemSelectionModel.select"],
)
def test_void_qt_calls_keep_none_refcount(
    measured: tuple[str, dict[str, tuple[int, int]]], api: str
) -> None:
    version, drifts = measured
    drift, done = drifts[api]
    assert abs(drift) < TOLERANCE, (
        f"PySide6 {version}: sys.getrefcount(None) moved by {drift:+d} over {done} calls of "
        f"{api}; this build drops a reference to None per void call and aborts the app with "
        f"'Fatal Python error: none_dealloc' (known in 6.12.0 on Python 3.11; pin 6.11.3)"
    )
