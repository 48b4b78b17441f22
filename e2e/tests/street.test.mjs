// Street paths from a real OSRM foot server (started by .ci/with-osrm.sh): the plan's map draws
// them and the .gpx export carries them as a track. Skipped (with a message) when no server is
// given, unless CI or WENLV_TEST_REQUIRE_OSRM=1 requires one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, PHONE, startServer, watchErrors } from '../support.mjs';

const foot = process.env.WENLV_TEST_OSRM_FOOT_URL;
const required = Boolean(process.env.CI) || process.env.WENLV_TEST_REQUIRE_OSRM === '1';
let server;
let browser;

before(async () => {
  if (!foot) return;
  server = await startServer({ WENLV_OSRM_FOOT_URL: foot });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a plan on street times draws the paths and exports them to GPX', async (t) => {
  if (!foot) {
    assert.ok(!required, 'WENLV_TEST_OSRM_FOOT_URL is not set but a routing engine is required: run through .ci/with-osrm.sh');
    t.skip('SKIPPED: WENLV_TEST_OSRM_FOOT_URL is not set; run through `bash .ci/with-osrm.sh`');
    return;
  }
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/plan?lang=en');
  await page.fill('#pl-date', '2024-01-09');
  await page.check('input[name=theme][value=old_town]');
  await page.selectOption('#pl-start', 'dongguan_mosque');
  await page.click('#plan-submit');
  await page.waitForFunction(() => document.querySelector('#plan-result')?.dataset.ready, null, { timeout: 30_000 });
  const stops = await page.$$eval('.timeline .stop', (els) => els.length);
  assert.ok(stops >= 1, 'a stop is planned');
  assert.equal(await page.getAttribute('#plan-travel-times', 'data-kind'), 'street');
  assert.equal((await page.textContent('#plan-travel-times')).trim(), 'Travel times along the streets');
  // One street path per day on the map (the planned day), instead of straight lines.
  assert.equal(await page.getAttribute('#plan-map', 'data-paths'), '1');

  const [gpx] = await Promise.all([page.waitForEvent('download'), page.click('#export-gpx')]);
  const text = readFileSync(await gpx.path(), 'utf8');
  assert.equal((text.match(/<wpt /g) || []).length, stops);
  assert.equal((text.match(/<trk>/g) || []).length, 1);
  const points = (text.match(/<trkpt lat="36\.\d{6}" lon="101\.\d{6}"><\/trkpt>/g) || []).length;
  assert.ok(points > stops + 1, `the track follows the streets (${points} points)`);
  assert.ok(text.indexOf('<rte>') < text.indexOf('<trk>'), 'GPX 1.1 puts routes before tracks');
  await context.close();
  assert.deepEqual(errors, []);
});

test('a trip with a hotel on street times: one street path per day, from and to the hotel', async (t) => {
  if (!foot) {
    assert.ok(!required, 'WENLV_TEST_OSRM_FOOT_URL is not set but a routing engine is required: run through .ci/with-osrm.sh');
    t.skip('SKIPPED: WENLV_TEST_OSRM_FOOT_URL is not set; run through `bash .ci/with-osrm.sh`');
    return;
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/plan?lang=en');
  await page.fill('#pl-date', '2024-01-09');
  await page.selectOption('#pl-days', '2');
  await page.check('input[name=theme][value=old_town]');
  // The hotel: a point in the middle of the map (central Xining).
  await page.check('input[name=hotel_kind][value=point]');
  const box = await page.locator('#plan-map').boundingBox();
  await page.locator('#plan-map').click({ position: { x: box.width / 2, y: box.height / 2 } });
  await page.click('#plan-submit');
  await page.waitForFunction(() => document.querySelector('#plan-result')?.dataset.ready, null, { timeout: 30_000 });
  assert.equal(await page.locator('.plan-day').count(), 2);
  assert.equal(await page.getAttribute('#plan-travel-times', 'data-kind'), 'street');
  // Both days drawn along the streets, each from its own start (the hotel) to its own end.
  assert.equal(await page.getAttribute('#plan-map', 'data-paths'), '2');
  const labels = await page.locator('#plan-map .trip-point').allTextContents();
  assert.ok(labels.includes('Hotel'), `${labels}`);
  await context.close();
  assert.deepEqual(errors, []);
});
