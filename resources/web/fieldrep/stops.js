/* The numbered stops of a route: spread apart where they would hide each other, and
 * marked done, here or next.
 *
 * Stops in one town (or one shopping centre) fall on the same few pixels at most zooms.
 * After each zoom, the stops closer than MIN_GAP pixels to each other are put on a small
 * ring around their middle, each with a thin line to where it really is, so every number
 * stays readable and clickable.  map.js calls this; nothing here talks to the app.
 */
(function () {
  "use strict";

  // px between the centres of two stop markers: 26 px squares (22 and their border) stay
  // apart in any direction only from 26·√2 ≈ 37 px.
  var MIN_GAP = 38;
  var STATE_CLASSES = { done: "fr-stop-done", here: "fr-stop-here", next: "fr-stop-next" };

  function groupsOf(points) {  // indices of the points closer than MIN_GAP, transitively
    var seen = new Array(points.length).fill(false), groups = [];
    for (var i = 0; i < points.length; i++) {
      if (seen[i]) { continue; }
      var group = [i];
      seen[i] = true;
      for (var g = 0; g < group.length; g++) {
        for (var j = 0; j < points.length; j++) {
          if (!seen[j] && points[group[g]].distanceTo(points[j]) < MIN_GAP) {
            seen[j] = true;
            group.push(j);
          }
        }
      }
      groups.push(group);
    }
    return groups;
  }

  // entries: [{marker, latlng}]; legs: a layer group for the lines to the true places.
  function spread(map, entries, legs) {
    legs.clearLayers();
    var points = entries.map(function (e) { return map.latLngToLayerPoint(e.latlng); });
    groupsOf(points).forEach(function (group) {
      if (group.length === 1) {
        entries[group[0]].marker.setLatLng(entries[group[0]].latlng);
        return;
      }
      var centre = group.reduce(function (sum, i) { return sum.add(points[i]); }, L.point(0, 0))
        .divideBy(group.length);
      var radius = MIN_GAP / (2 * Math.sin(Math.PI / group.length));
      group.forEach(function (i, k) {
        var angle = -Math.PI / 2 + 2 * Math.PI * k / group.length;
        var moved = map.layerPointToLatLng(
          centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius)));
        entries[i].marker.setLatLng(moved);
        L.polyline([entries[i].latlng, moved], { color: "#333", weight: 1.5, opacity: 0.6,
                                                 interactive: false }).addTo(legs);
        L.circleMarker(entries[i].latlng, { radius: 2.5, color: "#333", weight: 1,
                                            fillOpacity: 1, interactive: false }).addTo(legs);
      });
    });
  }

  // states: {stop number: "done" | "here" | "next"}; the others are stops to go.
  function mark(entries, states) {
    entries.forEach(function (e) {
      var el = e.marker.getElement();
      var state = states[e.number] || "";
      if (el) {
        Object.keys(STATE_CLASSES).forEach(function (key) {
          el.classList.toggle(STATE_CLASSES[key], key === state);
        });
      }
      e.marker.setZIndexOffset(state === "next" || state === "here" ? 2000 : 1000);
    });
  }

  function boxes(entries) {  // where each stop's marker is drawn, for checks
    return entries.map(function (e) {
      var r = e.marker.getElement().getBoundingClientRect();
      return { number: e.number, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
               classes: e.marker.getElement().className };
    });
  }

  window.FieldRepStops = { spread: spread, mark: mark, boxes: boxes };
})();
