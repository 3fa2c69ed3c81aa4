"""Receipt files for the tests: real photos, PDFs and HEIC boxes, and the hostile ones."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image
from reportlab.pdfgen.canvas import Canvas


def photo(path: Path, size: tuple[int, int] = (1200, 1600), colour: str = "white",
          **save: object) -> Path:
    Image.new("RGB", size, colour).save(path, **save)
    return path


def pdf_receipt(path: Path) -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Hotel du Parc — 129.00 EUR")
    canvas.save()
    return path


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def heic_receipt(path: Path) -> Path:
    """The box layout of an iPhone photo (ftyp, meta, mdat), without a real picture."""
    path.write_bytes(_box(b"ftyp", b"heic\x00\x00\x00\x00mif1heic")
                     + _box(b"meta", b"\x00" * 32) + _box(b"mdat", b"\x00" * 64))
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png_bomb(path: Path, width: int = 9_000, height: int = 9_000) -> Path:
    """A valid grey PNG of ``width`` × ``height`` (81 megapixels by default) that takes a
    few hundred kilobytes on disk: its rows of zeros compress to almost nothing."""
    squeezer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then one byte a pixel
    data = b"".join(squeezer.compress(row) for _ in range(height)) + squeezer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))
    return path


def html_as_pdf(path: Path) -> Path:
    """A web page that starts with ``%PDF-`` (to slip past a first-bytes check)."""
    path.write_text("%PDF-1.7\n<!doctype html><html><body><h1>Invoice</h1>"
                    "<script>alert(1)</script></body></html>\n", encoding="utf-8")
    return path
