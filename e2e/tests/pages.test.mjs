// The visitor pages in a real browser against a real server: home, language switch, place
// filters, a place, routes; screenshots at phone and desktop width; axe-core on every page.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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

async function newPage(locale = 'zh-CN') {
  const context = await browser.newContext({ viewport: PHONE, locale });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

describe('visitor pages', () => {
  test('home shows the season line, themes, open now and offers, in Chinese by default', async () => {
    const { context, page, errors } = await newPage();
    const response = await page.goto(server.url + '/');
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    const line = await page.textContent('#season-line');
    assert.match(line, /冬春季|夏秋季/);
    const themes = await page.locator('.themes li').count();
    assert.ok(themes >= 8, `themes listed: ${themes}`);
    assert.ok(await page.locator('#open-h').isVisible());
    assert.ok(await page.locator('#offers-h').isVisible());
    await screenshots(page, 'home');
    await assertAccessible(page, 'home');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the language switch changes the page to English and is remembered', async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + '/');
    await page.click('#lang-switch');
    await page.waitForURL(/lang=en/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.textContent('#season-line'), /Winter–spring|Summer–autumn/);
    // Without ?lang the cookie keeps English, on another page too.
    await page.goto(server.url + '/places');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal((await page.textContent('h1')).trim(), 'Places');
    await page.click('#lang-switch');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await screenshots(page, 'home-switched');
    await context.close();
  });

  test('places filter by theme and text, draw a map without tiles, and open a place', async () => {
    const { context, page, errors } = await newPage('en-GB');
    await page.goto(server.url + '/places?lang=en');
    const all = await page.locator('#place-list > li').count();
    assert.ok(all > 20, `catalogue size ${all}`);
    await page.selectOption('#f-theme', 'old_town');
    await page.click('.filters button[type=submit]');
    await page.waitForURL(/theme=old_town/);
    const oldTown = await page.locator('#place-list > li').count();
    assert.ok(oldTown > 0 && oldTown < all, `old town ${oldTown} of ${all}`);
    // The map draws its points even though no tile server is reachable here.
    await page.waitForSelector('#map[data-drawn]');
    const drawn = Number(await page.getAttribute('#map', 'data-drawn'));
    assert.ok(drawn > 0 && drawn <= oldTown);
    assert.ok((await page.locator('#map .leaflet-interactive').count()) >= drawn);
    await screenshots(page, 'places-filtered');
    await assertAccessible(page, 'places');

    await page.fill('#f-q', 'Kumbum');
    await page.selectOption('#f-theme', '');
    await page.click('.filters button[type=submit]');
    await page.waitForURL(/q=Kumbum/);
    await page.click('#place-list a:has-text("Kumbum Monastery")');
    await page.waitForURL(/\/places\/kumbum_monastery/);
    assert.equal(await page.locator('table.hours tbody tr').count(), 7);
    assert.match(await page.textContent('#final-price'), /¥|Free|unknown/);
    await screenshots(page, 'place');
    await assertAccessible(page, 'place');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the profile changes the price a place page shows and is remembered', async () => {
    const { context, page } = await newPage('en-GB');
    // 2024-01-10 lies in the 2023/24 winter–spring offer for the paired-aid provinces.
    await page.goto(server.url + '/places/riyue_mountain?lang=en&date=2024-01-10&home=620000');
    const gansu = await page.textContent('#final-price');
    await page.goto(server.url + '/places/riyue_mountain?date=2024-01-10&home=320000');
    const jiangsu = await page.textContent('#final-price');
    // Riyue Mountain: 50% of the off-season price for the paired-aid provinces (Jiangsu), not Gansu.
    assert.equal(gansu, '¥30.00');
    assert.equal(jiangsu, '¥15.00');
    assert.ok(await page.locator('.offer-applied').isVisible());
    await page.goto(server.url + '/places/riyue_mountain?date=2024-01-10');
    assert.equal(await page.textContent('#final-price'), jiangsu, 'the profile cookie is kept');
    await context.close();
  });

  test('a route shows its stops in order, a feasibility check for a date and its map', async () => {
    const { context, page, errors } = await newPage('en-GB');
    await page.goto(server.url + '/routes?lang=en');
    const routes = await page.locator('.routes > li').count();
    assert.ok(routes >= 10, `routes ${routes}`);
    await screenshots(page, 'routes');
    await assertAccessible(page, 'routes');
    const link = page.locator('.routes a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL(new RegExp(href));
    const id = href.split('/').pop();
    const api = await (await page.request.get(`${server.url}/api/routes/${id}`)).json();
    const rows = page.locator('#route-stops tbody tr');
    assert.equal(await rows.count(), api.stops.length);
    for (let i = 0; i < api.stops.length; i++) {
      assert.equal(await rows.nth(i).locator('a').getAttribute('href'), `/places/${api.stops[i]}`);
    }
    await page.fill('#d', '2024-01-08');
    await page.click('form.inline button');
    await page.waitForURL(/date=2024-01-08/);
    assert.match(await page.textContent('#route-check'), /2024-01-08/);
    await page.waitForSelector('#map[data-drawn]');
    assert.ok((await page.locator('#map path.leaflet-interactive').count()) > api.stops.length,
      'a line and one marker per stop');
    await screenshots(page, 'route');
    await assertAccessible(page, 'route');
    // The route opens in the planner's check mode with the same stops, in order.
    await page.click('#open-in-planner');
    await page.waitForSelector('#plan-result[data-ready]', { timeout: 30_000 });
    const planned = await page.$$eval('.timeline .stop', (els) => els.map((e) => e.dataset.place));
    assert.deepEqual(planned, api.stops);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the API docs page lists the endpoints and passes the accessibility check', async () => {
    const { context, page, errors } = await newPage('en-GB');
    await page.goto(server.url + '/api/docs?lang=en');
    assert.ok(await page.locator('h2:has-text("GET /api/routes")').count() >= 1);
    assert.ok(await page.locator('h2:has-text("POST /api/itineraries")').count() >= 1);
    await screenshots(page, 'api-docs');
    await assertAccessible(page, 'api docs');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
