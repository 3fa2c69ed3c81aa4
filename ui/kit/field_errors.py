"""A refusal shown under the field it names, where the rep has to change something.

A form built on a :class:`QFormLayout` names its fields (the names the core's refusals
use, such as ``day`` or ``check_in``); :class:`FieldErrors` puts an error line in a row of
its own just under that field's row the first time one is needed, and shows a refusal
that names no field, or one the form does not show, in the form's general error line.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from ui.kit.errors import error_label, show_error_in


class FieldErrors:
    """One error line under each field of ``form`` that a refusal names."""

    def __init__(self, form: QFormLayout, fields: Mapping[str, QWidget],
                 fallback: QLabel) -> None:
        self.form, self.fields, self.fallback = form, dict(fields), fallback
        self.lines: dict[str, QLabel] = {}

    def show(self, field: str, message: str, *, focus: bool = True) -> None:
        """Show ``message`` under ``field`` (in the general line when the form has no such
        field) and put the cursor there unless ``focus`` is False (a check as the rep
        types); every other error line is cleared."""
        self.clear()
        widget = self.fields.get(field)
        row = self._row_of(widget) if widget is not None else -1
        if widget is None or row < 0:
            show_error_in(self.fallback, message)
            return
        line = self.lines.get(field)
        if line is None:
            line = self.lines[field] = error_label()
            self.form.insertRow(row + 1, "", line)
        show_error_in(line, message)
        if focus:
            widget.setFocus()

    def clear(self) -> None:
        """Hide every error line."""
        for line in (*self.lines.values(), self.fallback):
            show_error_in(line, "")

    def shown(self) -> dict[str, str]:
        """The messages on show, by field ("" for the general line)."""
        found = {field: line.text() for field, line in self.lines.items()
                 if not line.isHidden()}
        if not self.fallback.isHidden() and self.fallback.text():
            found[""] = self.fallback.text()
        return found

    def _row_of(self, widget: QWidget) -> int:
        """The form row holding ``widget`` (itself or inside a row's composite widget)."""
        current: QWidget | None = widget
        while current is not None:
            position: tuple[int, QFormLayout.ItemRole] = self.form.getWidgetPosition(
                current)  # type: ignore[assignment]  # PySide6's stub says "object"
            if position[0] >= 0:
                return position[0]
            current = current.parentWidget()
        return -1
