"""``fieldrep roads``: import an OpenStreetMap extract, say what is imported, route two
points on it (no store needed: the roads live in the user data folder)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fieldrep.cli.registry import Commands
from fieldrep.store import Store
from fieldrep.usecases.roads import ATTRIBUTION, import_roads, road_route, roads_status


def register(commands: Commands) -> None:
    """The ``roads`` commands of the ``fieldrep`` parser."""
    roads = commands.add_parser("roads", help="real roads offline from an OpenStreetMap "
                                              "extract")
    what = roads.add_subparsers(dest="what", required=True, metavar="WHAT")
    imported = what.add_parser(
        "import", help="import an OpenStreetMap extract (.osm.pbf)",
        description="Read the car-drivable roads of an OpenStreetMap extract (e.g. a region "
                    "from download.geofabrik.de) and keep them in the user data folder: "
                    "from then on plans, arrival times and mileage use real roads offline.")
    imported.add_argument("file", type=Path, metavar="FILE.osm.pbf")
    imported.set_defaults(run=cmd_import, needs_store=False)
    status = what.add_parser("status", help="what road network is imported")
    status.set_defaults(run=cmd_status, needs_store=False)
    route = what.add_parser(
        "route", help="road distance and time between two points",
        description="The road distance and driving time between two points on the imported "
                    "roads (exit code 2, with the reason, when there is no route).")
    route.add_argument("start", type=point_arg, metavar="LAT,LON")
    route.add_argument("end", type=point_arg, metavar="LAT,LON")
    route.add_argument("--json", action="store_true",
                       help='print {"metres": ..., "seconds": ..., ...}')
    route.set_defaults(run=cmd_route, needs_store=False)


def point_arg(text: str) -> tuple[float, float]:
    """``LAT,LON`` in degrees."""
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a point: write LAT,LON like 47.141,9.521") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"{text!r} is not a latitude,longitude")
    return lat, lon


def cmd_import(_store: Store | None, args: argparse.Namespace) -> int:
    """Import the extract, showing each step on stderr (redrawn on a terminal)."""
    terminal = sys.stderr.isatty()
    shown: set[int] = set()

    def progress(done: int, total: int, text: str) -> None:
        if terminal:
            print(f"\r[{done}/{total}] {text}\033[K", end="", file=sys.stderr, flush=True)
        elif done not in shown:  # off a terminal, each step once
            shown.add(done)
            print(f"[{done}/{total}] {text}", file=sys.stderr, flush=True)

    info = import_roads(args.file, progress)
    if terminal:
        print(file=sys.stderr)
    print(f"Imported {info.source}: {info.ways:,} roads, {info.vertices:,} road points, "
          f"{info.places:,} places, {info.described}. {ATTRIBUTION}")
    return 0


def cmd_status(_store: Store | None, _args: argparse.Namespace) -> int:
    """What is imported."""
    status = roads_status()
    print(status.describe())
    if status.info is not None:
        print(f"kept in {status.folder}")
    return 0


def cmd_route(_store: Store | None, args: argparse.Namespace) -> int:
    """The route's distance and time, or why there is none (raised: exit code 2)."""
    route = road_route(args.start, args.end)
    info = roads_status().info
    source = f"roads, {info.described}" if info else "roads"
    if args.json:
        print(json.dumps({"metres": route.metres, "seconds": route.seconds,
                          "snapped_metres": [round(m) for m in route.snapped_metres],
                          "source": source, "attribution": ATTRIBUTION}, ensure_ascii=False))
    else:
        print(f"{route.metres / 1000:.1f} km, {route.seconds // 60} min "
              f"{route.seconds % 60:02d} s by road ({source}; {ATTRIBUTION})")
    return 0
