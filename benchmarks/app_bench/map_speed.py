"""1. The map: from the store to every account on the map, FieldRep beside folium's usual way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import folium
from common import median, timed
from folium.plugins import MarkerCluster

from app_bench.qt_wait import PageWatch, log, monotonic, pause, wait_until
from fieldrep.geocoding.gazetteer import shared_gazetteer
from fieldrep.maps.territory_map import MapOptions, MapPoint, asset_url, map_points, write_map
from fieldrep.store import Store, open_store
from ui.widgets.map_view import MapView

MAP_TARGET_SIZE, MAP_TARGET_S = 10_000, 3.0
PEER_LIMIT_S = 120.0
VIEW_SIZE = (1000, 700)
FIELDREP, PEER = "FieldRep", "folium peer (CircleMarker + MarkerCluster)"
TIER_COLOURS = {"A": "#1b7f3b", "B": "#1f5fa8", "C": "#6b6b6b"}  # as map.js


@dataclass
class MapRun:
    build_s: float
    ready_s: float
    usable_s: float
    page_bytes: int

    @property
    def total_s(self) -> float:
        return self.build_s + self.usable_s


@dataclass
class MapMeasure:
    size: int
    tool: str
    points: int = 0
    runs: list[MapRun] = field(default_factory=list)
    skipped: str = ""

    def med(self, attribute: str) -> float:
        return median([getattr(r, attribute) for r in self.runs])


def write_peer_map(path: Path, points: Sequence[MapPoint]) -> Path:
    """folium's usual way: a CircleMarker per account in a MarkerCluster, vendored assets."""
    fmap = folium.Map(tiles=None, prefer_canvas=True, maxZoom=19)  # markercluster needs one
    fmap.default_js = [("leaflet", asset_url("leaflet/leaflet.js"))]
    fmap.default_css = [("leaflet_css", asset_url("leaflet/leaflet.css"))]
    cluster = MarkerCluster()
    cluster.default_js = [("markerclusterjs", asset_url("markercluster/leaflet.markercluster.js"))]
    cluster.default_css = [
        ("markerclustercss", asset_url("markercluster/MarkerCluster.css")),
        ("markerclusterdefaultcss", asset_url("markercluster/MarkerCluster.Default.css")),
    ]
    cluster.add_to(fmap)
    for p in points:
        folium.CircleMarker([p.lat, p.lon], radius=6, color="#ffffff", weight=1.5, fill=True,
                            fill_color=TIER_COLOURS.get(p.tier, TIER_COLOURS["C"]),
                            fill_opacity=0.9, tooltip=p.name).add_to(cluster)
    if points:
        fmap.fit_bounds([[min(p.lat for p in points), min(p.lon for p in points)],
                         [max(p.lat for p in points), max(p.lon for p in points)]])
    fmap.save(str(path))
    return path


def new_map_view() -> MapView:
    view = MapView()
    view.resize(*VIEW_SIZE)
    view.show()
    return view


def close_map_view(view: MapView) -> None:
    view.release()
    view.close()
    view.deleteLater()
    pause(0.2)


def load_page(path: Path, markers: int, *, fieldrep: bool) -> tuple[float, float]:
    """Load a page in a new MapView: (seconds to ready, seconds to all markers clustered).

    Ready is ``bridge.ready`` for FieldRep's page, ``loadFinished`` for the peer's; the
    wait for the markers starts in the page at that moment.
    """
    view = new_map_view()
    watch = PageWatch(view)
    ready: list[float] = []
    tokens: list[str] = []

    def on_ready() -> None:
        ready.append(monotonic())
        tokens.append(watch.expect(markers))

    if fieldrep:
        view.bridge.ready.connect(on_ready)
    else:
        view.view.loadFinished.connect(lambda _ok: on_ready())
    try:
        start = monotonic()
        view.load_page(path)
        wait_until(lambda: bool(tokens))
        usable = watch.wait(tokens[0])
    finally:
        close_map_view(view)
    return ready[0] - start, usable - start


def map_run(tool: str, store: Store, folder: Path) -> tuple[int, MapRun]:
    """One build and load of the map of every located account: (points, the run)."""
    path = folder / f"{'fieldrep' if tool == FIELDREP else 'peer'}.html"
    build = _build_fieldrep if tool == FIELDREP else _build_peer
    build_s, points = timed(lambda: build(store, path))
    ready_s, usable_s = load_page(path, len(points), fieldrep=tool == FIELDREP)
    run = MapRun(build_s, ready_s, usable_s, path.stat().st_size)
    path.unlink()
    return len(points), run


def _build_fieldrep(store: Store, path: Path) -> list[MapPoint]:
    points = map_points(store)
    write_map(path, points, options=MapOptions(tiles=False))
    return points


def _build_peer(store: Store, path: Path) -> list[MapPoint]:
    points = map_points(store)
    write_peer_map(path, points)
    return points


def warm_up_map(store: Store, folder: Path) -> tuple[float, float]:
    """Untimed in the results: the gazetteer's first load, Qt WebEngine's first page."""
    gazetteer_s, _ = timed(lambda: shared_gazetteer().find("Lyon", "FR"))  # loads its index
    path = folder / "warm-up.html"
    points = _build_fieldrep(store, path)
    _, first_s = load_page(path, len(points), fieldrep=True)
    path.unlink()
    return gazetteer_s, first_s


def bench_map(urls: dict[int, str], folder: Path,
              runs: int) -> tuple[list[MapMeasure], tuple[float, float]]:
    """``runs`` per size, at most 3 for 100,000 accounts and more."""
    stores = {size: open_store(url) for size, url in urls.items()}
    try:
        warm = warm_up_map(stores[min(stores)], folder)
        measures = {(s, t): MapMeasure(s, t) for s in stores for t in (FIELDREP, PEER)}
        runs_for = {s: min(runs, 3) if s >= 100_000 else runs for s in stores}
        for run in range(max(runs_for.values())):
            for size in sorted(stores):
                if run >= runs_for[size]:
                    continue
                tools = [FIELDREP, PEER] if run % 2 == 0 else [PEER, FIELDREP]
                for tool in tools:
                    measure = measures[(size, tool)]
                    if measure.skipped or (tool == PEER and _skip_peer(measures, size)):
                        continue
                    measure.points, result = map_run(tool, stores[size], folder)
                    measure.runs.append(result)
                    if tool == PEER and result.total_s > PEER_LIMIT_S and run + 1 < runs_for[size]:
                        measure.skipped = (f"{len(measure.runs)} run(s) of {runs_for[size]}: "
                                           f"run {run + 1} took {result.total_s:.0f} s "
                                           f"(> {PEER_LIMIT_S:.0f} s), the rest skipped")
                    log(f"  map run {run + 1}/{runs_for[size]} {size:,} {tool}: build "
                        f"{result.build_s:.2f} s + load {result.usable_s:.2f} s")
    finally:
        for store in stores.values():
            store.close()
    return list(measures.values()), warm


def _skip_peer(measures: dict[tuple[int, str], MapMeasure], size: int) -> bool:
    """Skip the peer at ``size`` when a smaller size's run predicts more than the limit."""
    measure = measures[(size, PEER)]
    if measure.runs:
        return False
    for smaller in sorted((s for s, t in measures if t == PEER and s < size), reverse=True):
        done = measures[(smaller, PEER)]
        if done.runs:
            predicted = done.med("total_s") * size / smaller
            if predicted > PEER_LIMIT_S:
                measure.skipped = (f"skipped: {smaller:,} accounts took {done.med('total_s'):.1f} "
                                   f"s, so ≈ {predicted:.0f} s predicted (> {PEER_LIMIT_S:.0f} s)")
                log(f"  {size:,} {PEER}: {measure.skipped}")
                return True
            return False
    return False

