"""A small, real HTTP server on 127.0.0.1 that answers like OSRM's ``/table/v1`` service.

Tests point :class:`fieldrep.travel.osrm.OsrmModel` at :attr:`OsrmServer.url` so real HTTP
requests are made, without the internet.  The server reads the coordinates from the URL
(``lon,lat;lon,lat…``), honours ``sources``/``destinations`` and answers with durations and
distances computed from them (great circle × :attr:`CIRCUITY` at :attr:`SPEED_MS`, rounded
to 0.1 like OSRM).  Like ``osrm-routed --max-table-size 100`` it refuses tables of more
than 100² legs with code ``TooBig``.

Points listed in :attr:`islands` have no road to or from anywhere else (``null`` entries);
a request with a point of :attr:`off_road` fails like OSRM when no road is near a
coordinate (``NoSegment``, naming the coordinate by its place in the request).
The server records every request, can be made to fail with an HTTP status or an OSRM error
code, to answer slowly or without distances (:attr:`durations_only`, like OSRM before 5.8),
and can be stopped to simulate a server that is gone.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.loopback_server import LoopbackServer

CIRCUITY = 1.25
SPEED_MS = 15.0  # 54 km/h
MAX_TABLE_SIZE = 100



@dataclass(frozen=True)
class TableRequest:
    """One table request the server received."""

    profile: str
    coordinates: tuple[tuple[float, float], ...]  # (lat, lon), as sent
    sources: tuple[int, ...]
    destinations: tuple[int, ...]
    annotations: str

    @property
    def legs(self) -> int:
        return len(self.sources) * len(self.destinations)


def leg(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """(duration s, distance m) the server answers from point ``a`` to point ``b``
    (lat, lon; rounded to the 6 decimals a client sends)."""
    lat1, lon1, lat2, lon2 = (math.radians(round(v, 6)) for v in (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    metres = 2 * 6371008.8 * math.asin(math.sqrt(min(1.0, h))) * CIRCUITY
    return round(metres / SPEED_MS, 1), round(metres, 1)


class OsrmServer(LoopbackServer):
    """The fake OSRM: start it, point the model at :attr:`url`, assert on :attr:`requests`."""

    def __init__(self, max_table_size: int = MAX_TABLE_SIZE) -> None:
        self.max_table_size = max_table_size
        self.islands: set[tuple[float, float]] = set()
        self.off_road: set[tuple[float, float]] = set()
        self.requests: list[TableRequest] = []
        self.delay = 0.0
        #: answer durations only, whatever is asked, like OSRM before 5.8
        self.durations_only = False
        self._status: int | None = None
        self._error: tuple[str, str] | None = None
        self._lock = threading.Lock()
        super().__init__("fake-osrm")

    def fail_with(self, status: int | None) -> None:
        """Answer every request with this HTTP status and an HTML page (None: answer again)."""
        self._status = status

    def fail_with_code(self, code: str | None, message: str = "") -> None:
        """Answer every request with this OSRM error code, as OSRM does: HTTP 400 and JSON
        ``{"code": …, "message": …}`` (None: answer again)."""
        self._error = (code, message) if code else None

    # --- answering -------------------------------------------------------------------

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """HTTP status and JSON body for a ``GET path?params``."""
        parts = path.strip("/").split("/")
        if len(parts) != 4 or parts[:2] != ["table", "v1"]:
            return 400, {"code": "InvalidUrl", "message": f"URL string malformed: {path}"}
        try:
            coords = tuple((float(lat), float(lon)) for lon, lat in
                           (pair.split(",") for pair in parts[3].split(";")))
            sources = _indices(params.get("sources", "all"), len(coords))
            destinations = _indices(params.get("destinations", "all"), len(coords))
        except ValueError:
            return 400, {"code": "InvalidQuery", "message": "Query string malformed"}
        annotations = params.get("annotations", "duration")
        with self._lock:
            self.requests.append(
                TableRequest(parts[2], coords, sources, destinations, annotations))
        if self._error:
            return 400, {"code": self._error[0], "message": self._error[1]}
        lost = [k for k, point in enumerate(coords) if point in self.off_road]
        if lost:
            return 400, {"code": "NoSegment",
                         "message": f"Could not find a matching segment for coordinate {lost[0]}"}
        if len(sources) * len(destinations) > self.max_table_size ** 2:
            return 400, {"code": "TooBig", "message": "Too many table coordinates"}
        body: dict[str, Any] = {"code": "Ok"}
        legs = [[self._leg(coords[s], coords[d]) for d in destinations] for s in sources]
        if "duration" in annotations.split(","):
            body["durations"] = [[x and x[0] for x in row] for row in legs]
        if "distance" in annotations.split(",") and not self.durations_only:
            body["distances"] = [[x and x[1] for x in row] for row in legs]
        body["sources"] = [{"location": [coords[i][1], coords[i][0]]} for i in sources]
        body["destinations"] = [{"location": [coords[i][1], coords[i][0]]}
                                for i in destinations]
        return 200, body

    def _leg(self, a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float] | None:
        if a != b and (a in self.islands or b in self.islands):
            return None
        return leg(a, b)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if server.delay:
                    time.sleep(server.delay)
                if server._status is not None:
                    self._send(server._status, b"<html><body>Unavailable</body></html>",
                               "text/html")
                    return
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                status, body = server.answer(parts.path, params)
                self._send(status, json.dumps(body).encode(), "application/json")

            def _send(self, status: int, data: bytes, kind: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", f"{kind}; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (timeout tests)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output clean

        return Handler


def _indices(value: str, count: int) -> tuple[int, ...]:
    if value == "all":
        return tuple(range(count))
    found = tuple(int(v) for v in value.split(";"))
    if any(not 0 <= i < count for i in found):
        raise ValueError(value)
    return found
