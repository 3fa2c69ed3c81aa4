"""Choosing a mapping in the wizard: field names and choices, the file read as a value,
what it holds, and sample values."""

from pathlib import Path

from openpyxl import Workbook

from fieldrep.importing.fields import field_choices, field_label
from fieldrep.importing.opening import column_samples, file_contents, read_file
from tests.conftest import write


def test_fields_are_named_for_a_rep() -> None:
    assert field_label("name") == "Account name"
    assert field_label("contact_email") == "Contact: e-mail"
    assert field_label("contact2_phone") == "Contact 2: phone"


def test_choices_offer_the_name_first_then_three_contacts_then_the_file_s_own() -> None:
    choices = field_choices(["contact5_role", "city"])
    assert choices[0] == "name"
    assert choices.index("territory") < choices.index("contact_name")
    assert choices[-5:] == ["contact3_name", "contact3_role", "contact3_phone",
                            "contact3_email", "contact5_role"]
    assert len(choices) == len(set(choices))


def test_a_file_is_read_with_its_sheets_and_counted(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Read me"])
    sheet = workbook.create_sheet("Clients")
    sheet.append(["Company", "", "Zip", "Whatever"])
    for name in ("A", "B", "A", "C", "D"):
        sheet.append([name, "x", "69001", None])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    read = read_file(path, "Clients")
    assert (read.sheets, read.sheet, read.error) == (("Notes", "Clients"), "Clients", "")
    assert read.plan is not None
    contents = file_contents(read.plan)
    assert (contents.rows, contents.columns, contents.recognised, contents.has_name) == (
        5, 3, 2, True)
    assert column_samples(read.plan, 0) == ["A", "B", "C"]
    assert column_samples(read.plan, 3) == []


def test_a_file_that_cannot_be_read_is_a_value(tmp_path: Path) -> None:
    read = read_file(tmp_path / "missing.csv")
    assert read.plan is None and "no such file" in read.error
    empty = read_file(write(tmp_path / "empty.csv", ""))
    assert empty.plan is None and "the file is empty" in empty.error


def test_a_file_without_a_name_column_says_so(tmp_path: Path) -> None:
    read = read_file(write(tmp_path / "a.csv", "Ville,Commentaire\nLyon,x\n"))
    assert read.plan is not None and not file_contents(read.plan).has_name
