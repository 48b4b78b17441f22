// The basemap setting end to end: with no basemap the maps draw points on a plain background
// (no tiles requested); with an Amap-style GCJ-02 basemap the points are shifted by the GCJ-02
// offset, so they line up with those tiles.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, startServer, takeCspViolations, watchErrors } from '../support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
// No page may break the Content Security Policy (a blocked script, style or image).
afterEach(() => { assert.deepEqual(takeCspViolations(), [], 'Content Security Policy violations'); });
after(async () => { await browser?.close(); });

async function mapOf(server, path) {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + path);
  await page.waitForSelector('#map[data-drawn]');
  const data = JSON.parse(await page.getAttribute('#map', 'data-map'));
  const tiles = await page.locator('#map .leaflet-tile').count();
  const markers = await page.locator('#map path.leaflet-interactive').count();
  const labels = await page.locator('#map .map-label').count();
  await context.close();
  return { data, tiles, markers, labels, errors };
}

test('no basemap: points, a route line and labels on a plain background', async () => {
  const server = await startServer({ WENLV_BASEMAP: 'none' });
  try {
    const m = await mapOf(server, '/routes/red_memory_walk');
    assert.deepEqual(m.data.tiles, []);
    assert.equal(m.tiles, 0);
    assert.equal(m.markers, m.data.points.length + 1, 'a marker per stop and the line');
    assert.equal(m.labels, m.data.points.length);
    assert.deepEqual(m.errors, []);
  } finally {
    await server.stop();
  }
});

test('amap basemap: points are shifted to GCJ-02', async () => {
  const osm = await startServer({ WENLV_BASEMAP: 'osm' });
  const amap = await startServer({ WENLV_BASEMAP: 'amap' });
  try {
    const a = await mapOf(osm, '/places/kumbum_monastery');
    const b = await mapOf(amap, '/places/kumbum_monastery');
    assert.equal(a.data.datum, 'wgs84');
    assert.equal(b.data.datum, 'gcj02');
    // Kumbum as stored (WGS-84) and as drawn on a GCJ-02 basemap: the offset in Xining is a few
    // hundred metres, north-east-ish; GCJ-02 never leaves a point where it was.
    const [p, q] = [a.data.points[0], b.data.points[0]];
    assert.equal(p.lat, 36.48814);
    const dLat = (q.lat - p.lat) * 111_000;
    const dLon = (q.lon - p.lon) * 111_000 * Math.cos((p.lat * Math.PI) / 180);
    const moved = Math.hypot(dLat, dLon);
    assert.ok(moved > 100 && moved < 1000, `moved ${moved} m`);
    assert.match(b.data.tiles[0].url, /autonavi/);
  } finally {
    await osm.stop();
    await amap.stop();
  }
});

test('a bad basemap setting stops the server with a message', async () => {
  await assert.rejects(startServer({ WENLV_BASEMAP: 'google' }), /unknown basemap 'google'/);
});
