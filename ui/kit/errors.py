"""Showing what went wrong: next to the field when there is one, in a box when there is not.

Messages come from the core already in the rep's words (a :class:`FieldRepError`'s text);
the desktop only chooses where to show them.  A box never blocks the event loop (``open``,
not ``exec``), so a background result can still arrive behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ui.kit.colours import ERROR, text_style
from ui.kit.labels import plain_label


def error_label(text: str = "") -> QLabel:
    """A label for a form's error line: plain text (never HTML), wrapped, in the error colour."""
    label = plain_label(text)
    label.setStyleSheet(text_style(ERROR))
    label.setVisible(bool(text))
    return label


def show_error_in(label: QLabel, message: str) -> None:
    """Show ``message`` in an error label (an empty message hides it)."""
    label.setText(message)
    label.setVisible(bool(message))


def show_error_box(parent: QWidget | None, message: str, title: str = "FieldRep") -> QMessageBox:
    """A warning box with ``message``, opened without blocking; returns it (tests close it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
