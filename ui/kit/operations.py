"""Typed background operations, in the spirit of Anki's ``QueryOp``/``CollectionOp``.

    Operation(tasks, lambda job: due_accounts(store, day), on_success=self.show_due,
              parent=self).run()

``work`` runs off the UI thread (it opens its own unit of work; the UI thread never touches
the store); ``on_success`` gets its typed result in the UI thread.  A failure is shown by
default next to ``parent`` (a box), or handed to ``on_failure``.  ``long=True`` runs the work
on a thread of its own (an import, a geocoding run, a route search) so short jobs keep
flowing; ``progress`` gets ``(done, total, text)`` from the work's ``job.report``.  When
``parent`` was deleted before the work ended (a dialog closed meanwhile), its result and its
failure are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from ui.kit.errors import show_error_box
from ui.kit.tasks import Job, TaskRunner

T = TypeVar("T")


@dataclass
class Operation(Generic[T]):
    """One job for the worker, with what to do with its result and with its failure."""

    tasks: TaskRunner
    work: Callable[[Job], T]
    on_success: Callable[[T], None]
    parent: QWidget | None = None
    on_failure: Callable[[str], None] | None = None
    progress: Callable[[int, int, str], None] | None = None
    long: bool = False

    def run(self) -> Job:
        """Queue the work; returns its job (to cancel it or to wait on its signals)."""
        # Lambdas, not bound methods: Qt keeps a lambda alive but only a weak reference to
        # a bound method, and nothing else holds this operation until its job ends.
        job = self.tasks.submit(self.work, lambda result: self._succeeded(result),
                                lambda message: self._failed(message), long=self.long)
        if self.progress is not None:
            job.progress.connect(self.progress)
        return job

    def _parent_gone(self) -> bool:
        """Whether the widget this operation reports to was closed and deleted meanwhile."""
        return self.parent is not None and not shiboken6.isValid(self.parent)

    def _succeeded(self, result: object) -> None:
        if self._parent_gone():
            return
        self.on_success(result)  # type: ignore[arg-type]  # the worker hands back work's T

    def _failed(self, message: str) -> None:
        if self._parent_gone():
            return
        if self.on_failure is not None:
            self.on_failure(message)
        else:
            show_error_box(self.parent, message)
