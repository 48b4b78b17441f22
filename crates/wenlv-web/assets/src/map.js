// Draws every element with a data-map attribute (JSON from the server, see pages/map.rs) with
// Leaflet: tiles when configured, then points, an optional route line and labels. Points and
// lines are vectors (no marker images), so they draw without any tile server; a failed tile only
// leaves the plain background showing.
(function () {
  'use strict';
  if (typeof L === 'undefined') return;
  function draw(el) {
    var data;
    try { data = JSON.parse(el.getAttribute('data-map')); } catch (e) { return; }
    if (!data.points || data.points.length === 0) return;
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
    var latlngs = data.points.map(function (p) { return [p.lat, p.lon]; });
    if (data.line && latlngs.length > 1) {
      L.polyline(latlngs, { color: '#0b5c8c', weight: 4, opacity: 0.85 }).addTo(map);
    }
    data.points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], {
        radius: p.n ? 9 : 6, color: '#ffffff', weight: 2, fillColor: '#a1261b', fillOpacity: 1
      }).addTo(map);
      var label = p.label;
      m.bindTooltip(label, {
        permanent: data.points.length <= 15, direction: 'right', className: 'map-label'
      });
      if (p.href) m.on('click', function () { window.location.href = p.href; });
    });
    if (latlngs.length === 1) {
      map.setView(latlngs[0], 14);
    } else {
      map.fitBounds(L.latLngBounds(latlngs), { padding: [24, 24], maxZoom: 15 });
    }
    el.setAttribute('data-drawn', String(data.points.length));
    el.map = map;
  }
  document.querySelectorAll('[data-map]').forEach(draw);
})();
