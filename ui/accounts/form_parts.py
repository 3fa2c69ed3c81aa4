"""What every section of the account dialog is built of: labels, rows, marks of refused fields."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from fieldrep.accounts.form import Problem
from ui.kit.colours import ERROR, ERROR_BACKGROUND, MUTED, text_style

#: The dialog's style sheet: fields whose ``invalid`` property is true get a red border.
INVALID_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"] {{
    border: 1px solid {ERROR}; border-radius: 3px; padding: 2px 3px;
    background: {ERROR_BACKGROUND};
}}
"""


def mark(widget: QWidget, problem: Problem | None, base_tooltip: str) -> None:
    """Red border and the reason as tooltip on an invalid field; back to normal when fixed."""
    invalid = problem is not None
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.update()
    widget.setToolTip(f"⚠ {problem.reason}" if problem else base_tooltip)
    widget.setAccessibleDescription(problem.reason if problem else "")


# -- building the sections --------------------------------------------------------------
def hint_label() -> QLabel:
    """A grey rich-text label beside a field (a hint, never the rep's own text)."""
    return QLabel(textFormat=Qt.TextFormat.RichText, styleSheet=text_style(MUTED))


def labelled(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic (``&``) focuses ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def section_form(box: QGroupBox) -> QFormLayout:
    """The form layout of one section of the dialog."""
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(6)
    return form


def side_by_side(*widgets: QWidget, stretch: int = 0) -> QWidget:
    """Widgets side by side on one form row."""
    holder = QWidget()
    box = QHBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        box.addWidget(widget)
    if stretch:
        box.addStretch(stretch)
    return holder


def fitting_size(window: QWidget, preferred: QSize) -> QSize:
    """``preferred`` (or the window's minimum, if larger), never more than the screen allows
    (a 1366×768 laptop included)."""
    size = preferred.expandedTo(window.minimumSizeHint())
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size() - QSize(20, 40))
    return size
