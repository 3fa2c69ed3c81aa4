"""Offline roads: import cost, index size, matrix times and how right the answers are.

On the real extracts in ``../shared/osm`` (Monaco, Liechtenstein) and on generated road
grids of 1–5 million vertices (reported apart: a grid has no hierarchy of roads, the hard
case for contraction hierarchies), each:

* **import**: ``fieldrep.roads.importer.import_extract`` in a fresh process (its peak
  memory is that process's max RSS), per million OSM nodes and per million graph vertices;
  the index size is the stored network (``roads.npz``: graph, polylines, contraction order);
* **load**: reading the stored network and building the CCH with its two metrics (what a
  process pays once before its first table);
* **tables**: 30 × 30 and 120 × 120 matrices between random road points, times and
  distances (``RoadNetwork.legs``: snapping included), median of 5 (3 on the grids),
  beside the other candidate, scipy's ``csgraph.dijkstra`` from each source (one run; it
  answers all targets at once; on the grids only 10 sources are run and the time is
  scaled to the table's rows);
* **agreement**: every leg of both tables (on the grids, the rows Dijkstra ran) against
  scipy's Dijkstra on the same integer weights (must be exact), and on the real extracts
  against the old estimate (straight line × 1.3 at the straight-line model's speeds, no
  stop overhead) per leg.

Run from the repository root:
``PYTHONPATH=. .venv/bin/python benchmarks/roads.py [--grids 1 2 5] > benchmarks/results/roads.txt``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import osmium
from common import machine_info, machine_line, median, table, timed
from scipy.sparse.csgraph import dijkstra

from fieldrep.roads.network import RoadNetwork
from fieldrep.travel.straight_line import StraightLineModel

HERE = Path(__file__).resolve().parent
OSM = Path(os.environ.get("SHARED_DATA", HERE.parent.parent / "shared")) / "osm"
EXTRACTS = ("monaco.osm.pbf", "liechtenstein.osm.pbf")
SIZES = (30, 120)
RUNS = 5
GRID_RUNS = 3
GRID_DIJKSTRA_ROWS = 10


def write_grid(path: Path, millions: float) -> int:
    """A square grid of streets (~100 m blocks, every 10th street a secondary road) as an
    OSM PBF file; returns its node count."""
    side = round((millions * 1e6) ** 0.5)
    writer = osmium.SimpleWriter(str(path))
    try:
        for row in range(side):
            for col in range(side):
                writer.add_node(osmium.osm.mutable.Node(
                    id=row * side + col + 1,
                    location=osmium.osm.Location(5 + col * 0.0013, 45 + row * 0.0009)))
        way_id = 1
        for lines in ("rows", "cols"):
            for fixed in range(side):
                tags = {"highway": "secondary" if fixed % 10 == 0 else "residential"}
                for start in range(0, side - 1, 100):  # ways of ~100 blocks
                    cells = range(start, min(start + 101, side))
                    nodes = [(fixed * side + c + 1) if lines == "rows" else (c * side + fixed + 1)
                             for c in cells]
                    writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=nodes, tags=tags))
                    way_id += 1
    finally:
        writer.close()
    return side * side


def count_nodes(path: Path) -> int:
    return sum(1 for _ in osmium.FileProcessor(str(path), osmium.osm.NODE))


def import_once(path: Path, folder: Path) -> dict[str, float]:
    """Import in a fresh process: seconds, peak MB, vertices, edges, stored MB."""
    code = ("import json, resource, sys, time; from pathlib import Path; "
            "from fieldrep.roads.importer import import_extract; t = time.perf_counter(); "
            "i = import_extract(Path(sys.argv[1]), folder=Path(sys.argv[2])); "
            "print(json.dumps({'seconds': time.perf_counter() - t, 'peak_mb': "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
            "'vertices': i.vertices, 'edges': i.edges}))")
    done = subprocess.run([sys.executable, "-c", code, str(path), str(folder)], check=True,
                          capture_output=True, text=True, env=os.environ | {"PYTHONPATH": "."})
    result: dict[str, float] = json.loads(done.stdout)
    result["index_mb"] = (folder / "roads.npz").stat().st_size / 2**20
    return result


def query(network: RoadNetwork, real: bool, seed: int = 14) -> dict[str, object]:
    """Matrix times, beside scipy's Dijkstra, and the agreement of the 120 × 120 table."""
    rng = np.random.default_rng(seed)
    main = np.flatnonzero(network.graph.main)
    found: dict[str, object] = {}
    csr = {"millis": network.graph.csr(network.graph.millis),
           "decimetres": network.graph.csr(network.graph.decimetres)}
    for size in SIZES:
        chosen = rng.choice(main, size, replace=False)
        points = list(zip(network.graph.lat[chosen].tolist(),
                          network.graph.lon[chosen].tolist(), strict=True))
        times = [timed(lambda p=points: network.legs(p, p))[0]
                 for _ in range(RUNS if real else GRID_RUNS)]
        legs = network.legs(points, points)
        vertices = network.snap(points).vertices
        found[f"cch_{size}"] = median(times)
        # on the grids a Dijkstra per source takes long: the first rows only, timed as such
        rows = size if real else min(size, GRID_DIJKSTRA_ROWS)
        seconds, reference = timed(lambda v=vertices, r=rows: (
            dijkstra(csr["millis"], indices=v[:r])[:, v],
            dijkstra(csr["decimetres"], indices=v[:r])[:, v]))
        found[f"dijkstra_{size}"] = seconds * size / rows
        exact = (np.array_equal(legs.millis[:rows], reference[0].astype(np.int64))
                 and np.array_equal(legs.decimetres[:rows], reference[1].astype(np.int64)))
        found[f"exact_{size}"] = exact
        if real and size == max(SIZES):
            found["versus_estimate"] = versus_estimate(points, legs.millis, legs.decimetres)
    return found


def versus_estimate(points: list[tuple[float, float]], millis: np.ndarray,
                    decimetres: np.ndarray) -> dict[str, float]:
    """How the old estimate (straight line × 1.3, stop overhead left out) compares per leg."""
    estimate = StraightLineModel(stop_overhead_s=0).matrix(points)
    off = ~np.eye(len(points), dtype=bool)
    road_m = decimetres[off] / 10
    road_s = millis[off] / 1000
    est_m = np.asarray(estimate.distances, dtype=float)[off]
    est_s = np.asarray(estimate.durations, dtype=float)[off]
    keep = road_m > 200
    ratio_m, ratio_s = est_m[keep] / road_m[keep], est_s[keep] / road_s[keep]
    return {"legs": int(keep.sum()), "m_median": float(np.median(ratio_m)),
            "m_p10": float(np.percentile(ratio_m, 10)),
            "m_p90": float(np.percentile(ratio_m, 90)),
            "m_off20": float(np.mean(np.abs(ratio_m - 1) > 0.2)),
            "s_median": float(np.median(ratio_s)),
            "s_abs_min": float(np.median(np.abs(est_s[keep] - road_s[keep])) / 60),
            "s_p90_min": float(np.percentile(np.abs(est_s[keep] - road_s[keep]), 90) / 60)}


def measure(name: str, path: Path, nodes: int, work: Path, real: bool) -> dict[str, object]:
    folder = work / name
    print(f"… {name}: importing", file=sys.stderr, flush=True)
    imported = import_once(path, folder)
    print(f"… {name}: loading and querying", file=sys.stderr, flush=True)
    load_s, network = timed(lambda: RoadNetwork(folder))
    return {"name": name, "nodes": nodes, **imported, "load_s": load_s,
            **query(network, real)}


def report(rows: list[dict[str, object]], title: str) -> None:
    print(f"\n## {title}\n")
    print(table(
        ["extract", "OSM nodes", "vertices", "edges", "import s", "s / M nodes",
         "s / M vertices", "peak MB", "MB / M nodes", "index MB", "load s"],
        [[r["name"], f"{r['nodes']:,}", f"{r['vertices']:,}", f"{r['edges']:,}",
          f"{r['seconds']:.2f}", f"{r['seconds'] / r['nodes'] * 1e6:.1f}",
          f"{r['seconds'] / r['vertices'] * 1e6:.1f}", f"{r['peak_mb']:.0f}",
          f"{r['peak_mb'] / r['nodes'] * 1e6:.0f}", f"{r['index_mb']:.1f}",
          f"{r['load_s']:.2f}"] for r in rows]))
    print()
    print(table(
        ["extract", "30×30 CCH s", "30×30 Dijkstra s", "120×120 CCH s",
         "120×120 Dijkstra s", "CCH = Dijkstra"],
        [[r["name"], f"{r['cch_30']:.4f}", f"{r['dijkstra_30']:.3f}", f"{r['cch_120']:.4f}",
          f"{r['dijkstra_120']:.3f}",
          "exact" if r["exact_30"] and r["exact_120"] else "DIFFERENT"] for r in rows]))


def report_estimate(rows: list[dict[str, object]]) -> None:
    print("\n## The old estimate (straight line × 1.3) against the roads, per leg\n")
    print("120 random road points, every leg longer than 200 m by road; ratio = estimate ÷ "
          "road (1 = right, < 1 = too short)\n")
    cells = []
    for r in rows:
        e = r["versus_estimate"]
        assert isinstance(e, dict)
        cells.append([r["name"], f"{e['legs']:,}", f"{e['m_median']:.2f}",
                      f"{e['m_p10']:.2f}–{e['m_p90']:.2f}", f"{e['m_off20'] * 100:.0f} %",
                      f"{e['s_median']:.2f}", f"{e['s_abs_min']:.1f}",
                      f"{e['s_p90_min']:.1f}"])
    print(table(["extract", "legs", "distance ratio median", "distance ratio p10–p90",
                 "distance off > 20 %", "time ratio median", "time error median min",
                 "time error p90 min"], cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grids", type=float, nargs="*", default=[1, 2, 5],
                        metavar="MILLIONS", help="grid sizes in millions of vertices")
    args = parser.parse_args()
    started = time.time()
    print(f"FieldRep offline roads — {date.today().isoformat()}")
    print(machine_line(machine_info()))
    print(f"command: PYTHONPATH=. python benchmarks/roads.py --grids "
          f"{' '.join(f'{g:g}' for g in args.grids)}")
    print(f"load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="fieldrep-roads-") as tmp:
        work = Path(tmp)
        real = [measure(name.split(".")[0], OSM / name, count_nodes(OSM / name), work, True)
                for name in EXTRACTS if (OSM / name).is_file()]
        if real:
            report(real, "Real extracts (© OpenStreetMap contributors, ODbL)")
            report_estimate(real)
        else:
            print(f"\n(no extracts in {OSM}: the real extracts are skipped)")
        grids = []
        for millions in args.grids:
            path = work / f"grid-{millions:g}M.osm.pbf"
            print(f"… grid {millions:g}M: writing", file=sys.stderr, flush=True)
            nodes = write_grid(path, millions)
            grids.append(measure(f"grid {millions:g}M", path, nodes, work, False))
            path.unlink()
            shutil.rmtree(work / f"grid {millions:g}M")
        if grids:
            report(grids, "Generated grids (reported apart: no road hierarchy)")
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{time.time() - started:.0f} s in all; peak MB of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    print("Targets: a 120×120 matrix ≤ 1 s on a region of 2 million nodes; import of 1 "
          "million nodes ≤ 60 s and ≤ 2 GB (verdicts in the README's Roads offline).")


if __name__ == "__main__":
    main()
