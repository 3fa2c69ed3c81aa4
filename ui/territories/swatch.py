"""A territory's colour: the small square shown beside its name, and the button to change it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QColorDialog, QPushButton, QWidget

from fieldrep.territories.service import PALETTE
from ui.kit.colours import MUTED, qcolor

#: The fill of a colour Qt cannot read (it is refused when the territory is saved).
UNREADABLE = "#9e9e9e"


def swatch(colour: str | None, size: int = 14) -> QIcon:
    """A small square of ``colour``; None gives the hollow square of "outside"."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if colour is None:
            painter.setPen(QPen(qcolor(MUTED), 1.2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            fill = readable(colour, UNREADABLE)
            painter.setPen(QPen(fill.darker(130), 1))
            painter.setBrush(fill)
        painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    finally:
        painter.end()
    return QIcon(pixmap)


def readable(colour: str, fallback: str) -> QColor:
    """``colour`` as a :class:`QColor`, or ``fallback`` when Qt cannot read it."""
    return qcolor(colour if QColor.isValidColorName(colour) else fallback)


class ColourButton(QPushButton):
    """Shows a colour (``#rrggbb``) and opens Qt's colour picker, the palette offered first."""

    def __init__(self, colour: str = PALETTE[0], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("Choose the colour of the territory on the map")
        self.setIconSize(QSize(16, 16))
        self.clicked.connect(self.choose)
        self._colour = ""
        self.set_colour(colour)

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        """Show ``colour`` (anything but ``#rrggbb`` is refused when saving)."""
        self._colour = colour
        self.setIcon(swatch(colour, 16))
        self.setText(f"  {colour}  Change…")

    def choose(self) -> None:
        """Pick a colour in Qt's colour dialog."""
        for i, colour in enumerate(PALETTE):
            QColorDialog.setCustomColor(i, qcolor(colour))
        chosen = QColorDialog.getColor(readable(self._colour, PALETTE[0]), self,
                                       "Territory colour")
        if chosen.isValid():
            self.set_colour(chosen.name())
