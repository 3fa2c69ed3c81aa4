"""Two versions of one record side by side, field by field: the rep keeps one per field.

Shown when a save is refused because the record was changed elsewhere since it was
opened (another window, another rep on the shared store): each field that differs is a
row with the rep's value and the saved one, each with a radio button.  The rep's value is
chosen by default for the fields they changed, the saved one for the others (so a field
only the other person changed keeps their change); the two buttons above choose a side.
The dialog only collects the choice: :meth:`MergeDialog.keep_mine` names the fields whose
value is the rep's, the caller merges and saves.  :func:`ask_merge` does it all for any
refused save (an account, a visit, a territory, an expense).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldrep.store.conflicts import FieldDifference, StaleRecord


class MergeDialog(QDialog):
    """Choose, per field, the rep's value or the one saved meanwhile."""

    def __init__(self, parent: QWidget | None, what: str,
                 differences: Sequence[FieldDifference],
                 mine_by_default: Collection[str] | None = None) -> None:
        """``mine_by_default``: the fields whose own value is chosen at first (the ones the
        rep changed); None: every field."""
        super().__init__(parent)
        self._default = mine_by_default
        self.setWindowTitle("Changed elsewhere")
        self._differences = tuple(differences)
        self._mine: dict[str, QRadioButton] = {}
        self._theirs: dict[str, QRadioButton] = {}
        intro = QLabel(
            f"{what[:1].upper()}{what[1:]} was changed elsewhere while you edited it. "
            "Nothing was saved yet: choose which value to keep for each field that differs.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._side_buttons())
        layout.addWidget(self._grid(), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save merged",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, min(190 + 40 * len(self._differences), 600))

    def _side_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.all_mine = QPushButton("Keep all mine")
        self.all_theirs = QPushButton("Keep all saved")
        self.all_mine.clicked.connect(lambda: self.choose_all(mine=True))
        self.all_theirs.clicked.connect(lambda: self.choose_all(mine=False))
        row.addWidget(self.all_mine)
        row.addWidget(self.all_theirs)
        row.addStretch(1)
        return row

    def _grid(self) -> QScrollArea:
        inner = QWidget()
        grid = QGridLayout(inner)
        for column, title in enumerate(("Field", "Yours", "Saved meanwhile")):
            heading = QLabel(f"<b>{title}</b>")
            grid.addWidget(heading, 0, column)
        for row, difference in enumerate(self._differences, start=1):
            mine, theirs = _Choice(difference.mine), _Choice(difference.theirs)
            group = QButtonGroup(inner)
            group.addButton(mine.button)
            group.addButton(theirs.button)
            mine_first = self._default is None or difference.field in self._default
            (mine if mine_first else theirs).button.setChecked(True)
            grid.addWidget(QLabel(difference.label), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(mine, row, 1)
            grid.addWidget(theirs, row, 2)
            self._mine[difference.field] = mine.button
            self._theirs[difference.field] = theirs.button
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(self._differences) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        return scroll

    def choose(self, field: str, *, mine: bool) -> None:
        """Keep the rep's value of ``field`` (``mine``) or the saved one."""
        (self._mine if mine else self._theirs)[field].setChecked(True)

    def choose_all(self, *, mine: bool) -> None:
        for difference in self._differences:
            self.choose(difference.field, mine=mine)

    def keep_mine(self) -> set[str]:
        """The fields whose value is the rep's; the others keep the saved value."""
        return {name for name, button in self._mine.items() if button.isChecked()}


def ask_merge(parent: QWidget | None, stale: StaleRecord[Any],
              opened: object | None) -> set[str] | None:
    """Show both versions of a refused save; the fields whose value is the rep's, or None
    when the rep cancels.  ``opened`` is the copy the rep started from: the fields they
    changed keep their value at first, the others the saved one (None: all the rep's)."""
    touched = stale.changed_from(opened) if opened is not None else None
    dialog = MergeDialog(parent, stale.what, stale.differences, touched)
    try:
        return dialog.keep_mine() if dialog.exec() else None
    finally:
        dialog.deleteLater()


class _Choice(QWidget):
    """One side's value with its radio button; a long value wraps within its column (the
    tooltip holds it whole), a colour shows as a swatch; clicking the value chooses it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        shown = _shown(text)
        self.button = QRadioButton()
        self.button.setAccessibleName(shown)
        self.value = QLabel()
        self.value.setWordWrap(True)
        self.value.setToolTip(text)
        if _COLOUR.fullmatch(text):
            self.value.setTextFormat(Qt.TextFormat.RichText)
            self.value.setText(f"<span style='background-color:{text}'>&nbsp;&nbsp;&nbsp;"
                               f"&nbsp;&nbsp;</span>&nbsp;{text}")
        else:
            self.value.setTextFormat(Qt.TextFormat.PlainText)
            self.value.setText(shown)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.value, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.button.setChecked(True)
        event.accept()


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _shown(text: str, limit: int = 400) -> str:
    """A value on one line, shortened (the tooltip holds it whole); "(empty)" for none."""
    flat = " / ".join(line for line in text.splitlines() if line.strip())
    if not flat:
        return "(empty)"
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
