"""Exports read back unchanged, and never hand a spreadsheet a formula to run."""

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fieldrep.accounts.export import ExportError, export_accounts
from fieldrep.accounts.model import AccountData, ContactData
from fieldrep.accounts.service import add_account, list_accounts
from fieldrep.importing.service import import_accounts, plan_import
from fieldrep.store import Store, open_store

ACCOUNTS = [
    AccountData(name="=HYPERLINK(\"http://evil.example\",\"Click\")", street="1 rue A",
                postcode="01000", city="Bourg-en-Bresse", country="FR", lat=46.2052,
                lon=5.2255, geocode_source="import", geocode_precision="exact",
                external_id="E-1", tier="A", cadence_days=14,
                opening_hours="Mo-Fr 08:30-12:00,14:00-18:30; Sa 09:00-12:00",
                meeting_minutes=45, annual_value=Decimal("125000.50"),
                tags=("key-account", "pharmacy"), notes="Line one\nline two; \"quoted\"",
                territory="Ain",
                contacts=(ContactData("Anne Roux", "Gérante", "+33 4 99 00 00 01",
                                      "anne@example.fr"),
                          ContactData("Marc Petit", "@buyer", "", ""))),
    AccountData(name="Garage de l'Ouest", city="Bordeaux", country="FR", lat=44.8378,
                lon=-0.5792, geocode_source="gazetteer", geocode_precision="town",
                tier="C", cadence_days=90, active=False),
    AccountData(name="Sans adresse", tier="B", cadence_days=30),
]


def _without_ids(accounts: list[AccountData]) -> list[AccountData]:
    return sorted((replace(a, id=None) for a in accounts), key=lambda a: a.name)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_imports_back_unchanged(tmp_path: Path, store: Store, suffix: str) -> None:
    for account in ACCOUNTS:
        add_account(store, account)
    first = tmp_path / f"accounts{suffix}"
    assert export_accounts(store, first) == 3

    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    result = import_accounts(other, plan_import(first))
    assert (result.inserted, result.rejected, result.ignored_columns) == (3, [], [])
    assert _without_ids(list_accounts(other)) == _without_ids(list_accounts(store))

    second = tmp_path / f"again{suffix}"
    export_accounts(other, second)
    if suffix == ".csv":
        assert second.read_bytes() == first.read_bytes()
    other.close()


def test_formulas_are_neutralised(tmp_path: Path, store: Store) -> None:
    add_account(store, ACCOUNTS[0])
    csv_path, xlsx_path = tmp_path / "a.csv", tmp_path / "a.xlsx"
    export_accounts(store, csv_path)
    export_accounts(store, xlsx_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert "'+33 4 99" in text and "'@buyer" in text
    sheet = load_workbook(xlsx_path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sheet["B2"].value.startswith("=HYPERLINK")  # shown as text, as typed


def test_export_refuses_unknown_formats_and_missing_folders(tmp_path: Path, store: Store) -> None:
    with pytest.raises(ExportError, match=r"export to \.csv or \.xlsx"):
        export_accounts(store, tmp_path / "a.pdf")
    with pytest.raises(ExportError, match="no such folder"):
        export_accounts(store, tmp_path / "missing" / "a.csv")


def test_control_characters_and_hidden_formulas_do_not_stop_or_slip_through_an_export(
        tmp_path: Path, store: Store) -> None:
    add_account(store, AccountData(name="＝1+1", street="\n=HYPERLINK(\"http://evil\")",
                                   city="  @Lyon", notes="Bell\x07 rang\x1b twice", tier="B",
                                   cadence_days=30))
    xlsx_path, csv_path = tmp_path / "a.xlsx", tmp_path / "a.csv"
    assert export_accounts(store, xlsx_path) == 1
    export_accounts(store, csv_path)

    sheet = load_workbook(xlsx_path).active
    by_column = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert by_column["notes"].value == "Bell rang twice"
    for column in ("name", "street", "city"):
        assert by_column[column].data_type == "s" and by_column[column].quotePrefix
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "'＝1+1" in text and "\"'\n=HYPERLINK" in text and "'  @Lyon" in text

    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    import_accounts(other, plan_import(csv_path))
    assert [a.name for a in list_accounts(other)] == ["＝1+1"]  # the quote removed again
    other.close()
