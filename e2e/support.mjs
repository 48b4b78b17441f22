// Shared set-up for the browser tests: a real `wenlv serve` on a temp SQLite directory, Debian's
// chromium driven by playwright-core, screenshots and an axe-core accessibility check.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const SCREENSHOTS = join(here, 'screenshots');

/** The flags that work for headless chromium on these machines (no network but loopback). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The `wenlv` binary under test. */
export const WENLV_BIN = process.env.WENLV_BIN || join(here, '..', 'target', 'debug', 'wenlv');

/**
 * Starts `wenlv serve --addr 127.0.0.1:0` on a fresh data dir (or `dataDir`, which the caller may
 * have prepared with other commands); resolves with {url, stop}.
 */
export async function startServer(extraEnv = {}, dataDir = mkdtempSync(join(tmpdir(), 'wenlv-e2e-'))) {
  const bin = WENLV_BIN;
  const child = spawn(bin, ['--data-dir', dataDir, 'serve', '--addr', '127.0.0.1:0'], {
    env: { ...process.env, WENLV_LOG: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address printed in 60 s; stderr:\n${stderr}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`wenlv exited (${code}):\n${stderr}`)); });
  });
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches chromium. Every page of every context it opens is watched for Content Security Policy
 * violations (see `takeCspViolations`).
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    // Init scripts run through the DevTools protocol, so the policy does not block this one.
    await context.addInitScript(reportCspViolations);
    context.on('page', (page) => {
      page.on('console', (message) => {
        if (CSP_TEXT.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
      });
    });
    return context;
  };
  return browser;
}

/** What chromium's own console messages and ours say about a blocked script, style or image. */
const CSP_TEXT = /Content Security Policy/i;
const cspViolations = [];

/** In the page: turns each `securitypolicyviolation` event into a console error naming it. */
function reportCspViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`Content Security Policy violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || e.documentURI}:${e.lineNumber})`);
  });
}

/**
 * The Content Security Policy violations seen on any page since the last call, and forgets them.
 * Every test file asserts, after its tests, that there were none.
 */
export function takeCspViolations() {
  return cspViolations.splice(0);
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Saves full-page screenshots of the current page at phone and desktop width. */
export async function screenshots(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(PHONE);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page and fails on any serious or critical violation. */
export async function assertAccessible(page, name) {
  // Evaluated through the DevTools protocol: an inline <script> tag would be (rightly) blocked by
  // the pages' Content-Security-Policy.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { resultTypes: ['violations'] });
  });
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.deepEqual(report, [], `${name}: accessibility violations`);
}

/**
 * Collects page errors (uncaught exceptions) and Content Security Policy violations, so a test can
 * assert there were none.
 */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (message) => {
    if (CSP_TEXT.test(message.text())) errors.push(message.text());
  });
  return errors;
}

/** `wenlv user add` on the data dir: the one-time password is the last line of its output. */
export function addUser(dataDir, name, role) {
  const out = execFileSync(WENLV_BIN, ['--data-dir', dataDir, 'user', 'add', '--name', name, '--role', role], {
    env: { ...process.env, WENLV_LOG: 'warn' },
  }).toString();
  return out.trim().split('\n').pop();
}

/**
 * Signs in for the first time: the one-time password leads to the password page, a password of
 * one's own is chosen (which ends that session), and signing in with it opens /bureau/.
 */
export async function signIn(page, baseUrl, name, oneTime) {
  await page.goto(baseUrl + '/bureau/');
  assert.match(page.url(), /\/bureau\/sign-in\?next=/, 'a visitor is sent to sign in');
  await page.fill('#name', name);
  await page.fill('#password', oneTime);
  await Promise.all([page.waitForURL(/\/bureau\/password$/), page.click('#sign-in-form button[type=submit]')]);
  const own = `${name}-own-password`;
  await page.fill('#current', oneTime);
  await page.fill('#new', own);
  await Promise.all([page.waitForURL(/\/bureau\/sign-in$/), page.click('#password-form button[type=submit]')]);
  await page.fill('#name', name);
  await page.fill('#password', own);
  await Promise.all([page.waitForURL(/\/bureau\/$/), page.click('#sign-in-form button[type=submit]')]);
}
