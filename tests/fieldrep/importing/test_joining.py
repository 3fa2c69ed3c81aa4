"""Fields built from several columns, and columns told from their values."""

from pathlib import Path

from fieldrep.importing.column_values import coordinate_pair, guess_field
from fieldrep.importing.columns import guess_mapping
from fieldrep.importing.joining import column_joins
from fieldrep.importing.mapping_check import check_mapping
from fieldrep.importing.plan import read_plan
from fieldrep.importing.preview import preview_import
from tests.conftest import write


def joined(headers: list[str], mapping: dict[int, str], cells: list[str]) -> str:
    joins = column_joins(tuple(mapping.items()), tuple(headers))
    assert joins is not None
    return joins.row(cells)[min(i for i, f in mapping.items() if f == "street")]


def test_house_number_goes_where_the_country_writes_it() -> None:
    headers = ["Straße", "Hausnummer", "Land"]
    mapping = {0: "street", 1: "street", 2: "country"}
    assert joined(headers, mapping, ["Hauptstraße", "5", "DE"]) == "Hauptstraße 5"
    assert joined(headers, mapping, ["rue de la Paix", "12", "FR"]) == "12 rue de la Paix"
    assert joined(headers, mapping, ["Main Street", "7", ""]) == "Main Street 7"


def test_address_lines_join_in_file_order_and_empty_lines_are_skipped() -> None:
    headers = ["Address 1: Street 1", "Address 1: Street 2", "Address 1: Street 3"]
    mapping = {0: "street", 1: "street", 2: "street"}
    assert joined(headers, mapping, ["Bâtiment B", "12 Rue X", ""]) == "Bâtiment B, 12 Rue X"


def test_a_street_written_on_several_lines_becomes_one() -> None:
    assert joined(["Billing Street"], {0: "street"}, ["Suite 5\n 1 Main St\n"]) == (
        "Suite 5, 1 Main St")


def test_the_street_may_take_several_columns_but_the_city_may_not() -> None:
    assert check_mapping(["Name", "Street", "Nr"], {0: "name", 1: "street", 2: "street"}).ok
    check = check_mapping(["Name", "Ort", "Stadt"], {0: "name", 1: "city", 2: "city"})
    assert check.clashing == {1, 2}


def test_values_tell_emails_postcodes_phones_and_coordinates() -> None:
    assert guess_field(["a@b.fr", "c.d@e.com"]) == "contact_email"
    assert guess_field(["69002", "01000", "75011"]) == "postcode"
    assert guess_field(["00-950", "31-154"]) == "postcode"
    assert guess_field(["+33 4 72 00 00 00", "04 78 12 34 56"]) == "contact_phone"
    assert guess_field(["45.7578", "48.8566"]) == "coordinate"
    assert guess_field(["Lyon", "Paris"]) is None
    assert coordinate_pair([(3, ["2.3522"]), (4, ["48.8566"])]) == {3: "lat", 4: "lon"}
    assert coordinate_pair([(3, ["-122.4194"]), (4, ["37.7749"])]) == {4: "lat", 3: "lon"}


def test_only_columns_whose_header_says_nothing_are_guessed_from_values() -> None:
    headers = ["Firma", "Col A", "Col B", "Col C", "Notes", "Col D"]
    rows = [(2, ["Acme", "69002", "45.7578", "4.8320", "69003", "x@y.fr"]),
            (3, ["Bolt", "75011", "48.8566", "2.3522", "75012", "z@y.fr"])]
    assert guess_mapping(headers, rows) == {0: "name", 1: "postcode", 2: "lat", 3: "lon",
                                            4: "notes", 5: "contact_email"}


def test_the_preview_shows_the_joined_street(tmp_path: Path) -> None:
    path = write(tmp_path / "kunden.csv", "Firma;Hausnummer;Straße;Land\n"
                                          "Apotheke;3;Marktplatz;Deutschland\n")
    row = preview_import(read_plan(path))[0]
    assert row.valid
    assert (row.cells[1].text, row.cells[2].text) == ("Marktplatz 3", "Marktplatz")
