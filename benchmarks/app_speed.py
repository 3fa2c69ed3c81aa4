"""What a field rep notices in the desktop app: cold start, the map, the table's filters.

Stores (untimed): for each size (1,000, 10,000 and 100,000 accounts by default) a CSV is
generated with ``benchmarks/generate.py`` and imported with ``plan_import`` +
``import_accounts`` into a new SQLite store in a temporary folder (``--stores DIR`` keeps
them there and reuses them on the next run).  8 % of the generated accounts have no
coordinates, so the map shows about 92 % of them.

Everything runs with ``QT_QPA_PLATFORM=offscreen`` and ``QTWEBENGINE_DISABLE_SANDBOX=1``
(set here unless already set): Qt WebEngine renders in software.  The app's preferences
(QSettings) live in a temporary folder.  Waits run the Qt event loop (``QEventLoop.exec``)
and check their condition every 5 ms; the map pages tell when they are done through
``document.title``.  All times are wall-clock, from the system's monotonic clock.

1. **Map** (each size; 5 runs for 1,000 and 10,000, 3 for 100,000; round-robin; medians):

   * *build*: ``map_points(store)`` + ``write_map(path, points,
     options=MapOptions(tiles=False))`` in this process (the page build the app runs on
     its worker);
   * *load → usable*: from ``MapView.load_page(path)``, in a new shown 1000×700
     ``MapView``, until (a) ``bridge.ready`` is emitted (the page's JavaScript ran and the
     QWebChannel is up) and then (b) every marker is on the map: ``FieldRep.state()
     .accounts`` equals the number of points and the marker cluster holds them all (its
     ``chunkedLoading`` adds them over several frames; checked in the page every 10 ms
     with markercluster's running count, ``getLayers().length`` as the final word), plus
     one animation frame;
   * *total* = build + load → usable.  Target: 10,000 accounts in under 3 s.

   Peer, in the same run and the same kind of view: folium's own usual approach, a plain
   ``folium.Map`` (tiles=None, the same vendored Leaflet: ``default_js``/``default_css``
   overridden as ``fieldrep/territory_map.py`` does, so nothing is fetched) with a
   ``folium.plugins.MarkerCluster`` and one ``folium.CircleMarker`` per account (tier
   colour, name tooltip), fitted to the accounts.  Build = ``map_points`` + folium's
   render to a file; load → usable = ``loadFinished``, then every marker in the cluster.
   At 100,000 it is skipped when the smaller sizes predict more than 120 s (it scales
   linearly), and run once only when that once takes more than 120 s.

   Before the runs, untimed: the offline gazetteer's first load (``write_map`` names the
   towns from it) and one page load that starts Qt WebEngine; both are reported.

2. **Cold start** (10,000 and 1,000 accounts; 5 runs each, alternating; medians): a new
   Python process (``app_speed.py --cold-start-child``) so the imports count, timed from
   just before the parent launches it until the window is *usable*:
   ``MainWindow(store, tiles=False)`` shown, the table's first rows painted (its model
   loaded its first page) and the map page ready with every marker clustered.  The child
   opens a large store as the app did before its start moved off the UI thread (QApplication,
   ``open_store``, ``load_demo_if_empty``, the window) with empty preferences, so
   the window has its first-start size (1360×820).  Milestones are reported too.

3. **Table filters** on the 100,000-account store, five changes a rep makes (search
   ``pharm``, search ``690`` (a postcode prefix), tier A, tag ``key-account``, "No
   location"), medians of 7:

   * *service*: ``count_accounts`` + the first page (200 rows by name) of
     ``list_accounts``, what the table needs; and all the queries ``AccountsPage.refresh``
     runs on its worker (``territory_counts``, ``map_points``, ``territory_features``,
     ``count_accounts``, ``all_tags``);
   * *window*: a shown ``MainWindow`` (tiles=False) showing every account; the filter set
     with the filter bar's signals blocked, then ``window.accounts.refresh()`` (what the
     search box's 250 ms debounce timer calls), timed until the new model is set and has
     loaded its first rows (the table painted them), and until the map shows the
     filtered accounts; then, separately, from the rep's change itself (``setText`` in
     the search box, a tier button checked, a list's choice changed) to the first rows,
     which for the searches includes the 250 ms debounce.  Nothing is subtracted.  After
     each of these the filters are cleared through ``refresh()``, which is timed too (the
     "filters cleared" row: back to 100,000 accounts).

4. **Starting the app** (``app_bench/first_start.py``): ``python main.py`` as a rep
   launches it (``--no-setup``), in a new process, beside a bare PySide6 + Qt WebEngine
   window (a 200-row table and a small local page) as the floor.  *Cold*: new data, config
   and cache folders (a new store, migrated, with the demo territory; no offline town index
   yet); *warm*: the same folders again.  The window opens on Today: usable = its day read
   and shown and the event loop turning once more; the accounts table's first rows, the
   Today map's page (its script ran) and the start-up housekeeping are reported apart.
   FieldRep's modules are byte-compiled first, as its install does (``--first-source``:
   compiled from source at each start instead).  5 rounds (``--first-runs``), medians.
   Targets: cold ≤ 2 s, warm ≤ 1.5 s.

The machine may have other work running: the load average is printed at the start and
at the end.

Run: ``.venv/bin/python benchmarks/app_speed.py [--sizes 1000 10000 100000]
[--only map cold filter first] [--map-runs 5] [--cold-runs 5] [--filter-runs 7]
[--first-runs 5] [--first-source] [--stores DIR]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from app_bench.cold_start import CHILD_FLAG, bench_cold, cold_start_child
from app_bench.filters import bench_filters
from app_bench.first_start import bench_first_start, first_start_report
from app_bench.map_speed import bench_map
from app_bench.qt_wait import isolate_preferences, log
from app_bench.report import load_average, report
from app_bench.stores import build_store
from common import machine_info
from PySide6.QtWidgets import QApplication

from fieldrep.maps.territory_map import map_points
from fieldrep.store import open_store

# PySide6 6.12's abi3 wheels, on Python 3.11, drop one reference to None at every call of
# a Qt method that returns nothing (setText, resize, runJavaScript...), and some to True
# and False: see the README.  Thousands of such calls would crash this process
# ("deallocating None"), so it holds extra references to them, and ends with os._exit.
_KEEP_ALIVE = (None, True, False) * 500_000

SIZES = (1_000, 10_000, 100_000)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == CHILD_FLAG:
        url, start, markers, prefs = sys.argv[2:6]
        cold_start_child(url, float(start), int(markers), prefs)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help="store sizes in accounts (default: 1000 10000 100000)")
    parser.add_argument("--only", nargs="+", choices=("map", "cold", "filter", "first"),
                        default=["map", "cold", "filter", "first"],
                        help="what to measure (default: all)")
    parser.add_argument("--map-runs", type=int, default=5,
                        help="map runs per size (default 5; at most 3 for 100,000)")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold starts per size")
    parser.add_argument("--filter-runs", type=int, default=7, help="runs per filter")
    parser.add_argument("--first-runs", type=int, default=5,
                        help="rounds of floor, cold and warm starts (default 5)")
    parser.add_argument("--first-source", action="store_true",
                        help="first start: compile FieldRep's modules from source at each "
                             "start instead of byte-compiling them first as the install does")
    parser.add_argument("--stores", type=Path,
                        help="keep the generated stores in this folder (and reuse them)")
    args = parser.parse_args()
    loads_start = load_average()
    info = machine_info()
    with tempfile.TemporaryDirectory(prefix="fieldrep-app-speed-") as tmp:
        work = Path(tmp)
        isolate_preferences(work / "preferences")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("FieldRep")
        stores = args.stores.resolve() if args.stores else work / "stores"
        needs_stores = bool({"map", "cold", "filter"} & set(args.only))
        urls = ({size: build_store(size, stores) for size in sorted(set(args.sizes))}
                if needs_stores else {})
        maps, warm, colds, filters = [], None, [], []
        if "map" in args.only:
            log("map:")
            maps, warm = bench_map(urls, work, args.map_runs)
        if "cold" in args.only:
            log("cold start:")
            markers = {}
            for size, url in urls.items():
                store = open_store(url)
                markers[size] = len(map_points(store))
                store.close()
            colds = bench_cold(urls, markers, work, args.cold_runs)
        if "filter" in args.only and 100_000 in urls:
            log("table filters:")
            filters = bench_filters(urls[100_000], args.filter_runs)
        firsts = []
        if "first" in args.only:
            log("first start:")
            firsts = bench_first_start(args.first_runs, bytecode=not args.first_source)
    text = report(info, (loads_start, load_average()), maps, warm, colds, filters)
    if firsts:
        text += "\n" + "\n".join(first_start_report(firsts, bytecode=not args.first_source))
    print(text, flush=True)
    sys.stderr.flush()
    os._exit(0)  # no interpreter teardown: the references PySide dropped would crash it


if __name__ == "__main__":
    main()
