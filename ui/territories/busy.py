"""A small "working on it" line: what the worker is doing, with an endless progress bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from ui.kit.colours import MUTED, text_style


class BusyIndicator(QWidget):
    """Shows the latest of the running jobs' texts; hidden while nothing runs."""

    #: Something started or ended (the page enables its actions again).
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._running: list[str] = []
        self.label = QLabel(textFormat=Qt.TextFormat.PlainText, styleSheet=text_style(MUTED))
        self.bar = QProgressBar(maximumWidth=120, maximumHeight=12, textVisible=False)
        self.bar.setRange(0, 0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        self._show()

    def is_busy(self) -> bool:
        return bool(self._running)

    def start(self, text: str) -> None:
        """A job saying ``text`` started."""
        self._running.append(text)
        self._show()

    def end(self, text: str) -> None:
        """The job saying ``text`` ended."""
        if text in self._running:
            self._running.remove(text)
            self._show()

    def _show(self) -> None:
        self.label.setText(self._running[-1] if self._running else "")
        self.setVisible(self.is_busy())
        self.changed.emit()
