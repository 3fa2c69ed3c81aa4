"""The column choices a rep confirmed are remembered for the next file with the same headers."""

from pathlib import Path

import pytest

from fieldrep.accounts.service import list_accounts
from fieldrep.cli.main import main
from fieldrep.importing.plan import read_plan
from fieldrep.importing.remembered import (
    plan_with_memory,
    remember_mapping,
    remembered_mapping,
)
from fieldrep.store import Store
from tests.conftest import write

HEADERS = "Enseigne,Ville,Code\n"


def test_a_confirmed_mapping_is_used_for_the_same_headers_only(
        tmp_path: Path, store: Store) -> None:
    first = read_plan(write(tmp_path / "a.csv", HEADERS + "Pharmacie,Lyon,69002\n"))
    assert "name" not in first.mapping.values()
    remember_mapping(store, first.with_mapping({0: "name", 1: "city", 2: "postcode"}))

    same = write(tmp_path / "b.csv", "enseigne,VILLE,code\nFleuriste,Vienne,38200\n")
    assert plan_with_memory(store, same).mapping == {0: "name", 1: "city", 2: "postcode"}
    other = write(tmp_path / "c.csv", "Enseigne,Ville\nFleuriste,Vienne\n")
    assert remembered_mapping(store, ["Enseigne", "Ville"]) is None
    with pytest.raises(ValueError, match="No column is imported as the account name"):
        plan_with_memory(store, other)


def test_the_command_line_uses_the_remembered_choices_unless_given_a_map(
        tmp_path: Path, store: Store, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "a.csv", HEADERS + "Pharmacie,Lyon,69002\n")
    remember_mapping(store, read_plan(path).with_mapping({0: "name", 1: "city"}))
    assert main(["--db", db_url, "import", str(path)]) == 0
    assert [(a.name, a.city, a.postcode) for a in list_accounts(store)] == [
        ("Pharmacie", "Lyon", "")]
    code = main(["--db", db_url, "import", str(path), "--map", "Code=postcode"])
    assert code == 2  # given a map, the file's own headers count: none is the account name
    assert "No column is imported as the account name" in capsys.readouterr().err


def test_choosing_what_the_importer_guesses_forgets_the_choice(
        tmp_path: Path, store: Store) -> None:
    plan = read_plan(write(tmp_path / "a.csv", "Company,City,Misc\nAcme,Lyon,x\n"))
    remember_mapping(store, plan.with_mapping({0: "name", 1: "city", 2: "notes"}))
    assert remembered_mapping(store, plan.table.headers) == {0: "name", 1: "city", 2: "notes"}
    remember_mapping(store, plan)
    assert remembered_mapping(store, plan.table.headers) is None
