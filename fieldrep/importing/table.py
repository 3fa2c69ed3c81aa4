"""A sheet read as text: what the reader hands to the mapping, preview and import."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A sheet read as text: the header cells and the data rows with their line numbers."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
