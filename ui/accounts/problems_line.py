"""The line at the bottom of the account dialog: the first problem, the others as links.

Each problem is a link to its field (:attr:`ProblemsLine.linkActivated` gives the field
key); with no problem it says what Enter and Esc do.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from fieldrep.accounts.form import FIELD_LABELS, Problem
from ui.kit.colours import ERROR, MUTED, span


class ProblemsLine(QLabel):
    """Rich text built only from escaped words (the rep's text never becomes markup)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing())

    def show_hint(self, hint: str) -> None:
        self.setText(span(html.escape(hint), MUTED))

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Name the first problem and why; list the other fields to check."""
        first = problems[0]
        text = span(f"⚠ {_link(first.field, f'<b>{html.escape(first.label)}</b>')}: "
                    f"{html.escape(first.reason)}", ERROR)
        others = list(dict.fromkeys(p.field for p in problems[1:]))
        if others:
            links = ", ".join(_link(key, html.escape(_label_of(key, problems)))
                              for key in others)
            text += "<br>" + span(f"Also check: {links}", ERROR)
        self.setText(text)

    def show_failure(self, message: str) -> None:
        """Saving failed: say why (the dialog stays open)."""
        self.setText(span(f"⚠ <b>Could not save:</b> {html.escape(message)}", ERROR))


def _link(key: str, text: str) -> str:
    return f"<a href='{html.escape(key)}' style='color:{ERROR}'>{text}</a>"


def _label_of(key: str, problems: Sequence[Problem]) -> str:
    return next((p.label for p in problems if p.field == key), FIELD_LABELS.get(key, key))
