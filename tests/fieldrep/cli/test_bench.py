"""``fieldrep bench vrptw`` on Solomon's C101, the public VRPTW benchmark.

The instances live in the shared folder beside the repository
(``shared/bench/solomon``); without them these tests are skipped, saying where they
were looked for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fieldrep.cli.main import main
from tests.conftest import write

SOLOMON = Path(__file__).resolve().parents[4] / "shared" / "bench" / "solomon"
C101 = SOLOMON / "C101.vrp"
OPTIMUM_25 = 191.3  # distance-only optimum of C101 with its first 25 customers

pytestmark = pytest.mark.skipif(
    not C101.exists(), reason=f"Solomon instances not found in {SOLOMON} (see the shared "
                              "bench folder's README)")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_c101_25_customers_within_1_percent_of_the_optimum(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "bench", "vrptw", str(C101), "--customers", "25",
                         "--seconds", "2", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["feasible"] is True
    assert result["cost"] <= OPTIMUM_25 * 1.01
    customers = sorted(c for route in result["routes"] for c in route)
    assert customers == list(range(2, 27))  # nodes 2..26 of the file, each once


def test_text_output_names_cost_and_routes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bench", "vrptw", str(C101), "--customers", "10",
                       "--seconds", "0.3")
    assert code == 0
    first, *routes = out.splitlines()
    assert re.fullmatch(r"C101, 10 customers, 25 vehicles of capacity 200: cost \d+\.\d in "
                        r"\d+ routes?, every customer served in its time window \(\d+\.\d s\)",
                        first), first
    assert routes and all(line.startswith("route ") for line in routes)


def test_an_instance_with_too_few_vehicles_says_which_customers_are_not_served(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_truck = write(tmp_path / "C101.vrp", C101.read_text().replace("VEHICLES : 25",
                                                                      "VEHICLES : 1"))
    code, out, err = run(capsys, "bench", "vrptw", str(one_truck), "--customers", "40",
                         "--seconds", "0.3")
    assert (code, err) == (1, "")
    first, second, *rest = out.splitlines()
    assert re.fullmatch(r"C101, 40 customers, 1 vehicle of capacity 200: no valid plan found "
                        r"in \d+\.\d s", first), first
    assert re.fullmatch(r"  not served: \d+ customers \(nodes( \d+){1,12}( and \d+ more)?\)",
                        second), second
    assert all(line.startswith("route ") for line in rest)
    for raw in ("infeasible", "mandatory visit", "locks", "status"):
        assert raw not in out


def test_user_errors_are_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.vrp"
    assert run(capsys, "bench", "vrptw", str(missing)) == (
        2, "", f"fieldrep: error: {missing}: no such file\n")
    code, _, err = run(capsys, "bench", "vrptw", str(C101), "--customers", "500")
    assert code == 2 and err == "fieldrep: error: C101.vrp: has 100 customers, cannot take 500\n"
    garbage = write(tmp_path / "x.vrp", "NAME : x\nhello world\n")
    code, _, err = run(capsys, "bench", "vrptw", str(garbage))
    assert code == 2 and err.count("\n") == 1 and "line 2" in err
    code, _, err = run(capsys, "bench", "vrptw", str(C101), "--seconds", "0")
    assert code == 2 and err == "fieldrep: error: --seconds must be more than 0\n"
    for bad in (["--customers", "many"], ["--seconds", "soon"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["bench", "vrptw", str(C101), *bad])
        assert exit_info.value.code == 2
