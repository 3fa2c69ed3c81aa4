"""A small, real HTTP server on 127.0.0.1 that answers like Nominatim's ``/search`` endpoint.

Tests point FieldRep's geocoder settings at it (``geocoder.domain`` = :attr:`url_host`,
``geocoder.scheme`` = ``http``) so the real geopy Nominatim client makes real HTTP requests,
without the internet.  The server knows a few addresses (``known``: text contained in the
``q`` parameter, case-insensitive → latitude, longitude and Nominatim ``addresstype``) and
answers ``[]`` for anything else.  It records every request for assertions, can be made to
fail with an HTTP status (e.g. 503) and can be stopped to simulate the network going away.

The ``class``/``type``/``place_rank`` sent with an answer follow what the real Nominatim
sends for that kind of object (see ``KINDS``); ``"place"`` is how the real Nominatim labels
an address point (a node with a house number: class ``place``, type ``house``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.loopback_server import LoopbackServer

#: addresstype → (class, type, place_rank) as the real Nominatim reports such an object.
KINDS: dict[str, tuple[str, str, int]] = {
    "building": ("building", "yes", 30),
    "house": ("place", "house", 30),
    "place": ("place", "house", 30),
    "road": ("highway", "residential", 26),
    "postcode": ("place", "postcode", 21),
    "suburb": ("place", "suburb", 19),
    "village": ("place", "village", 19),
    "town": ("place", "town", 18),
    "city": ("boundary", "administrative", 16),
}



@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received."""

    path: str
    params: dict[str, str]
    user_agent: str
    at: float  # time.monotonic() when it arrived

    @property
    def query(self) -> str:
        return self.params.get("q", "")


class NominatimServer(LoopbackServer):
    """The fake Nominatim: start it, point the settings at :attr:`url_host`, assert on
    :attr:`requests`."""

    def __init__(self, known: dict[str, tuple[float, float, str]] | None = None) -> None:
        self.known: dict[str, tuple[float, float, str]] = dict(known or {})
        self.requests: list[RecordedRequest] = []
        self._status: int | None = None
        self._lock = threading.Lock()
        super().__init__("fake-nominatim")

    @property
    def url_host(self) -> str:
        """``127.0.0.1:PORT``, the value for the ``geocoder.domain`` setting."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.url_host}"

    @property
    def queries(self) -> list[str]:
        """The ``q`` parameter of every request, in order."""
        return [r.query for r in self.requests]

    def fail_with(self, status: int | None) -> None:
        """Answer every request with this HTTP status from now on (None: answer again)."""
        self._status = status

    # --- answering -------------------------------------------------------------------

    def answer(self, query: str) -> list[dict[str, Any]]:
        """What ``/search`` returns for ``q=query``: the first known address it contains."""
        folded = query.casefold()
        for number, (text, (lat, lon, addresstype)) in enumerate(self.known.items(), start=1):
            if text.casefold() in folded:
                category, kind, rank = KINDS.get(addresstype, ("place", addresstype, 30))
                return [{
                    "place_id": 100000 + number,
                    "licence": "Data © OpenStreetMap contributors, ODbL 1.0. "
                               "http://osm.org/copyright",
                    "osm_type": "node" if category == "place" else "way",
                    "osm_id": 4000000 + number,
                    "lat": f"{lat:.7f}",
                    "lon": f"{lon:.7f}",
                    "class": category,
                    "type": kind,
                    "place_rank": rank,
                    "importance": 0.5,
                    "addresstype": addresstype,
                    "name": text,
                    "display_name": f"{text}, France",
                    "boundingbox": [f"{lat - 0.0005:.7f}", f"{lat + 0.0005:.7f}",
                                    f"{lon - 0.0005:.7f}", f"{lon + 0.0005:.7f}"],
                }]
        return []

    def _record(self, path: str, params: dict[str, str], user_agent: str) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(path, params, user_agent, time.monotonic()))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                server._record(parts.path, params, self.headers.get("User-Agent", ""))
                if server._status is not None:
                    self._send(server._status, {"error": "Service Unavailable"})
                elif parts.path.rstrip("/") != "/search" or params.get("format") != "json":
                    self._send(400, {"error": "only /search?format=json is served"})
                else:
                    self._send(200, server.answer(params.get("q", "")))

            def _send(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output clean

        return Handler


@pytest.fixture
def nominatim() -> Iterator[NominatimServer]:
    """A running fake Nominatim on 127.0.0.1 (stopped after the test)."""
    with NominatimServer() as server:
        yield server
