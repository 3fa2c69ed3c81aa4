"""Words on screen: counts with their plural (the core's, for the window and the terminal
alike), tooltips shown as written, one-line cells."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt

from fieldrep.common.text import plural

__all__ = ["one_line", "plain_tooltip", "plural"]


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as written (Qt would guess at HTML otherwise)."""
    if not text:
        return ""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def one_line(text: str) -> str:
    """A cell's text on one line (a multi-line cell shows ↵ where its lines break)."""
    return " ↵ ".join(text.splitlines()) if "\n" in text or "\r" in text else text
