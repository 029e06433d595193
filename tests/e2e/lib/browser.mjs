// Debian's Chromium driven by playwright-core, and pages that record what they do.
//
//   const s = await openPage(server.url('index.html'));
//   ... drive s.page ...
//   assertNoConsoleErrors(s);
//   assertSameOriginOnly(s);
//   await s.close();
//   // once, in after(): await closeBrowser();
//
// Every page gets a fresh browser context (empty localStorage and cookies).
// Requests to any origin other than the page's own are recorded and aborted,
// so a package that phones home fails the test instead of hanging on this
// closed network.
//
// COURSEPACK_E2E_SLOWMO=<n> slows the CPU of every page (and the frames in its
// process) n times, as a slower machine would (lib/wait.mjs); the default
// time limit of Playwright's actions and waits grows with it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium } from 'playwright-core';

import { ACTION_MS, SLOWMO } from './wait.mjs';

/** The browser the tests use; override with COURSEPACK_CHROMIUM. */
export const CHROMIUM_PATH = process.env.COURSEPACK_CHROMIUM || '/usr/bin/chromium';

/**
 * Flags needed on this closed network (see the machine notes). Playwright adds
 * `--headless`, `--no-sandbox` (chromiumSandbox is false by default) and a
 * fresh, temporary `--user-data-dir` itself; they are repeated here only where
 * Playwright accepts them.
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** @type {Promise<import('playwright-core').Browser> | null} */
let shared = null;

/**
 * Launch Chromium (headless, fresh temporary profile). Throws a clear error
 * when the browser is not installed: a missing browser never skips a test.
 * @param {{ args?: string[], env?: Record<string, string> }} [options]
 *   extra command-line flags and environment (the screenshot tests pin fonts with them)
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser({ args = [], env = {} } = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: run scripts/install-test-deps.sh (or set COURSEPACK_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false,
    args: [...CHROMIUM_ARGS, ...args],
    env: { ...process.env, CHROMIUM_FLAGS: '', ...env }, // Debian's wrapper reads extra flags from CHROMIUM_FLAGS
  });
}

/**
 * The browser shared by all pages of this test process, launched on first use.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function getBrowser() {
  shared ??= launchBrowser().catch((err) => {
    shared = null;
    throw err;
  });
  return shared;
}

/** Close the shared browser, if it was launched. Call it in `after()`. */
export async function closeBrowser() {
  const b = shared;
  shared = null;
  if (b) await (await b).close();
}

/**
 * @typedef {object} RecordedRequest
 * @property {string} url
 * @property {string} method
 * @property {string} resourceType
 * @property {boolean} allowed   false when it went to another origin (and was aborted)
 */

/**
 * @typedef {object} PageSession
 * @property {import('playwright-core').Page} page
 * @property {import('playwright-core').BrowserContext} context
 * @property {string[]} consoleErrors      console.error() messages and resource load errors
 * @property {string[]} pageErrors         uncaught exceptions and unhandled rejections
 * @property {RecordedRequest[]} requests  every request the page made, in order
 * @property {RecordedRequest[]} foreignRequests  requests to a disallowed origin
 * @property {string[]} failedRequests     HTTP status >= 400 or network failures (same origin;
 *   requests the browser itself cancelled, net::ERR_ABORTED, are not failures)
 * @property {(origin: string) => boolean} isAllowed
 * @property {() => Promise<void>} close
 */

/**
 * Open a URL in a new context of the shared browser, recording console
 * errors, page errors and every request. Requests to an origin other than the
 * URL's own (for `file:` URLs: anything but `file:`) are aborted and recorded.
 * `data:`, `blob:` and `about:` URLs are always allowed.
 *
 * @param {string} url
 * @param {object} [options]
 * @param {string[]} [options.allowedOrigins]  extra origins, e.g. an LMS page's
 * @param {import('playwright-core').BrowserContextOptions} [options.contextOptions]
 * @param {import('playwright-core').Browser} [options.browser]  instead of the shared one
 * @param {boolean} [options.goto=true]  navigate now (false: only set up)
 * @returns {Promise<PageSession>}
 */
export async function openPage(url, options = {}) {
  const browser = options.browser ?? (await getBrowser());
  const context = await browser.newContext({ ...options.contextOptions });
  context.setDefaultTimeout(ACTION_MS);
  const page = await context.newPage();
  if (SLOWMO > 1) {
    await throttle(context, page);
    // pages the package opens itself (a popup, a new window) run as slowly
    context.on('page', (p) => void throttle(context, p).catch(() => {}));
  }
  const home = originOf(url);
  const allowed = new Set([home, ...(options.allowedOrigins ?? []).map(originOf)]);
  const isAllowed = (u) => {
    const o = originOf(u);
    return allowed.has(o) || o === 'data:' || o === 'blob:' || o === 'about:';
  };

  /** @type {PageSession} */
  const session = {
    page,
    context,
    consoleErrors: [],
    pageErrors: [],
    requests: [],
    foreignRequests: [],
    failedRequests: [],
    isAllowed,
    close: () => context.close(),
  };

  await context.route('**/*', (route) => {
    const u = route.request().url();
    return isAllowed(u) ? route.continue() : route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const rec = { url: req.url(), method: req.method(), resourceType: req.resourceType(), allowed: isAllowed(req.url()) };
    session.requests.push(rec);
    if (!rec.allowed) session.foreignRequests.push(rec);
  });
  context.on('response', (res) => {
    if (res.status() >= 400 && isAllowed(res.url())) {
      session.failedRequests.push(`${res.status()} ${res.request().method()} ${res.url()}`);
    }
  });
  context.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? '';
    // ERR_ABORTED: cancelled by the browser (a reload or navigation while an
    // image was still loading), not a fault of the package.
    if (isAllowed(req.url()) && error !== 'net::ERR_ABORTED') {
      session.failedRequests.push(`${error} ${req.method()} ${req.url()}`);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      session.consoleErrors.push(`${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => session.pageErrors.push(err.stack || String(err)));
  // A WebSocket never goes through route(); record it so it cannot slip by.
  page.on('websocket', (ws) => {
    const rec = { url: ws.url(), method: 'GET', resourceType: 'websocket', allowed: isAllowed(ws.url()) };
    session.requests.push(rec);
    if (!rec.allowed) session.foreignRequests.push(rec);
  });

  if (options.goto !== false) await page.goto(url, { waitUntil: 'load' });
  return session;
}

/**
 * Slow a page's CPU down SLOWMO times (DevTools protocol
 * `Emulation.setCPUThrottlingRate`): its scripts, timers and rendering run as
 * on a slower machine, which is how the tests' races show themselves.
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page
 */
async function throttle(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWMO });
}

/**
 * Fail when the page logged console errors or threw uncaught errors.
 * @param {PageSession} session
 * @param {string} [what]  context for the message, e.g. the package name
 */
export function assertNoConsoleErrors(session, what = session.page.url()) {
  const all = [
    ...session.consoleErrors.map((e) => `console.error: ${e}`),
    ...session.pageErrors.map((e) => `uncaught: ${e}`),
  ];
  assert.ok(all.length === 0, `${what}: ${all.length} console/page error(s):\n  ${all.join('\n  ')}`);
}

/**
 * Fail when the page requested anything from another origin.
 * @param {PageSession} session
 * @param {string} [what]
 */
export function assertSameOriginOnly(session, what = session.page.url()) {
  const list = session.foreignRequests.map((r) => `${r.method} ${r.url} (${r.resourceType})`);
  assert.ok(list.length === 0, `${what}: ${list.length} request(s) to another origin:\n  ${list.join('\n  ')}`);
}

/**
 * Fail when a same-origin request failed or answered with status >= 400
 * (a file missing from the package, for instance).
 * @param {PageSession} session
 * @param {string} [what]
 */
export function assertNoFailedRequests(session, what = session.page.url()) {
  const list = session.failedRequests;
  assert.ok(list.length === 0, `${what}: ${list.length} failed request(s):\n  ${list.join('\n  ')}`);
}

/**
 * The origin of a URL as this harness compares them: `scheme://host:port` for
 * http(s), `file:`/`data:`/`blob:`/`about:` for the others.
 * @param {string} url
 * @returns {string}
 */
export function originOf(url) {
  const u = new URL(url);
  if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') {
    return `${u.protocol.replace(/^ws/, 'http')}//${u.host}`;
  }
  return u.protocol;
}
