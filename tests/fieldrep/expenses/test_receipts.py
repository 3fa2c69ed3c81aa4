"""Receipt files on disk: recognised by content, kept once under their hash, thumbnailed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from fieldrep.expenses.receipts import (
    MAX_RECEIPT_BYTES,
    ReceiptError,
    ReceiptKind,
    check_original_name,
    check_receipt,
    make_thumbnail,
    receipt_path,
    store_receipt,
)
from tests.fieldrep.expenses.receipt_samples import (
    heic_receipt,
    html_as_pdf,
    pdf_receipt,
    photo,
    png_bomb,
)


@pytest.mark.parametrize(("name", "fmt", "kind"), [
    ("r.jpg", "JPEG", ReceiptKind.JPEG), ("r.png", "PNG", ReceiptKind.PNG),
    ("r.gif", "GIF", ReceiptKind.GIF), ("r.webp", "WEBP", ReceiptKind.WEBP),
])
def test_photos_are_recognised_by_their_content(tmp_path: Path, name: str, fmt: str,
                                                kind: ReceiptKind) -> None:
    path = photo(tmp_path / name, (40, 60), format=fmt)
    renamed = path.rename(tmp_path / "receipt.bin")  # the name says nothing
    assert check_receipt(renamed) is kind


def test_pdf_and_heic_receipts_are_recognised(tmp_path: Path) -> None:
    assert check_receipt(pdf_receipt(tmp_path / "bill.pdf")) is ReceiptKind.PDF
    assert check_receipt(heic_receipt(tmp_path / "IMG_0042.HEIC")) is ReceiptKind.HEIC


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"Total: 12.50 EUR\n", "not a receipt FieldRep can keep"),
    (b"MZ\x90\x00\x03" + b"\x00" * 100, "not a receipt FieldRep can keep"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "the image is damaged"),
])
def test_other_files_are_refused_with_a_reason(tmp_path: Path, content: bytes,
                                               message: str) -> None:
    path = tmp_path / "receipt.jpg"
    path.write_bytes(content)
    with pytest.raises(ReceiptError, match=message):
        check_receipt(path)


def test_missing_and_oversized_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ReceiptError, match="no such file"):
        check_receipt(tmp_path / "nowhere.jpg")
    big = tmp_path / "scan.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(MAX_RECEIPT_BYTES + 1)
    with pytest.raises(ReceiptError, match="too large for a receipt"):
        check_receipt(big)


@pytest.mark.parametrize("name", ["../../etc/passwd", "sub/receipt.jpg", "C:\\x\\r.jpg",
                                  "C:r.jpg", "..", "", "  "])
def test_a_name_with_a_folder_is_refused(name: str) -> None:
    with pytest.raises(ReceiptError):
        check_original_name(name)


def test_a_receipt_is_stored_under_its_hash_with_its_name_kept(tmp_path: Path) -> None:
    source = photo(tmp_path / "Lunch 2 March.jpg", quality=90)
    folder = tmp_path / "attachments"
    stored = store_receipt(source, folder)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert stored.stored_name == f"{digest}.jpg" and stored.sha256 == digest
    assert stored.original_name == "Lunch 2 March.jpg" and stored.kind is ReceiptKind.JPEG
    assert not stored.already_stored
    assert (folder / stored.stored_name).read_bytes() == source.read_bytes()
    assert [p.name for p in folder.iterdir()] == [stored.stored_name]  # no temporary left


def test_the_same_receipt_attached_twice_is_noticed(tmp_path: Path) -> None:
    folder = tmp_path / "attachments"
    first = store_receipt(pdf_receipt(tmp_path / "hotel.pdf"), folder)
    copy = tmp_path / "downloads"
    copy.mkdir()
    (copy / "invoice (1).pdf").write_bytes((tmp_path / "hotel.pdf").read_bytes())
    again = store_receipt(copy / "invoice (1).pdf", folder)
    assert again.already_stored and again.stored_name == first.stored_name
    assert again.original_name == "invoice (1).pdf"
    assert len(list(folder.iterdir())) == 1
    other = store_receipt(photo(tmp_path / "taxi.png", format="PNG"), folder)
    assert not other.already_stored and other.stored_name.endswith(".png")


def test_a_given_name_with_a_folder_is_refused_before_copying(tmp_path: Path) -> None:
    folder = tmp_path / "attachments"
    with pytest.raises(ReceiptError, match="cannot contain a folder"):
        store_receipt(photo(tmp_path / "r.jpg"), folder, original_name="../r.jpg")
    assert not folder.exists()


def test_a_stored_name_from_the_store_cannot_leave_the_folder(tmp_path: Path) -> None:
    name = "0" * 64 + ".pdf"
    assert receipt_path(tmp_path, name) == tmp_path / name
    for bad in ("../" + name, "/etc/passwd", "receipt.jpg", "0" * 64 + ".exe"):
        with pytest.raises(ReceiptError, match="not a stored receipt name"):
            receipt_path(tmp_path, bad)


def test_a_photo_thumbnail_is_small_and_upright(tmp_path: Path) -> None:
    # A phone held upright saves a landscape picture with "rotate 90°" in its EXIF.
    source = tmp_path / "phone.jpg"
    image = Image.new("RGB", (2000, 1000), "white")
    exif = image.getexif()
    exif[0x0112] = 6
    image.save(source, exif=exif)
    thumbnail = make_thumbnail(source, tmp_path / "thumb.jpg", size=400)
    with Image.open(thumbnail) as made:
        assert made.format == "JPEG"
        assert made.size == (200, 400)  # portrait, as the rep saw it


def test_a_pdf_receipt_gets_a_placeholder_card(tmp_path: Path) -> None:
    thumbnail = make_thumbnail(pdf_receipt(tmp_path / "bill.pdf"), tmp_path / "t.jpg",
                               caption="hotel-bill.pdf", size=300)
    with Image.open(thumbnail) as made:
        assert made.size == (210, 300)
        assert made.convert("L").getextrema()[0] < 128  # the text is drawn on it


def test_an_81_megapixel_png_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    bomb = png_bomb(tmp_path / "scan.png")
    assert bomb.stat().st_size < 1024 * 1024  # small on disk: only its header tells
    with pytest.raises(ReceiptError, match=r"scan\.png: an image of 81 megapixels "
                                           r"\(9,000 × 9,000\) is too large for a receipt "
                                           r"\(at most 50 megapixels\)"):
        check_receipt(bomb)
    folder = tmp_path / "attachments"
    with pytest.raises(ReceiptError, match="81 megapixels"):
        store_receipt(bomb, folder)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_file_starting_with_the_pdf_mark_must_parse_as_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(ReceiptError, match=r"invoice\.pdf: not a readable PDF"):
        check_receipt(html_as_pdf(tmp_path / "invoice.pdf"))
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(pdf_receipt(tmp_path / "whole.pdf").read_bytes()[:600])
    with pytest.raises(ReceiptError, match=r"cut\.pdf: not a readable PDF"):
        check_receipt(truncated)


def test_a_pdf_locked_with_a_password_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=pdf_receipt(tmp_path / "bill.pdf"))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ReceiptError, match="locked with a password"):
        check_receipt(locked)


def test_a_heic_claim_without_its_boxes_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "IMG_1.HEIC"
    fake.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"<html>" * 20)
    with pytest.raises(ReceiptError, match="not a readable HEIC photo"):
        check_receipt(fake)
