"""Write a report as a PDF to print or send: title, summary, tables, then any images.

Built with reportlab's platypus: tables repeat their heading row on every page, numbers
are right-aligned, total rows are bold under a rule, and each page has a footer with the
report title and "Page n of m".  The page turns to landscape when a table would not fit
upright.  Images (receipt thumbnails, say) come last, two to a row, each with its caption.
Every text is escaped: a merchant called ``<b>`` prints as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from fieldrep.reports.fonts import ReportFonts, report_fonts
from fieldrep.reports.formatting import display_text, heading_text
from fieldrep.reports.model import (
    Cell,
    Column,
    ColumnKind,
    Report,
    ReportError,
    ReportImage,
    Section,
)
from fieldrep.reports.target import atomic_target

_MARGIN = 1.5 * cm
_TABLE_FONT_SIZE = 8.5
_CELL_PADDING = 8  # points of horizontal padding in a cell (both sides)
_MIN_TEXT_WIDTH = 1.5 * cm
#: A table cell cannot run over two pages: longer text is cut (the CSV and XLSX keep it all).
_MAX_CELL_CHARACTERS = 1500
_SHORT_HEADING = 3 * cm  # headings up to this width stay on one line
_KEEP_WITH_HEADING = 3 * cm
_HEADER_GREY = colors.HexColor("#E4E7EB")
_RULE_GREY = colors.HexColor("#B8BEC6")


def write_pdf(report: Report, path: Path, images: Sequence[ReportImage] = (),
              images_title: str = "Attachments") -> Path:
    """Write ``report`` to ``path`` (a ``.pdf`` file), then ``images`` under
    ``images_title``; return the path."""
    fonts = report_fonts()
    styles = _styles(fonts)
    portrait_width = A4[0] - 2 * _MARGIN
    natural = [_natural_widths(s, fonts) for s in report.sections]
    wide = any(sum(widths) > portrait_width for widths in natural)
    page = landscape(A4) if wide else A4
    width = page[0] - 2 * _MARGIN

    story: list[Flowable] = [Paragraph(escape(report.title), styles["title"])]
    if report.period:
        story.append(Paragraph(escape(report.period), styles["period"]))
    if report.summary:
        story += [Spacer(1, 6), _summary_table(report, styles), Spacer(1, 6)]
    for section, widths in zip(report.sections, natural, strict=True):
        # A heading alone at the foot of a page: start the section on the next one.
        story.append(CondPageBreak(_KEEP_WITH_HEADING))
        story.append(Paragraph(escape(section.title), styles["heading"]))
        story.append(_section_table(section, _fit(section, widths, width), fonts, styles))
        if section.note:
            story.append(Paragraph(escape(section.note), styles["note"]))
    if images:
        story.append(CondPageBreak(_KEEP_WITH_HEADING))
        story.append(Paragraph(escape(images_title), styles["heading"]))
        story.append(_image_grid(images, width, styles))

    with atomic_target(path, ".pdf") as partial_path:
        document = SimpleDocTemplate(
            str(partial_path), pagesize=page, leftMargin=_MARGIN, rightMargin=_MARGIN,
            topMargin=_MARGIN, bottomMargin=_MARGIN + 0.3 * cm, title=report.title,
            author="FieldRep", subject=report.period)
        try:
            document.build(story, canvasmaker=partial(_NumberedCanvas, footer=report.title,
                                                      font=fonts.regular))
        except LayoutError as exc:
            raise ReportError(f"{Path(path).name}: a table does not fit on a page ({exc})") \
                from None
    return Path(path)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab carries no types
    """A canvas that holds its pages back until the end, to print "Page n of m"."""

    def __init__(self, *args: Any, footer: str, font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer, self._font = footer, font
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(len(self._pages))
            super().showPage()
        super().save()

    def _draw_footer(self, page_count: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(self._font, 7.5)
        self.setFillColor(colors.HexColor("#5F6B7A"))
        self.drawString(_MARGIN, _MARGIN * 0.6, self._footer[:120])
        self.drawRightString(width - _MARGIN, _MARGIN * 0.6,
                             f"Page {self._pageNumber} of {page_count}")
        self.restoreState()


def _styles(fonts: ReportFonts) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=fonts.regular, fontSize=_TABLE_FONT_SIZE,
                          leading=_TABLE_FONT_SIZE * 1.2)
    return {
        "title": ParagraphStyle("title", base, fontName=fonts.bold, fontSize=17, leading=21),
        "period": ParagraphStyle("period", base, fontSize=10.5, leading=14,
                                 textColor=colors.HexColor("#3D4753")),
        "heading": ParagraphStyle("heading", base, fontName=fonts.bold, fontSize=12,
                                  leading=15, spaceBefore=12, spaceAfter=5),
        "note": ParagraphStyle("note", base, fontSize=8, spaceBefore=3,
                               textColor=colors.HexColor("#5F6B7A")),
        "cell": base,
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=fonts.bold),
        "cell_right": ParagraphStyle("cell_right", base, alignment=2),
        "header": ParagraphStyle("header", base, fontName=fonts.bold),
        "header_right": ParagraphStyle("header_right", base, fontName=fonts.bold,
                                       alignment=2),
        "caption": ParagraphStyle("caption", base, fontSize=8, alignment=1),
    }


def _summary_table(report: Report, styles: dict[str, ParagraphStyle]) -> Table:
    rows = [[Paragraph(escape(line.label), styles["cell_bold"]),
             Paragraph(escape(display_text(None, line.value)),
                       styles["cell" if isinstance(line.value, str) else "cell_right"])]
            for line in report.summary]
    table = Table(rows, hAlign="LEFT", colWidths=[5 * cm, 5 * cm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, _RULE_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _natural_widths(section: Section, fonts: ReportFonts) -> list[float]:
    """Each column's width with nothing wrapped (long headings may wrap at spaces)."""
    widths = []
    for c, column in enumerate(section.columns):
        heading = heading_text(column)
        longest_word = max((stringWidth(w, fonts.bold, _TABLE_FONT_SIZE)
                            for w in heading.split()), default=0)
        whole = stringWidth(heading, fonts.bold, _TABLE_FONT_SIZE)
        cells = [stringWidth(display_text(column, row[c]), fonts.bold, _TABLE_FONT_SIZE)
                 for row in (*section.rows, *section.totals)]
        widths.append(max([min(whole, max(longest_word, _SHORT_HEADING)), *cells])
                      + _CELL_PADDING + 2)
    return widths


def _fit(section: Section, natural: list[float], width: float) -> list[float]:
    """Column widths that fit ``width``: every column but text keeps its width; text
    columns narrower than their share keep theirs too, and the wider ones share what is
    left in proportion to their length (their text wraps)."""
    if sum(natural) <= width:
        return natural
    fitted = list(natural)
    remaining = [i for i, c in enumerate(section.columns) if c.kind is ColumnKind.TEXT]
    room = width - sum(w for i, w in enumerate(natural) if i not in remaining)
    while remaining:
        share = room / len(remaining)
        narrow = [i for i in remaining if natural[i] <= share]
        if not narrow:
            wanted = sum(natural[i] for i in remaining)
            for i in remaining:
                fitted[i] = max(_MIN_TEXT_WIDTH, room * natural[i] / wanted)
            break
        for i in narrow:
            room -= natural[i]
            remaining.remove(i)
    return fitted


def _section_table(section: Section, widths: list[float], fonts: ReportFonts,
                   styles: dict[str, ParagraphStyle]) -> Table:
    header = [Paragraph(escape(heading_text(c)),
                        styles["header_right" if c.is_numeric else "header"])
              for c in section.columns]
    body = []
    for number, row in enumerate((*section.rows, *section.totals)):
        style = styles["cell_bold" if number >= len(section.rows) else "cell"]
        body.append([
            display_text(c, v) if c.is_numeric else Paragraph(_cell_markup(c, v), style)
            for c, v in zip(section.columns, row, strict=True)])
    table = Table([header, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, _TABLE_FONT_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, _RULE_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
    ]
    for c, column in enumerate(section.columns):
        if column.is_numeric:
            commands.append(("ALIGN", (c, 1), (c, -1), "RIGHT"))
    if section.totals:
        first_total = len(section.rows) + 1
        commands += [("FONT", (0, first_total), (-1, -1), fonts.bold, _TABLE_FONT_SIZE),
                     ("LINEABOVE", (0, first_total), (-1, first_total), 0.8, colors.black)]
    table.setStyle(TableStyle(commands))
    return table


def _cell_markup(column: Column, value: Cell) -> str:
    text = display_text(column, value)
    if len(text) > _MAX_CELL_CHARACTERS:
        text = text[:_MAX_CELL_CHARACTERS] + " …"
    return escape(text).replace("\n", "<br/>")


def _image_grid(images: Sequence[ReportImage], width: float,
                styles: dict[str, ParagraphStyle]) -> Table:
    cell_width = width / 2
    box = (cell_width - 0.6 * cm, 9 * cm)
    cells: list[list[Flowable] | str] = [
        [*_image(image.path, box, styles), Paragraph(escape(image.caption), styles["caption"])]
        for image in images]
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = Table(rows, colWidths=[cell_width, cell_width], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    return table


def _image(path: Path | None, box: tuple[float, float],
           styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if path is None:
        return []
    try:
        with PillowImage.open(path) as opened:
            pixel_width, pixel_height = opened.size
    except (OSError, UnidentifiedImageError, PillowImage.DecompressionBombError):
        return [Paragraph("(image unavailable)", styles["caption"])]
    scale = min(box[0] / pixel_width, box[1] / pixel_height, 1.0)  # never blow up a thumbnail
    return [Image(str(path), width=pixel_width * scale, height=pixel_height * scale),
            Spacer(1, 3)]
