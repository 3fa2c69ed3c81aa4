/* The offline map background: the imported extract's roads and place names, asked of the
   app for the view at each move (fieldrep-roads: URL scheme, served by the desktop app)
   and drawn with Leaflet's own GeoJSON layer on a canvas.  The roads lie UNDER the tile
   pane: when map tiles load (online) they cover them; when they do not, the roads are the
   map.  Everything drawn is (c) OpenStreetMap contributors. */
(function () {
  "use strict";

  var STYLES = {  // colour and weight (pixels at zoom 13) by road class
    motorway: ["#e0606e", 4], trunk: ["#ec8a5a", 3.6], primary: ["#f0a93a", 3.2],
    secondary: ["#d9c531", 2.6], tertiary: ["#b9b9a9", 2.2],
    motorway_link: ["#e0606e", 2], trunk_link: ["#ec8a5a", 2], primary_link: ["#f0a93a", 1.8],
    secondary_link: ["#d9c531", 1.6], tertiary_link: ["#b9b9a9", 1.4],
    unclassified: ["#b4b4b4", 1.4], residential: ["#b4b4b4", 1.2], road: ["#b4b4b4", 1.2],
    living_street: ["#c4c4c4", 1.1], service: ["#cccccc", 0.8],
  };
  var ATTRIBUTION = "&copy; OpenStreetMap contributors";
  var map = null, layer = null, base = "", asked = 0, shown = { roads: 0, places: 0, lines: 0, classes: [], zoom: null };

  function widthAt(zoom) { return zoom >= 17 ? 2.6 : zoom >= 15 ? 1.8 : zoom >= 13 ? 1.2 : 0.8; }

  function style(feature) {
    var s = STYLES[feature.properties.road] || ["#b4b4b4", 1];
    return { color: s[0], weight: s[1] * widthAt(map.getZoom()), opacity: 1,
             lineCap: "round", lineJoin: "round" };
  }

  function label(feature, latlng) {
    var text = document.createElement("span");
    text.textContent = feature.properties.name;
    var big = feature.properties.kind === "city" || feature.properties.kind === "town";
    return L.marker(latlng, {
      icon: L.divIcon({ className: big ? "fr-place fr-city fr-road-place" : "fr-place fr-road-place",
                        html: text, iconSize: null }),
      interactive: false, keyboard: false, pane: "fr-road-places",
    });
  }

  function refresh() {
    var b = map.getBounds().pad(0.3), zoom = Math.round(map.getZoom()), n = ++asked;
    var url = base + "view?z=" + zoom + "&s=" + b.getSouth().toFixed(5) + "&w=" +
      b.getWest().toFixed(5) + "&n=" + b.getNorth().toFixed(5) + "&e=" + b.getEast().toFixed(5);
    fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (n !== asked || !data) { return; }
      var named = {};  // the gazetteer's towns are named already
      document.querySelectorAll(".fr-place:not(.fr-road-place) span").forEach(function (e) {
        named[e.textContent] = true;
      });
      data.features = data.features.filter(function (f) {
        return f.geometry.type !== "Point" || !named[f.properties.name];
      });
      layer.clearLayers();
      layer.addData(data);
      shown = { roads: 0, places: 0, lines: 0, classes: [], zoom: zoom };
      data.features.forEach(function (f) {
        if (f.geometry.type === "Point") { shown.places += 1; return; }
        shown.roads += 1;
        shown.classes.push(f.properties.road);
        shown.lines += f.geometry.coordinates.length;
      });
    }).catch(function () { /* no roads for this view: the plain background stays */ });
  }

  function attach(leafletMap, url) {
    map = leafletMap;
    base = url;
    map.createPane("fr-roads").style.zIndex = 150;  // under the tiles (200)
    map.createPane("fr-road-places").style.zIndex = 160;
    map.getContainer().classList.add("fr-with-roads");
    layer = L.geoJSON(null, {
      style: style, pointToLayer: label, interactive: false, pane: "fr-roads",
      renderer: L.canvas({ pane: "fr-roads", padding: 0.3 }),
    }).addTo(map);
    var tiled = false;
    map.eachLayer(function (l) { if (l instanceof L.TileLayer) { tiled = true; } });
    if (!tiled && map.attributionControl) { map.attributionControl.addAttribution(ATTRIBUTION); }
    map.on("moveend", refresh);
    refresh();
  }

  function state() {
    return { attached: layer !== null, roads: shown.roads, lines: shown.lines,
             places: shown.places, classes: shown.classes, zoom: shown.zoom, asked: asked };
  }

  function noteBare(leafletMap, text) {  // a map file with no background of its own
    var note = L.control({ position: "bottomleft" });
    note.onAdd = function () {
      var box = L.DomUtil.create("div", "fr-bare-note");
      box.textContent = text;
      return box;
    };
    note.addTo(leafletMap);
    leafletMap.eachLayer(function (l) {  // the tiles loaded: there is a background after all
      if (l instanceof L.TileLayer) { l.once("tileload", function () { note.remove(); }); }
    });
  }

  window.FieldRepRoads = { attach: attach, state: state, noteBare: noteBare };
})();
