"""Count the cells of a workbook's XML parts before openpyxl reads them.

openpyxl collects a whole ``<row>`` (a dict per cell) before handing it over, and keeps
every shared string in a list, so a part that unpacks to a few hundred MB of tiny cells in
one row, or of tiny strings, would fill memory before any row could be counted. Each XML
part is therefore streamed once, a megabyte at a time, and its cell (``<c>``) and shared
string (``<si>``) elements are counted, with or without a namespace prefix: no part may
hold more than ``limits.cells`` of them, nor a row more than ``limits.columns`` cells.
(A tag is never cut between two chunks: the bytes from the last ``<`` near a chunk's end
are read again with the next one.)
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from fieldrep.importing.limits import MB, ReadLimits, refuse

#: The start of a ``<row>``, ``<c>`` or ``<si>`` element, with an optional prefix.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,40}:)?(row|c|si)[\s/>]")
_LONGEST_TAG = 64  # bytes kept from one chunk for a tag cut at its end


def check_part_cells(name: str, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Refuse a workbook (file ``name``) any XML part of which holds too many cells."""
    for part in archive.infolist():
        if part.filename.lower().endswith(".xml"):
            with archive.open(part) as stream:
                _count(name, part.filename, stream, limits)


def _count(name: str, part: str, stream: IO[bytes], limits: ReadLimits) -> None:
    in_row = total = 0
    tail = b""
    while chunk := stream.read(MB):
        data = tail + chunk
        cut = data.rfind(b"<", max(0, len(data) - _LONGEST_TAG))
        if cut == -1:
            cut = len(data)
        for match in _TAG.finditer(data, 0, cut):
            tag = match.group(1)
            if tag == b"row":
                in_row = 0
                continue
            total += 1
            if total > limits.cells:
                raise refuse(f"{name}, part {part!r}", f"more than {limits.cells:,} cells",
                             "cells", f"{limits.cells:,} cells for one import",
                             "split the file")
            if tag == b"c":
                in_row += 1
                if in_row > limits.columns:
                    raise refuse(f"{name}, part {part!r}",
                                 f"a row of more than {limits.columns:,} cells", "columns",
                                 f"{limits.columns:,} columns")
        tail = data[cut:]
