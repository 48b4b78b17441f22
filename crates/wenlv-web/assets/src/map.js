// Draws every element with a data-map attribute (JSON from the server, see pages/map.rs) with
// Leaflet: tiles when configured, then points, an optional route line and labels. Points and
// lines are vectors (no marker images), so they draw without any tile server; a failed tile only
// leaves the plain background showing. `window.wenlvMap` lets other scripts (plan.js) draw.
(function () {
  'use strict';
  if (typeof L === 'undefined') return;

  // WGS-84 → GCJ-02, the published offset formula (the same as the server's
  // Position::to_datum), for points the script gets in WGS-84 from the API.
  var A = 6378245.0, EE = 0.006693421622965943;
  function outOfChina(lat, lon) { return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271; }
  function tLat(x, y) {
    var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
    r += (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3;
    r += (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3;
    return r;
  }
  function tLon(x, y) {
    var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
    r += (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3;
    r += (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
    return r;
  }
  function toGcj02(lat, lon) {
    if (outOfChina(lat, lon)) return [lat, lon];
    var dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
    var rad = lat / 180 * Math.PI, magic = Math.sin(rad);
    magic = 1 - EE * magic * magic;
    var sq = Math.sqrt(magic);
    dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * Math.PI);
    dLon = (dLon * 180) / (A / sq * Math.cos(rad) * Math.PI);
    return [lat + dLat, lon + dLon];
  }
  /** A WGS-84 point as the basemap of `data` draws it. */
  function shown(data, lat, lon) { return data.datum === 'gcj02' ? toGcj02(lat, lon) : [lat, lon]; }

  function base(el, data) {
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
    (data.tiles || []).forEach(function (t) {
      var layer = L.tileLayer(t.url, {
        attribution: t.attribution,
        subdomains: t.subdomains || 'abc',
        maxZoom: t.max_zoom || 18
      });
      layer.on('tileerror', function () { el.setAttribute('data-tiles-failed', 'true'); });
      layer.addTo(map);
    });
    return map;
  }

  /** Draws `points` ({lat, lon, label, href, n} in the basemap's datum) on `map`. */
  function drawPoints(map, el, points, line) {
    var group = L.featureGroup().addTo(map);
    var latlngs = points.map(function (p) { return [p.lat, p.lon]; });
    if (line && latlngs.length > 1) {
      L.polyline(latlngs, { color: '#0b5c8c', weight: 4, opacity: 0.85 }).addTo(group);
    }
    points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], {
        radius: p.n ? 9 : 6, color: '#ffffff', weight: 2, fillColor: p.kind === 'end' ? '#17602f' : '#a1261b', fillOpacity: 1
      }).addTo(group);
      m.bindTooltip(p.label, { permanent: points.length <= 15, direction: 'right', className: 'map-label' });
      if (p.href) m.on('click', function () { window.location.href = p.href; });
    });
    if (latlngs.length === 1) {
      map.setView(latlngs[0], 14);
    } else if (latlngs.length > 1) {
      map.fitBounds(L.latLngBounds(latlngs), { padding: [24, 24], maxZoom: 15 });
    }
    el.setAttribute('data-drawn', String(points.length));
    return group;
  }

  function draw(el) {
    var data;
    try { data = JSON.parse(el.getAttribute('data-map')); } catch (e) { return; }
    if (!data.points || data.points.length === 0) return;
    var map = base(el, data);
    drawPoints(map, el, data.points, data.line);
  }

  window.wenlvMap = { base: base, drawPoints: drawPoints, shown: shown };
  document.querySelectorAll('[data-map]:not([data-map-manual])').forEach(draw);
})();
