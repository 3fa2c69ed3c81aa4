"""Words on screen: counts with their plural, tooltips shown as written, one-line cells."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 account``, ``2,500 accounts``, ``3 categories`` (give ``words`` when not +s)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as written (Qt would guess at HTML otherwise)."""
    if not text:
        return ""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def one_line(text: str) -> str:
    """A cell's text on one line (a multi-line cell shows ↵ where its lines break)."""
    return " ↵ ".join(text.splitlines()) if "\n" in text or "\r" in text else text
