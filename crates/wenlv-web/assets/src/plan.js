// "Plan my day": posts the form as JSON to /api/itineraries, draws the itinerary (timeline per
// day + map), edits it (remove / move stops, re-checked by /api/itineraries/check), exports .ics
// and .gpx, and shares it as a link carrying the stops (opened through check mode, not re-solved).
(function () {
  'use strict';
  var boot = JSON.parse(document.getElementById('plan-boot').textContent);
  var W = boot.words;
  var byId = {};
  boot.places.forEach(function (p) { byId[p.id] = p; });
  var form = document.getElementById('plan-form');
  var mapEl = document.getElementById('plan-map');
  var mapData = JSON.parse(mapEl.getAttribute('data-map'));
  var map = null, layer = null, startMarker = null, hotelMarker = null, tripLayer = null;
  if (window.wenlvMap) {
    map = window.wenlvMap.base(mapEl, mapData);
    map.setView(window.wenlvMap.shown(mapData, 36.62, 101.78), 12);
  }
  var current = { request: null, itinerary: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function price(p) {
    if (p === null || p === undefined) return W.unknown_price;
    return Number(p) === 0 ? W.free : '¥' + p;
  }
  function name(id) {
    if (id === 'start') return W.start;
    if (id === 'end') return W.end;
    if (id === 'lodging') return W.lodging;
    if (id === 'arrival') return W.arrival;
    if (id === 'departure') return W.departure;
    return boot.names[id] || id;
  }
  function addDays(iso, n) {
    var d = new Date(iso + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  // --- start point: a place, a station, or a point picked on the map --------------------------
  function startKind() { return form.querySelector('input[name=start_kind]:checked').value; }
  function setStartKind(kind) {
    form.querySelector('input[name=start_kind][value="' + kind + '"]').checked = true;
    syncStartKind();
  }
  function syncStartKind() {
    var kind = startKind();
    $('start-place-field').hidden = kind !== 'place';
    $('start-station-field').hidden = kind !== 'station';
    $('start-point-text').hidden = kind !== 'point';
  }
  form.querySelectorAll('input[name=start_kind]').forEach(function (r) { r.addEventListener('change', syncStartKind); });

  // --- arrival, hotel, departure -------------------------------------------------------------
  function hotelKind() { return form.querySelector('input[name=hotel_kind]:checked').value; }
  function setHotelKind(kind) {
    form.querySelector('input[name=hotel_kind][value="' + kind + '"]').checked = true;
    syncTrip();
  }
  function syncTrip() {
    $('arrival-fields').hidden = !$('pl-arrive').checked;
    $('departure-fields').hidden = !$('pl-leave').checked;
    $('hotel-place-field').hidden = hotelKind() !== 'place';
    $('hotel-point-text').hidden = hotelKind() !== 'point';
  }
  form.querySelectorAll('input[name=hotel_kind]').forEach(function (r) { r.addEventListener('change', syncTrip); });
  ['pl-arrive', 'pl-leave'].forEach(function (id) { $(id).addEventListener('change', syncTrip); });
  function showHotel(lat, lon) {
    $('hotel-point-value').textContent = W.pick_hotel + ': ' + Number(lat).toFixed(5) + ', ' + Number(lon).toFixed(5);
    if (!map) return;
    if (hotelMarker) hotelMarker.remove();
    var p = window.wenlvMap.shown(mapData, Number(lat), Number(lon));
    hotelMarker = L.circleMarker(p, { radius: 7, color: '#fff', weight: 2, fillColor: '#6b2f8a', fillOpacity: 1 })
      .bindTooltip(W.lodging, { permanent: true, direction: 'right', className: 'map-label' }).addTo(map);
  }

  if (map) {
    map.on('click', function (e) {
      var forHotel = hotelKind() === 'point';
      if (!forHotel && startKind() !== 'point') return;
      var lat = e.latlng.lat, lon = e.latlng.lng;
      if (mapData.datum === 'gcj02') {
        // Back to WGS-84 by fixed-point iteration of the forward shift.
        var w = [lat, lon];
        for (var i = 0; i < 3; i++) {
          var g = window.wenlvMap.shown(mapData, w[0], w[1]);
          w = [w[0] - (g[0] - lat), w[1] - (g[1] - lon)];
        }
        lat = w[0]; lon = w[1];
      }
      if (forHotel) {
        $('pl-hotel-lat').value = lat.toFixed(6);
        $('pl-hotel-lon').value = lon.toFixed(6);
        showHotel(lat, lon);
        return;
      }
      $('pl-lat').value = lat.toFixed(6);
      $('pl-lon').value = lon.toFixed(6);
      $('start-point-value').textContent = W.picked + ': ' + lat.toFixed(5) + ', ' + lon.toFixed(5);
      if (startMarker) startMarker.remove();
      startMarker = L.circleMarker(e.latlng, { radius: 7, color: '#fff', weight: 2, fillColor: '#17602f', fillOpacity: 1 })
        .bindTooltip(W.start, { permanent: true, direction: 'right', className: 'map-label' }).addTo(map);
    });
  }

  // --- the request ----------------------------------------------------------------------------
  function readForm() {
    var f = new FormData(form);
    var first = f.get('date');
    var n = Number(f.get('days')) || 1;
    var dates = [];
    for (var i = 0; i < n; i++) dates.push(addDays(first, i));
    var start;
    var hotel = hotelKind();
    if (hotel !== 'none') {
      start = null;
    } else if (startKind() === 'point') {
      if (!f.get('lat')) throw new Error($('start-point-text').textContent.trim());
      start = { lat: Number(f.get('lat')), lon: Number(f.get('lon')) };
    } else if (startKind() === 'station') {
      start = { station: f.get('start_station') };
    } else {
      start = { place: f.get('start_place') };
    }
    var themes = {};
    f.getAll('theme').forEach(function (t) { themes[t] = 1.0; });
    var visitor = {};
    if (f.get('home')) visitor.home_region = f.get('home');
    if (f.get('age')) visitor.age = Number(f.get('age'));
    if (f.get('student')) visitor.student = true;
    var req = {
      dates: dates, start: start, day_start: f.get('day_start'), day_end: f.get('day_end'),
      themes: themes, must_see: f.getAll('must_see').filter(Boolean), skip: [],
      budget_cny: f.get('budget') ? Number(f.get('budget')).toFixed(2) : null,
      visitor: visitor, pace: f.get('pace'), mode: f.get('mode')
    };
    if (hotel === 'place') {
      delete req.start;
      req.lodging = { place: f.get('hotel_place') };
    } else if (hotel === 'point') {
      if (!f.get('hotel_lat')) throw new Error($('hotel-point-text').textContent.trim());
      delete req.start;
      req.lodging = { lat: Number(f.get('hotel_lat')), lon: Number(f.get('hotel_lon')) };
    }
    if (f.get('arrive')) req.arrival = { station: f.get('arrival_station'), time: f.get('arrival_time') };
    if (f.get('leave')) {
      req.departure = { station: f.get('departure_station'), time: f.get('departure_time') };
      if (f.get('departure_buffer') !== '' && f.get('departure_buffer') !== null) {
        req.departure.buffer_minutes = Number(f.get('departure_buffer'));
      }
    }
    return req;
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j.detail || (W.error + ' (' + r.status + ')'));
        return j;
      });
    });
  }

  function showError(e) {
    var box = $('plan-error');
    box.textContent = W.error + ': ' + (e && e.message ? e.message : e);
    box.hidden = false;
    $('plan-status').textContent = '';
  }

  function run(url, body, status) {
    $('plan-error').hidden = true;
    $('plan-result').hidden = false;
    $('plan-status').textContent = status;
    return post(url, body).then(function (it) {
      current.request = body.days ? stripDays(body) : body;
      current.itinerary = it;
      render(it);
    }).catch(showError);
  }
  function stripDays(body) {
    var r = {};
    Object.keys(body).forEach(function (k) { if (k !== 'days') r[k] = body[k]; });
    return r;
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var req;
    try { req = readForm(); } catch (err) { showError(err); return; }
    run('/api/itineraries', req, W.planning).then(function () { $('plan-result').scrollIntoView(); });
  });

  // --- edits: the visitor's own order, re-checked -------------------------------------------
  function dayStops(it) {
    return it.days.map(function (d) { return { date: d.date, stops: d.stops.map(function (s) { return s.place; }) }; });
  }
  function recheck(days) {
    var body = Object.assign({}, current.request, { days: days });
    delete body.dates;
    return run('/api/itineraries/check', body, W.checking);
  }
  function edit(day, index, action) {
    var days = dayStops(current.itinerary);
    var stops = days[day].stops;
    if (action === 'remove') stops.splice(index, 1);
    if (action === 'up' && index > 0) stops.splice(index - 1, 0, stops.splice(index, 1)[0]);
    if (action === 'down' && index < stops.length - 1) stops.splice(index + 1, 0, stops.splice(index, 1)[0]);
    recheck(days);
  }

  // --- drawing --------------------------------------------------------------------------------
  function legText(leg) {
    var mode = (current.request && current.request.mode === 'drive') ? W.drive : W.walk;
    return mode + ' ' + leg.minutes + ' ' + W.min + ' · ' + (leg.meters / 1000).toFixed(1) + ' km';
  }
  /** A violation in the page's language (the API's message is English). */
  function violation(v) {
    var text = W['v_' + v.kind];
    if (!text) return v.message;
    return text.replace('{place}', v.place ? name(v.place) : '');
  }
  function render(it) {
    var box = $('plan-days');
    box.textContent = '';
    var problems = [];
    it.days.forEach(function (d, di) {
      var sec = el('section', { 'class': 'plan-day', 'aria-labelledby': 'day-h-' + di });
      sec.appendChild(el('h3', { id: 'day-h-' + di }, W.day.replace('{n}', di + 1) + ' · ' + d.date));
      var ol = el('ol', { 'class': 'timeline' });
      var sp = d.start_point || {}, ep = d.end_point || {};
      var arriving = sp.role === 'arrival';
      ol.appendChild(el('li', { 'class': arriving ? 'arrival' : 'depart' },
        d.depart + ' ' + (arriving ? W.arrive : W.depart) + ' (' + name(d.legs.length ? d.legs[0].from : 'start') + ')'));
      d.stops.forEach(function (s, si) {
        if (d.legs[si]) ol.appendChild(el('li', { 'class': 'leg' }, legText(d.legs[si])));
        var li = el('li', { 'class': 'stop', 'data-place': s.place });
        var head = el('p');
        head.appendChild(el('strong', {}, s.start + '–' + s.leave + ' '));
        var a = el('a', { href: '/places/' + s.place }, boot.lang === 'zh' ? s.name_zh : s.name_en);
        head.appendChild(a);
        li.appendChild(head);
        var meta = price(s.price) + (s.hours_known ? '' : ' · ' + W.hours_unknown);
        if (s.arrive !== s.start) meta = s.arrive + ' → ' + meta;
        li.appendChild(el('p', { 'class': 'small' }, meta));
        var tools = el('p', { 'class': 'tools' });
        [['up', '↑', W.up], ['down', '↓', W.down], ['remove', '✕', W.remove]].forEach(function (t) {
          var b = el('button', { type: 'button', 'class': 'secondary', 'aria-label': t[2] + ': ' + a.textContent, 'data-action': t[0] }, t[1]);
          b.addEventListener('click', function () { edit(di, si, t[0]); });
          tools.appendChild(b);
        });
        li.appendChild(tools);
        ol.appendChild(li);
      });
      var last = d.legs[d.stops.length];
      if (last) ol.appendChild(el('li', { 'class': 'leg' }, legText(last)));
      if (ep.role === 'departure') {
        ol.appendChild(el('li', { 'class': 'departure' }, d.back + ' ' + W.at_departure + ' (' +
          name(last ? last.to : 'departure') + ') · ' + W.latest + ' ' + d.latest_back));
      } else if (ep.role === 'lodging') {
        ol.appendChild(el('li', { 'class': 'back' }, d.back + ' ' + W.back_hotel));
      } else {
        ol.appendChild(el('li', { 'class': 'back' }, d.back + ' ' + W.back));
      }
      sec.appendChild(ol);
      if (d.stops.length === 0) sec.appendChild(el('p', { 'class': 'empty-reason' }, d.empty_reason || W.empty));
      (d.violations || []).forEach(function (v) { problems.push(d.date + ': ' + violation(v)); });
      box.appendChild(sec);
    });
    (it.violations || []).forEach(function (v) { problems.push(violation(v)); });
    var t = it.totals;
    $('plan-totals').textContent = W.total + ': ' + W.tickets + ' ' + price(t.cost) +
      (t.unknown_prices ? ' + ' + t.unknown_prices + ' × ' + W.unknown_price : '') + ' · ' + (t.meters / 1000).toFixed(1) + ' km';
    var notes = $('plan-notes');
    notes.textContent = '';
    function list(title, items, cls, folded) {
      if (!items.length) return;
      var box = notes;
      if (folded) {
        box = el('details');
        box.appendChild(el('summary', {}, title + ' (' + items.length + ')'));
        notes.appendChild(box);
      } else {
        notes.appendChild(el('h3', {}, title));
      }
      var ul = el('ul', { 'class': cls || '' });
      items.forEach(function (x) { ul.appendChild(el('li', {}, x)); });
      box.appendChild(ul);
    }
    // What the travel times rest on; the API's reason (English) when they are estimated.
    var times = it.travel_times === 'street' ? W.street_times
      : W.estimated_times + (boot.lang === 'en' && it.travel_times_note ? ' (' + it.travel_times_note + ')' : '');
    notes.appendChild(el('p', { 'class': 'small', id: 'plan-travel-times', 'data-kind': it.travel_times || '' }, times));
    list(W.problems, problems, 'warn');
    list(W.not_fitted, (it.not_fitted || []).map(function (n) {
      return name(n.place) + ' (' + (W['k_' + n.kind] || n.kind) + '): ' + n.reason;
    }), 'not-fitted');
    list(W.no_position, (it.excluded_no_position || []).map(name), '', true);
    $('plan-status').textContent = problems.length ? '' : W.feasible;
    $('plan-status').className = problems.length ? '' : 'ok';
    $('share-url').value = shareUrl();
    drawMap(it);
    $('plan-result').setAttribute('data-ready', String(Date.now()));
  }

  function drawMap(it) {
    if (!map) return;
    if (layer) layer.remove();
    var pts = [];
    var n = 0;
    it.days.forEach(function (d) {
      d.stops.forEach(function (s) {
        n += 1;
        var p = window.wenlvMap.shown(mapData, s.lat, s.lon);
        pts.push({ lat: p[0], lon: p[1], label: n + '. ' + (boot.lang === 'zh' ? s.name_zh : s.name_en), href: '/places/' + s.place, n: n });
      });
    });
    // Street paths when the routing engine drew them (every leg has a geometry), else straight lines.
    var paths = streetPaths(it);
    layer = window.wenlvMap.drawPoints(map, mapEl, pts, !paths);
    if (paths) {
      paths.filter(function (p) { return p.length > 1; }).forEach(function (path) {
        var latlngs = path.map(function (c) { return window.wenlvMap.shown(mapData, c[1], c[0]); });
        L.polyline(latlngs, { color: '#0b5c8c', weight: 4, opacity: 0.85 }).addTo(layer);
      });
    }
    mapEl.setAttribute('data-paths', String(paths ? paths.length : 0));
    drawTrip(it);
  }
  /** Per day, the legs' street paths joined ([lon, lat] WGS-84), or null when any leg has none. */
  function streetPaths(it) {
    var paths = it.days.map(function (d) {
      var path = [];
      var drawn = d.legs.length > 0 && d.legs.every(function (l) {
        if (!l.geometry || !l.geometry.coordinates) return false;
        path = path.concat(l.geometry.coordinates);
        return true;
      });
      return drawn ? path : null;
    });
    return paths.length && paths.every(function (p) { return p !== null; }) ? paths : null;
  }
  /** The trip's arrival, hotel and departure points (the stops' line is drawn above). */
  function drawTrip(it) {
    if (tripLayer) tripLayer.remove();
    tripLayer = L.layerGroup().addTo(map);
    // One marker per position: an airport of arrival and departure is labelled once with both.
    var seen = {}, order = [];
    it.days.forEach(function (d) {
      [d.start_point, d.end_point].forEach(function (pt) {
        if (!pt || pt.role === 'start' || pt.role === 'end') return;
        var key = pt.lat + ',' + pt.lon;
        if (!seen[key]) { seen[key] = { pt: pt, roles: [] }; order.push(key); }
        if (seen[key].roles.indexOf(pt.role) < 0) seen[key].roles.push(pt.role);
      });
    });
    order.forEach(function (key) {
      var pt = seen[key].pt, roles = seen[key].roles;
      var p = window.wenlvMap.shown(mapData, pt.lat, pt.lon);
      var label = roles.map(function (r) { return W[r]; }).join(' / ') + (pt.id ? ': ' + name(pt.id) : '');
      L.circleMarker(p, { radius: 7, color: '#fff', weight: 2, fillColor: roles.indexOf('lodging') >= 0 ? '#6b2f8a' : '#17602f', fillOpacity: 1 })
        .bindTooltip(label, { permanent: true, direction: 'right', className: 'map-label trip-point' })
        .addTo(tripLayer);
    });
    // The plan's hotel replaces the marker of the point picked for it.
    if (hotelMarker && order.some(function (k) { return seen[k].roles.indexOf('lodging') >= 0; })) {
      hotelMarker.remove();
      hotelMarker = null;
    }
  }

  // --- exports --------------------------------------------------------------------------------
  function download(name, type, text) {
    var a = el('a', { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  // Local times are Asia/Shanghai, UTC+8 all year (no daylight saving): written in UTC.
  function utc(date, hhmm) {
    var h = Number(hhmm.slice(0, 2)), m = Number(hhmm.slice(3, 5));
    var d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h - 8, m));
    return d.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
  }
  function icsText(s) { return String(s).replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n'); }
  function ics(it) {
    var now = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
    var lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//wenlv//plan//EN', 'CALSCALE:GREGORIAN'];
    function leg(d, kind, from, to, title, pt) {
      lines.push('BEGIN:VEVENT', 'UID:' + d.date + '-' + kind + '@wenlv', 'DTSTAMP:' + now,
        'DTSTART:' + utc(d.date, from), 'DTEND:' + utc(d.date, to),
        'SUMMARY:' + icsText(title), 'GEO:' + pt.lat.toFixed(6) + ';' + pt.lon.toFixed(6), 'END:VEVENT');
    }
    it.days.forEach(function (d) {
      var sp = d.start_point, ep = d.end_point;
      // The arrival leg: from the station at the arrival time to the first stop (or the hotel).
      if (sp && sp.role === 'arrival' && d.legs.length) {
        var firstArrive = d.stops.length ? d.stops[0].arrive : d.back;
        leg(d, 'arrival', d.depart, firstArrive, W.arrival_leg + ': ' + name(d.legs[0].from) + ' → ' + name(d.legs[0].to), sp);
      }
      // The departure leg: from the last stop (or the hotel) to the station.
      if (ep && ep.role === 'departure' && d.legs.length) {
        var lastLeg = d.legs[d.legs.length - 1];
        var leave = d.stops.length ? d.stops[d.stops.length - 1].leave : d.depart;
        leg(d, 'departure', leave, d.back, W.departure_leg + ': ' + name(lastLeg.from) + ' → ' + name(lastLeg.to), ep);
      }
      d.stops.forEach(function (s, i) {
        lines.push('BEGIN:VEVENT', 'UID:' + d.date + '-' + i + '-' + s.place + '@wenlv', 'DTSTAMP:' + now,
          'DTSTART:' + utc(d.date, s.start), 'DTEND:' + utc(d.date, s.leave),
          'SUMMARY:' + icsText(boot.lang === 'zh' ? s.name_zh : s.name_en),
          'DESCRIPTION:' + icsText(price(s.price)),
          'GEO:' + s.lat.toFixed(6) + ';' + s.lon.toFixed(6), 'END:VEVENT');
      });
    });
    lines.push('END:VCALENDAR');
    return lines.join('\r\n') + '\r\n';
  }
  function xml(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'); }
  function gpx(it) {
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<gpx version="1.1" creator="wenlv" xmlns="http://www.topografix.com/GPX/1/1">'];
    it.days.forEach(function (d) {
      d.stops.forEach(function (s) {
        out.push('  <wpt lat="' + s.lat.toFixed(6) + '" lon="' + s.lon.toFixed(6) + '"><name>' + xml(boot.lang === 'zh' ? s.name_zh : s.name_en) + '</name><time>' + utc(d.date, s.start).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z') + '</time></wpt>');
      });
    });
    it.days.forEach(function (d) {
      out.push('  <rte><name>' + xml(d.date) + '</name>');
      d.stops.forEach(function (s) {
        out.push('    <rtept lat="' + s.lat.toFixed(6) + '" lon="' + s.lon.toFixed(6) + '"><name>' + xml(boot.lang === 'zh' ? s.name_zh : s.name_en) + '</name></rtept>');
      });
      out.push('  </rte>');
    });
    // The walked or driven path along the streets, when the routing engine drew it (after the
    // routes: GPX 1.1 orders wpt, rte, trk).
    (streetPaths(it) || []).forEach(function (path, i) {
      out.push('  <trk><name>' + xml(it.days[i].date) + '</name><trkseg>');
      path.forEach(function (c) {
        out.push('    <trkpt lat="' + c[1].toFixed(6) + '" lon="' + c[0].toFixed(6) + '"></trkpt>');
      });
      out.push('  </trkseg></trk>');
    });
    out.push('</gpx>');
    return out.join('\n') + '\n';
  }
  $('export-ics').addEventListener('click', function () {
    if (current.itinerary) download('wenlv-plan.ics', 'text/calendar', ics(current.itinerary));
  });
  $('export-gpx').addEventListener('click', function () {
    if (current.itinerary) download('wenlv-plan.gpx', 'application/gpx+xml', gpx(current.itinerary));
  });

  // --- share: the request and the stops per day, in the URL fragment ---------------------------
  function b64url(text) {
    var bytes = new TextEncoder().encode(text), bin = '';
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function unb64url(s) {
    var bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }
  function shareUrl() {
    if (!current.itinerary) return '';
    var payload = { r: current.request, d: dayStops(current.itinerary) };
    return location.origin + '/plan#share=' + b64url(JSON.stringify(payload));
  }
  $('share').addEventListener('click', function () {
    var url = shareUrl();
    $('share-url').value = url;
    $('share-url').select();
    if (navigator.clipboard) navigator.clipboard.writeText(url).then(function () {
      $('plan-status').textContent = W.copied;
    }, function () {});
  });
  /** Shows a shared request in the form, so "Plan" from there starts from the same wishes. */
  function fillForm(r, days) {
    var set = function (id, v) { if (v !== undefined && v !== null && $(id)) $(id).value = v; };
    set('pl-date', (r.dates && r.dates[0]) || (days[0] && days[0].date));
    set('pl-days', String(days.length));
    set('pl-from', r.day_start);
    set('pl-to', r.day_end && r.day_end <= '23:59' ? r.day_end : undefined);
    set('pl-pace', r.pace);
    set('pl-mode', r.mode);
    if (r.start && r.start.place) { setStartKind('place'); set('pl-start', r.start.place); }
    if (r.start && r.start.station) { setStartKind('station'); set('pl-station', r.start.station); }
    if (r.start && r.start.lat !== undefined) {
      setStartKind('point');
      set('pl-lat', r.start.lat);
      set('pl-lon', r.start.lon);
      $('start-point-value').textContent = W.picked + ': ' + Number(r.start.lat).toFixed(5) + ', ' + Number(r.start.lon).toFixed(5);
    }
    if (r.arrival && r.arrival.station) {
      $('pl-arrive').checked = true;
      set('pl-arr-station', r.arrival.station);
      set('pl-arr-time', r.arrival.time);
    }
    if (r.departure && r.departure.station) {
      $('pl-leave').checked = true;
      set('pl-dep-station', r.departure.station);
      set('pl-dep-time', r.departure.time);
      set('pl-dep-buffer', r.departure.buffer_minutes);
    }
    if (r.lodging && r.lodging.place) { setHotelKind('place'); set('pl-hotel', r.lodging.place); }
    if (r.lodging && r.lodging.lat !== undefined) {
      setHotelKind('point');
      set('pl-hotel-lat', r.lodging.lat);
      set('pl-hotel-lon', r.lodging.lon);
      showHotel(r.lodging.lat, r.lodging.lon);
    }
    syncTrip();
    Object.keys(r.themes || {}).forEach(function (t) {
      var box = form.querySelector('input[name=theme][value="' + t + '"]');
      if (box) box.checked = true;
    });
  }
  function openShared() {
    var m = location.hash.match(/^#share=([A-Za-z0-9_-]+)/);
    if (!m) return;
    try {
      var payload = JSON.parse(unb64url(m[1]));
      current.request = payload.r;
      fillForm(payload.r, payload.d);
      $('share-note').textContent = W.share_loaded;
      recheck(payload.d).then(function () { $('plan-result').scrollIntoView(); });
    } catch (e) { showError(e); }
  }
  syncStartKind();
  syncTrip();
  openShared();
})();
