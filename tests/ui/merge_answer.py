"""Answering the merge dialog in GUI tests when it opens, wherever it is opened from.

A dialog that saves on the worker opens the merge dialog when the worker's answer comes
back, at a moment the test does not control.  :class:`MergeAnswer` looks for it every few
milliseconds: once it is the active modal dialog, it notes what the dialog offers, picks a
side per field and closes it (Save merged, or Cancel), so no modal dialog is ever left
waiting; after ``give_up_ms`` it stops looking.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldrep.store.conflicts import FieldDifference
from ui.widgets.merge_dialog import MergeDialog


class MergeAnswer:
    """Answer the next merge dialog: ``choose`` field → True (mine) or False (saved)."""

    def __init__(self, choose: dict[str, bool] | None = None, *, accept: bool = True,
                 give_up_ms: int = 10000) -> None:
        self.choose, self.accept = choose or {}, accept
        #: What each merge dialog answered showed, in order.
        self.differences: list[tuple[FieldDifference, ...]] = []
        #: The fields each one offered to keep as the rep's before any choice.
        self.defaults: list[set[str]] = []
        self._timer = QTimer(interval=10)
        self._timer.timeout.connect(self._look)
        self._timer.start()
        QTimer.singleShot(give_up_ms, self._timer.stop)

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            return
        self._timer.stop()
        self.differences.append(dialog._differences)
        self.defaults.append(dialog.keep_mine())
        for field, mine in self.choose.items():
            dialog.choose(field, mine=mine)
        dialog.accept() if self.accept else dialog.reject()

    def stop(self) -> None:
        self._timer.stop()
