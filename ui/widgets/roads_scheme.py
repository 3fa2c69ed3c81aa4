"""The ``fieldrep-roads:`` URL scheme: the imported roads and places of a map view.

A map page asks ``fieldrep-roads:view?z=14&s=…&w=…&n=…&e=…`` as it moves (see
``resources/web/fieldrep/roads.js``); the answer is the GeoJSON of
:meth:`fieldrep.roads.map_layer.RoadLayer.view`.  The scheme must be registered before the
QApplication is created (:func:`register_scheme`, called by the app's start and by the
tests); the handler is installed on the page's profile by each map view
(:func:`install_handler`).  A question that is not a view (a bad number, another path)
fails, as does any view when no extract is imported: the page keeps its plain background.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QUrlQuery
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

SCHEME = b"fieldrep-roads"
_KEYS = ("s", "w", "n", "e")


def register_scheme() -> None:
    """Make ``fieldrep-roads:`` known to Qt WebEngine (before the QApplication exists)."""
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME):
        return
    scheme = QWebEngineUrlScheme(QByteArray(SCHEME))
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    flags = QWebEngineUrlScheme.Flag
    scheme.setFlags(flags.SecureScheme | flags.LocalAccessAllowed | flags.CorsEnabled
                    | flags.FetchApiAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


if TYPE_CHECKING:  # the roads (numpy, shapely, scipy) load with the first question
    from fieldrep.roads.map_layer import Box


def parse_view(path: str, query: QUrlQuery) -> tuple[Box, int] | None:
    """The box and zoom of a ``view`` question, or None when it is not one."""
    from fieldrep.roads.map_layer import Box

    if path != "view":
        return None
    try:
        zoom = int(query.queryItemValue("z"))
        south, west, north, east = (float(query.queryItemValue(k)) for k in _KEYS)
    except ValueError:
        return None
    numbers = (south, west, north, east)
    if not all(math.isfinite(v) for v in numbers) or south > north or west > east:
        return None
    return Box(south, west, north, east), zoom


class RoadsSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers the map page's ``fieldrep-roads:view`` questions from the imported roads."""

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        asked = parse_view(url.path(), QUrlQuery(url))
        if asked is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        from fieldrep.roads.map_layer import imported_layer

        layer = imported_layer()
        if layer is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        body = json.dumps(layer.view(*asked), ensure_ascii=False, separators=(",", ":"))
        buffer = QBuffer(job)
        buffer.setData(QByteArray(body.encode("utf-8")))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.setAdditionalResponseHeaders({QByteArray(b"Access-Control-Allow-Origin"):
                                          QByteArray(b"*")})
        job.reply(QByteArray(b"application/json"), buffer)


_handlers: dict[int, RoadsSchemeHandler] = {}


def install_handler(profile: QWebEngineProfile, owner: QObject | None = None) -> None:
    """Serve ``fieldrep-roads:`` on ``profile`` (once a profile)."""
    if profile.urlSchemeHandler(QByteArray(SCHEME)) is not None:
        return
    handler = RoadsSchemeHandler(owner or profile)
    _handlers[id(profile)] = handler
    profile.installUrlSchemeHandler(QByteArray(SCHEME), handler)
