"""``fieldrep geocode`` on the command line, online against loopback Nominatim and offline."""

import subprocess
import sys
from pathlib import Path

import pytest

from fieldrep.cli.main import main
from fieldrep.common.log import log_file
from fieldrep.store import Store
from fieldrep.usecases.settings import set_setting
from tests.fieldrep.geocoding.helpers import (
    BELLECOUR,
    LYON_TOWN,
    accounts,
    add,
    closed_port,
    configure,
    near,
    place,
)
from tests.nominatim_server import NominatimServer


def test_cli_geocode_limit(store: Store, db_url: str, nominatim: NominatimServer,
                           capsys: pytest.CaptureFixture[str]) -> None:
    for number, street in enumerate(["1 rue A", "2 rue B", "3 rue C"]):
        nominatim.known[street] = (45.70 + number / 100, 4.80, "building")
        add(store, f"Shop {number}", street, "69002", "Lyon")
    configure(store, nominatim)

    code = main(["--db", db_url, "geocode", "--limit", "2"])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert "2 of 2 accounts: 2 geocoded online" in out
    assert sum(a.located for a in accounts(store).values()) == 2
    assert len(nominatim.requests) == 2


def test_cli_geocode_offline_needs_no_server(
        store: Store, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    set_setting(store, "geocoder.domain", f"127.0.0.1:{closed_port()}")  # nothing listens
    set_setting(store, "geocoder.scheme", "http")
    add(store, "Bouchon Lyonnais", "5 rue Mercière", "69002", "Lyon")

    code = main(["--db", db_url, "geocode", "--offline"])

    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "1 placed approximately" in out and "worked offline" not in out
    assert place(accounts(store)["Bouchon Lyonnais"]) == (
        *near(LYON_TOWN, 0.01), "town", "gazetteer")


def test_cli_unknown_provider_is_a_one_line_error(
        store: Store, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    set_setting(store, "geocoder.provider", "nosuchgeocoder")
    add(store, "Bouchon Lyonnais", "5 rue Mercière", "69002", "Lyon")

    code = main(["--db", db_url, "geocode"])

    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("fieldrep: error:") and err.count("\n") == 1
    assert "nosuchgeocoder" in err
    assert not accounts(store)["Bouchon Lyonnais"].located


def test_cli_geocode_with_a_long_min_delay(
        store: Store, db_url: str, nominatim: NominatimServer,
        capsys: pytest.CaptureFixture[str]) -> None:
    # "geocoder.min_delay" accepts any non-negative number; a rep sharing a small server
    # may well ask for 3 s between requests.  One account: no wait actually happens.
    nominatim.known["12 rue de la Barre"] = (*BELLECOUR, "building")
    add(store, "Pharmacie Bellecour", "12 rue de la Barre", "69002", "Lyon")
    configure(store, nominatim, min_delay="3")

    code = main(["--db", db_url, "geocode"])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert "1 geocoded online" in out
    assert accounts(store)["Pharmacie Bellecour"].geocode_precision == "address"


def test_cli_geocoder_out_of_reach_is_one_line_not_a_traceback(
        store: Store, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # In its own process: pytest's log capture would hide what geopy logs to the terminal.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the process's log folder
    set_setting(store, "geocoder.domain", f"127.0.0.1:{closed_port()}")  # nothing listens
    set_setting(store, "geocoder.scheme", "http")
    add(store, "Brauerei Wörth", "Hauptstraße 3", "85457", "Wörth", "DE")
    add(store, "Somewhere in Wörth", city="Wörth", country="DE")

    done = subprocess.run([sys.executable, "-m", "fieldrep", "--db", db_url, "geocode"],
                          capture_output=True, text=True, timeout=120, check=False,
                          cwd=Path(__file__).resolve().parents[3])

    assert (done.returncode, done.stderr) == (0, "")
    summary, check = done.stdout.strip().splitlines()[-2:]
    assert summary.endswith(
        "; worked offline (nominatim (127.0.0.1) cannot be reached (no network, or the "
        "server is down)); 1 location to check (a town with namesakes and no postcode to "
        "decide)")
    assert check == "check these locations: Somewhere in Wörth"
    details = log_file().read_text(encoding="utf-8")  # the same folder as the process's
    assert "WARNING fieldrep.geocoding.service: geocoder nominatim:127.0.0.1:" in details
    assert "geopy.exc.GeocoderUnavailable" in details and "Traceback" in details
