"""A yes-or-no setting: a check box whose words wrap at the dialog's width.

A plain ``QCheckBox`` never wraps its text, so a sentence longer than the page is cut
("…back from the la").  Here the box has the words as its accessible name and a wrapped
label beside it; clicking the words toggles the box, as clicking a check box's text does.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui.settings.spec import FieldSpec


class _Words(QLabel):
    """The box's words: wrapped, and a click on them toggles the box."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text, wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                         alignment=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.box = box
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A form row sizes a wrapped label by its size hint, not by its width: ask for
        # exactly the lines the width it got needs.
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.toggle()
            self.box.setFocus()
        super().mouseReleaseEvent(event)


class CheckField(QWidget):
    """Yes or no (``box`` holds it; ``words`` say what it means)."""

    value_changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.box = QCheckBox()
        self.box.setAccessibleName(spec.text)
        self.words = _Words(spec.text, self.box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.box.toggled.connect(lambda _on: self.value_changed.emit())

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)

    def value_text(self) -> str:
        return "yes" if self.box.isChecked() else "no"

    def set_value_text(self, text: str) -> None:
        self.box.setChecked(text == "yes")
