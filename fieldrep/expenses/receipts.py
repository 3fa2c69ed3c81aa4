"""Receipt files: checked, kept once under their content's hash, shown as thumbnails.

A receipt is a photo (JPEG, PNG, GIF, WebP or an iPhone's HEIC) or a PDF, recognised by
its first bytes, never by its name, then checked by its structure
(:mod:`~fieldrep.expenses.receipt_checks`: size and pixel limits, a PDF parsed).  It is
copied into the attachments folder as ``<sha256>.<ext>``: a name that cannot clash or
escape the folder, and the same receipt attached twice is the same file, which is how a
duplicate is noticed.  The name the rep knew it by is kept beside it by the caller (in the
store).

Thumbnails for the PDF report are made with Pillow, turned upright from the photo's EXIF
orientation.  A PDF or HEIC receipt gets a plain placeholder card naming the file.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from fieldrep.expenses.receipt_checks import ReceiptError, check_heic, check_pdf, open_image

#: A phone photo is a few MB; a scan of a long hotel bill a few more.
MAX_RECEIPT_BYTES = 20 * 1024 * 1024
THUMBNAIL_PIXELS = 900
_STORED_NAME = re.compile(r"^[0-9a-f]{64}\.(jpg|png|gif|webp|heic|pdf)$")
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


class ReceiptKind(StrEnum):
    """The receipt's file type; the value is the extension it is stored under."""

    JPEG = "jpg"
    PNG = "png"
    GIF = "gif"
    WEBP = "webp"
    HEIC = "heic"
    PDF = "pdf"

    @property
    def previewable(self) -> bool:
        """Whether Pillow can draw it (HEIC needs a plug-in FieldRep does not ship)."""
        return self not in (ReceiptKind.PDF, ReceiptKind.HEIC)


@dataclass(frozen=True)
class StoredReceipt:
    """A receipt in the attachments folder: ``stored_name`` is its file there,
    ``original_name`` what the rep called it; ``already_stored`` when the same content
    was there before (the same receipt attached again)."""

    stored_name: str
    original_name: str
    kind: ReceiptKind
    size: int
    sha256: str
    already_stored: bool


def receipt_kind(head: bytes) -> ReceiptKind | None:
    """The type of a file from its first bytes (at least 16), None when not a receipt."""
    if head.startswith(b"\xff\xd8\xff"):
        return ReceiptKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ReceiptKind.PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ReceiptKind.GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return ReceiptKind.WEBP
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return ReceiptKind.HEIC
    if head.startswith(b"%PDF-"):
        return ReceiptKind.PDF
    return None


#: Longest receipt file name the store keeps.
MAX_NAME = 255


def check_original_name(name: str) -> str:
    """``name`` if it is a bare file name (no folder, not ``..``); :class:`ReceiptError`
    otherwise."""
    cleaned = name.strip()
    if not cleaned or cleaned in (".", ".."):
        raise ReceiptError(f"{name!r} is not a file name")
    if "/" in cleaned or "\\" in cleaned or "\x00" in cleaned or re.match(r"^[A-Za-z]:", cleaned):
        raise ReceiptError(f"{name!r}: a receipt's name cannot contain a folder")
    if len(cleaned) > MAX_NAME:
        raise ReceiptError(f"a receipt's name is at most {MAX_NAME} characters long")
    return cleaned


def check_receipt(path: Path) -> ReceiptKind:
    """The kind of receipt at ``path``; :class:`ReceiptError` says why it is not one
    (missing, empty, too large, not an image or PDF, a damaged image)."""
    path = Path(path)
    if not path.is_file():
        raise ReceiptError(f"{path.name}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise ReceiptError(f"{path.name}: the file is empty")
    if size > MAX_RECEIPT_BYTES:
        raise ReceiptError(f"{path.name}: {size / 1024 / 1024:.1f} MB is too large for a "
                           f"receipt (at most {MAX_RECEIPT_BYTES // 1024 // 1024} MB)")
    with path.open("rb") as handle:
        kind = receipt_kind(handle.read(32))
    if kind is None:
        raise ReceiptError(f"{path.name}: not a receipt FieldRep can keep; use a photo "
                           "(JPEG, PNG, GIF, WebP, HEIC) or a PDF")
    if kind is ReceiptKind.PDF:
        check_pdf(path)
    elif kind is ReceiptKind.HEIC:
        check_heic(path)
    else:
        open_image(path).close()
    return kind


def store_receipt(source: Path, folder: Path, original_name: str | None = None, *,
                  before_keep: Callable[[str], None] | None = None) -> StoredReceipt:
    """Copy the receipt at ``source`` into ``folder`` under its content hash (once: the
    same content is not copied again).  ``original_name`` defaults to ``source``'s name;
    ``before_keep`` is told the file's name before a new copy is put in place.  A file
    already there gets a new modification time (it is in use again)."""
    source, folder = Path(source), Path(folder)
    original = check_original_name(original_name if original_name is not None else source.name)
    kind = check_receipt(source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial, digest, size = _copy_hashing(source, folder)
        target = folder / f"{digest}.{kind.value}"
        already = target.is_file()
        if already:
            partial.unlink()
            os.utime(target)
        else:
            if before_keep is not None:
                before_keep(target.name)
            partial.replace(target)
    except OSError as exc:
        raise ReceiptError(f"{original}: cannot be copied to {folder} "
                           f"({exc.strerror or exc})") from exc
    return StoredReceipt(target.name, original, kind, size, digest, already)


def _copy_hashing(source: Path, folder: Path) -> tuple[Path, str, int]:
    """Copy ``source`` to a temporary file in ``folder``; its path, SHA-256 and size.
    Hashing the copy itself means the name always matches what was kept."""
    digest, size = hashlib.sha256(), 0
    handle, name = tempfile.mkstemp(dir=folder, prefix=".part-")
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            for block in iter(lambda: data.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
                out.write(block)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial, digest.hexdigest(), size


def receipt_path(folder: Path, stored_name: str) -> Path:
    """The file of a stored receipt; refuses any name :func:`store_receipt` cannot have
    given (so a name read from the store can never point outside ``folder``)."""
    if not _STORED_NAME.match(stored_name):
        raise ReceiptError(f"{stored_name!r} is not a stored receipt name")
    return Path(folder) / stored_name


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's content, in hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_thumbnail(receipt: Path, target: Path, caption: str = "",
                   size: int = THUMBNAIL_PIXELS) -> Path:
    """Write a JPEG thumbnail of ``receipt`` to ``target`` (at most ``size`` pixels a
    side, upright); a PDF, HEIC or unreadable image gets a placeholder card naming its
    kind, with ``caption`` (the receipt's original name, say) under it."""
    receipt, target = Path(receipt), Path(target)
    kind = None
    with receipt.open("rb") as handle:
        kind = receipt_kind(handle.read(32))
    image = None
    if kind is not None and kind.previewable:
        try:
            image = open_image(receipt)
        except ReceiptError:
            image = None
    if image is None:
        what = kind.name if kind else "file"
        image = _placeholder(f"{what} receipt", caption, size)
    else:
        image.thumbnail((size, size))
    try:
        image.save(target, "JPEG", quality=85)
    except OSError as exc:
        raise ReceiptError(f"{target}: cannot write the thumbnail ({exc.strerror or exc})") \
            from exc
    return target


def _placeholder(title: str, caption: str, size: int) -> Image.Image:
    width, height = size * 7 // 10, size
    card = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(card)
    draw.rectangle((4, 4, width - 5, height - 5), outline=(150, 156, 164), width=4)
    big = ImageFont.load_default(size=max(12, size // 14))
    small = ImageFont.load_default(size=max(10, size // 28))
    draw.text((width // 2, height // 2 - size // 20), title, fill=(60, 70, 83), font=big,
              anchor="mm")
    line = caption
    while line and draw.textlength(line, font=small) > width - 24:
        line = line[:-2] + "…"
    draw.text((width // 2, height // 2 + size // 20), line, fill=(95, 107, 122), font=small,
              anchor="mm")
    return card
