"""Every way a cell can start a formula is caught; what a workbook cannot hold is dropped."""

import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from fieldrep.common.spreadsheet_text import (
    looks_like_formula,
    neutralise,
    strip_formula_guard,
    workbook_text,
)

TRIGGERS = [
    "=1+1", "+33 4", "-2", "@SUM(A1)", "\tcmd", "\r=1",
    " =1", "\n=HYPERLINK(\"http://evil\")", "\r\n+1", "  \n\t-1", "\u00a0=1", "\u3000@x",
    "＝1+1", "＋1", "－1", "＠A1", "﹦1", " \n＝1",
]
PLAIN = ["Pharmacie du Centre", "", "   ", "'quoted", "Line one\n=not first", "1-2", "a@b.fr",
         "É=mc²"]


@pytest.mark.parametrize("text", TRIGGERS)
def test_every_trigger_is_neutralised_and_undone_on_import(text: str) -> None:
    assert looks_like_formula(text)
    assert neutralise(text) == "'" + text
    assert strip_formula_guard(neutralise(text)) == text


@pytest.mark.parametrize("text", PLAIN)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not looks_like_formula(text)
    assert neutralise(text) == text
    assert strip_formula_guard(text) == text


def test_workbook_text_drops_what_openpyxl_refuses_and_keeps_line_breaks() -> None:
    controls = "".join(chr(c) for c in range(32))
    kept = workbook_text(controls)
    assert kept == "\t\n\r"
    assert not ILLEGAL_CHARACTERS_RE.search(kept)
    assert workbook_text("Bell\x07 rang\x1b[0m here\ufffe") == "Bell rang[0m here"
