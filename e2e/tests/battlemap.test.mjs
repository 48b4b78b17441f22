// The battle map in a real browser: the demo's sample plan (loaded on the first start of an
// empty database) seen by a unit's reporter: the tree with status colours as of 2025-06-30, a
// status filter, "my items", and a progress report through the form.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP, WENLV_BIN, assertAccessible, launchBrowser, screenshots, startServer, takeCspViolations, watchErrors } from '../support.mjs';

let server;
let browser;
let oneTime;

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wenlv-e2e-plan-'));
  const out = execFileSync(WENLV_BIN, ['--data-dir', dataDir, 'user', 'add', '--name', 'e2e-reporter', '--role', 'reporter', '--unit', '城东区人民政府'], {
    env: { ...process.env, WENLV_LOG: 'warn' },
  }).toString();
  oneTime = out.trim().split('\n').pop();
  server = await startServer({}, dataDir);
  browser = await launchBrowser();
});

afterEach(() => { assert.deepEqual(takeCspViolations(), [], 'Content Security Policy violations'); });
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('battle map', () => {
  test('a reporter sees the tree with every status and reports on an item of the unit', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url + '/bureau/sign-in');
    await page.fill('#name', 'e2e-reporter');
    await page.fill('#password', oneTime);
    await Promise.all([page.waitForURL(/\/bureau\/password$/), page.click('#sign-in-form button[type=submit]')]);
    await page.fill('#current', oneTime);
    await page.fill('#new', 'e2e-reporter-own-password');
    await Promise.all([page.waitForURL(/\/bureau\/sign-in$/), page.click('#password-form button[type=submit]')]);
    await page.fill('#name', 'e2e-reporter');
    await page.fill('#password', 'e2e-reporter-own-password');
    await Promise.all([page.waitForURL(/\/bureau\/$/), page.click('#sign-in-form button[type=submit]')]);

    await Promise.all([page.waitForURL(/\/bureau\/plans$/), page.click('#bureau-links a[href="/bureau/plans"]')]);
    await Promise.all([page.waitForURL(/\/bureau\/plans\/xining-2023$/), page.click('#plans a')]);
    await page.goto(server.url + '/bureau/plans/xining-2023?as_of=2025-06-30');
    const statuses = await page.locator('#plan-tree tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.dataset.status))].sort());
    assert.deepEqual(statuses, ['amber', 'done', 'green', 'not_started', 'red']);
    // Colour and word together: a red row's chip is red and says so.
    const red = page.locator('#plan-tree tr[data-status="red"] .status').first();
    assert.equal(await red.textContent(), '严重滞后');
    assert.equal(await red.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(198, 40, 40)');
    await assertAccessible(page, 'plan-tree');
    await screenshots(page, 'bureau-plan');

    await page.selectOption('#f-status', 'red');
    await Promise.all([page.waitForURL(/status=red/), page.click('#plan-filters button')]);
    const only = await page.locator('#plan-tree tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.dataset.status))]);
    assert.deepEqual(only, ['red']);

    // My items (城东区: lead of 2.1.1, partner of 1.1.1): report on 2.1.1.
    await page.goto(server.url + '/bureau/plans/xining-2023');
    const mine = await page.locator('#my-items details').evaluateAll((ds) => ds.map((d) => d.id));
    assert.ok(mine.includes('mine-2.1.1') && mine.includes('mine-1.1.1'), mine.join(' '));
    assert.ok(!mine.includes('mine-1.2.1'), mine.join(' '));
    await page.click('#mine-2\\.1\\.1 summary');
    await page.fill('#mine-2\\.1\\.1 input[name=percent]', '97');
    await page.fill('#mine-2\\.1\\.1 textarea[name=narrative]', '集聚区全部开业（测试）');
    await Promise.all([page.waitForURL(/#item-2\.1\.1$/), page.click('#mine-2\\.1\\.1 button[type=submit]')]);
    const reason = await page.textContent('#item-2\\.1\\.1');
    assert.match(reason, /97%/);
    await assertAccessible(page, 'plan-mine');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
