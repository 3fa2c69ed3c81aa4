"""``fieldrep roads`` and the day planned on the imported roads, through the CLI's main, on
a fresh store with the Liechtenstein extract and no network."""

import json
from pathlib import Path

import gpxpy
import pytest

from fieldrep.cli.main import main
from fieldrep.common.paths import ROADS_ENV
from fieldrep.planning.minutes import whole_minutes
from tests.osm_extracts import SCHAAN, VADUZ, extract

ACCOUNTS = """name,street,postcode,city,country,lat,lon,opening_hours,meeting_minutes
Garage Schaan,Landstrasse 1,9494,Schaan,LI,47.1650,9.5095,Mo-Fr 08:00-18:00,30
Drogerie Triesen,Landstrasse 2,9495,Triesen,LI,47.1070,9.5280,Mo-Fr 08:00-18:00,30
Bäckerei Balzers,Fürstenstrasse 3,9496,Balzers,LI,47.0664,9.5025,Mo-Fr 08:00-18:00,30
Eisenwaren Eschen,Essanestrasse 4,9492,Eschen,LI,47.2107,9.5225,Mo-Fr 08:00-18:00,30
Apotheke Mauren,Peter-Kaiser-Strasse 5,9493,Mauren,LI,47.2190,9.5440,Mo-Fr 08:00-18:00,30
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_status_and_route(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(ROADS_ENV, str(tmp_path / "roads"))
    code, out, _ = run(capsys, "roads", "status")
    assert code == 0 and out.startswith("No roads imported")

    code, out, err = run(capsys, "roads", "import", str(extract("liechtenstein.osm.pbf")))
    assert code == 0, err
    assert "[4/4] liechtenstein.osm.pbf imported" in err
    assert "OSM extract of 2015-10-06. © OpenStreetMap contributors" in out

    code, out, _ = run(capsys, "roads", "status")
    assert code == 0 and out.startswith("liechtenstein.osm.pbf, OSM extract of 2015-10-06")
    assert "© OpenStreetMap contributors" in out

    here, there = (f"{lat},{lon}" for lat, lon in (VADUZ, SCHAAN))
    code, out, _ = run(capsys, "roads", "route", here, there, "--json")
    answer = json.loads(out)
    assert code == 0 and 2800 < answer["metres"] < 5000 and 180 < answer["seconds"] < 600
    assert answer["attribution"] == "© OpenStreetMap contributors"
    code, out, _ = run(capsys, "roads", "route", here, there)
    assert code == 0 and " km, " in out and "OpenStreetMap contributors" in out

    code, out, err = run(capsys, "roads", "route", here, "48.7758,9.1829", "--json")
    assert code == 2 and out == ""
    assert err == ("fieldrep: error: 48.77580,9.18290 is outside the imported roads "
                   "(liechtenstein.osm.pbf, OSM extract of 2015-10-06)\n")


def test_a_file_that_is_no_extract_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(ROADS_ENV, str(tmp_path / "roads"))
    (tmp_path / "region.osm.pbf").write_text("<html>a download error page</html>")
    code, _, err = run(capsys, "roads", "import", str(tmp_path / "region.osm.pbf"))
    assert code == 2
    assert err.splitlines()[-1].startswith(
        "fieldrep: error: region.osm.pbf is not a readable OpenStreetMap PBF extract")


def test_a_day_planned_on_the_roads_draws_them_exports_them_and_claims_them(
        liechtenstein: object, db_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "accounts.csv").write_text(ACCOUNTS, encoding="utf-8")
    assert run(capsys, "--db", db_url, "import", str(tmp_path / "accounts.csv"))[0] == 0
    assert run(capsys, "--db", db_url, "settings", "home.lat", str(VADUZ[0]), "home.lon",
               str(VADUZ[1]), "home.address", "Vaduz")[0] == 0

    code, out, err = run(capsys, "--db", db_url, "plan", "day", "--date", "2015-10-13",
                         "--json", "--save", "--map", str(tmp_path / "day.html"),
                         "--export", str(tmp_path / "day.gpx"))
    assert code == 0, err
    plan = json.loads(out)
    (day,) = plan["days"]
    assert len(day["stops"]) == 5
    assert plan["travel_note"].startswith("road times from the OSM extract of 2015-10-06")
    assert day["travel_source"] == "roads, OSM extract of 2015-10-06"
    first = day["stops"][0]
    where = {row.split(",")[0]: row.split(",")[5:7] for row in ACCOUNTS.splitlines()[1:]}
    code, out, _ = run(capsys, "roads", "route", f"{VADUZ[0]},{VADUZ[1]}",
                       ",".join(where[first["name"]]), "--json")
    road = json.loads(out)
    assert first["leg_metres"] == road["metres"]
    # parking and walking in; a plan is timed to the minute
    assert first["leg_seconds"] == whole_minutes(road["seconds"] + 120)

    page = (tmp_path / "day.html").read_text(encoding="utf-8")
    routes = json.loads(page.split("FieldRep.setRoutes(")[1].split(");")[0])
    assert len(routes[0]["path"]) > 10 * (len(day["stops"]) + 1)  # along the streets
    assert routes[0]["attribution"] == "© OpenStreetMap contributors"

    gpx = gpxpy.parse((tmp_path / "day.gpx").read_text(encoding="utf-8"))
    (track,) = gpx.tracks
    assert len(track.segments[0].points) == len(routes[0]["path"])
    assert gpx.copyright_author == "OpenStreetMap contributors"

    rates = json.dumps([{"from": "2015-01-01", "rate": "0.70", "unit": "km",
                         "currency": "EUR", "label": "company rate"}])
    assert run(capsys, "--db", db_url, "settings", "mileage.rates", rates)[0] == 0
    code, out, err = run(capsys, "--db", db_url, "mileage", "--from",
                         "2015-10-13", "--to", "2015-10-13", "--save")
    assert code == 0, err
    assert "measured on: roads, OSM extract of 2015-10-06" in out
    code, out, _ = run(capsys, "--db", db_url, "expense", "list", "--from", "2015-10-13",
                       "--to", "2015-10-13", "--json")
    assert "planned route (roads, OSM extract of 2015-10-06)" in out
