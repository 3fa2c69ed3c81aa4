"""Importing reps' real spreadsheets into a real SQLite store."""

import csv
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from fieldrep.accounts.service import count_accounts, list_accounts
from fieldrep.importing.columns import MappingError
from fieldrep.importing.reader import ImportFileError, sheet_names
from fieldrep.importing.rows import parse_cell
from fieldrep.importing.service import (
    ImportCancelled,
    ImportFailed,
    PreviewCell,
    import_accounts,
    plan_import,
    preview_import,
    read_plan,
    write_rejects,
)
from fieldrep.store import Store
from tests.conftest import write

EUROPEAN = (
    "Raison sociale;Adresse;Code postal;Ville;Pays;Latitude;Longitude;Priorité;Fréquence;"
    "Horaires;Potentiel;Interlocuteur;Téléphone;Courriel;Colonne inutile\r\n"
    "Pharmacie Bellecour;1 place Bellecour;69002;Lyon;France;45,7578;4,8320;A;2 semaines;"
    "Mo-Sa 08:30-19:30;120 000 €;Élodie Caron;04 99 10 20 30;elodie@example.fr;x\r\n"
    "\r\n"
    "Café de la Gare;3 rue de la Gare;42000;Saint-Étienne;France;;;C;;;;;;;y\r\n"
    "Brasserie Ω;5 quai;69001;Lyon;France;95,1;4,83;Z;;Mo 25:00-26:00;beaucoup;;;pas-un-mail;\r\n"
    ";;;;;;;;;;;;;;z\r\n"
)


def test_messy_european_csv_keeps_good_rows_and_names_every_bad_cell(
        tmp_path: Path, store: Store) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(EUROPEAN.replace("Ω", "").encode("cp1252"))
    plan = plan_import(path)
    assert plan.table.delimiter == ";" and plan.table.encoding == "cp1252"
    assert plan.ignored_columns == ["Colonne inutile"]
    result = import_accounts(store, plan)

    # Line 5's bad cells are left empty with a warning: the account is still imported.
    assert (result.rows, result.inserted, result.updated, result.rejected_rows) == (4, 3, 0, 1)
    assert {(e.line, e.column) for e in result.rejected} == {(6, "Raison sociale")}
    assert {(e.line, e.column) for e in result.warnings} == {
        (5, "Latitude"), (5, "Priorité"), (5, "Horaires"), (5, "Potentiel"), (5, "Courriel")}
    assert all(e.reason.endswith(("left empty", "from its address")) for e in result.warnings)
    by_name = {a.name: a for a in list_accounts(store)}
    bellecour = by_name["Pharmacie Bellecour"]
    assert (bellecour.lat, bellecour.lon) == (45.7578, 4.832)
    assert (bellecour.geocode_source, bellecour.geocode_precision) == ("import", "exact")
    assert bellecour.country == "FR" and bellecour.cadence_days == 14
    assert bellecour.annual_value == Decimal("120000.00")
    assert bellecour.contacts[0].name == "Élodie Caron"
    assert by_name["Café de la Gare"].city == "Saint-Étienne"
    assert not by_name["Café de la Gare"].located


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings_are_read_right(tmp_path: Path, store: Store, encoding: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("Company,City\nCrêperie Noël,Genève\n".encode(encoding))
    import_accounts(store, plan_import(path))
    assert [(a.name, a.city) for a in list_accounts(store)] == [("Crêperie Noël", "Genève")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_delimiter(tmp_path: Path, store: Store, delimiter: str) -> None:
    rows = [["Customer", "Zip", "Notes"], ["A, B & Co", "69001", "line one\nline two"],
            ["Second", "69002", ""]]
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    result = import_accounts(store, plan_import(path))
    assert result.inserted == 2
    assert list_accounts(store)[0].notes == "line one\nline two"


def test_line_numbers_count_multiline_cells(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path / "a.csv", 'name,tier\n"Two\nlines",A\nBad,Q\n')
    result = import_accounts(store, plan_import(path))
    assert [str(e) for e in result.warnings] == [
        "line 4, column 'tier': 'Q' says no tier: use A, B or C (or Hot/Warm/Cold, "
        "High/Medium/Low, 1/2/3); left empty"]


def test_xlsx_pick_the_sheet(tmp_path: Path, store: Store) -> None:
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["nothing here"])
    sheet = workbook.create_sheet("Clients")
    sheet.append(["Company", "Postal code", "City", "Lat", "Longitude", "Value"])
    sheet.append(["Clinique du Parc", 69006, "Lyon", 45.7701, 4.8532, 250000])
    sheet.append(["Sans Coordonnées", "01000", "Bourg-en-Bresse", None, None, None])
    sheet.append(["Zéro", 1, "X", 0, 0, None])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    assert sheet_names(path) == ["Notes", "Clients"]
    with pytest.raises(ImportFileError, match="no sheet 'Nope'; the sheets are Notes, Clients"):
        plan_import(path, sheet="Nope")
    with pytest.raises(MappingError, match=r"^book\.xlsx: No column is imported as the "
                       r"account name: .* The file's columns are: nothing here\.$"):
        plan_import(path)  # the first sheet has no name column
    result = import_accounts(store, plan_import(path, sheet="Clients"))
    assert (result.inserted, result.rejected_rows) == (3, 0)
    assert "0, 0 is not a real location" in str(result.warnings[0])
    assert result.warnings[0].line == 4  # Excel's row number
    accounts = {a.name: a for a in list_accounts(store)}
    assert not accounts["Zéro"].located  # to be located from its address
    assert accounts["Clinique du Parc"].annual_value == Decimal("250000.00")
    assert accounts["Clinique du Parc"].postcode == "69006"
    assert accounts["Sans Coordonnées"].postcode == "01000"


def test_reimport_with_external_ids_updates_and_keeps_what_the_file_lacks(
        tmp_path: Path, store: Store) -> None:
    first = write(tmp_path / "v1.csv",
                  "id,name,city,lat,lon,notes\nP1,Pharmacie A,Lyon,45.76,4.83,Keep me\n"
                  "P2,Pharmacie B,Bron,45.73,4.91,\n")
    import_accounts(store, plan_import(first))
    second = write(tmp_path / "v2.csv",
                   "id,name,city,tier\nP1,Pharmacie A (new owner),Lyon,A\n"
                   "P2,Pharmacie B,Vénissieux,B\nP3,Pharmacie C,Lyon,C\n")
    result = import_accounts(store, plan_import(second))
    assert (result.inserted, result.updated) == (1, 2)
    assert count_accounts(store) == 3
    accounts = {a.external_id: a for a in list_accounts(store)}
    assert accounts["P1"].name == "Pharmacie A (new owner)"
    assert accounts["P1"].notes == "Keep me" and accounts["P1"].tier == "A"
    assert accounts["P1"].located  # same address: coordinates kept
    assert not accounts["P2"].located  # moved town: the old coordinates are dropped


def test_same_external_id_twice_in_a_file_is_rejected(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path / "a.csv", "id,name\nX1,One\nX1,Two\n")
    result = import_accounts(store, plan_import(path))
    assert result.inserted == 1
    assert str(result.rejected[0]) == "line 3, column 'id': external id already used on line 2"


def test_suspected_duplicates_are_reported_not_merged(tmp_path: Path, store: Store) -> None:
    import_accounts(store, plan_import(write(
        tmp_path / "a.csv", "name,street,postcode,lat,lon\n"
                            "Boulangerie Paul,3 rue Mercière,69002,45.7620,4.8330\n")))
    path = write(tmp_path / "b.csv", "name,street,postcode,lat,lon\n"
                 "BOULANGERIE PAUL,3 Rue Mercière,69002,,\n"
                 "Boulangerie Paul SARL,10 rue autre,69002,45.7622,4.8331\n"
                 "Boucherie Centrale,12 rue autre,69002,45.7621,4.8330\n")
    result = import_accounts(store, plan_import(path))
    assert result.inserted == 3
    assert [(d.first.line, d.second.account_id, d.reason.split()[-1])
            for d in result.duplicates] == [(2, 1, "address"), (3, 1, "name")]
    assert count_accounts(store) == 4


def test_a_refused_import_leaves_the_store_as_it_was(tmp_path: Path, store: Store) -> None:
    import_accounts(store, plan_import(write(tmp_path / "a.csv", "name\nAlready here\n")))
    with store.engine.begin() as conn:  # the disk fills up on the 3rd row
        conn.execute(text("CREATE TRIGGER full BEFORE INSERT ON accounts WHEN NEW.name = 'Three'"
                          " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"))
    path = write(tmp_path / "b.csv", "name\nOne\nTwo\nThree\nFour\n")
    with pytest.raises(ImportFailed, match="nothing was saved: database or disk is full"):
        import_accounts(store, plan_import(path))
    assert [a.name for a in list_accounts(store)] == ["Already here"]


def test_cancel_saves_nothing(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path / "a.csv", "name\n" + "".join(f"Account {i}\n" for i in range(1500)))
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled):
        import_accounts(store, plan_import(path), progress=lambda d, t: seen.append((d, t)),
                        cancelled=lambda: bool(seen))
    assert seen == [(1000, 1500)]
    assert count_accounts(store) == 0


def test_dry_run_reports_without_saving(tmp_path: Path, store: Store) -> None:
    result = import_accounts(store, plan_import(write(tmp_path / "a.csv", "name\nA\nB\n")),
                             dry_run=True)
    assert result.inserted == 2 and count_accounts(store) == 0


def test_rejects_report_can_be_fixed_and_imported_again(tmp_path: Path, store: Store) -> None:
    plan = plan_import(write(tmp_path / "a.csv",
                             "name,tier,lat,lon\nGood,A,,\n,Q,91,5\nHalf,Q,,\n"))
    result = import_accounts(store, plan)
    report = tmp_path / "rejects.csv"
    write_rejects(report, plan, result.rejected, result.warnings)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["line", "problems", "name", "tier", "lat", "lon"],
                    ["3", "tier: 'Q' says no tier: use A, B or C (or Hot/Warm/Cold, "
                     "High/Medium/Low, 1/2/3); lat: latitude 91.0 is outside -90..90; name: the "
                     "account name is empty", "", "Q", "91", "5"],
                    ["4", "imported anyway; tier: 'Q' says no tier: use A, B or C (or "
                     "Hot/Warm/Cold, High/Medium/Low, 1/2/3); left empty", "Half", "Q", "", ""]]
    fixed = "\n".join(line.replace(",,Q,91,", ",Fixed,B,45,")
                      for line in report.read_text(encoding="utf-8-sig").splitlines()
                      if "imported anyway" not in line)
    again = import_accounts(store, plan_import(write(tmp_path / "fixed.csv", fixed)))
    assert (again.inserted, again.rejected_rows, again.ignored_columns) == \
        (1, 0, ["line", "problems"])


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"PK\x03\x04broken", "not a readable Excel workbook"),
])
def test_unreadable_files_give_one_clear_reason(
        tmp_path: Path, content: bytes, message: str) -> None:
    name = "a.xlsx" if content.startswith(b"PK") else "a.csv"
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        plan_import(path)
    with pytest.raises(ImportFileError, match=r"old \.xls workbooks are not supported"):
        plan_import(write(tmp_path / "old.xls", "x"))


def test_a_rep_chooses_the_mapping_after_reading_the_file(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path / "a.csv", "Raison sociale du client;Ville;Nom\n"
                                     "Pharmacie du Parc;Lyon;Martin\n")
    plan = read_plan(path)  # plan_import refuses it: no header says "name"
    assert plan.mapping == {1: "city", 2: "name"}
    with pytest.raises(MappingError, match="No column is imported as the account name"):
        plan.with_mapping({1: "city"})

    chosen = plan.with_mapping({0: "name", 1: "city", 2: "contact_name"})
    assert plan.mapping == {1: "city", 2: "name"}  # the plan read is left as it was
    result = import_accounts(store, chosen)
    assert result.inserted == 1
    (account,) = list_accounts(store)
    assert (account.name, account.city, account.contacts[0].name) == (
        "Pharmacie du Parc", "Lyon", "Martin")


def test_preview_shows_stored_values_and_the_problems_of_the_first_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv",
                 "id,name,tier,value,lat,lon,tags\n"
                 "P1,Pharmacie A,gold,85 000 €,\"45,75\",4.85,Pharmacy; Key\n"
                 "P2,,Q,,91,,\n"
                 "P1,Pharmacie A again,,,,,\n"
                 + "".join(f"P{n},Account {n},,,,,\n" for n in range(3, 40)))
    rows = preview_import(plan_import(path))
    assert len(rows) == 20 and sum(r.valid for r in rows) == 18
    first, second, third = rows[:3]
    assert first.line == 2 and first.valid
    assert [first.cells[i].text for i in range(7)] == [
        "P1", "Pharmacie A", "A", "85000.00", "45.75", "4.85", "pharmacy, key"]
    assert second.cells[1] == PreviewCell("", "the account name is empty")
    assert second.cells[2] == PreviewCell("Q", "'Q' says no tier: use A, B or C (or "
                                          "Hot/Warm/Cold, High/Medium/Low, 1/2/3)")
    assert second.cells[4].error == "latitude 91.0 is outside -90..90"
    assert second.cells[0] == PreviewCell("P2")  # a good cell of a bad row is shown read
    assert third.cells[0] == PreviewCell("P1", "external id already used on line 2")
    assert len(preview_import(plan_import(path), limit=2)) == 2
    with pytest.raises(MappingError, match="No column is imported as the account name"):
        preview_import(replace(read_plan(path), mapping={2: "tier"}))


def test_preview_reads_phones_and_postcodes_for_the_row_or_default_country(
        tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "name,phone,postcode,country\n"
                 "Apotheke,089 123456,8331,DE\nPharmacie,01 42 68 53 00,1000,\n")
    german, french = preview_import(plan_import(path), default_country="FR")
    assert [german.cells[i].text for i in range(3)] == ["Apotheke", "+49 89 123456", "08331"]
    assert [french.cells[i].text for i in range(3)] == [
        "Pharmacie", "+33 1 42 68 53 00", "01000"]
    unset = preview_import(plan_import(path))[1]
    assert unset.cells[2].text == "1000"  # no country: nothing to restore the zero from


def test_parse_cell_reads_a_cell_as_the_import_does() -> None:
    assert parse_cell("cadence_days", " 2 weeks ") == 14
    assert parse_cell("country", "France") == "FR"
    assert parse_cell("contact2_email", "a@b.fr") == "a@b.fr"
    assert parse_cell("notes", "'=1+1") == "=1+1"  # the export's formula guard is undone
    assert parse_cell("tier", "  ") is None
    with pytest.raises(ValueError, match="not an e-mail address"):
        parse_cell("contact_email", "nope")
