"""Where a territory's postcodes, postcode prefixes and towns are typed, with how they read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from fieldrep.territories.areas import areas_reading, parse_areas
from ui.kit.colours import MUTED, text_style

AREAS_HINT = ("One per line or separated by commas: postcodes (69003), postcode prefixes "
              "ending with * (38* for every postcode starting with 38) and town names.")


class AreasEditor(QWidget):
    """The areas as typed; below them, how FieldRep reads them (``drawn``: it has a shape)."""

    def __init__(self, *, drawn: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drawn = drawn
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("69001\n69002\n38*\nAnnecy")
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(130)
        self.edit.textChanged.connect(self._text_changed)
        self.reading_label = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        title = QLabel("Also &postcodes and towns:" if drawn else "&Postcodes and towns:")
        title.setBuddy(self.edit)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(self.edit, 1)
        column.addWidget(self.reading_label)
        column.addWidget(QLabel(AREAS_HINT, textFormat=Qt.TextFormat.PlainText, wordWrap=True,
                                styleSheet=text_style(MUTED)))
        self._text_changed()

    def areas(self) -> tuple[str, ...]:
        return parse_areas(self.edit.toPlainText())

    def set_areas(self, areas: tuple[str, ...]) -> None:
        """Show ``areas`` one per line."""
        self.edit.setPlainText("\n".join(areas))

    def _text_changed(self) -> None:
        self.reading_label.setText(areas_reading(self.areas(), drawn=self._drawn))
