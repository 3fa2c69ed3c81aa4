"""The font of PDF reports: a TrueType font with more than Latin-1, found offline.

PDF's built-in Helvetica knows only Western European letters: a Polish merchant or a
Greek client would print as black boxes.  DejaVu Sans (Linux) or Arial (Windows, macOS)
covers Latin, Greek and Cyrillic; Bitstream Vera, shipped inside reportlab, is the last
resort that is always there.  The font is embedded (subset) in each PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

_REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"
_SYSTEM_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
     "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf",
     "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
    ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
)
_CANDIDATES: tuple[tuple[Path, Path], ...] = (
    *((Path(regular), Path(bold)) for regular, bold in _SYSTEM_FONTS),
    (_REPORTLAB_FONTS / "Vera.ttf", _REPORTLAB_FONTS / "VeraBd.ttf"),
)


@dataclass(frozen=True)
class ReportFonts:
    """Names of the registered regular and bold faces, for reportlab styles."""

    regular: str
    bold: str


@cache
def report_fonts() -> ReportFonts:
    """Register the first available font pair with reportlab (once) and name it."""
    for regular, bold in _CANDIDATES:
        if regular.is_file() and bold.is_file():
            try:
                pdfmetrics.registerFont(TTFont("FieldRepSans", str(regular)))
                pdfmetrics.registerFont(TTFont("FieldRepSans-Bold", str(bold)))
            except (OSError, TTFError):  # a damaged font file: try the next one
                continue
            addMapping("FieldRepSans", 0, 0, "FieldRepSans")
            addMapping("FieldRepSans", 0, 1, "FieldRepSans")
            addMapping("FieldRepSans", 1, 0, "FieldRepSans-Bold")
            addMapping("FieldRepSans", 1, 1, "FieldRepSans-Bold")
            return ReportFonts("FieldRepSans", "FieldRepSans-Bold")
    return ReportFonts("Helvetica", "Helvetica-Bold")
