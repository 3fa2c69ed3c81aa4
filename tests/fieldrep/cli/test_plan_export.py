"""``plan day|week --export``: a calendar that keeps its local times across a change of the
clocks, GPX and links for every day of a week, and a file type refused before anything is
planned or saved."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

import gpxpy
import pytest
from icalendar import Calendar

from fieldrep.cli.main import main
from fieldrep.planning.saved import list_plans
from fieldrep.store import open_store

#: The last Sunday of October 2026: Paris goes from UTC+2 to UTC+1.
CLOCKS_CHANGE = date(2026, 10, 25)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "--db", db_url, "demo")[0] == 0
    assert run(capsys, "--db", db_url, "settings", "home.lat", "45.764", "home.lon", "4.8357",
               "work.timezone", "europe/paris")[0] == 0
    return db_url


def _timeline(out: str) -> dict[date, list[tuple[str, time]]]:
    """Each day's stops as printed: (name, start)."""
    days: dict[date, list[tuple[str, time]]] = {}
    current = None
    for line in out.splitlines():
        if not line.startswith(" ") and ":" in line and line[:1].isalpha():
            current = datetime.strptime(line.split(":")[0], "%A %d %B %Y").date()
            days[current] = []
        elif current and line[4:5] == "." and line[:4].strip().isdigit():
            start = datetime.strptime(line[6:11], "%H:%M").time()
            days[current].append((line[18:].rsplit(" (", 1)[0], start))
    return days


def test_a_week_across_the_change_of_the_clocks_keeps_its_local_times(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "week.ics"
    code, out, err = run(capsys, "--db", demo, "plan", "week", "--from", "2026-10-22",
                         "--days", "3", "--accounts", ",".join(map(str, range(1, 16))),
                         "--seconds", "2", "--export", str(ics))
    assert code == 0, err
    printed = _timeline(out)
    assert sorted(printed) == [date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 26)]
    text = ics.read_text()
    assert "TZID=Europe/Paris" in text and "TZID=CET" not in text
    calendar = Calendar.from_ical(ics.read_bytes())
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    visits = [e for e in calendar.walk("VEVENT") if str(e["summary"]) != "Lunch break"]
    assert len(visits) == sum(len(stops) for stops in printed.values())
    for event in visits:
        start = event["dtstart"].dt
        assert start.second == 0 and event["dtend"].dt.second == 0
        offset = timedelta(hours=2 if start.date() < CLOCKS_CHANGE else 1)
        assert start.utcoffset() == offset, (event["summary"], start)
        name = str(event["summary"]).split(". ", 1)[1]
        assert (name, start.time()) in printed[start.date()]
    assert {e["dtstart"].dt.date() for e in visits} == set(printed)


def test_a_week_exports_gpx_and_links_for_every_day(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "--db", demo, "plan", "week", "--from", "2026-11-23",
                          "--days", "2", "--accounts", "1,2,3,4,5,6", "--seconds", "1",
                          "--export", str(tmp_path / "week.gpx"))
    assert code == 0, err
    assert len(gpxpy.parse((tmp_path / "week.gpx").read_text()).routes) == 2
    code, _out, err = run(capsys, "--db", demo, "plan", "week", "--from", "2026-11-23",
                          "--days", "2", "--accounts", "1,2,3,4,5,6", "--seconds", "1",
                          "--export", str(tmp_path / "week.txt"))
    assert code == 0, err
    lines = (tmp_path / "week.txt").read_text().splitlines()
    assert lines[0] == "Monday 23 November 2026" and "Tuesday 24 November 2026" in lines
    assert sum(line.startswith("https://www.google.com/maps/dir/") for line in lines) >= 2


def test_an_unknown_export_type_is_refused_before_the_plan_is_saved(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                         "--save", "--export", str(tmp_path / "x.pdf"))
    assert code == 2 and out == ""
    assert err.strip() == ("fieldrep: error: x.pdf: a plan exports as .ics (calendar), .gpx "
                           "(GPX route) or .txt (navigation links)")
    assert "Traceback" not in err
    assert list_plans(open_store(demo)) == []
    code, _out, err = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                          "--export", str(tmp_path / "no" / "x.ics"))
    assert code == 2 and "no such folder" in err


def test_a_time_zone_that_does_not_exist_is_refused(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "--db", demo, "settings", "work.timezone", "Paris")
    assert code == 2
    assert "work.timezone must be a time zone such as Europe/Paris" in err
    code, out, _err = run(capsys, "--db", demo, "settings", "work.timezone")
    assert out.strip() == "work.timezone = Europe/Paris"
