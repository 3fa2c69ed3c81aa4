"""Text bound for a spreadsheet: kept out of its formula engine, and fit for a workbook.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is run as a formula when a CSV
file is opened: an account called ``=HYPERLINK(…)`` would become a live link.  Spreadsheets
also strip what comes before (a tab, a carriage return, spaces, a line break) and read
full-width forms (``＝``, ``＋``, ``－``, ``＠``, as an East Asian keyboard types them) as the
ASCII sign, so all of these count.  Every export calls this module: CSV cells get a leading
quote (:func:`neutralise`, which the importer undoes with :func:`strip_formula_guard`), XLSX
cells are written as text with Excel's quote prefix, after :func:`workbook_text` dropped
the control characters a workbook cannot hold (one in a note used to stop the export).
"""

from __future__ import annotations

import re
import unicodedata

#: What makes a spreadsheet read a cell as a formula, once NFKC has folded full-width and
#: small forms (``＝`` → ``=``, ``﹢`` → ``+``) to these.
FORMULA_SIGNS = frozenset("=+-@")
#: Characters that start a formula on their own (some spreadsheets strip them first).
_FORMULA_PREFIXES = ("\t", "\r")
#: What XML 1.0, hence an XLSX file, cannot hold: the C0 controls but tab, line feed and
#: carriage return (openpyxl's ``ILLEGAL_CHARACTERS_RE``), lone surrogates and U+FFFE/F.
_NOT_IN_WORKBOOK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula: it starts with a tab or a
    carriage return, or its first visible character is ``= + - @`` or a full-width form."""
    if text.startswith(_FORMULA_PREFIXES):
        return True
    visible = text.lstrip()
    return bool(visible) and unicodedata.normalize("NFKC", visible[0]) in FORMULA_SIGNS


def neutralise(text: str) -> str:
    """``text`` for a CSV cell: a quote before text a spreadsheet would run as a formula."""
    return "'" + text if looks_like_formula(text) else text


def strip_formula_guard(text: str) -> str:
    """Undo :func:`neutralise` (on import): the quote before a would-be formula goes."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


def workbook_text(text: str) -> str:
    """``text`` without the characters an XLSX workbook cannot hold."""
    return _NOT_IN_WORKBOOK.sub("", text)
