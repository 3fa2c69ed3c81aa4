"""The territory map as a folium page that works with no network.

Every script and stylesheet is a vendored file under ``resources/web`` (Leaflet and the
folium plugins' libraries from npm, plus FieldRep's own ``map.js``), referenced by
``file://`` URL.  OpenStreetMap tiles are asked for only when ``MapOptions.tiles`` is set;
when they do not load (offline) the map shows a plain background under the accounts,
territories and routes.  Data from the store goes into the page as JSON with ``<``, ``>``
and ``&`` escaped, and the page shows it with ``textContent``, so an account name can never
run as script.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Draw, MarkerCluster
from jinja2 import Template
from shapely.geometry import MultiPoint, mapping
from sqlalchemy import select

from fieldrep.accounts.model import Precision
from fieldrep.accounts.service import AccountFilter
from fieldrep.common.paths import RESOURCES_DIR
from fieldrep.geocoding.gazetteer import shared_gazetteer
from fieldrep.maps.settings import OSM_TILES
from fieldrep.store import Store
from fieldrep.store.models import Account
from fieldrep.territories.service import TerritoryCount

WEB_DIR = RESOURCES_DIR / "web"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")
_APPROXIMATE = {Precision.TOWN.value, Precision.POSTCODE.value}
_DEFAULT_CENTRE = (46.6, 2.5)
HULL_MARGIN_DEGREES = 0.02  # ~2 km around the accounts of a territory made of postcodes
PLACE_POPULATION = 15000
PLACE_LIMIT = 80  # France, when there is nothing to show yet


@dataclass(frozen=True)
class MapPoint:
    """One located account as the map needs it."""

    id: int
    lat: float
    lon: float
    tier: str
    approximate: bool
    name: str
    place: str
    territory_id: int | None = None

    def as_row(self) -> list[Any]:
        return [self.id, round(self.lat, 6), round(self.lon, 6), self.tier,
                int(self.approximate), self.name, self.place]


@dataclass(frozen=True)
class RouteLine:
    """A planned day drawn on the map: the road order as a line, numbered stops."""

    label: str
    color: str
    path: tuple[tuple[float, float], ...]  # start, each stop, end
    #: number, name, lat, lon, time, account id (a click on the stop is one on the account)
    stops: tuple[tuple[int, str, float, float, str, int], ...]

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "color": self.color,
                "path": [[round(a, 6), round(b, 6)] for a, b in self.path],
                "stops": [list(s) for s in self.stops]}


@dataclass(frozen=True)
class MapOptions:
    """How the page is built: tiles (online) or a plain background, and the home base."""

    tiles: bool = True
    tile_url: str = OSM_TILES
    attribution: str = OSM_ATTRIBUTION
    home: tuple[float, float] | None = None
    home_label: str = ""
    #: Name the larger towns (from the offline gazetteer) until map tiles load.
    places: bool = True


def map_points(store: Store, where: AccountFilter | None = None) -> list[MapPoint]:
    """The located accounts ``where`` keeps, read as plain columns (fast for 100,000)."""
    stmt = (where or AccountFilter()).apply(
        select(Account.id, Account.lat, Account.lon, Account.tier, Account.geocode_precision,
               Account.name, Account.postcode, Account.city, Account.territory_id)
        .where(Account.lat.is_not(None), Account.lon.is_not(None))).order_by(Account.id)
    with store.unit_of_work() as uow:
        rows = cast("Iterable[tuple[int, float, float, str, str, str, str, str, int | None]]",
                    uow.session.execute(stmt))  # located accounts only
        return [MapPoint(i, lat, lon, tier, precision in _APPROXIMATE, name,
                         " ".join(p for p in (postcode, city) if p), territory)
                for i, lat, lon, tier, precision, name, postcode, city, territory in rows]


def territory_features(
    counts: Sequence[TerritoryCount], points: Sequence[MapPoint] = ()
) -> list[dict[str, Any]]:
    """GeoJSON outlines of the territories: the drawn shape, or for a territory defined by
    postcodes and towns the hull around its accounts (``properties.derived`` true)."""
    members: dict[int, list[tuple[float, float]]] = {}
    for p in points:
        if p.territory_id is not None:
            members.setdefault(p.territory_id, []).append((p.lon, p.lat))
    features = []
    for c in counts:
        t = c.territory
        if t is None or t.id is None:
            continue
        geometry, derived = t.polygon, False
        if geometry is None and len(members.get(t.id, ())) >= 1:
            hull = MultiPoint(members[t.id]).convex_hull.buffer(HULL_MARGIN_DEGREES)
            geometry, derived = mapping(hull.simplify(HULL_MARGIN_DEGREES / 4)), True
        if geometry is None:
            continue
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "id": t.id, "name": t.name, "color": t.color or "#1f77b4",
            "accounts": c.accounts, "derived": derived}})
    return features


def safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever the strings in it hold."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def asset_url(relative: str) -> str:
    """``file://`` URL of a vendored asset under ``resources/web``."""
    path = WEB_DIR / relative
    if not path.exists():
        raise FileNotFoundError(f"vendored map asset missing: {path} (see resources/web)")
    return path.resolve().as_uri()


class _FieldRepLayer(JSCSSMixin, MacroElement):
    """Starts ``map.js`` on the folium map with the accounts, territories and home base.

    Its scripts are linked when it renders, after Leaflet and the plugins they extend.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            FieldRep.init({{ this.map_name }}, {{ this.cluster_name }}, {{ this.drawn_name }});
            FieldRep.setTerritories({{ this.territories }});
            FieldRep.setHome({{ this.home }});
            FieldRep.setPlaces({{ this.places }});
            FieldRep.setRoutes({{ this.routes }});
            FieldRep.setAccounts({{ this.points }});
            {% if this.fit %}FieldRep.fitAll();{% endif %}
        {% endmacro %}
    """)

    def __init__(self, map_name: str, cluster_name: str, drawn_name: str, points: str,
                 territories: str, home: str, places: str, fit: bool,
                 routes: str = "[]") -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca carries no types here
        self._name = "FieldRepLayer"
        self.default_js = [
            ("leaflet_lasso", asset_url("lasso/leaflet-lasso.umd.min.js")),
            ("qwebchannel", "qrc:///qtwebchannel/qwebchannel.js"),
            ("fieldrep_stops", asset_url("fieldrep/stops.js")),
            ("fieldrep_map", asset_url("fieldrep/map.js")),
        ]
        self.default_css = [("fieldrep_map_css", asset_url("fieldrep/map.css"))]
        self.map_name, self.cluster_name, self.drawn_name = map_name, cluster_name, drawn_name
        self.points, self.territories, self.home, self.fit = points, territories, home, fit
        self.places, self.routes = places, routes


def build_map(
    points: Sequence[MapPoint],
    territories: Sequence[dict[str, Any]] = (),
    options: MapOptions | None = None,
    routes: Sequence[RouteLine] = (),
) -> folium.Map:
    """The folium map of ``points`` and ``territories`` (GeoJSON features), vendored assets."""
    options = options or MapOptions()
    centre, zoom = _view(points, options)
    leaflet_options: dict[str, Any] = {"maxZoom": 19, "minZoom": 3, "zoomSnap": 0.25}
    fmap = folium.Map(location=centre, zoom_start=zoom, tiles=None, prefer_canvas=True,
                      control_scale=True, **leaflet_options)
    fmap.default_js = [("leaflet", asset_url("leaflet/leaflet.js"))]
    fmap.default_css = [("leaflet_css", asset_url("leaflet/leaflet.css"))]
    if options.tiles:
        folium.TileLayer(tiles=options.tile_url, attr=options.attribution, name="Map",
                         max_zoom=19).add_to(fmap)

    cluster = MarkerCluster(  # type: ignore[no-untyped-call]
        options={"chunkedLoading": True, "showCoverageOnHover": False,
                 "maxClusterRadius": 50, "disableClusteringAtZoom": 16})
    cluster.default_js = [("markerclusterjs", asset_url("markercluster/leaflet.markercluster.js"))]
    cluster.default_css = [
        ("markerclustercss", asset_url("markercluster/MarkerCluster.css")),
        ("markerclusterdefaultcss", asset_url("markercluster/MarkerCluster.Default.css")),
    ]
    cluster.add_to(fmap)

    draw = Draw(  # type: ignore[no-untyped-call]
        export=False, position="topleft",
        draw_options={"polyline": False, "circle": False, "marker": False,
                      "circlemarker": False,
                      "polygon": {"allowIntersection": False, "showArea": False},
                      "rectangle": {"showArea": False}},
        edit_options={"edit": False, "remove": False})
    draw.default_js = [("leaflet_draw_js", asset_url("draw/leaflet.draw.js"))]
    draw.default_css = [("leaflet_draw_css", asset_url("draw/leaflet.draw.css"))]
    draw.add_to(fmap)

    cast(Figure, fmap.get_root()).header.add_child(Element(
        f'<meta name="fr-leaflet-images" content="{asset_url("leaflet/images")}/">'),
        name="fr_images")
    home = ({"lat": options.home[0], "lon": options.home[1], "label": options.home_label}
            if options.home else None)
    _FieldRepLayer(
        fmap.get_name(), cluster.get_name(), f"drawnItems_{draw.get_name()}",
        safe_json([p.as_row() for p in points]), safe_json(list(territories)),
        safe_json(home), safe_json(_places(points, options)), fit=len(points) > 0,
        routes=safe_json([r.as_json() for r in routes]),
    ).add_to(fmap)
    return fmap


def write_map(
    path: Path,
    points: Sequence[MapPoint],
    territories: Sequence[dict[str, Any]] = (),
    options: MapOptions | None = None,
    routes: Sequence[RouteLine] = (),
) -> Path:
    """Write the map page to ``path`` (a standalone HTML file that needs no network)."""
    html = build_map(points, territories, options, routes).get_root().render()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def _places(points: Sequence[MapPoint], options: MapOptions) -> list[list[Any]]:
    """Names of the larger towns around the accounts, from the offline gazetteer."""
    if not options.places:
        return []
    lats = [p.lat for p in points] or ([options.home[0]] if options.home else [])
    lons = [p.lon for p in points] or ([options.home[1]] if options.home else [])
    if not lats:
        return []
    pad_lat = max(0.3, (max(lats) - min(lats)) * 0.25)
    pad_lon = max(0.4, (max(lons) - min(lons)) * 0.25)
    towns = shared_gazetteer().towns_within(
        min(lats) - pad_lat, min(lons) - pad_lon, max(lats) + pad_lat, max(lons) + pad_lon,
        min_population=PLACE_POPULATION, limit=PLACE_LIMIT)
    return [[t.name, round(t.lat, 5), round(t.lon, 5), t.population] for t in towns]


def _view(points: Sequence[MapPoint], options: MapOptions) -> tuple[tuple[float, float], int]:
    if points:
        lats = sorted(p.lat for p in points)
        lons = sorted(p.lon for p in points)
        return (lats[len(lats) // 2], lons[len(lons) // 2]), 9
    if options.home:
        return options.home, 10
    return _DEFAULT_CENTRE, 6
