"""The rules a chosen column mapping must follow: each problem typed, naming its field and
columns, worded once for the wizard and the terminal, and refusing a plan's mapping."""

from pathlib import Path

import pytest

from fieldrep.importing.columns import MappingError
from fieldrep.importing.mapping_check import (
    Column,
    FieldChosenTwice,
    NoNameColumn,
    NoSuchColumn,
    NotAField,
    check_mapping,
    header_name,
)
from fieldrep.importing.service import plan_import, read_plan
from tests.conftest import write


def test_a_good_mapping_has_no_problem() -> None:
    check = check_mapping(["Company", "City"], {0: "name", 1: "city"})
    assert check.ok and check.problems == () and check.clashing == frozenset()


def test_a_field_chosen_twice_names_both_columns_and_marks_them() -> None:
    check = check_mapping(["Company", "", "Notes"], {0: "name", 1: "notes", 2: "notes"})
    assert check.problems == (
        FieldChosenTwice("notes", (Column(1, "Column 2"), Column(2, "Notes"))),)
    assert check.messages == ("“Notes” is chosen for 2 columns (“Column 2”, “Notes”): keep "
                              "it for one column only.",)
    assert check.clashing == {1, 2}


def test_the_name_chosen_twice_is_a_clash_not_a_missing_name() -> None:
    check = check_mapping(["Raison sociale", "Ville", "Nom"], {0: "name", 1: "city", 2: "name"})
    assert check.problems == (
        FieldChosenTwice("name", (Column(0, "Raison sociale"), Column(2, "Nom"))),)
    assert check.messages[0].startswith("“Account name” is chosen for 2 columns")


def test_a_mapping_without_the_name_says_what_to_do() -> None:
    check = check_mapping(["City"], {0: "city"})
    assert not check.ok and check.problems == (NoNameColumn(),)
    assert check.messages == ("No column is imported as the account name: choose the column "
                              "that holds it.",)
    assert check_mapping([], {}).problems == (NoNameColumn(),)


def test_unknown_columns_and_fields_come_first_in_column_order() -> None:
    check = check_mapping(["Company", "City", "Notes"],
                          {1: "city", 7: "notes", 2: "nope", 0: "notes"})
    assert check.problems == (NotAField(Column(2, "Notes"), "nope"), NoSuchColumn(7),
                              NoNameColumn())
    assert check.messages[:2] == ("“nope”, chosen for “Notes”, is not an account field.",
                                  "There is no column 8 in the file.")
    assert check.clashing == frozenset()


def test_no_message_speaks_of_flags_or_code() -> None:
    check = check_mapping(["A", "", "A"], {0: "city", 1: "city", 2: "colour", 5: "name"})
    assert len(check.problems) == 4
    for message in check.messages:
        assert "--" not in message and "_" not in message and message.endswith(".")


def test_a_column_without_a_header_is_named_by_its_place() -> None:
    assert header_name(["A", ""], 0) == "A"
    assert header_name(["A", ""], 1) == "Column 2"
    assert header_name(["A"], 4) == "Column 5"


def test_a_plan_refuses_a_mapping_with_its_file_its_problems_and_its_columns(
        tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "Enseigne,Ville,\nPharmacie,Lyon,x\n")
    plan = read_plan(path)
    with pytest.raises(MappingError) as refused:
        plan.with_mapping({0: "city", 1: "city"})
    assert str(refused.value) == (
        "a.csv: “City” is chosen for 2 columns (“Enseigne”, “Ville”): keep it for one "
        "column only. No column is imported as the account name: choose the column that "
        "holds it. The file's columns are: Enseigne, Ville.")
    with pytest.raises(MappingError, match=r"^a\.csv: No column is imported as the account name"):
        plan_import(path)
    assert plan_import(path, overrides={"Enseigne": "name"}).mapping == {
        0: "name", 1: "city"}
