"""A page of the settings dialog: a heading, a few words, and a form of fields, each with the
line that says what is wrong with it; :class:`GeneratedPage` builds one from a
:class:`~ui.settings.spec.PageSpec`, a field per setting.

A page holds values as the settings' texts (:meth:`SettingsPage.values`); it neither reads
nor writes the store.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.kit.colours import MUTED, text_style
from ui.kit.errors import error_label, show_error_in
from ui.kit.words import plain_tooltip
from ui.settings.fields import FieldEditor, SelfChecking, editor_for
from ui.settings.spec import FieldSpec, PageSpec

_GROWING = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding,
            QSizePolicy.Policy.Ignored)
_UNLIMITED = 16777215  # QWIDGETSIZE_MAX


def note(text: str, *, muted: bool = True) -> QLabel:
    """A few wrapped words under a form (greyed unless ``muted`` is False)."""
    label = QLabel(text, wordWrap=True)
    if muted:
        label.setStyleSheet(text_style(MUTED))
    return label


class SettingsPage(QWidget):
    """One page: fields by key, their error lines, and the page's own words."""

    #: a value changed (the dialog checks everything again)
    changed = Signal()

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.title = title
        self.editors: dict[str, FieldEditor] = {}
        #: keys shown read-only (the team's settings, for a rep who is no manager)
        self.locked: frozenset[str] = frozenset()
        self.errors: dict[str, QLabel] = {}
        self._generated: tuple[FieldSpec, ...] = ()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(12, 0, 0, 0)
        self.column.addWidget(QLabel(f"<b style='font-size: 13pt'>{html.escape(title)}</b>"))
        self.column.addWidget(note(intro, muted=False))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setContentsMargins(0, 8, 0, 8)
        self.column.addLayout(self.form)

    def add_field(self, key: str, caption: str, shown: QWidget | QLayout,
                  editor: FieldEditor | None = None) -> None:
        """A form row: ``shown`` with ``key``'s error line under it; ``editor`` (when
        given) holds the key's value."""
        error = error_label()
        self.errors[key] = error
        if editor is not None:
            self.editors[key] = editor
            editor.value_changed.connect(self.changed)
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(shown, QLayout):
            column.addLayout(shown)
        else:  # a narrow field keeps its width; its error line gets the whole row
            row = QHBoxLayout()
            row.addWidget(shown)
            if (shown.sizePolicy().horizontalPolicy() not in _GROWING
                    or shown.maximumWidth() < _UNLIMITED):
                row.addStretch(1)
            column.addLayout(row)
        column.addWidget(error)
        self.form.addRow(caption, box)

    def finish(self, text: str = "") -> None:
        """Close the page with ``text`` under the form (if any)."""
        if text:
            self.column.addWidget(note(text))
        self.column.addStretch(1)

    def shown_keys(self) -> list[str]:
        """The keys this page shows (its problems flag it)."""
        return list(self.errors)

    def values(self) -> dict[str, str]:
        """The page's values as the settings' texts."""
        return {key: editor.value_text() for key, editor in self.editors.items()}

    def load(self, values: Mapping[str, str]) -> None:
        """Show ``values`` (the keys of other pages are ignored)."""
        for key, editor in self.editors.items():
            if key in values:
                editor.set_value_text(values[key])

    def own_problems(self) -> dict[str, str]:
        """What the fields themselves refuse (a state that has no text, say)."""
        problems: dict[str, str] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, SelfChecking) and (message := editor.problem()):
                problems[key] = message
        return problems

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each field's line says what is wrong with it (hidden when nothing is)."""
        for key, label in self.errors.items():
            show_error_in(label, problems.get(key, ""))

    def add_generated(self, fields: Sequence[FieldSpec]) -> None:
        """A field per setting, as ``fields`` tune it (its tooltip: the setting's help)."""
        for field in fields:
            editor = editor_for(field.setting, field)
            editor.setToolTip(plain_tooltip(field.setting.help))
            self.add_field(field.setting.key, field.row_caption, editor,
                           cast(FieldEditor, editor))
        self._generated += tuple(fields)

    def refresh(self, values: Mapping[str, str]) -> None:
        """Bring what depends on other values up to date: each generated field that can be
        edited only with some values is enabled or not."""
        for field in self._generated:
            if field.enabled_by is not None:
                editor = cast(QWidget, self.editors[field.setting.key])
                editor.setEnabled(field.enabled_by(values)
                                  and field.setting.key not in self.locked)

    def lock(self, keys: Collection[str]) -> None:
        """Show ``keys`` (those on this page) read-only, saying why."""
        self.locked = frozenset(key for key in keys if key in self.editors)
        for key in self.locked:
            widget = cast(QWidget, self.editors[key])
            widget.setEnabled(False)
            widget.setToolTip("The team's setting: only a manager changes it")

    def restore_defaults(self, defaults: Mapping[str, str]) -> None:
        """Put the page's fields back to ``defaults``."""
        self.load(defaults)


class GeneratedPage(SettingsPage):
    """A page made of a field per setting, as its spec says."""

    def __init__(self, spec: PageSpec) -> None:
        super().__init__(spec.title, spec.intro)
        self.spec = spec
        self.add_generated(spec.fields)
        self.finish(spec.note)
