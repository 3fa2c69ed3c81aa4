"""Keep text out of a spreadsheet's formula engine.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some spreadsheets strip before looking) is run as a formula when a CSV file is
opened: an account called ``=HYPERLINK(…)`` would become a live link.  Every text that
leaves FieldRep for a spreadsheet goes through :func:`neutralise` (CSV) or is written as a
text cell with a quote prefix (XLSX).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula."""
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """Prefix a quote to text a spreadsheet would evaluate as a formula."""
    return "'" + text if looks_like_formula(text) else text
