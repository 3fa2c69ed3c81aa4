"""The account dialog's "Notes" section: free text for the rep (door codes, parking…)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

from fieldrep.accounts.form import AccountFields


class NotesSection(QGroupBox):
    """One text box; its ``textChanged`` is the section's news."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Notes", parent)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Door codes, parking, who to ask for…")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(3 * self.fontMetrics().lineSpacing() + 12)
        self.changed = self.notes_edit.textChanged
        QVBoxLayout(self).addWidget(self.notes_edit)

    def field_widgets(self) -> dict[str, QWidget]:
        return {"notes": self.notes_edit}

    def focus_chain(self) -> list[QWidget]:
        return [self.notes_edit]

    def fill(self, fields: AccountFields) -> None:
        self.notes_edit.setPlainText(fields.notes)

    def read(self, fields: AccountFields) -> AccountFields:
        return replace(fields, notes=self.notes_edit.toPlainText())
