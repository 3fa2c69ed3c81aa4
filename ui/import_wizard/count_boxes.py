"""A row of boxes, each a big number over a caption ("2 new accounts imported")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.kit.labels import plain_label, set_colour

NUMBER_SCALE = 1.8


class CountBoxes(QWidget):
    """One box per key, in order; :meth:`set_count` fills one in."""

    def __init__(self, keys: Sequence[str]) -> None:
        super().__init__()
        self._boxes: dict[str, tuple[QLabel, QLabel]] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for key in keys:
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            number = plain_label(wrap=False)
            font = QFont(number.font())
            font.setPointSizeF(font.pointSizeF() * NUMBER_SCALE)
            font.setBold(True)
            number.setFont(font)
            caption = plain_label()
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(number)
            box_layout.addWidget(caption)
            self._boxes[key] = (number, caption)
            row.addWidget(box)

    def set_count(self, key: str, count: int, caption: str, colour: str | None = None) -> None:
        """Show ``count`` (in ``colour``, or as usual) over ``caption`` in ``key``'s box."""
        number, label = self._boxes[key]
        number.setText(f"{count:,}")
        set_colour(number, colour)
        label.setText(caption)

    def number(self, key: str) -> str:
        return self._boxes[key][0].text()

    def caption(self, key: str) -> str:
        return self._boxes[key][1].text()
