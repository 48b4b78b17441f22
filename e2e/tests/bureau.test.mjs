// The bureau's side in a real browser: an admin and a viewer (added with `wenlv user add` on the
// server's data dir) sign in, see /bureau/ with what their role may open, and sign out; a viewer
// sees no edit controls and is refused the admin's pages.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHONE, addUser, assertAccessible, launchBrowser, screenshots, signIn, startServer, takeCspViolations, watchErrors } from '../support.mjs';

let server;
let browser;
const passwords = {};

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wenlv-e2e-bureau-'));
  passwords.admin = addUser(dataDir, 'e2e-admin', 'admin');
  passwords.viewer = addUser(dataDir, 'e2e-viewer', 'viewer');
  server = await startServer({}, dataDir);
  browser = await launchBrowser();
});

afterEach(() => { assert.deepEqual(takeCspViolations(), [], 'Content Security Policy violations'); });
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('bureau', () => {
  test('an admin signs in, sees /bureau/ with the admin pages, and signs out', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en' });
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(server.url + '/bureau/sign-in');
    await assertAccessible(page, 'sign-in');
    await screenshots(page, 'bureau-sign-in');

    // A wrong password is refused with a message, and no session.
    await page.fill('#name', 'e2e-admin');
    await page.fill('#password', 'not the password');
    await page.click('#sign-in-form button[type=submit]');
    assert.match(await page.textContent('#sign-in-message'), /wrong/);

    await signIn(page, server.url, 'e2e-admin', passwords.admin);
    assert.match(await page.textContent('#signed-in-as'), /e2e-admin/);
    const links = await page.locator('#bureau-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('/bureau/audit') && links.includes('/bureau/users'), links.join(' '));
    await assertAccessible(page, 'bureau');
    await screenshots(page, 'bureau-admin');

    // The session cookie is not readable by scripts.
    assert.equal(await page.evaluate(() => document.cookie.includes('wenlv_session')), false);

    await page.goto(server.url + '/bureau/users');
    assert.ok(await page.locator('#users-table button').count() >= 1, 'the admin has edit controls');
    await page.goto(server.url + '/bureau/audit');
    assert.ok(await page.locator('#audit-table tbody tr').count() >= 1, 'the sign-in is in the log');
    await assertAccessible(page, 'audit');

    await page.goto(server.url + '/bureau/');
    await Promise.all([page.waitForURL(/\/bureau\/sign-in$/), page.click('#sign-out-form button')]);
    await page.goto(server.url + '/bureau/');
    assert.match(page.url(), /\/bureau\/sign-in\?next=/, 'signed out');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a viewer sees no edit controls and is refused the admin pages', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, 'e2e-viewer', passwords.viewer);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    const links = await page.locator('#bureau-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(!links.includes('/bureau/users') && !links.includes('/bureau/audit'), links.join(' '));
    // The only form is signing out: nothing to edit.
    const forms = await page.locator('main form').evaluateAll((fs) => fs.map((f) => f.getAttribute('action')));
    assert.deepEqual(forms, ['/bureau/sign-out']);
    await screenshots(page, 'bureau-viewer');

    const users = await page.goto(server.url + '/bureau/users');
    assert.equal(users.status(), 403);
    assert.equal(await page.locator('main form, main button').count(), 0);
    const audit = await page.goto(server.url + '/bureau/audit');
    assert.equal(audit.status(), 403);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
