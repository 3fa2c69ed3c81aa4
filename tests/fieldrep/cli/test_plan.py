"""``fieldrep plan day`` / ``plan week`` on the demo territory, on a real SQLite file."""

import json
from pathlib import Path

import gpxpy
import pytest
from icalendar import Calendar

from fieldrep.cli.main import main
from fieldrep.planning.saved import list_plans
from fieldrep.store import open_store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "--db", db_url, "demo")[0] == 0
    assert run(capsys, "--db", db_url, "settings", "home.lat", "45.764", "home.lon", "4.8357",
               "home.address", "Home, Lyon")[0] == 0
    return db_url


def test_plan_a_day_as_json_save_and_export(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                         "--appointment", "12@14:00", "--json", "--save",
                         "--map", str(tmp_path / "day.html"),
                         "--export", str(tmp_path / "day.ics"))
    assert code == 0, err
    plan = json.loads(out)
    (day,) = plan["days"]
    assert day["start"]["label"] == "Home, Lyon" and day["lunch"] is not None
    (appointment,) = [s for s in day["stops"] if s["appointment"]]
    assert appointment["account_id"] == 12 and appointment["start"] == "14:00"
    assert len(day["stops"]) + len(plan["dropped"]) == 31  # 30 nearest + the appointment
    assert all(d["reason"] for d in plan["dropped"])
    assert [p[0] for p in list_plans(open_store(demo))] == [plan["id"]]
    events = Calendar.from_ical((tmp_path / "day.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(day["stops"]) + 1  # and lunch
    assert "FieldRep.setRoutes([{" in (tmp_path / "day.html").read_text(encoding="utf-8")

    code, out, _ = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                       "--accounts", "1,2,3,4,5", "--first", "3,1",
                       "--export", str(tmp_path / "day.gpx"))
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("   ")]
    assert "[locked]" in lines[0] and "[locked]" in lines[1]
    assert len(gpxpy.parse((tmp_path / "day.gpx").read_text()).waypoints) >= 3


def test_plan_a_week_from_a_hotel(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", demo, "plan", "week", "--from", "2026-11-23",
                         "--days", "3", "--start", "45.19,5.72", "--seconds", "2", "--json")
    assert code == 0, err
    week = json.loads(out)
    assert [d["date"] for d in week["days"]] == ["2026-11-23", "2026-11-24", "2026-11-25"]
    seen = [s["account_id"] for d in week["days"] for s in d["stops"]]
    assert len(seen) == len(set(seen)) > 0


@pytest.mark.parametrize(("args", "message"), [
    (["--appointment", "12@25:00"], "25:00 is not a time of day"),
    (["--appointment", "twelve"], "an appointment is ID@HH:MM"),
    (["--appointment", "12@09:00"], "cannot be reached in time"),
    (["--accounts", "1,x"], "account ids are numbers"),
    (["--accounts", "99999"], "there is no account #99999"),
    (["--start", "Atlantis City"], "cannot place 'Atlantis City' offline"),
    (["--lock", "3"], "a lock is ID@N (stop N of the day) or ID@N@HH:MM"),
    (["--accounts", "1,2,3", "--lock", "3@5"], "only 3 accounts are planned that day"),
    (["--date", "2026-11-28"], "Saturday 28 November 2026 is not one of your working days "
                               "(Monday to Friday)"),
])
def test_bad_plan_requests_end_in_one_line(
    demo: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24", *args)
    assert code == 2 and out == ""
    assert "Home 00:00" not in err
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_stop_locked_at_its_place_stays_there(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                         "--accounts", "1,2,3,4,5,6", "--lock", "4@3", "--json")
    assert code == 0, err
    stops = json.loads(out)["days"][0]["stops"]
    assert stops[2]["account_id"] == 4 and stops[2]["locked"]
    assert [s["locked"] for s in stops].count(True) == 1


def test_saved_plans_are_listed_shown_and_the_distance_driven_recorded(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                         "--accounts", "1,2,3,4,5", "--save", "--json")
    assert code == 0, err
    plan_id = json.loads(out)["id"]
    code, out, _ = run(capsys, "--db", demo, "plan", "list")
    assert code == 0 and f"{plan_id}  day   Tue 24 Nov 2026" in out

    code, out, err = run(capsys, "--db", demo, "plan", "driven", str(plan_id), "--km", "42,5")
    assert code == 0, err
    assert "42,5 km driven recorded" in out
    code, out, _ = run(capsys, "--db", demo, "plan", "show", str(plan_id))
    assert code == 0 and "driven: 42.5 km" in out and "Tuesday 24 November 2026" in out

    code, out, _ = run(capsys, "--db", demo, "plan", "driven", str(plan_id),
                       "--date", "2026-11-24", "--mi", "10")
    assert code == 0
    code, out, _ = run(capsys, "--db", demo, "plan", "show", str(plan_id), "--json")
    assert json.loads(out)["days"][0]["driven_metres"] == 16_093


@pytest.mark.parametrize(("args", "message"), [
    (["--km", "-3"], "a distance driven cannot be negative"),
    (["--km", "25000"], "25000 km in one day is not possible (at most 2,000 km)"),
    (["--mi", "lots"], "must be a number of mi, not 'lots'"),
    (["--km", "nan"], "must be a number of km"),
    (["--date", "2026-11-25", "--km", "12"], "has no day 2026-11-25; its days: 2026-11-24"),
])
def test_a_bad_distance_driven_is_refused_with_the_reason(
    demo: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, _ = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                       "--accounts", "1,2,3", "--save", "--json")
    plan_id = json.loads(out)["id"]
    code, out, err = run(capsys, "--db", demo, "plan", "driven", str(plan_id), *args)
    assert code == 2 and out == "" and message in err
    assert json.loads(run(capsys, "--db", demo, "plan", "show", str(plan_id), "--json")[1]
                      )["days"][0]["driven_metres"] is None


def test_an_unknown_plan_is_named(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", demo, "plan", "driven", "999", "--km", "12")
    assert code == 2 and "no saved plan with id 999" in err
    code, _, err = run(capsys, "--db", demo, "plan", "show", "999")
    assert code == 2 and "no saved plan with id 999" in err


def test_a_day_too_short_for_lunch_is_one_line_and_exit_2(
    demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", demo, "settings", "work.end", "11:00")[0] == 0
    code, out, err = run(capsys, "--db", demo, "plan", "day", "--date", "2026-11-24",
                         "--save")
    assert code == 2 and out == ""
    assert err == ("fieldrep: error: Tuesday 24 November 2026: the 45-minute lunch break, "
                   "which starts between 11:45 and 14:00, does not fit in your working hours "
                   "08:30–11:00: end the day at 12:30 or later, or set the lunch break to 0 "
                   "minutes (none) in Settings\n")
    assert list_plans(open_store(demo)) == []
