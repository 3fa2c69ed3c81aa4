"""A receipt checked by its real structure, not only its first bytes, with bounded work.

First bytes say what a file claims to be (``%PDF-`` could open an HTML page); these checks
read it as that and refuse it, saying why, when it is not:

* an image's size is read from its header and refused above :data:`MAX_RECEIPT_PIXELS`
  before a pixel is decoded (an 81-megapixel PNG of a few kilobytes would cost a gigabyte
  of memory), then it is decoded in full (a damaged one is refused);
* a PDF is parsed with pypdf: its cross-reference table, its page tree and at least one
  page, not locked by a password (the report could not show it);
* a HEIC photo (which FieldRep cannot decode) must be a chain of ISO media boxes that
  fills the file and holds the image's ``meta`` and ``mdat`` boxes.
"""

from __future__ import annotations

import logging
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PyPdfError

from fieldrep.common.errors import FieldRepError

#: A phone's camera takes 12 to 50 megapixels; a receipt is never more.
MAX_RECEIPT_PIXELS = 50_000_000
#: A receipt of more pages is a document, not a receipt.
MAX_RECEIPT_PAGES = 100


class ReceiptError(FieldRepError, ValueError):
    """A file that cannot be a receipt, or a receipt that cannot be stored; says why."""


def open_image(path: Path) -> Image.Image:
    """The image at ``path``, fully decoded, upright and in RGB; :class:`ReceiptError` when
    it is too large (checked before decoding) or damaged."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                _check_pixels(path, opened.width, opened.height)
                opened.load()
                upright = ImageOps.exif_transpose(opened)
                return upright.convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ReceiptError(f"{path.name}: the image is far too large to be a receipt") \
            from None
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, struct.error) as exc:
        if isinstance(exc, ReceiptError):
            raise
        raise ReceiptError(f"{path.name}: the image is damaged ({exc})") from None


def _check_pixels(path: Path, width: int, height: int) -> None:
    pixels = width * height
    if pixels > MAX_RECEIPT_PIXELS:
        raise ReceiptError(
            f"{path.name}: an image of {pixels / 1e6:.0f} megapixels ({width:,} × "
            f"{height:,}) is too large for a receipt (at most "
            f"{MAX_RECEIPT_PIXELS // 1_000_000} megapixels); send a smaller photo or a scan")


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf reports the damage it repairs as log records and warnings: the reason that
    matters is the error, and a warning must not add lines to the CLI's one."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def check_pdf(path: Path) -> None:
    """Refuse a file starting with ``%PDF-`` that pypdf cannot read as a PDF of pages."""
    try:
        with _quiet_pypdf():
            reader = PdfReader(path)
            pages = len(reader.pages)
            if pages:
                reader.pages[0].mediabox  # noqa: B018 - the first page must be a page
    except FileNotDecryptedError:
        raise ReceiptError(f"{path.name}: the PDF is locked with a password; save it "
                           "without one") from None
    except (PyPdfError, OSError, ValueError, TypeError, KeyError, AttributeError,
            RecursionError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReceiptError(f"{path.name}: not a readable PDF ({reason})") from None
    if pages == 0:
        raise ReceiptError(f"{path.name}: the PDF has no page")
    if pages > MAX_RECEIPT_PAGES:
        raise ReceiptError(f"{path.name}: a PDF of {pages:,} pages is too long for a receipt "
                           f"(at most {MAX_RECEIPT_PAGES})")


def check_heic(path: Path) -> None:
    """Refuse a file that claims to be HEIC but is not a chain of ISO media boxes."""
    size = path.stat().st_size
    kinds: set[bytes] = set()
    with path.open("rb") as handle:
        offset = 0
        while offset < size:
            handle.seek(offset)
            header = handle.read(16)
            if len(header) < 8:
                break
            length, kind = struct.unpack(">I4s", header[:8])
            if length == 1 and len(header) == 16:
                length = struct.unpack(">Q", header[8:16])[0]
            elif length == 0:
                length = size - offset
            if length < 8 or offset + length > size:
                break
            kinds.add(kind)
            offset += length
    if offset != size or not {b"ftyp", b"meta", b"mdat"} <= kinds:
        raise ReceiptError(f"{path.name}: not a readable HEIC photo (its boxes do not hold "
                           "an image); save it as JPEG")
