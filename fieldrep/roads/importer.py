"""Importing an OpenStreetMap extract: read its drivable roads, build the graph and the
index's contraction order, keep them in the user data folder.

The steps report ``(done, total, text)`` to ``progress`` and look at ``cancelled`` between
steps (and every few thousand ways while reading); a cancelled or failed import leaves the
roads imported before as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fieldrep.roads.graph import build_graph
from fieldrep.roads.index import compute_order
from fieldrep.roads.reader import CANCELLED, ImportCancelled, read_extract
from fieldrep.roads.storage import ExtractInfo, save

Progress = Callable[[int, int, str], None]
STEPS = 4


def import_extract(path: Path, progress: Progress = lambda done, total, text: None,
                   cancelled: Callable[[], bool] = lambda: False,
                   folder: Path | None = None) -> ExtractInfo:
    """Import the PBF extract at ``path`` into ``folder`` (the roads folder by default)."""

    def check() -> None:
        if cancelled():
            raise ImportCancelled(CANCELLED)

    progress(0, STEPS, f"Reading the roads of {path.name}…")
    ways = read_extract(path, cancelled,
                        lambda n: progress(0, STEPS, f"Reading the roads of {path.name}: "
                                                     f"{n:,} ways…"))
    check()
    progress(1, STEPS, f"Joining {len(ways.lat):,} road points…")
    graph = build_graph(ways)
    check()
    progress(2, STEPS, f"Indexing {graph.vertex_count:,} road points…")
    order = compute_order(graph)
    check()
    progress(3, STEPS, "Saving the roads…")
    newest = ways.newest_edit or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    info = ExtractInfo(
        source=path.name, data_date=newest.date(), imported_at=datetime.now(UTC),
        vertices=graph.vertex_count, edges=len(graph.tail), ways=len(ways.way_class),
        places=len(ways.places),
        bbox=(float(ways.lat.min()), float(ways.lon.min()), float(ways.lat.max()),
              float(ways.lon.max())))
    save(info, ways, graph, order, folder)
    progress(STEPS, STEPS, f"{path.name} imported")
    return info
