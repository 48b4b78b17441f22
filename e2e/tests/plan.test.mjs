// "Plan my day" in a real browser: plan, see a timeline and the map, edit and re-check, export
// .ics and .gpx and parse them, and open the share link in a fresh browser context.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PHONE, assertAccessible, launchBrowser, screenshots, startServer, takeCspViolations, watchErrors } from '../support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

// No page may break the Content Security Policy (a blocked script, style or image).
afterEach(() => { assert.deepEqual(takeCspViolations(), [], 'Content Security Policy violations'); });
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function ready(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const r = document.querySelector('#plan-result');
      return r && r.dataset.ready && r.dataset.ready !== prev;
    },
    previous ?? null,
    { timeout: 30_000 },
  );
  return page.getAttribute('#plan-result', 'data-ready');
}

const stopIds = (page) => page.$$eval('.timeline .stop', (els) => els.map((e) => e.dataset.place));

/** Unfolds an iCalendar text and returns its events as objects of property → value. */
function parseIcs(text) {
  assert.ok(text.includes('\r\n'), 'iCalendar lines end with CRLF');
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  const events = [];
  let ev = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') ev = {};
    else if (line === 'END:VEVENT') { events.push(ev); ev = null; } else if (ev) {
      const i = line.indexOf(':');
      ev[line.slice(0, i).split(';')[0]] = line.slice(i + 1);
    }
  }
  return events;
}

test('plan a day, edit it, export it and share it', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/plan?lang=en');
  await assertAccessible(page, 'plan form');
  // Tuesday 2024-01-09, old town and food, from the Dongguan Grand Mosque on foot.
  await page.fill('#pl-date', '2024-01-09');
  await page.check('input[name=theme][value=old_town]');
  await page.check('input[name=theme][value=food]');
  await page.selectOption('#pl-start', 'dongguan_mosque');
  await page.click('#plan-submit');
  let stamp = await ready(page);
  const planned = await stopIds(page);
  assert.ok(planned.length >= 2, `stops planned: ${planned}`);
  const times = await page.$$eval('.timeline .stop strong', (els) => els.map((e) => e.textContent.trim()));
  for (const t of times) assert.match(t, /^\d\d:\d\d–\d\d:\d\d$/);
  assert.equal(Number(await page.getAttribute('#plan-map', 'data-drawn')), planned.length);
  // No routing server: the page says the times are estimated, and why.
  assert.match(await page.textContent('#plan-travel-times'), /^Travel times estimated from straight-line distances \(no routing server is configured for walking/);
  await screenshots(page, 'plan');
  await assertAccessible(page, 'plan result');

  // Move the first stop down, then remove the (new) first stop: the check mode re-times it.
  await page.click('.timeline .stop >> nth=0 >> button[data-action=down]');
  stamp = await ready(page, stamp);
  const swapped = await stopIds(page);
  assert.deepEqual(swapped, [planned[1], planned[0], ...planned.slice(2)]);
  await page.click('.timeline .stop >> nth=0 >> button[data-action=remove]');
  stamp = await ready(page, stamp);
  const edited = await stopIds(page);
  assert.deepEqual(edited, swapped.slice(1));

  // .ics: one event per stop, at the timeline's times (local UTC+8 written as UTC).
  const [ics] = await Promise.all([page.waitForEvent('download'), page.click('#export-ics')]);
  const events = parseIcs(readFileSync(await ics.path(), 'utf8'));
  assert.equal(events.length, edited.length);
  const firstStart = (await page.textContent('.timeline .stop strong')).trim().slice(0, 5);
  const [h, m] = firstStart.split(':').map(Number);
  const utcH = String(h - 8).padStart(2, '0');
  assert.equal(events[0].DTSTART, `20240109T${utcH}${String(m).padStart(2, '0')}00Z`);
  assert.match(events[0].GEO, /^36\.\d+;101\.\d+$/);

  // .gpx: a waypoint per stop.
  const [gpx] = await Promise.all([page.waitForEvent('download'), page.click('#export-gpx')]);
  const gpxText = readFileSync(await gpx.path(), 'utf8');
  assert.match(gpxText, /<gpx version="1.1"/);
  assert.equal((gpxText.match(/<wpt /g) || []).length, edited.length);

  // The share link opens the same (edited) plan for someone else, through check mode.
  const url = await page.inputValue('#share-url');
  assert.match(url, /\/plan#share=/);
  const other = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const shared = await other.newPage();
  await shared.goto(url);
  await ready(shared);
  assert.deepEqual(await stopIds(shared), edited);
  await screenshots(shared, 'plan-shared');
  await other.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a must-see closed that day is reported, not silently planned', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(server.url + '/plan?lang=en');
  // Monday 2024-01-08: the Qinghai Provincial Museum is closed on Mondays.
  await page.fill('#pl-date', '2024-01-08');
  await page.selectOption('#pl-must', 'qinghai_provincial_museum');
  await page.click('#plan-submit');
  await page.waitForFunction(() => !document.querySelector('#plan-error').hidden
    || document.querySelector('#plan-result').dataset.ready);
  const stops = await stopIds(page);
  assert.ok(!stops.includes('qinghai_provincial_museum'));
  const text = (await page.textContent('#plan-error')) + (await page.textContent('#plan-notes'));
  assert.match(text, /qinghai_provincial_museum|Qinghai Provincial Museum/);
  await context.close();
});

test('a start point picked on the map plans from that point', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(server.url + '/plan?lang=en');
  await page.fill('#pl-date', '2024-01-09');
  await page.check('input[name=start_kind][value=point]');
  assert.ok(await page.locator('#start-place-field').isHidden());
  // The map opens on central Xining: click its middle.
  const box = await page.locator('#plan-map').boundingBox();
  await page.locator('#plan-map').click({ position: { x: box.width / 2, y: box.height / 2 } });
  const lat = Number(await page.inputValue('#pl-lat'));
  const lon = Number(await page.inputValue('#pl-lon'));
  assert.ok(Math.abs(lat - 36.62) < 0.05 && Math.abs(lon - 101.78) < 0.05, `${lat},${lon}`);
  await page.click('#plan-submit');
  await page.waitForSelector('#plan-result[data-ready]', { timeout: 30_000 });
  assert.ok((await page.locator('.timeline .stop').count()) > 0);
  assert.match(await page.textContent('.timeline li'), /Depart \(Start\)/);
  await context.close();
});

test('a day can start at the airport; a station without a position cannot be chosen', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(server.url + '/plan?lang=zh');
  await page.fill('#pl-date', '2024-07-09');
  await page.check('input[name=start_kind][value=station]');
  assert.ok(await page.locator('#start-place-field').isHidden());
  assert.ok(await page.locator('#start-station-field').isVisible());
  // The railway station has no sourced position: listed, disabled, and its note says why.
  assert.ok(await page.locator('#pl-station option[value=xining_railway_station]').isDisabled());
  assert.match(await page.textContent('#station-notes'), /建国路/);
  await page.selectOption('#pl-station', 'xining_caojiabao_airport');
  await page.selectOption('#pl-mode', 'drive');
  await page.check('input[name=theme][value=heritage]');
  await page.click('#plan-submit');
  await page.waitForSelector('#plan-result[data-ready]', { timeout: 30_000 });
  assert.ok((await page.locator('.timeline .stop').count()) > 0);
  assert.match(await page.textContent('.timeline li'), /出发 \(西宁曹家堡国际机场\)/);
  await assertAccessible(page, 'plan from a station');
  await context.close();
});

test('a shared plan that breaks a rule says so in the page language', async () => {
  const payload = {
    r: { start: { place: 'dongguan_mosque' }, day_start: '09:00', day_end: '18:00', mode: 'walk' },
    d: [{ date: '2024-01-08', stops: ['qinghai_provincial_museum', 'dongguan_mosque'] }],
  };
  const share = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}/plan?lang=zh#share=${share}`);
  await page.waitForSelector('#plan-result[data-ready]', { timeout: 30_000 });
  assert.deepEqual(await stopIds(page), payload.d[0].stops);
  assert.match(await page.textContent('#plan-notes'), /青海省博物馆当天闭馆/);
  await context.close();
});

test('a trip: arrival at the airport, a hotel picked on the map, a flight home; the timeline and .ics show the arrival and departure legs', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + '/plan?lang=en');
  // Friday 2024-07-12 to Sunday 2024-07-14 by car.
  await page.fill('#pl-date', '2024-07-12');
  await page.selectOption('#pl-days', '3');
  await page.selectOption('#pl-mode', 'drive');
  await page.check('input[name=theme][value=heritage]');
  await page.check('input[name=theme][value=old_town]');
  assert.ok(await page.locator('#arrival-fields').isHidden());
  await page.check('#pl-arrive');
  await page.selectOption('#pl-arr-station', 'xining_caojiabao_airport');
  await page.fill('#pl-arr-time', '14:30');
  await page.check('input[name=hotel_kind][value=point]');
  assert.ok(await page.locator('#hotel-point-text').isVisible());
  // The map opens on central Xining: the hotel is in its middle.
  const box = await page.locator('#plan-map').boundingBox();
  await page.locator('#plan-map').click({ position: { x: box.width / 2, y: box.height / 2 } });
  const lat = Number(await page.inputValue('#pl-hotel-lat'));
  assert.ok(Math.abs(lat - 36.62) < 0.05, `hotel at ${lat}`);
  await page.check('#pl-leave');
  await page.selectOption('#pl-dep-station', 'xining_caojiabao_airport');
  await page.fill('#pl-dep-time', '17:00');
  await assertAccessible(page, 'plan form with a trip');
  await page.click('#plan-submit');
  await ready(page);

  const days = page.locator('.plan-day');
  assert.equal(await days.count(), 3);
  // Friday starts at the airport at 14:30; nothing before.
  assert.match(await days.nth(0).locator('li.arrival').textContent(), /^14:30 Arrive \(Xining Caojiabao International Airport\)/);
  const fridayStarts = await days.nth(0).locator('.stop strong').allTextContents();
  assert.ok(fridayStarts.length > 0);
  for (const t of fridayStarts) assert.ok(t.trim().slice(0, 5) > '14:30', t);
  assert.match(await days.nth(0).locator('li.back').textContent(), /Back at the hotel/);
  // Saturday from and to the hotel.
  assert.match(await days.nth(1).locator('.timeline li').first().textContent(), /Depart \(Hotel\)/);
  // Sunday at the airport by 15:30 (90 minutes before the flight).
  const dep = (await days.nth(2).locator('li.departure').textContent()).trim();
  assert.match(dep, /At the departure station \(Xining Caojiabao International Airport\) · latest 15:30$/);
  assert.ok(dep.slice(0, 5) <= '15:30', dep);
  // The map marks the hotel and the airport beside the stops.
  const labels = await page.locator('#plan-map .trip-point').allTextContents();
  assert.ok(labels.includes('Hotel'), `${labels}`);
  assert.ok(labels.includes('Arrival / Departure: Xining Caojiabao International Airport'), `${labels}`);
  await screenshots(page, 'plan-trip');
  await assertAccessible(page, 'plan result with a trip');

  // .ics: the arrival and departure legs are events beside the stops.
  const [ics] = await Promise.all([page.waitForEvent('download'), page.click('#export-ics')]);
  const events = parseIcs(readFileSync(await ics.path(), 'utf8'));
  const stops = await page.locator('.timeline .stop').count();
  assert.equal(events.length, stops + 2);
  const arrival = events.find((e) => e.SUMMARY.startsWith('Arrival'));
  assert.equal(arrival.DTSTART, '20240712T063000Z');
  const departure = events.find((e) => e.SUMMARY.startsWith('To the departure'));
  assert.ok(departure.DTEND.startsWith('20240714T') && departure.DTEND <= '20240714T073000Z', departure.DTEND);
  assert.deepEqual(errors, []);
  await context.close();
});

test('walking from the airport: the empty day says why and what a car would do', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(server.url + '/plan?lang=en');
  await page.fill('#pl-date', '2024-07-12');
  await page.check('input[name=start_kind][value=station]');
  await page.selectOption('#pl-station', 'xining_caojiabao_airport');
  await page.click('#plan-submit');
  await ready(page);
  assert.equal(await page.locator('.timeline .stop').count(), 0);
  const why = await page.textContent('.empty-reason');
  assert.match(why, /too far/);
  assert.match(why, /by car, \d+ places fit/);
  assert.match(await page.textContent('#plan-notes'), /\(too far\)/);
  await context.close();
});
