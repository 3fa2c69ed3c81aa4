"""A small map page to put one pin on (the home base): a click puts the pin there, the pin
can be dragged, and the app can move it.  Leaflet is the vendored copy under
``resources/web``; the page tells the app through ``QWebChannel`` (an object called ``pin``
with ``pinSet(lat, lon)`` and ``pageReady()``).  Without tiles (offline) the larger towns
are named on a plain background, from the offline gazetteer, so a rep can still find the
place.  Every string reaches the page as escaped JSON and is shown with ``textContent``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldrep.geocoding.gazetteer import shared_gazetteer
from fieldrep.maps.territory_map import OSM_ATTRIBUTION, asset_url, safe_json

#: Towns this big are named on the page (when the gazetteer is on this computer already).
PLACE_POPULATION = 5000
PLACE_LIMIT = 150
#: Where the page opens when nothing else is known: France.
DEFAULT_VIEW = ((46.6, 2.5), 6)


@dataclass(frozen=True)
class PinMap:
    """What the page shows: where it opens, the pin (if any), tiles (None: offline)."""

    centre: tuple[float, float]
    zoom: int
    pin: tuple[float, float] | None = None
    tile_url: str | None = None
    places: tuple[tuple[str, float, float], ...] = ()


def pin_map(centre: tuple[float, float] | None, pin: tuple[float, float] | None,
            tile_url: str | None) -> PinMap:
    """The page around ``pin`` (else ``centre``, else France), with the towns around named."""
    at = pin or centre
    if at is None:
        return PinMap(*DEFAULT_VIEW, tile_url=tile_url)
    places: tuple[tuple[str, float, float], ...] = ()
    gazetteer = shared_gazetteer()
    if gazetteer.ready():
        towns = gazetteer.towns_within(at[0] - 0.6, at[1] - 0.8, at[0] + 0.6, at[1] + 0.8,
                                       min_population=PLACE_POPULATION, limit=PLACE_LIMIT)
        places = tuple((t.name, round(t.lat, 5), round(t.lon, 5)) for t in towns)
    return PinMap(at, 13 if pin else 10, pin, tile_url, places)


def write_pin_page(path: Path, page: PinMap) -> Path:
    """Write the page to ``path`` (a standalone HTML file that needs no network)."""
    data = {"centre": list(page.centre), "zoom": page.zoom,
            "pin": list(page.pin) if page.pin else None, "tiles": page.tile_url,
            "attribution": OSM_ATTRIBUTION, "places": [list(p) for p in page.places]}
    html = _PAGE.format(leaflet_css=asset_url("leaflet/leaflet.css"),
                        map_css=asset_url("fieldrep/map.css"),
                        leaflet_js=asset_url("leaflet/leaflet.js"), data=safe_json(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{leaflet_css}"><link rel="stylesheet" href="{map_css}">
<script src="{leaflet_js}"></script>
<script src="qrc:///qtwebchannel/qwebchannel.js"></script>
<style>html, body, #map {{ height: 100%; margin: 0; }}
.leaflet-container {{ cursor: crosshair; }}</style>
</head><body><div id="map"></div><script>
(function () {{
  var data = {data};
  var map = L.map("map", {{zoomSnap: 0.25, minZoom: 3, maxZoom: 19}})
    .setView(data.centre, data.zoom);
  if (data.tiles) {{
    L.tileLayer(data.tiles, {{maxZoom: 19, attribution: data.attribution}}).addTo(map);
  }}
  data.places.forEach(function (p) {{
    var span = document.createElement("span");
    span.textContent = p[0];
    L.marker([p[1], p[2]], {{interactive: false, keyboard: false,
      icon: L.divIcon({{className: "fr-place", html: span, iconSize: [0, 0]}})}}).addTo(map);
  }});
  var bridge = null, pin = null;
  function setPin(lat, lon, tell) {{
    if (pin === null) {{
      pin = L.marker([lat, lon], {{draggable: true, keyboard: false,
        icon: L.divIcon({{className: "fr-home", iconSize: [16, 16]}})}}).addTo(map);
      pin.on("dragend", function () {{
        var at = pin.getLatLng();
        if (bridge) {{ bridge.pinSet(at.lat, at.lng); }}
      }});
    }} else {{
      pin.setLatLng([lat, lon]);
    }}
    if (tell && bridge) {{ bridge.pinSet(lat, lon); }}
  }}
  if (data.pin) {{ setPin(data.pin[0], data.pin[1], false); }}
  map.on("click", function (e) {{ setPin(e.latlng.lat, e.latlng.lng, true); }});
  window.FieldRepPin = {{
    map: map,
    setPin: function (lat, lon) {{ setPin(lat, lon, false); map.setView([lat, lon], 13); }},
    state: function () {{
      var at = pin ? pin.getLatLng() : null;
      return {{pin: at ? [at.lat, at.lng] : null, zoom: map.getZoom(),
               places: data.places.length}};
    }}
  }};
  new QWebChannel(qt.webChannelTransport, function (channel) {{
    bridge = channel.objects.pin;
    bridge.pageReady();
  }});
}})();
</script></body></html>
"""
