"""Labels that show text as written (a file's content, an account's name), never as HTML."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ui.kit.colours import text_style


def plain_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A label that never interprets its text as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def set_colour(label: QLabel, colour: str | None) -> None:
    """Show ``label``'s text in ``colour`` (one of :mod:`ui.kit.colours`), or as usual."""
    label.setStyleSheet(text_style(colour) if colour is not None else "")
