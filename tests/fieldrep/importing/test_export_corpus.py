"""Exports of the common CRMs, address books and everyday sales files import with no --map:
at least 95 % of the fields that place an account (name, street with its house number,
postcode, town, region, country, coordinates, phone) land right, and no file is refused."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from fieldrep.accounts.service import list_accounts
from fieldrep.cli.main import main
from fieldrep.common.countries import country_code
from fieldrep.importing.header_names import header_key, header_names
from fieldrep.store import Store
from tests.fieldrep.importing.export_corpus import EXPORTS, Expected, Export

FIELDS = ("name", "street", "postcode", "city", "region", "country", "lat", "lon", "phone")


def write_export(folder: Path, export: Export) -> Path:
    path = folder / export.file
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=export.delimiter).writerows([export.headers, *export.rows])
    return path


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def misses(expected: Expected, raw_country: str, stored: object) -> list[str]:
    """The fields of ``stored`` that are not what ``expected`` says (a country may be kept
    as written until it is read as a code; a phone only has to keep its digits)."""
    wrong = []
    contacts = getattr(stored, "contacts", ())
    got = {field: getattr(stored, field, None) for field in FIELDS if field != "phone"}
    got["phone"] = contacts[0].phone if contacts else ""
    for field in FIELDS:
        want, have = getattr(expected, field), got[field]
        if field == "country":
            ok = have in ({want, raw_country, country_code(raw_country)} if want else {""})
        elif field == "phone":
            ok = _digits(str(have or ""))[-8:] == _digits(want)[-8:]
        elif field in ("lat", "lon"):
            ok = (have is None and want is None) or (
                have is not None and want is not None and abs(have - want) < 1e-6)
        else:
            ok = (have or "") == want
        if not ok:
            wrong.append(f"{expected.name}: {field} {have!r} != {want!r}")
    return wrong


def country_code_header(header: str) -> bool:
    """Whether a column named ``header`` is read as the country."""
    meaning = header_names().get(header_key(header))
    return meaning is not None and meaning.field == "country"


def import_file(db_url: str, path: Path) -> int:
    return main(["--db", db_url, "import", str(path)])


def test_the_corpus_has_a_file_per_product_and_language() -> None:
    assert len(EXPORTS) >= 14
    assert len({export.file for export in EXPORTS}) == len(EXPORTS)


@pytest.mark.parametrize("export", EXPORTS, ids=[export.file for export in EXPORTS])
def test_each_export_imports_every_row_with_no_map(
        export: Export, tmp_path: Path, store: Store, db_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert import_file(db_url, write_export(tmp_path, export)) == 0
    rows = len(export.rows)
    assert f": {rows} imported, 0 updated, 0 rejected" in capsys.readouterr().out
    assert {a.name for a in list_accounts(store)} == {e.name for e in export.expected}


def test_the_whole_corpus_lands_95_percent_right(
        tmp_path: Path, store: Store, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    wrong: list[str] = []
    checked = 0
    for export in EXPORTS:
        folder = tmp_path / export.file.replace(".", "_")
        folder.mkdir()
        assert import_file(db_url, write_export(folder, export)) == 0, export.file
        stored = {a.name: a for a in list_accounts(store)}
        country_column = next((i for i, h in enumerate(export.headers)
                               if country_code_header(h)), None)
        for row, expected in zip(export.rows, export.expected, strict=True):
            raw_country = row[country_column] if country_column is not None else ""
            wrong += misses(expected, raw_country, stored[expected.name])
            checked += len(FIELDS)
    capsys.readouterr()
    assert checked >= 14 * 2 * len(FIELDS)
    assert len(wrong) <= 0.05 * checked, "\n".join(wrong)
