"""The fieldrep command line, on a real SQLite file."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fieldrep.cli.main import main
from fieldrep.common.paths import DEMO_ACCOUNTS
from tests.conftest import write
from tests.fieldrep.importing import hostile_corpus as corpus


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_with_rejects_completes_and_counts(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "a.csv", "Firma;PLZ;Ort;Breite;Länge\nOK;69001;Lyon;45,76;4,83\n"
                 "Bad;69002;Lyon;45,76;\nSecond;69003;Lyon;;\n")
    report = tmp_path / "rejects.csv"
    code, out, _ = run(capsys, "--db", db_url, "import", str(path), "--map", "Firma=name",
                       "--map", "Länge=lon", "--report", str(report))
    assert code == 0
    # A lone coordinate no longer rejects the row: it is imported, to be located.
    assert "3 rows: 3 imported, 0 updated, 0 rejected, 1 warnings" in out
    assert "line 3, column 'Länge': longitude missing" in out
    assert report.exists()

    code, out, _ = run(capsys, "--db", db_url, "accounts", "--json")
    accounts = json.loads(out)
    assert [(a["name"], a["postcode"], a["lat"]) for a in accounts] == [
        ("Bad", "69002", None), ("OK", "69001", 45.76), ("Second", "69003", None)]
    code, out, _ = run(capsys, "--db", db_url, "accounts", "--to-check", "--json")
    assert [a["name"] for a in json.loads(out)] == ["Bad", "Second"]  # still to locate


def test_bad_file_or_argument_is_one_line_and_exit_2(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", db_url, "import", str(tmp_path / "missing.csv"))
    assert (code, out) == (2, "")
    assert err == f"fieldrep: error: {tmp_path / 'missing.csv'}: no such file\n"
    path = write(tmp_path / "a.csv", "Firma\nX\n")
    code, _, err = run(capsys, "--db", db_url, "import", str(path), "--map", "Firma=colour")
    assert code == 2 and err.count("\n") == 1 and "'colour' is not an account field" in err
    nameless = write(tmp_path / "b.csv", "Ville;Enseigne\nLyon;X\n")
    code, _, err = run(capsys, "--db", db_url, "import", str(nameless))
    assert (code, err) == (2, "fieldrep: error: b.csv: No column is imported as the account "
                              "name: choose the column that holds it. The file's columns are: "
                              "Ville, Enseigne. (--map COLUMN=field)\n")
    code, _, err = run(capsys, "--db", "nonsense://", "accounts")
    assert code == 2 and err.startswith("fieldrep: error:")
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db_url, "geocode", "--limit", "zero"])
    assert exit_info.value.code == 2


def test_a_hostile_file_is_refused_in_one_line_naming_the_limit(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = corpus.bomb_workbook(tmp_path / "bomb.xlsx", unpacked_mb=300)
    for args in (["import", str(bomb)], ["import", str(bomb), "--list-sheets"]):
        code, out, err = run(capsys, "--db", db_url, *args)
        assert (code, out) == (2, "")
        assert err == ("fieldrep: error: bomb.xlsx: unpacking to 300.0 MB is over the limit "
                       "of 256.0 MB unpacked for a workbook; split it into smaller files\n")
    wide = write(tmp_path / "wide.csv", ",".join(f"c{n}" for n in range(20_000)) + "\nA\n")
    code, _, err = run(capsys, "--db", db_url, "import", str(wide))
    assert (code, err) == (2, "fieldrep: error: wide.csv, line 1: a row of 20,000 columns is "
                              "over the limit of 2,000 columns\n")
    code, out, _ = run(capsys, "--db", db_url, "accounts", "--json")
    assert json.loads(out) == []


def test_export_and_settings(tmp_path: Path, db_url: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db_url, "import", str(write(tmp_path / "a.csv", "name\nA\nB\n")))
    code, out, _ = run(capsys, "--db", db_url, "export", "accounts", str(tmp_path / "out.xlsx"))
    assert code == 0 and "2 accounts written" in out
    code, out, _ = run(capsys, "--db", db_url, "settings", "geocoder.default_country", "FR")
    assert (code, out) == (0, "geocoder.default_country = FR\n")
    code, _, err = run(capsys, "--db", db_url, "settings", "geocoder.scheme", "ftp")
    assert code == 2 and "http or https" in err


@pytest.mark.skipif(not DEMO_ACCOUNTS.exists(), reason="demo territory not packaged")
def test_demo_then_offline_geocode(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db_url, "demo")
    assert code == 0 and "0 rejected" in out
    code, out, _ = run(capsys, "--db", db_url, "accounts", "--json")
    accounts = json.loads(out)
    assert 150 <= len(accounts) <= 300
    assert all(a["lat"] is not None for a in accounts)  # the demo is placed offline at once
    assert any(a["geocode_precision"] in ("town", "postcode") for a in accounts)
    assert {a["tier"] for a in accounts} == {"A", "B", "C"}
    code, out, _ = run(capsys, "--db", db_url, "demo")  # loading again updates, no copies
    code, out, _ = run(capsys, "--db", db_url, "accounts", "--json")
    assert len(json.loads(out)) == len(accounts)


def test_module_and_console_script_run(db_url: str) -> None:
    for command in ([sys.executable, "-m", "fieldrep"],
                    [str(Path(sys.executable).with_name("fieldrep"))]):
        done = subprocess.run([*command, "--db", db_url, "accounts"], capture_output=True,
                              text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().endswith("0 accounts")


def test_import_reads_phones_and_postcodes_without_a_country_for_the_default_country(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db_url, "settings", "geocoder.default_country", "FR")
    path = write(tmp_path / "a.csv", "name;phone;postcode;country\n"
                 "Pharmacie;01 42 68 53 00;1500;\nBerliner Apotheke;030 1234567;1067;DE\n")
    code, out, _ = run(capsys, "--db", db_url, "import", str(path))
    assert code == 0 and "0 rejected" in out and "warnings" not in out

    code, out, _ = run(capsys, "--db", db_url, "accounts", "--json")
    accounts = {a["name"]: a for a in json.loads(out)}
    assert accounts["Pharmacie"]["contacts"][0]["phone"] == "+33 1 42 68 53 00"
    assert accounts["Pharmacie"]["postcode"] == "01500"
    assert accounts["Pharmacie"]["country"] in ("", None)  # the account's country unchanged
    assert accounts["Berliner Apotheke"]["contacts"][0]["phone"] == "+49 30 1234567"
    assert accounts["Berliner Apotheke"]["postcode"] == "01067"
