// The Content-Security-Policy in a real browser: every page works under it with no violation
// reported, and the watcher that would report one does see a blocked inline script.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, launchBrowser, startServer, takeCspViolations, watchErrors } from '../support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterEach(() => { assert.deepEqual(takeCspViolations(), [], 'Content Security Policy violations'); });
after(async () => {
  await browser?.close();
  await server?.stop();
});

const PAGES = [
  ['/', null],
  ['/places?lang=en', '#map'],
  ['/places/kumbum_monastery', '#map'],
  ['/routes', null],
  ['/routes/red_memory_walk?lang=en', '#map'],
  ['/plan?lang=en', null],
  ['/api/docs', null],
  ['//evil.example/x', null],
];

test('every page carries the policy and works under it', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const errors = watchErrors(page);
  for (const [path, map] of PAGES) {
    const response = await page.goto(server.url + path);
    const csp = response.headers()['content-security-policy'] || '';
    assert.match(csp, /script-src 'self';/, path);
    assert.match(csp, /img-src 'self' data: https:\/\/tile\.openstreetmap\.org;/, path);
    assert.equal(response.headers()['x-frame-options'], 'DENY', path);
    if (map) await page.waitForSelector(`${map}[data-drawn]`);
    await page.waitForLoadState('networkidle');
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('an inline script is blocked and reported', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(server.url + '/places');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.body.append(script);
  });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.injected), undefined, 'the inline script did not run');
  const seen = takeCspViolations();
  assert.ok(seen.some((v) => /script-src/.test(v)), `reported: ${JSON.stringify(seen)}`);
  await context.close();
});
