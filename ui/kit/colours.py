"""The few colours FieldRep speaks with, named by what they mean (not by hue).

Text colours pass WCAG AA on white; the backgrounds are pale enough for black text.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

ERROR = "#b3261e"
WARNING = "#a15c00"
GOOD = "#1b7f3b"
LINK = "#1f5fa8"
NEVER_SEEN = "#6a3d9a"
MUTED = "#6b6b6b"
TEXT = "#1f2937"
ERROR_BACKGROUND = "#fde7e9"
WARNING_BACKGROUND = "#fff4d6"
WARNING_BORDER = "#e6b84c"
DONE_BACKGROUND = "#eef6ee"
PANEL_BACKGROUND = "#f1f3f6"
HEADER_BACKGROUND = "#e8ebf0"
NAV_BACKGROUND = "#f3f4f6"
NAV_SELECTED = "#202a44"


def qcolor(colour: str) -> QColor:
    """A :class:`QColor` of one of these names (or any colour name Qt knows)."""
    return QColor(colour)


def text_style(colour: str) -> str:
    """A style sheet that sets a widget's text colour."""
    return f"color: {colour};"


def span(text: str, colour: str) -> str:
    """Rich text: already escaped ``text`` in ``colour``."""
    return f"<span style='color:{colour}'>{text}</span>"
