// The key-project library and the dispatch meetings' calendar in a real browser: a viewer signs
// in and reads /bureau/projects (the tiers, the totals by stage and funding line, a total linked
// to its projects) and /bureau/meetings (the demo's 2024 calendar); the public is sent to sign in.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP, addUser, assertAccessible, launchBrowser, screenshots, signIn, startServer, takeCspViolations, watchErrors } from '../support.mjs';

let server;
let browser;
let password;

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wenlv-e2e-library-'));
  password = addUser(dataDir, 'e2e-library-viewer', 'viewer');
  // `serve` loads the demo into the empty database: the sample library and the 2024 calendar.
  server = await startServer({}, dataDir);
  browser = await launchBrowser();
});

afterEach(() => { assert.deepEqual(takeCspViolations(), [], 'Content Security Policy violations'); });
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('project library and dispatch meetings', () => {
  test('a viewer reads the library and the calendar; the public is sent to sign in', async () => {
    const anonymous = await browser.newContext({ viewport: DESKTOP });
    const visitor = await anonymous.newPage();
    await visitor.goto(server.url + '/bureau/projects');
    assert.match(visitor.url(), /\/bureau\/sign-in\?next=%2Fbureau%2Fprojects/);
    await anonymous.close();

    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, 'e2e-library-viewer', password);
    const links = await page.locator('#bureau-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('/bureau/projects') && links.includes('/bureau/meetings'), links.join(' '));

    await page.click('a[href="/bureau/projects"]');
    await page.waitForURL(/\/bureau\/projects$/);
    // Every stage has a row; the sample's implementation tier holds the two projects the source names.
    const stages = await page.locator('#totals-by-stage tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.key));
    assert.deepEqual(stages, ['reserve', 'study', 'implementation', 'completed', 'shelved']);
    const implementation = page.locator('#totals-by-stage tr[data-key="implementation"] td');
    assert.equal(await implementation.nth(1).textContent(), '3');
    assert.equal(await implementation.nth(3).textContent(), '2', 'the two named projects have no published figure');
    const named = page.locator('#tier-implementation').getByText('长城国家文化公园（大通段）');
    assert.equal(await named.count(), 1);
    // A funding total links to the projects behind it.
    await page.click('#totals-by-funding tr[data-key="central_government_fund"] a');
    assert.match(page.url(), /#project-SAMPLE-01$/);
    await assertAccessible(page, 'projects');
    await screenshots(page, 'bureau-projects');

    await page.goto(server.url + '/bureau/meetings?year=2024');
    const rows = page.locator('#meetings-table tbody tr');
    assert.equal(await rows.count(), 12);
    assert.match(await rows.first().textContent(), /2024-01-25.*周四.*城东区/s);
    await assertAccessible(page, 'meetings');
    await screenshots(page, 'bureau-meetings');
    await page.click('#next-year');
    assert.equal(await page.locator('#no-meetings').count(), 1, '2025 has no calendar yet');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
