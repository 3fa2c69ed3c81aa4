"""No file knocks the importer over: broken, hostile or enormous files (built here, seeded)
end in one ImportFileError naming the file and the limit passed, or in an import of what
is valid. Refusals and messages are asserted, never times."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldrep.accounts.service import list_accounts
from fieldrep.common.errors import FieldRepError
from fieldrep.importing.errors import ImportLimitError
from fieldrep.importing.limits import ReadLimits
from fieldrep.importing.reader import ImportFileError, read_table, sheet_names
from fieldrep.importing.service import import_accounts, plan_import
from fieldrep.store import Store
from tests.fieldrep.importing import hostile_corpus as corpus

CELL_LIMIT = "over the limit of 32,767 characters for one cell"


def workbook_with_sheet(path: Path, sheet: bytes) -> Path:
    return corpus.write_workbook(path, corpus.valid_workbook_parts(),
                                 corpus.packed_part(corpus.SHEET, sheet))


def refusal(path: Path, limits: ReadLimits | None = None) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        read_table(path, limits=limits or ReadLimits())
    message = str(caught.value)
    assert message.startswith(path.name) and "\n" not in message
    return caught.value


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_randomly_damaged_files_are_imported_or_refused_in_one_line(
        tmp_path: Path, store: Store, seed: int) -> None:
    outcomes = {"imported": 0, "refused": 0}
    for path in corpus.mutated_files(tmp_path, seed, count=25):
        try:
            plan = plan_import(path)
        except FieldRepError as exc:  # the file, or its mapping (no name column left)
            message = str(exc)
            assert message.startswith(path.name) and "\n" not in message, message
            outcomes["refused"] += 1
            continue
        result = import_accounts(store, plan, dry_run=True)
        assert result.inserted + result.rejected_rows == len(plan.table.rows)
        outcomes["imported"] += 1
    assert outcomes["refused"] > 0 and outcomes["imported"] > 0  # the damage is real


def test_binary_garbage_named_csv_or_xlsx_and_empty_files(tmp_path: Path) -> None:
    for suffix in ("csv", "xlsx", "xlsm"):
        path = tmp_path / f"garbage.{suffix}"
        path.write_bytes(corpus.binary_garbage(seed=7, size=50_000))
        reason = "not a text (CSV) file" if suffix == "csv" else "not a readable Excel workbook"
        assert reason in str(refusal(path))
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "not a readable Excel workbook (File is not a zip file)" in str(
        refusal(tmp_path / "empty.xlsx"))
    (tmp_path / "blank.csv").write_bytes(b"\r\n ; \r\n")
    assert "the file is empty" in str(refusal(tmp_path / "blank.csv"))
    with pytest.raises(ImportFileError, match="not a readable Excel workbook"):
        sheet_names(corpus.write_zip(tmp_path / "hollow.xlsx", []))


def test_a_header_only_file_reads_as_no_rows(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "header.csv"
    path.write_bytes(b"name;city\r\n")
    assert read_table(path).rows == []
    assert import_accounts(store, plan_import(path)).inserted == 0


@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""),
    ("utf-16-be", b""), ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_utf16_and_utf32_with_or_without_a_byte_order_mark(
        tmp_path: Path, store: Store, encoding: str, bom: bytes) -> None:
    path = tmp_path / "accounts.csv"
    path.write_bytes(bom + "name\tcity\r\nBäckerei Müller\tKöln\r\nŁódź Sp.\tŁódź\r\n"
                     .encode(encoding))
    assert import_accounts(store, plan_import(path)).inserted == 2
    assert [(a.name, a.city) for a in list_accounts(store)] == [
        ("Bäckerei Müller", "Köln"), ("Łódź Sp.", "Łódź")]


def test_utf16_cut_in_the_middle_of_a_character_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_bytes(b"\xff\xfe" + "name\r\nAcme\r\n".encode("utf-16-le") + b"\x41")
    assert read_table(path).rows[0][1][0] == "Acme"


def test_a_cell_of_a_megabyte_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"name,notes\r\nAcme,ok\r\nBeta," + b"x" * 1_000_000 + b"\r\n")
    error = refusal(big)
    assert str(error).startswith(f"big.csv, line 3: a cell of more than 131,072 characters is "
                                 f"{CELL_LIMIT}")
    assert isinstance(error, ImportLimitError) and error.limit == "cell_chars"
    medium = tmp_path / "medium.csv"
    medium.write_bytes(b"name,notes\r\nAcme," + b"y" * 40_000 + b"\r\n")
    assert str(refusal(medium)) == (f"medium.csv, line 2, column 'notes': a cell of 40,000 "
                                    f"characters is {CELL_LIMIT} (Excel's too)")
    sheet = corpus.sheet_xml(corpus.inline_row(1, "name", "notes")
                             + corpus.inline_row(2, "Acme", "z" * 1_000_000))
    assert f"big.xlsx, line 2, column 'notes': a cell of 1,000,000 characters is {CELL_LIMIT}" \
        in str(refusal(workbook_with_sheet(tmp_path / "big.xlsx", sheet)))


def test_a_cell_just_within_the_limit_is_imported(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(b"name,notes\r\nAcme," + b"n" * 32_767 + b"\r\n")
    assert import_accounts(store, plan_import(path)).rejected_rows == 0


def test_twenty_thousand_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{n}" for n in range(20_000)) + "\nA\n")
    error = refusal(path)
    assert str(error) == ("wide.csv, line 1: a row of 20,000 columns is over the limit of "
                          "2,000 columns")


def test_rows_cells_and_text_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_bytes(corpus.valid_csv(50))
    assert str(refusal(path, ReadLimits(rows=40))) == (
        "many.csv, line 42: more than 40 rows is over the limit of 40 rows for one import; "
        "split the file")
    assert "line 26: more than 100 cells is over the limit of 100 cells" in str(
        refusal(path, ReadLimits(cells=100)))
    assert "more than 1,000 characters of text is over the limit of 1,000 characters" in str(
        refusal(path, ReadLimits(text_chars=1_000)))
    size = f"{path.stat().st_size / 1024:.1f} KB"
    assert str(refusal(path, ReadLimits(file_bytes=1024))) == (
        f"many.csv: the file's size of {size} is over the limit of 1.0 KB for a file to "
        "import; split it into smaller files")
    assert len(read_table(path, limits=ReadLimits(rows=50)).rows) == 50


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    huge = corpus.bomb_workbook(tmp_path / "huge.xlsx", unpacked_mb=300)
    assert huge.stat().st_size < 1024 * 1024
    error = refusal(huge)
    assert str(error) == ("huge.xlsx: unpacking to 300.0 MB is over the limit of 256.0 MB "
                          "unpacked for a workbook; split it into smaller files")
    assert isinstance(error, ImportLimitError) and error.limit == "unpacked_bytes"
    dense = corpus.bomb_workbook(tmp_path / "dense.xlsx", unpacked_mb=40)
    assert "part 'xl/worksheets/sheet1.xml' unpacking to" in str(refusal(dense))
    assert "is over the limit of 100 times (a 'zip bomb', not a spreadsheet)" in str(
        refusal(dense))
    with pytest.raises(ImportLimitError, match="unpacked for a workbook"):
        sheet_names(huge)


def test_a_small_bomb_is_a_real_workbook_read_in_full(tmp_path: Path) -> None:
    """The bomb builder makes valid workbooks: under the limits, every row is read."""
    table = read_table(corpus.bomb_workbook(tmp_path / "small.xlsx", unpacked_mb=2))
    assert table.headers == ["name"]
    assert len(table.rows) > 1_900 and table.rows[-1][1] == ["x" * 1000]


@pytest.mark.parametrize("sheet", [corpus.XXE_SHEET, corpus.LAUGHS_SHEET],
                         ids=["external-entity", "billion-laughs"])
def test_xml_entities_are_refused_as_unsafe(tmp_path: Path, sheet: bytes) -> None:
    message = str(refusal(workbook_with_sheet(tmp_path / "entities.xlsx", sheet)))
    assert message == ("entities.xlsx: not a readable Excel workbook (its XML declares "
                       "entities, links to other files or expanding text, refused as unsafe)")
    assert "root:" not in message


def test_a_forged_sheet_size_does_not_pad_rows(tmp_path: Path) -> None:
    rows = corpus.inline_row(1, "name", "city") + corpus.inline_row(3, "Acme", "Lyon")
    table = read_table(workbook_with_sheet(tmp_path / "forged.xlsx",
                                           corpus.sheet_xml(rows, "A1:XFD1048576")))
    assert table.headers == ["name", "city"] and table.rows == [(3, ["Acme", "Lyon"])]


def test_rows_past_excel_and_far_columns_are_refused(tmp_path: Path) -> None:
    far = corpus.inline_row(1, "name") + b'<row r="5000000"><c r="A5000000"><v>1</v></c></row>'
    assert str(refusal(workbook_with_sheet(tmp_path / "far.xlsx", corpus.sheet_xml(far)))) == (
        "far.xlsx, line 1,048,577: a row past Excel's last one is over the limit of "
        "1,048,576 rows in a sheet")
    wide = corpus.inline_row(1, "name") + b'<row r="2"><c r="ZZZ2"><v>1</v></c></row>'
    assert "line 2: a row of 18,278 columns is over the limit of 2,000 columns" in str(
        refusal(workbook_with_sheet(tmp_path / "wide.xlsx", corpus.sheet_xml(wide))))


def test_missing_or_garbage_parts_are_named_as_unreadable(tmp_path: Path) -> None:
    parts = corpus.valid_workbook_parts()
    del parts["xl/workbook.xml"]
    missing = corpus.write_workbook(tmp_path / "missing.xlsx", parts)
    assert "not a readable Excel workbook" in str(refusal(missing))
    garbage = workbook_with_sheet(tmp_path / "garbage.xlsx", b"<worksheet><sheetData><row>")
    assert str(refusal(garbage)).startswith("garbage.xlsx: not a readable Excel workbook (")


def test_a_csv_row_of_millions_of_separators_is_refused_before_it_is_split(
        tmp_path: Path, store: Store) -> None:
    commas = tmp_path / "commas.csv"
    commas.write_bytes(b"name,city\nAcme," + b"," * 3_000_000 + b"\n")
    error = refusal(commas)
    assert str(error) == ("commas.csv, line 2: a row of more than 40,000 ',' separators is over "
                          "the limit of 40,000 separators in one row (2,000 columns, and those "
                          "in quoted text)")
    assert isinstance(error, ImportLimitError) and error.limit == "separators"
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('name,notes\nAcme,"' + "a, " * 5_000 + '"\n')
    assert import_accounts(store, plan_import(quoted)).inserted == 1


def test_a_workbook_row_or_part_of_too_many_cells_is_refused_before_openpyxl_reads_it(
        tmp_path: Path) -> None:
    wide = corpus.sheet_xml(corpus.inline_row(1, "name") + b"<row>" + b"<c><v>1</v></c>" * 2_001
                            + b"</row>")
    assert str(refusal(workbook_with_sheet(tmp_path / "wide.xlsx", wide))) == (
        "wide.xlsx, part 'xl/worksheets/sheet1.xml': a row of more than 2,000 cells is over the "
        "limit of 2,000 columns")
    prefixed = wide.replace(b"<c>", b"<x:c>").replace(b"</c>", b"</x:c>")
    assert "a row of more than 2,000 cells" in str(
        refusal(workbook_with_sheet(tmp_path / "prefixed.xlsx", prefixed)))
    parts = corpus.valid_workbook_parts()
    parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/'
                                     b'spreadsheetml/2006/main">' + b"<si><t>a</t></si>" * 1_001
                                     + b"</sst>")
    strings = corpus.write_workbook(tmp_path / "strings.xlsx", parts)
    assert str(refusal(strings, ReadLimits(cells=1_000))) == (
        "strings.xlsx, part 'xl/sharedStrings.xml': more than 1,000 cells is over the limit of "
        "1,000 cells for one import; split the file")
