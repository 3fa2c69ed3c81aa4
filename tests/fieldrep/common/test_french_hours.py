"""Opening hours as French shops write them (``lun-ven 8h30-12h00``): read the same by the
parser, the account form, an import and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldrep.accounts.form import AccountFields, check_account
from fieldrep.accounts.service import list_accounts
from fieldrep.cli.main import main
from fieldrep.common.hours import parse_opening_hours
from fieldrep.store import open_store


@pytest.mark.parametrize(("typed", "read"), [
    ("lun-ven 8h30-12h00", "Mo-Fr 08:30-12:00"),
    ("Lun-Ven 8H30-12H", "Mo-Fr 08:30-12:00"),
    ("lun-ven: 8h30-12h00", "Mo-Fr 08:30-12:00"),
    ("lun-ven 8h30-12h00 14h00-18h30", "Mo-Fr 08:30-12:00,14:00-18:30"),
    ("du lundi au vendredi de 8h30 à 12h00", "Mo-Fr 08:30-12:00"),
    ("lun-ven 8h30-12h00, 14h-18h30; sam 9h-12h", "Mo-Fr 08:30-12:00,14:00-18:30; Sa 09:00-12:00"),
])
def test_french_opening_hours_are_read(typed: str, read: str) -> None:
    assert parse_opening_hours(typed).to_text() == read
    result = check_account(AccountFields(name="Pharmacie", opening_hours=typed))
    assert result.ok, result.problems
    assert result.account is not None and result.account.opening_hours == read


def test_an_import_keeps_french_hours(db_url: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "clients.csv"
    source.write_text("Raison sociale;Ville;Horaires\n"
                      "Pharmacie du Parc;Lyon;lun-ven 8h30-12h00\n"
                      "Cave Martin;Lyon;lun-ven 8h30-12h00 14h-19h, sam 9h-12h\n",
                      encoding="utf-8")
    assert main(["--db", db_url, "import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "2 imported" in out and "rejected" in out and "warning" not in out.lower()
    hours = {a.name: a.opening_hours for a in list_accounts(open_store(db_url))}
    assert hours == {"Pharmacie du Parc": "Mo-Fr 08:30-12:00",
                     "Cave Martin": "Mo-Fr 08:30-12:00,14:00-19:00; Sa 09:00-12:00"}
