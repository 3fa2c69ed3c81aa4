"""Tabular reports (visit activity, expenses) written as CSV, XLSX or PDF.

Build a :class:`Report` of :class:`Section` tables, then hand it to :func:`write_report`
(the format follows the file's extension) or to one writer: :func:`write_csv`,
:func:`write_xlsx`, :func:`write_pdf`.  The writers are imported when first used, so
importing this package (as the account export does, for :func:`neutralise`) does not load
openpyxl, reportlab and Pillow.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldrep.common.spreadsheet_text import neutralise
from fieldrep.reports.model import (
    Cell,
    Column,
    ColumnKind,
    Money,
    Report,
    ReportError,
    ReportImage,
    Section,
    SummaryLine,
)

if TYPE_CHECKING:
    from fieldrep.reports.csv_report import write_csv
    from fieldrep.reports.pdf_report import write_pdf
    from fieldrep.reports.xlsx_report import write_xlsx

REPORT_FORMATS = (".csv", ".xlsx", ".pdf")
_WRITERS = {"write_csv": "csv_report", "write_xlsx": "xlsx_report", "write_pdf": "pdf_report"}

__all__ = [
    "REPORT_FORMATS", "Cell", "Column", "ColumnKind", "Money", "Report", "ReportError",
    "ReportImage", "Section", "SummaryLine", "neutralise", "write_csv", "write_pdf",
    "write_report", "write_xlsx",
]


def write_report(report: Report, path: Path, images: Sequence[ReportImage] = (),
                 images_title: str = "Attachments") -> Path:
    """Write ``report`` in the format of ``path``'s extension (.csv, .xlsx or .pdf);
    ``images`` go only into a PDF."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from fieldrep.reports.csv_report import write_csv
        return write_csv(report, path)
    if suffix == ".xlsx":
        from fieldrep.reports.xlsx_report import write_xlsx
        return write_xlsx(report, path)
    if suffix == ".pdf":
        from fieldrep.reports.pdf_report import write_pdf
        return write_pdf(report, path, images, images_title)
    raise ReportError(f"{path.name}: a report is written as .csv, .xlsx or .pdf")


def __getattr__(name: str) -> Any:
    """The writers, imported on first use (PEP 562)."""
    if name in _WRITERS:
        return getattr(import_module(f"fieldrep.reports.{_WRITERS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
