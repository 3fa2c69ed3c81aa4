"""A hand-made OpenStreetMap file for the rules a real extract cannot pin down: a square
block of streets with one one-way side, a footway, a road closed to cars and a lone road
far away."""

from __future__ import annotations

from pathlib import Path

NODES = {
    1: (46.000, 7.000), 2: (46.000, 7.010), 3: (46.010, 7.010), 4: (46.010, 7.000),
    5: (46.020, 7.000), 6: (46.050, 7.050), 7: (46.051, 7.050), 8: (46.005, 6.990),
}
#: id, node ids, tags
WAYS = [
    (10, [1, 2], {"highway": "residential", "oneway": "yes", "maxspeed": "30"}),
    (11, [2, 3], {"highway": "residential"}),
    (12, [3, 4], {"highway": "residential"}),
    (13, [4, 1], {"highway": "residential"}),
    (14, [4, 5], {"highway": "footway"}),
    (15, [1, 8], {"highway": "residential", "motor_vehicle": "no"}),
    (16, [6, 7], {"highway": "residential"}),
]
STAMP = "2020-01-02T03:04:05Z"


def write_small_map(path: Path) -> Path:
    """Write the map as OSM XML to ``path`` (named ``*.osm``)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">']
    for ident, (lat, lon) in NODES.items():
        lines.append(f'<node id="{ident}" version="1" timestamp="{STAMP}" lat="{lat}" '
                     f'lon="{lon}"/>')
    lines.append(f'<node id="99" version="1" timestamp="{STAMP}" lat="46.004" lon="7.004">'
                 '<tag k="place" v="village"/><tag k="name" v="Carré"/></node>')
    for ident, nodes, tags in WAYS:
        lines.append(f'<way id="{ident}" version="1" timestamp="{STAMP}">')
        lines += [f'<nd ref="{n}"/>' for n in nodes]
        lines += [f'<tag k="{k}" v="{v}"/>' for k, v in tags.items()]
        lines.append("</way>")
    lines.append("</osm>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
