"""Broken and hostile spreadsheets, built on the spot from valid ones (seeded, no files kept).

Workbooks are written part by part with a small hand-made zip writer, so a part can be a
"zip bomb": a sheet of hundreds of MB stored as a few hundred KB. Its packed data is made
without compressing hundreds of MB: after a full flush deflate restarts from an empty
history, so one compressed block of a repeated chunk is the same every time and is simply
repeated (only the CRC reads the whole text). ``benchmarks/hostile_files.py`` times the
reader on the same files.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
XXE_SHEET = (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY secret SYSTEM '
             b'"file:///etc/passwd">]>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
             b'<t>name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>&secret;'
             b'</t></is></c></row></sheetData></worksheet>')
_LAUGHS = ['<!ENTITY l0 "hahahahaha">'] + [
    f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 9)]
LAUGHS_SHEET = (f'<?xml version="1.0"?>\n<!DOCTYPE worksheet [{"".join(_LAUGHS)}]>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l8;</t></is></c></row>'
                '</sheetData></worksheet>').encode()


@dataclass(frozen=True)
class Part:
    """One file of a zip, packed (raw deflate), with its CRC and unpacked size."""

    name: str
    packed: bytes
    crc: int
    size: int


def packed_part(name: str, data: bytes) -> Part:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Part(name, squeeze.compress(data) + squeeze.flush(), zlib.crc32(data), len(data))


def repeated_part(name: str, head: bytes, chunk: bytes, repeats: int, tail: bytes) -> Part:
    """``head + chunk * repeats + tail`` packed by repeating one compressed block."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    again = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "deflate did not restart at the full flush"
    packed += block * (repeats - 1) + again + squeeze.compress(tail) + squeeze.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return Part(name, packed, crc, len(head) + len(chunk) * repeats + len(tail))


def write_zip(path: Path, parts: list[Part]) -> Path:
    """A plain (not ZIP64) zip of ``parts``, every one deflated, dated 1980-01-01."""
    directory = b""
    with path.open("wb") as out:
        for part in parts:
            name = part.name.encode()
            fields = (20, 0, 8, 0, 33, part.crc, len(part.packed), part.size, len(name), 0)
            offset = out.tell()
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + name + part.packed)
            directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0,
                                     offset) + name
        start = out.tell()
        out.write(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts),
                                          len(parts), len(directory), start, 0))
    return path


def valid_rows(count: int) -> list[list[str]]:
    """A header and ``count`` accounts, the kind a rep imports."""
    towns = [("Lyon", "69001"), ("Grenoble", "38000"), ("Annecy", "74000")]
    return [["name", "city", "postcode", "notes"]] + [
        [f"Pharmacie {n}", *towns[n % 3], f"visit {n}"] for n in range(1, count + 1)]


def valid_csv(count: int = 20) -> bytes:
    return "".join(",".join(row) + "\r\n" for row in valid_rows(count)).encode()


def valid_workbook_parts(count: int = 20) -> dict[str, bytes]:
    """The parts of an XLSX of :func:`valid_rows`, as openpyxl writes it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in valid_rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_workbook(path: Path, parts: dict[str, bytes], *extra: Part) -> Path:
    """A workbook of ``parts`` (name → unpacked bytes), with ``extra`` parts replacing any of
    the same name."""
    replaced = {part.name for part in extra}
    return write_zip(path, [packed_part(n, data) for n, data in parts.items()
                            if n not in replaced] + list(extra))


def sheet_xml(rows: bytes, dimension: str = "") -> bytes:
    """A sheet part holding ``rows`` (``<row>`` elements), with a declared dimension."""
    declared = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_HEAD + declared + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def inline_row(number: int, *values: str) -> bytes:
    """A ``<row>`` of inline-string cells from column A."""
    cells = b"".join(b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
                     % (bytes([65 + i]), number, value.encode()) for i, value in enumerate(values))
    return b'<row r="%d">%s</row>' % (number, cells)


def bomb_workbook(path: Path, unpacked_mb: int) -> Path:
    """A valid workbook whose sheet holds ``unpacked_mb`` MB of rows of one 1,000-letter cell
    each: it packs about 1,000 to 1."""
    row = b'<row><c t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>"
    rows = row * (MB // len(row))
    chunk = rows + b" " * (MB - len(rows))
    head = SHEET_HEAD + b"<sheetData>" + inline_row(1, "name")
    bomb = repeated_part(SHEET, head, chunk, unpacked_mb, b"</sheetData></worksheet>")
    return write_workbook(path, valid_workbook_parts(1), bomb)


def mutated_files(folder: Path, seed: int, count: int) -> list[Path]:
    """``count`` files made by seeded random damage to a valid CSV or workbook: cut short,
    bytes flipped, a part replaced by random XML or bytes, or a part missing."""
    rng = random.Random(seed)
    csv_bytes = valid_csv()
    parts = valid_workbook_parts()
    workbook = (folder / "valid.xlsx")
    write_workbook(workbook, parts)
    xlsx_bytes = workbook.read_bytes()
    made = []
    for n in range(count):
        kind = rng.choice(["cut", "flip", "random_xml", "garbage_part", "missing_part"])
        as_csv = rng.random() < 0.3 and kind in ("cut", "flip")
        path = folder / f"m{n}-{kind}.{'csv' if as_csv else 'xlsx'}"
        source = csv_bytes if as_csv else xlsx_bytes
        if kind == "cut":
            path.write_bytes(source[:rng.randrange(len(source))])
        elif kind == "flip":
            data = bytearray(source)
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            path.write_bytes(bytes(data))
        else:
            name = rng.choice(sorted(parts))
            damaged = dict(parts)
            if kind == "missing_part":
                del damaged[name]
            elif kind == "random_xml":
                damaged[name] = random_xml(rng)
            else:
                damaged[name] = rng.randbytes(rng.randint(0, 2000))
            write_workbook(path, damaged)
        made.append(path)
    return made


def random_xml(rng: random.Random) -> bytes:
    """Well- or ill-formed XML of random tags from a sheet's vocabulary."""
    tags = ["row", "c", "v", "t", "is", "sheetData", "worksheet", "si", "sst", "sheet", "x"]
    text = "".join(rng.choice([f"<{rng.choice(tags)}>", f"</{rng.choice(tags)}>",
                               f'<c r="{rng.choice("AZQ")}{rng.randint(0, 10**7)}" t="s">',
                               f"<v>{rng.randint(-5, 10**6)}</v>", "&amp;", "x"])
                   for _ in range(rng.randint(0, 60)))
    return ('<?xml version="1.0"?>' + text).encode()


def binary_garbage(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)
