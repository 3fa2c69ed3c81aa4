"""Road travel times and distances from an OSRM server's table service.

One request is ``GET {base_url}/table/v1/{profile}/{lon,lat;lon,lat…}?annotations=
duration,distance`` (plus ``sources``/``destinations`` to ask for a block).  OSRM refuses
tables of more than ``max-table-size``² legs (100² by default, code ``TooBig``), so bigger
matrices are built from blocks of at most ``max_table_size`` sources × as many destinations
(and at most ``2 × max_table_size`` coordinates per URL, which keeps it a few kB long).

Anything that goes wrong becomes a :class:`TravelModelError` with a one-line reason: server
unreachable or too slow, an HTTP error, an OSRM ``code`` other than ``Ok``, an answer that
is not an OSRM table, or a leg OSRM has no road for (a ``null`` entry).

Only the standard library speaks HTTP here (``urllib.request``); ``session`` may be any
``urllib.request.OpenerDirector`` (e.g. one with a proxy or authentication handler).
"""

from __future__ import annotations

import http.client
import json
import logging
import re
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from urllib.request import OpenerDirector, Request, build_opener

from fieldrep import __version__
from fieldrep.travel.model import Matrix, Point, TravelModelError, check_points

SOURCE = "osrm"
_SEGMENT = re.compile(r"for coordinate (\d+)")
_log = logging.getLogger(__name__)


class OsrmModel:
    """Travel by road as an OSRM server computes it (durations without any stop time)."""

    def __init__(
        self,
        base_url: str,
        profile: str = "driving",
        timeout: float = 10,
        session: OpenerDirector | None = None,
        *,
        max_table_size: int = 100,
    ) -> None:
        if max_table_size < 1:
            raise ValueError(f"max_table_size ({max_table_size}) must be at least 1")
        self.base_url = base_url.strip().rstrip("/")
        self.profile = profile
        self.timeout = timeout
        self.max_table_size = max_table_size
        # The name keys the store cache: the same server and profile, the same roads.
        self.name = f"{SOURCE} {profile} {_without_password(self.base_url)}"
        self.source = SOURCE
        self._opener = session or build_opener()

    # -- the two shapes of answer ----------------------------------------------------------

    def matrix(self, points: Sequence[Point]) -> Matrix:
        """Legs between every two of ``points``: ⌈n / max_table_size⌉² requests."""
        coords = [tuple(p) for p in check_points(points).tolist()]
        n, size = len(coords), self.max_table_size
        durations = [[0] * n for _ in range(n)]
        distances = [[0] * n for _ in range(n)]
        blocks = [range(start, min(start + size, n)) for start in range(0, n, size)]
        unroutable = []
        for rows in blocks:
            for cols in blocks:
                unroutable += self._fill(coords, rows, cols, durations, distances)
        if unroutable:
            raise _no_road(coords, unroutable, 0)
        return Matrix(durations, distances, SOURCE)

    def table(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Matrix:
        """Legs from each of ``sources`` (rows) to each of ``destinations`` (columns)."""
        coords = [tuple(p) for p in check_points([*sources, *destinations]).tolist()]
        n_src = len(sources)
        n_dst = len(coords) - n_src
        durations = [[0] * n_dst for _ in range(n_src)]
        distances = [[0] * n_dst for _ in range(n_src)]
        unroutable = []
        for rows, cols in self._blocks(n_src, n_dst):
            unroutable += self._fill(coords, rows, range(cols.start + n_src, cols.stop + n_src),
                                     durations, distances, col_offset=n_src)
        if unroutable:
            raise _no_road(coords, unroutable, n_src)
        return Matrix(durations, distances, SOURCE)

    def _blocks(self, n_src: int, n_dst: int) -> Iterator[tuple[range, range]]:
        """Blocks of at most ``size``² legs and ``2 × size`` coordinates; a thin table (one
        new point against many) goes in long strips rather than square blocks."""
        size = self.max_table_size
        rows = min(n_src, size) or 1
        cols = min(n_dst, size) or 1
        if n_src < size:
            cols = max(1, min(n_dst, size * size // rows, 2 * size - rows))
        elif n_dst < size:
            rows = max(1, min(n_src, size * size // cols, 2 * size - cols))
        for r in range(0, n_src, rows):
            for c in range(0, n_dst, cols):
                yield range(r, min(r + rows, n_src)), range(c, min(c + cols, n_dst))

    # -- one request -----------------------------------------------------------------------

    def _fill(
        self,
        coords: Sequence[tuple[float, float]],
        rows: range,
        cols: range,
        durations: list[list[int]],
        distances: list[list[int]],
        col_offset: int = 0,
    ) -> list[tuple[int, int]]:
        """Ask for the legs ``rows`` × ``cols`` (indices into ``coords``), write them into
        the matrices at [row][col - col_offset] and return the legs OSRM has no road for."""
        square = rows == cols
        indices = list(rows) if square else [*rows, *cols]
        answer = self._request([coords[i] for i in indices], None if square else len(rows))
        table_d, table_m = answer["durations"], answer["distances"]
        unroutable = []
        for a, i in enumerate(rows):
            row_d, row_m = table_d[a], table_m[a]
            for b, j in enumerate(cols):
                seconds, metres = row_d[b], row_m[b]
                if seconds is None or metres is None:
                    if not (square and i == j):
                        unroutable.append((i, j - col_offset))
                    continue
                try:
                    durations[i][j - col_offset] = round(seconds)
                    distances[i][j - col_offset] = round(metres)
                except TypeError:
                    raise TravelModelError(
                        f"road server sent {seconds!r} s, {metres!r} m for a leg") from None
        return unroutable

    def _request(
        self, coords: Sequence[tuple[float, float]], n_sources: int | None
    ) -> dict[str, Any]:
        """One table request; ``n_sources`` None asks for every coordinate to every other,
        else the first ``n_sources`` coordinates to the rest."""
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TravelModelError(
                f"road server address {self.base_url!r} is not an http(s) URL")
        path = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in coords)
        url = (f"{self.base_url}/table/v1/{quote(self.profile, safe='')}/{path}"
               "?annotations=duration,distance")
        if n_sources is not None:
            url += ("&sources=" + ";".join(map(str, range(n_sources)))
                    + "&destinations=" + ";".join(map(str, range(n_sources, len(coords)))))
        request = Request(url, headers={"User-Agent": f"FieldRep/{__version__}",
                                        "Accept": "application/json"})
        where = parts.netloc.rpartition("@")[2]  # never show a password
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read()
        except HTTPError as exc:
            _log.warning("road server %s answered HTTP %s", where, exc.code, exc_info=True)
            with exc:
                body = exc.read()
            code, message = _osrm_error(body)
            if code:
                self._refused(code, message, coords)
            raise TravelModelError(
                f"road server error (HTTP {exc.code} {exc.reason} from {where})") from None
        except URLError as exc:
            _log.warning("road server %s unreachable", where, exc_info=True)
            raise self._unreachable(exc.reason, where) from None
        except (OSError, http.client.HTTPException) as exc:
            _log.warning("road server %s failed", where, exc_info=True)
            raise self._unreachable(exc, where) from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise TravelModelError(
                f"road server at {where} sent an answer that is not JSON") from None
        if not isinstance(answer, dict):
            raise TravelModelError(f"road server at {where} sent an unexpected answer")
        if answer.get("code") != "Ok":
            self._refused(str(answer.get("code")), str(answer.get("message", "")),
                          coords)
        n_rows = n_sources if n_sources is not None else len(coords)
        n_cols = len(coords) - n_rows if n_sources is not None else len(coords)
        for key in ("durations", "distances"):
            table = answer.get(key)
            if not (isinstance(table, list) and len(table) == n_rows
                    and all(isinstance(r, list) and len(r) == n_cols for r in table)):
                raise TravelModelError(
                    f"road server at {where} sent no {n_rows}×{n_cols} table of {key} "
                    "(is it OSRM 5.8 or later?)")
        return answer

    # -- reasons ---------------------------------------------------------------------------

    def _unreachable(self, reason: object, where: str) -> TravelModelError:
        if isinstance(reason, TimeoutError):
            return TravelModelError(
                f"road server did not answer within {self.timeout:g} s ({where})")
        if isinstance(reason, OSError) and reason.strerror:
            why = reason.strerror
        else:
            why = str(reason) or type(reason).__name__
        return TravelModelError(f"road server unreachable ({why[:1].lower()}{why[1:]} "
                                f"at {where})")

    def _refused(self, code: str, message: str,
                 coords: Sequence[tuple[float, float]]) -> NoReturn:
        """Raise the reason OSRM gave, a coordinate it names (by its place in this request)
        shown by where it is."""
        def where(match: re.Match[str]) -> str:
            position = int(match.group(1))
            if position >= len(coords):
                return match.group(0)
            lat, lon = coords[position]
            return f"for the point at {lat:.5f}, {lon:.5f}"

        message = _SEGMENT.sub(where, " ".join(message.split()))
        raise TravelModelError(
            f"road server could not compute the table ({code}: {message or 'no reason'})")


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _osrm_error(body: bytes) -> tuple[str, str]:
    """The ``code`` and ``message`` of an OSRM error answer (empty when it is not one)."""
    try:
        answer = json.loads(body)
    except ValueError:
        return "", ""
    if not isinstance(answer, dict) or not answer.get("code"):
        return "", ""
    return str(answer["code"]), str(answer.get("message", ""))


def _no_road(coords: Sequence[tuple[float, float]], pairs: list[tuple[int, int]],
             col_offset: int) -> TravelModelError:
    """The error for legs OSRM found no road for (``pairs``: row, column indices)."""
    i, j = pairs[0]
    (lat1, lon1), (lat2, lon2) = coords[i], coords[j + col_offset]
    first = f"from {lat1:.5f}, {lon1:.5f} to {lat2:.5f}, {lon2:.5f}"
    if len(pairs) == 1:
        return TravelModelError(f"no road found {first}", pairs)
    return TravelModelError(f"no road found for {len(pairs)} legs, e.g. {first}", pairs)
