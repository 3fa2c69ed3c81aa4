"""The territory map's page, built with folium on vendored assets (see
:mod:`fieldrep.maps.territory_map`, which imports this module when the first map is drawn:
folium loads pandas, which the app's start does without)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Draw, MarkerCluster
from jinja2 import Template

from fieldrep.geocoding.gazetteer import shared_gazetteer
from fieldrep.maps.territory_map import MapOptions, MapPoint, RouteLine, asset_url, safe_json

_DEFAULT_CENTRE = (46.6, 2.5)
PLACE_POPULATION = 15000
PLACE_LIMIT = 80  # France, when there is nothing to show yet
#: where the page asks for the imported roads of its view (served by the desktop app)
ROADS_URL = "fieldrep-roads:"


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
            {% if this.note %}
            FieldRepRoads.noteBare({{ this.map_name }}, {{ this.note }});
            {% endif %}
            {% if this.roads %}
            FieldRepRoads.attach({{ this.map_name }}, "{{ this.roads }}");
            {% endif %}
        {% endmacro %}
    """)

    def __init__(self, map_name: str, cluster_name: str, drawn_name: str, points: str,
                 territories: str, home: str, places: str, fit: bool,
                 routes: str = "[]", roads: str = "", note: str = "",
                 lasso: bool = True) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca carries no types here
        self._name = "FieldRepLayer"
        lasso_js = [("leaflet_lasso", asset_url("lasso/leaflet-lasso.umd.min.js"))]
        self.default_js = [
            *(lasso_js if lasso else []),
            ("qwebchannel", "qrc:///qtwebchannel/qwebchannel.js"),
            ("fieldrep_stops", asset_url("fieldrep/stops.js")),
            ("fieldrep_map", asset_url("fieldrep/map.js")),
            ("fieldrep_roads", asset_url("fieldrep/roads.js")),
        ]
        self.default_css = [("fieldrep_map_css", asset_url("fieldrep/map.css"))]
        self.map_name, self.cluster_name, self.drawn_name = map_name, cluster_name, drawn_name
        self.points, self.territories, self.home, self.fit = points, territories, home, fit
        self.places, self.routes, self.roads, self.note = places, routes, roads, note


def build_page(
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

    drawn_name = "null"
    if options.selection_tools:
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
        drawn_name = f"drawnItems_{draw.get_name()}"

    cast(Figure, fmap.get_root()).header.add_child(Element(
        f'<meta name="fr-leaflet-images" content="{asset_url("leaflet/images")}/">'),
        name="fr_images")
    home = ({"lat": options.home[0], "lon": options.home[1], "label": options.home_label}
            if options.home else None)
    _FieldRepLayer(
        fmap.get_name(), cluster.get_name(), drawn_name,
        safe_json([p.as_row() for p in points]), safe_json(list(territories)),
        safe_json(home), safe_json(_places(points, options)), fit=len(points) > 0,
        routes=safe_json([r.as_json() for r in routes]),
        roads=ROADS_URL if options.roads else "",
        note=safe_json(options.background_note) if options.background_note else "",
        lasso=options.selection_tools,
    ).add_to(fmap)
    return fmap


def write_page(
    path: Path,
    points: Sequence[MapPoint],
    territories: Sequence[dict[str, Any]] = (),
    options: MapOptions | None = None,
    routes: Sequence[RouteLine] = (),
) -> Path:
    """Write the map page to ``path`` (a standalone HTML file that needs no network)."""
    html = build_page(points, territories, options, routes).get_root().render()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def _places(points: Sequence[MapPoint], options: MapOptions) -> list[list[Any]]:
    """Names of the larger towns around the accounts, from the offline gazetteer."""
    if not options.places or not shared_gazetteer().ready():
        return []  # a new computer builds the town index in the background meanwhile
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
