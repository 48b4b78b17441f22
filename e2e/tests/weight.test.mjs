// Page weight in a real browser: what a first visit to each page transfers from our server
// (compressed bytes on the wire, headers included, as Chromium counts them) stays within a
// budget, the page itself arrives compressed, and a reload transfers almost nothing (the page
// revalidates to a 304, hashed assets come from the cache).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, startServer } from '../support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ WENLV_BASEMAP: 'none' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Bytes per first visit (an empty cache), about 1.3 times what each page weighed when the budget
// was set (2026-12-01: / 6.3 kB, /places 60 kB, a place 58 kB, /routes 5.2 kB, /plan 67 kB, all
// compressed). Leaflet's JS (45 kB compressed) is most of a map page. A page that outgrows its
// budget is a decision to take, not a number to bump.
const BUDGETS = [
  ['/', 9_000],
  ['/places', 80_000],
  ['/places/kumbum_monastery', 76_000],
  ['/routes', 7_500],
  ['/plan', 88_000],
];
// Bytes a reload may transfer: a 304 for the page (headers only, about 530 bytes with the CSP)
// and nothing for the hashed assets.
const RELOAD_BUDGET = 2_000;

/** Sums what the page's requests to our server transfer while `action` runs. */
async function transferred(page, action) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  let bytes = 0;
  const requests = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) || '';
    if (url.startsWith(server.url)) {
      bytes += e.encodedDataLength;
      requests.push(`${url.slice(server.url.length)} ${e.encodedDataLength}`);
    }
  });
  const response = await action();
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return { bytes, requests, response };
}

for (const [path, budget] of BUDGETS) {
  test(`${path} weighs at most ${budget} bytes and a reload almost nothing`, async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    const first = await transferred(page, () => page.goto(server.url + path));
    assert.equal(first.response.status(), 200);
    const coding = first.response.headers()['content-encoding'];
    assert.ok(['br', 'gzip'].includes(coding), `${path} arrives compressed, got ${coding}`);
    console.log(`${path}: ${first.bytes} bytes\n  ${first.requests.join('\n  ')}`);
    assert.ok(first.bytes > 0 && first.bytes <= budget,
      `${path}: ${first.bytes} bytes > budget ${budget}:\n${first.requests.join('\n')}`);

    const again = await transferred(page, () => page.reload());
    console.log(`${path} reloaded: ${again.bytes} bytes\n  ${again.requests.join('\n  ')}`);
    assert.ok(again.bytes <= RELOAD_BUDGET,
      `${path} reloaded: ${again.bytes} bytes > ${RELOAD_BUDGET}:\n${again.requests.join('\n')}`);
    await context.close();
  });
}
