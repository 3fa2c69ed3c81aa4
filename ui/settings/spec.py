"""How a settings page is laid out: its title, its words, and a field per setting, each
tuned for its editor (range, placeholder, width…) when the defaults do not fit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from fieldrep.settings.spec import Setting


@dataclass(frozen=True)
class FieldSpec:
    """One setting's field.  Its caption is the setting's label unless ``caption`` says
    otherwise; its tooltip is the setting's help."""

    setting: Setting[Any]
    caption: str = ""
    placeholder: str = ""
    width: int = 0
    max_length: int = 0
    #: range, step, suffix and the text shown at the minimum, for numbers (and the
    #: decimals a number with a fraction shows)
    minimum: float = 0
    maximum: float = 100_000
    step: float = 1
    suffix: str = ""
    special: str = ""
    decimals: int = 2
    #: a check box's text
    text: str = ""
    #: a choice as radio buttons rather than a list
    radio: bool = False
    #: free text offered a few values to pick from
    suggestions: tuple[str, ...] = ()
    #: a hand-made editor, for values no generated one can show
    editor: Callable[[], QWidget] | None = None
    #: whether the field can be edited, given every value the dialog holds now
    enabled_by: Callable[[Mapping[str, str]], bool] | None = None

    @property
    def row_caption(self) -> str:
        text = self.caption or self.setting.label
        return f"{text[:1].upper()}{text[1:]}:"


@dataclass(frozen=True)
class PageSpec:
    """A page of the dialog made of generated fields."""

    title: str
    intro: str
    fields: tuple[FieldSpec, ...]
    #: words under the fields
    note: str = ""
