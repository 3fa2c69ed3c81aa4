"""Background operations: typed results, refusals shown in words, long jobs beside short ones."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from fieldrep.common.errors import FieldRepError
from ui.kit.operations import Operation
from ui.kit.tasks import Job, TaskRunner
from ui.kit.words import plain_tooltip, plural


def test_the_result_comes_back_typed_in_the_ui_thread(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    got: list[tuple[int, bool]] = []
    main = threading.get_ident()

    def work(_job: Job) -> int:
        assert threading.get_ident() != main
        return 42

    Operation(tasks, work, lambda value: got.append((value, threading.get_ident() == main))).run()
    qtbot.waitUntil(lambda: got == [(42, True)])


def test_a_refusal_reaches_the_failure_handler_as_its_message(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    failures: list[str] = []

    def work(_job: Job) -> None:
        raise FieldRepError("no home base is set")

    Operation(tasks, work, lambda _v: None, on_failure=failures.append).run()
    qtbot.waitUntil(lambda: failures == ["no home base is set"])


def test_short_jobs_keep_flowing_while_a_long_one_runs(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    release = threading.Event()
    done: list[str] = []
    Operation(tasks, lambda _j: release.wait(10), lambda _v: done.append("long"),
              long=True).run()
    Operation(tasks, lambda _j: "short", done.append).run()
    qtbot.waitUntil(lambda: done == ["short"])
    release.set()
    qtbot.waitUntil(lambda: done == ["short", "long"])
    assert tasks.wait(5000)


def test_a_result_for_a_closed_dialog_is_dropped(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    dialog = QWidget()
    got: list[str] = []
    release = threading.Event()
    Operation(tasks, lambda _j: release.wait(10) and "late", got.append, parent=dialog).run()
    Operation(tasks, lambda _j: "marker", got.append).run()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    release.set()
    qtbot.waitUntil(lambda: got == ["marker"])
    assert tasks.wait(5000)
    assert got == ["marker"]


def test_counts_and_tooltips_read_as_written() -> None:
    assert plural(1, "account") == "1 account"
    assert plural(2500, "account") == "2,500 accounts"
    assert plural(3, "category", "categories") == "3 categories"
    assert "&lt;b&gt;" in plain_tooltip("a <b>")
    assert plain_tooltip("") == ""
