/* FieldRep's territory map: accounts, territories, selection and the channel to the app.
 *
 * Every string that comes from the store (account and territory names) reaches the page
 * as JSON data and is shown with textContent, never parsed as HTML.  The app talks to the
 * page through window.FieldRep; the page talks to the app only through the few methods of
 * the "fieldrep" object the desktop app puts on its QWebChannel.
 */
(function () {
  "use strict";

  var TIER_COLOURS = { A: "#1b7f3b", B: "#1f5fa8", C: "#6b6b6b" };
  var DUE_COLOURS = { overdue: "#c62828", never: "#7b3fa0", due_soon: "#e08a00",
                      on_time: "#2e7d32" };
  var DUE_LABELS = [["overdue", "Overdue"], ["due_soon", "Due soon"], ["on_time", "On time"],
                    ["never", "Never visited"]];
  var dueStatuses = null;   // account id -> due status, when the map colours by it
  var legendBox = null;
  var SELECTED = "#ff7f0e";
  var MAX_RINGS = 5000;

  var map = null, cluster = null, drawnItems = null, lassoControl = null;
  var territoryLayer = null, selectionLayer = null, homeLayer = null, placesLayer = null;
  var pin = null, routeLayer = null, routeBounds = [];
  var routeCredits = [];    // attributions of the routes' data (e.g. their roads)
  var stopLegs = null, stopEntries = [], stopStates = {};
  var userMoved = false;
  var points = new Map();   // id -> [id, lat, lon, tier, approximate, name, place]
  var markers = new Map();  // id -> L.CircleMarker
  var selected = [];
  var bridge = null;
  var pending = [];         // calls made before the channel was up

  function call(method) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (bridge) { bridge[method].apply(bridge, args); } else { pending.push([method, args]); }
  }

  function textNode(lines) {
    var box = document.createElement("div");
    box.className = "fr-tip";
    lines.forEach(function (line, i) {
      if (!line) { return; }
      var el = document.createElement(i === 0 ? "strong" : "div");
      el.textContent = line;
      box.appendChild(el);
    });
    return box;
  }

  function dueOf(p) { return dueStatuses ? dueStatuses[p[0]] || "on_time" : null; }

  function markerFor(p) {
    var due = dueOf(p);
    var colour = due ? DUE_COLOURS[due] : TIER_COLOURS[p[3]] || TIER_COLOURS.C;
    var approx = p[4] === 1;
    var marker = L.circleMarker([p[1], p[2]], {
      radius: 6,
      color: approx ? colour : "#ffffff",
      weight: approx ? 2 : 1.5,
      dashArray: approx ? "3 3" : null,
      fillColor: colour,
      fillOpacity: approx ? 0.25 : 0.9,
    });
    marker.accountId = p[0];
    marker.bindTooltip(function () {
      var label = dueOf(p);
      DUE_LABELS.forEach(function (d) { if (d[0] === label) { label = d[1]; } });
      return textNode([p[5], p[6], "Tier " + p[3] + (label ? " · " + label : "")
                       + (approx ? " · approximate location" : "")]);
    }, { direction: "top", offset: [0, -4] });
    marker.on("click", function (e) {
      var ev = e.originalEvent || {};
      call("accountClicked", p[0], !!(ev.ctrlKey || ev.metaKey || ev.shiftKey));
    });
    return marker;
  }

  function setAccounts(data) {
    cluster.clearLayers();
    points.clear();
    markers.clear();
    var layers = new Array(data.length);
    for (var i = 0; i < data.length; i++) {
      var p = data[i];
      points.set(p[0], p);
      var m = markerFor(p);
      markers.set(p[0], m);
      layers[i] = m;
    }
    cluster.addLayers(layers);
    select(selected.filter(function (id) { return points.has(id); }), false);
    return data.length;
  }

  function setTerritories(features) {
    territoryLayer.clearLayers();
    features.forEach(function (f) {
      var derived = !!f.properties.derived;
      var layer = L.geoJSON(f, {
        style: { color: f.properties.color, weight: derived ? 1.5 : 2.5, opacity: 0.9,
                 dashArray: derived ? "6 4" : null, fillOpacity: derived ? 0.05 : 0.08 },
        interactive: true,
      });
      layer.bindTooltip(textNode([f.properties.name,
        f.properties.accounts + " account" + (f.properties.accounts === 1 ? "" : "s"),
        derived ? "By postcode or town (outline drawn around its accounts)" : "Drawn on the map"]),
        { sticky: true });
      territoryLayer.addLayer(layer);
    });
    territoryLayer.bringToBack();
  }

  function setPlaces(places) {
    placesLayer.clearLayers();
    places.forEach(function (t) {
      var label = document.createElement("span");
      label.textContent = t[0];
      L.marker([t[1], t[2]], {
        icon: L.divIcon({ className: t[3] >= 100000 ? "fr-place fr-city" : "fr-place",
                          html: label, iconSize: null }),
        interactive: false, keyboard: false, pane: "fr-places",
      }).addTo(placesLayer);
    });
  }

  function setRoutes(routes) {
    routeLayer.clearLayers();
    routeCredits.forEach(function (c) {
      if (map.attributionControl) { map.attributionControl.removeAttribution(c); }
    });
    routeCredits = [];
    stopLegs.clearLayers();
    stopEntries = [];
    var bounds = [];
    routes.forEach(function (r) {
      if (r.attribution && map.attributionControl) {
        // Leaflet sets attributions as HTML: the text goes through textContent first
        var span = document.createElement("span");
        span.textContent = "Roads " + r.attribution;
        var credit = span.outerHTML;
        if (routeCredits.indexOf(credit) < 0) {
          routeCredits.push(credit);
          map.attributionControl.addAttribution(credit);
        }
      }
      L.polyline(r.path, { color: r.color, weight: 4, opacity: 0.8, interactive: false })
        .addTo(routeLayer);
      r.stops.forEach(function (s) {
        var number = document.createElement("span");
        number.textContent = String(s[0]);
        var icon = L.divIcon({ className: "fr-stop", html: number, iconSize: [22, 22] });
        var marker = L.marker([s[2], s[3]], { icon: icon, keyboard: false,
                                             zIndexOffset: 1000 });
        marker.bindTooltip(textNode([s[0] + ". " + s[1], s[4], r.label]),
                           { direction: "top", offset: [0, -10] });
        marker.on("add", function () { marker.getElement().style.background = r.color; });
        if (s[5]) {  // the account of the stop: a click on its number is a click on it
          marker.on("click", function () { call("accountClicked", s[5], false); });
        }
        marker.addTo(routeLayer);
        stopEntries.push({ marker: marker, latlng: L.latLng(s[2], s[3]), number: s[0] });
      });
      bounds = bounds.concat(r.path);
    });
    routeBounds = bounds;
    if (bounds.length > 1) { fitAll(); }
    spreadStops();
    return routes.length;
  }

  function spreadStops() {
    if (window.FieldRepStops) {
      window.FieldRepStops.spread(map, stopEntries, stopLegs);
      window.FieldRepStops.mark(stopEntries, stopStates);
    }
  }

  // The state of each stop ({number: "done" | "here" | "next"}), as the app knows it.
  function markStops(states) {
    stopStates = states || {};
    spreadStops();
    return stopEntries.length;
  }

  function stopBoxes() {
    return window.FieldRepStops ? window.FieldRepStops.boxes(stopEntries) : [];
  }

  function clusterIcon(c) {
    var n = c.getChildCount();
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
    var label = document.createElement("span");
    label.textContent = n >= 10000 ? Math.round(n / 1000) + "k" : String(n);
    var box = document.createElement("div");
    box.appendChild(label);
    if (dueStatuses) {  // a red badge: how many inside are overdue or never visited
      var due = c.getAllChildMarkers().filter(function (m) {
        var status = dueStatuses[m.accountId];
        return status === "overdue" || status === "never";
      }).length;
      if (due) {
        var badge = document.createElement("b");
        badge.className = "fr-due-badge";
        badge.title = due + " overdue or never visited";
        badge.textContent = due >= 10000 ? Math.round(due / 1000) + "k" : String(due);
        box.appendChild(badge);
      }
    }
    return L.divIcon({ className: "fr-cluster", html: box, iconSize: [size, size] });
  }

  function setHome(home) {
    homeLayer.clearLayers();
    if (!home) { return; }
    var icon = L.divIcon({ className: "fr-home", html: "", iconSize: [18, 18] });
    L.marker([home.lat, home.lon], { icon: icon, keyboard: false })
      .bindTooltip(textNode(["Home base", home.label || ""]))
      .addTo(homeLayer);
  }

  function select(ids, fit) {
    selected = ids.filter(function (id) { return points.has(id); });
    selectionLayer.clearLayers();
    if (pin) { map.removeLayer(pin); pin = null; }
    selected.slice(0, MAX_RINGS).forEach(function (id) {
      var p = points.get(id);
      L.circleMarker([p[1], p[2]], {
        radius: 10, color: SELECTED, weight: 3, fill: false, interactive: false,
      }).addTo(selectionLayer);
    });
    if (selected.length === 1) { addPin(points.get(selected[0])); }
    if (fit) { fitTo(selected); }
    return selected.length;
  }

  function addPin(p) {
    pin = L.marker([p[1], p[2]], { draggable: true, autoPan: true, title: "" });
    pin.bindTooltip(textNode([p[5], "Drag the pin to correct the location"]),
      { direction: "top", offset: [0, -36] });
    pin.on("dragend", function () {
      var ll = pin.getLatLng();
      call("markerMoved", p[0], ll.lat, ll.lng);
    });
    pin.addTo(map);
  }

  function fitTo(ids) {
    var latlngs = ids.filter(function (id) { return points.has(id); })
      .map(function (id) { var p = points.get(id); return [p[1], p[2]]; });
    if (latlngs.length === 1) {
      map.setView(latlngs[0], Math.max(map.getZoom(), 14));
    } else if (latlngs.length > 1) {
      map.fitBounds(L.latLngBounds(latlngs), { padding: [16, 16], maxZoom: 15 });
    }
  }

  function fitAll() {  // the day's route when one is drawn, else every account
    if (routeBounds.length > 1) {
      map.fitBounds(L.latLngBounds(routeBounds), { padding: [24, 24], maxZoom: 15 });
      return;
    }
    var all = Array.from(points.keys());
    if (all.length) { fitTo(all); }
  }

  function moveAccount(id, lat, lon, approximate) {
    var p = points.get(id);
    if (!p) { return false; }
    p[1] = lat; p[2] = lon; p[4] = approximate ? 1 : 0;
    var old = markers.get(id);
    if (old) { cluster.removeLayer(old); }
    var m = markerFor(p);
    markers.set(id, m);
    cluster.addLayer(m);
    select(selected, false);
    return true;
  }

  function state() {
    return {
      accounts: points.size,
      selected: selected.slice(),
      territories: territoryLayer.getLayers().length,
      routeStops: routeLayer.getLayers().filter(function (l) {
        return l instanceof L.Marker; }).length,
      center: [map.getCenter().lat, map.getCenter().lng],
      zoom: map.getZoom(),
    };
  }

  function tooltipOf(id) {  // what the marker's tooltip shows, as text and as markup
    var m = markers.get(id);
    if (!m) { return null; }
    var node = m.getTooltip()._content();
    return { text: node.textContent, html: node.innerHTML };
  }

  function colourOf(id) {  // the fill colour of an account's marker, and the legend, for checks
    var m = markers.get(id);
    return { fill: m ? m.options.fillColor : null, legend: legendBox.textContent };
  }

  function clickAccount(id, additive) {
    var m = markers.get(id);
    if (!m) { return false; }
    m.fire("click", { originalEvent: { ctrlKey: !!additive } });
    return true;
  }

  function fillLegend() {
    legendBox.textContent = "";
    var rows = dueStatuses
      ? DUE_LABELS.map(function (d) { return [DUE_COLOURS[d[0]], d[1]]; })
      : [["A", "Tier A"], ["B", "Tier B"], ["C", "Tier C"]].map(function (t) {
        return [TIER_COLOURS[t[0]], t[1]]; });
    rows.forEach(function (r) {
      var row = L.DomUtil.create("div", "", legendBox);
      var dot = L.DomUtil.create("i", "", row);
      dot.style.background = r[0];
      row.appendChild(document.createTextNode(r[1]));
    });
    var row = L.DomUtil.create("div", "", legendBox);
    L.DomUtil.create("i", "approx", row);
    row.appendChild(document.createTextNode("Approximate location"));
    if (dueStatuses) {
      row = L.DomUtil.create("div", "", legendBox);
      var badge = L.DomUtil.create("b", "fr-due-badge fr-legend-badge", row);
      badge.textContent = "3";
      row.appendChild(document.createTextNode(" in a group: overdue or never visited"));
    }
  }

  function addLegend() {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      legendBox = L.DomUtil.create("div", "fr-legend");
      fillLegend();
      return legendBox;
    };
    legend.addTo(map);
  }

  // Colour the accounts by visit status ({id: "overdue" | "due_soon" | "on_time" |
  // "never"}), or by tier again with null.
  function colourByDue(statuses) {
    dueStatuses = statuses;
    setAccounts(Array.from(points.values()));
    cluster.refreshClusters();
    fillLegend();
    return points.size;
  }

  function shapeDrawn(geometry) { call("shapeDrawn", JSON.stringify(geometry)); }

  // What the lasso does on this page (its tooltip); false when there is no lasso.
  function setLassoTitle(text) {
    var button = lassoControl && lassoControl.getContainer().querySelector("a");
    if (!button) { return false; }
    button.title = text;
    button.setAttribute("aria-label", text);
    return true;
  }

  function init(leafletMap, markerCluster, drawn) {
    map = leafletMap;
    cluster = markerCluster;
    drawnItems = drawn;
    L.Icon.Default.imagePath = document.querySelector("meta[name=fr-leaflet-images]").content;
    addLegend();
    cluster.options.iconCreateFunction = clusterIcon;
    // Until the rep moves the map, keep the accounts framed as the window is laid out.
    var container = map.getContainer();
    ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (name) {
      container.addEventListener(name, function () { userMoved = true; }, { passive: true });
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize(false);
        if (!userMoved) { fitAll(); }
      }).observe(container);
    }
    map.createPane("fr-places").style.zIndex = 250;  // above tiles, under everything else
    placesLayer = L.layerGroup().addTo(map);
    var zoomClass = function () {
      map.getContainer().classList.toggle("fr-zoomed-out", map.getZoom() < 10);
    };
    map.on("zoomend", zoomClass);
    zoomClass();
    map.eachLayer(function (layer) {  // once map tiles load (online), they name the places
      if (layer instanceof L.TileLayer) {
        layer.once("tileload", function () { map.removeLayer(placesLayer); });
      }
    });
    territoryLayer = L.featureGroup().addTo(map);
    stopLegs = L.layerGroup().addTo(map);
    routeLayer = L.layerGroup().addTo(map);
    map.on("zoomend", spreadStops);
    selectionLayer = L.layerGroup().addTo(map);
    homeLayer = L.layerGroup().addTo(map);

    if (L.Draw) {  // the drawing tools, on the maps that have them
      map.on(L.Draw.Event.CREATED, function (e) {
        shapeDrawn(e.layer.toGeoJSON().geometry);
        if (drawnItems) { drawnItems.removeLayer(e.layer); }
      });
    }
    if (L.control.lasso) {
      lassoControl = L.control.lasso({
        position: "topleft", title: "Lasso: select accounts by drawing around them" }).addTo(map);
      map.on("lasso.finished", function (e) {
        var ring = e.latLngs.map(function (ll) { return [ll.lng, ll.lat]; });
        if (ring.length < 3) { return; }
        ring.push(ring[0]);
        shapeDrawn({ type: "Polygon", coordinates: [ring] });
      });
    }

    if (window.qt && window.qt.webChannelTransport && window.QWebChannel) {
      new QWebChannel(window.qt.webChannelTransport, function (channel) {
        bridge = channel.objects.fieldrep;
        pending.forEach(function (c) { bridge[c[0]].apply(bridge, c[1]); });
        pending = [];
        bridge.pageReady();
      });
    }
  }

  window.FieldRep = {
    init: init,
    setAccounts: setAccounts,
    colourByDue: colourByDue,
    setLassoTitle: setLassoTitle,
    colourOf: colourOf,
    setTerritories: setTerritories,
    setHome: setHome,
    setPlaces: setPlaces,
    setRoutes: setRoutes,
    markStops: markStops,
    stopBoxes: stopBoxes,
    select: select,
    fitTo: fitTo,
    fitAll: fitAll,
    moveAccount: moveAccount,
    clickAccount: clickAccount,
    tooltipOf: tooltipOf,
    state: state,
  };
})();
