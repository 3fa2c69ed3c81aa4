"""The dialog to create or edit a territory: name, colour, postcodes and towns.

It saves through the page, which runs the save on the worker (placing 100,000 accounts
again takes a moment): the dialog stays open, everything typed intact, until the answer
comes; a refusal is shown in it, a success closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldrep.territories.conflicts import StaleTerritory
from fieldrep.territories.service import PALETTE, TerritoryData
from ui.kit.colours import MUTED, text_style
from ui.kit.errors import error_label, show_error_in
from ui.kit.tasks import Job
from ui.territories.areas_editor import AreasEditor
from ui.territories.swatch import ColourButton
from ui.widgets.merge_dialog import ask_merge

DRAWN = "drawn on the map (select it, then draw a new shape on the map to change it)"
JUST_DRAWN = "the shape just drawn on the map"


class TerritoryDialog(QDialog):
    """Create a territory (``territory`` None) or edit one.

    ``save`` is called with :meth:`territory` on Save and returns the worker's job, which
    ends with the saved territory (or, when it was changed elsewhere since the dialog
    opened, the :class:`StaleTerritory` conflict: both versions are shown field by field
    and the rep's merge is saved the same way) or fails with the reason it was refused.  Without
    ``save`` the dialog just accepts and the caller reads :meth:`territory`.  A drawn
    territory keeps its shape, unless ``shape`` (a GeoJSON geometry just drawn on the map)
    gives it a new one; a new territory with ``shape`` is drawn.
    """

    saved = Signal(object)  # TerritoryData, with its id

    def __init__(
        self,
        parent: QWidget | None = None,
        territory: TerritoryData | None = None,
        *,
        colour: str = PALETTE[0],
        save: Callable[[TerritoryData], Job] | None = None,
        shape: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = territory
        self._shape = shape
        self._save = save
        self._job: Job | None = None
        self.setWindowTitle(f"Edit territory — {territory.name}" if territory
                            else "New territory")
        self.setMinimumWidth(540)
        self._build(territory.color if territory and territory.color else colour)
        if territory is not None:
            self.name_edit.setText(territory.name)
            self.areas.set_areas(territory.areas)
        self.name_edit.setFocus()

    def _build(self, colour: str) -> None:
        drawn = self._shape is not None or (self._original is not None
                                            and self._original.polygon is not None)
        self.name_edit = QLineEdit(maxLength=200, placeholderText="e.g. Lyon Est, Isère, Alps")
        self.colour_button = ColourButton(colour)
        self.areas = AreasEditor(drawn=drawn)
        self.error_label = error_label()
        self.busy_label = QLabel("Saving and placing the accounts…",
                                 styleSheet=text_style(MUTED))
        self.busy_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_buddy("&Name:", self.name_edit), self.name_edit)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addStretch(1)
        form.addRow(_buddy("&Colour:", self.colour_button), colour_row)
        if drawn:
            shape = QLabel(JUST_DRAWN if self._shape is not None else DRAWN, objectName="shape")
            form.addRow("Shape:", shape)
        self.form = QWidget()
        column = QVBoxLayout(self.form)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addSpacing(6)
        column.addWidget(self.areas, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)

    # -- values -------------------------------------------------------------------------
    def territory(self) -> TerritoryData:
        """The territory as typed (id, shape and notes of the edited one kept)."""
        name, colour, areas = self.name_edit.text(), self.colour(), self.areas.areas()
        if self._original is None:
            return TerritoryData(name=name, color=colour, areas=areas, polygon=self._shape)
        typed = replace(self._original, name=name, color=colour, areas=areas)
        return typed if self._shape is None else replace(typed, polygon=self._shape)

    def colour(self) -> str:
        return self.colour_button.colour()

    def set_colour(self, colour: str) -> None:
        """Use ``colour`` (``#rrggbb``; anything else is refused when saving)."""
        self.colour_button.set_colour(colour)

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def is_saving(self) -> bool:
        return self._job is not None

    # -- saving -------------------------------------------------------------------------
    def accept(self) -> None:
        if self.is_saving():
            return
        if self._save is None:
            super().accept()
            return
        show_error_in(self.error_label, "")
        self._start(self._save, self.territory())

    def _start(self, save: Callable[[TerritoryData], Job], territory: TerritoryData) -> None:
        self._set_saving(True)
        self._job = save(territory)
        self._job.finished.connect(self._save_finished)
        self._job.failed.connect(self._save_failed)

    def _save_finished(self, territory: TerritoryData | StaleTerritory) -> None:
        self._set_saving(False)
        if isinstance(territory, StaleTerritory):
            self._merge(territory)
            return
        self.saved.emit(territory)
        super().accept()

    def _merge(self, stale: StaleTerritory) -> None:
        """Changed elsewhere since the dialog opened: the rep picks a side per field and
        the merge is saved over the other version (Cancel keeps what was typed)."""
        keep = ask_merge(self, stale, self._original)
        if keep is None or self._save is None:
            show_error_in(self.error_label, "⚠ Not saved: the territory was changed "
                                            "elsewhere meanwhile. Save again to compare.")
            return
        self._start(self._save, stale.merged(keep))

    def _save_failed(self, message: str) -> None:
        """Say why the territory was not saved; everything typed stays."""
        self._set_saving(False)
        show_error_in(self.error_label, f"⚠ Not saved: {message}")
        self.name_edit.setFocus()

    def _set_saving(self, saving: bool) -> None:
        if not saving:
            self._job = None
        self.form.setEnabled(not saving)
        self.buttons.setEnabled(not saving)
        self.busy_label.setVisible(saving)
        if saving:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def reject(self) -> None:
        if not self.is_saving():  # the accounts are being placed: wait for the answer
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_saving():
            event.ignore()
        else:
            super().closeEvent(event)


def _buddy(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
