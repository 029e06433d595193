// Waiting for a condition, never for a length of time.
//
//   await waitInPage(page, () => document.title === 'Done', null, { what: 'the title to say Done' });
//   await waitUntil(() => lms.commits.length > 0, { what: 'the first commit to reach the LMS' });
//
// The player saves at the next tick (player.js createSaver), the LMS hears of
// a finish by sendBeacon after the call returned, Playwright reports console
// messages and requests after they happened: a test reads such a record only
// once the condition it expects is there. Every wait is bounded, and fails
// saying what it waited for.
//
// COURSEPACK_E2E_SLOWMO=<n> (n > 1) slows every page's CPU n times (through
// the DevTools protocol, lib/browser.mjs) to shake out races on a fast
// machine; the time limits here grow with it.

/**
 * How many times slower the browser is made to run (COURSEPACK_E2E_SLOWMO;
 * 1 when unset or not a number above 1).
 */
export const SLOWMO = slowmoFrom(process.env.COURSEPACK_E2E_SLOWMO);

/**
 * The time limit of a wait for something the page or the LMS does in response
 * to the test (a page shown, a save, a commit): generous for a slow CI machine,
 * finite so that a defect fails instead of hanging.
 */
export const WAIT_MS = 15000 * SLOWMO;

/**
 * The time limit of a wait for the page's own answer to a key press (a page
 * shown, focus moved: one or two tasks of its event loop). Shorter than
 * WAIT_MS so that a package with a dead control fails its tests quickly
 * (harness.test.mjs runs web.test.mjs against such packages), still many
 * times what a slow machine needs.
 */
export const PAGE_MS = 5000 * SLOWMO;

/**
 * The default time limit of each Playwright action and wait in a page
 * (Playwright's own default is 30 s; it grows with COURSEPACK_E2E_SLOWMO).
 */
export const ACTION_MS = 30000 * SLOWMO;

/**
 * Parse the slow-down factor: a finite number above 1, else 1.
 * @param {string | undefined} text
 * @returns {number}
 */
export function slowmoFrom(text) {
  const n = Number(text);
  return Number.isFinite(n) && n > 1 ? n : 1;
}

/**
 * Wait until `fn(arg)` is truthy in a page or frame; returns its value. On
 * time-out, fails with "timed out after N ms waiting for <what>".
 * @template T
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 * @param {(arg: any) => T} fn  runs in the page
 * @param {any} arg
 * @param {{ what: string, timeout?: number }} options
 * @returns {Promise<T>}
 */
export async function waitInPage(target, fn, arg, { what, timeout = WAIT_MS }) {
  try {
    const handle = await target.waitForFunction(fn, arg, { timeout });
    // a value that cannot be serialised (a DOM node) stands for itself: it was truthy
    const value = await handle.jsonValue().catch(() => true);
    await handle.dispose().catch(() => {});
    return value;
  } catch (err) {
    if (err?.name === 'TimeoutError') throw new Error(`timed out after ${timeout} ms waiting for ${what}`, { cause: err });
    throw err;
  }
}

/**
 * Wait until `check()` (run in this process, e.g. on what a test server or a
 * page session recorded) is truthy; returns its value. On time-out, fails with
 * "timed out after N ms waiting for <what>" and, when given, `describe()`'s
 * account of what was there instead.
 * @template T
 * @param {() => T | Promise<T>} check
 * @param {{ what: string, timeout?: number, interval?: number, describe?: () => string }} options
 * @returns {Promise<T>}
 */
export async function waitUntil(check, { what, timeout = WAIT_MS, interval = 20, describe }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) {
      const seen = describe ? ` (${describe()})` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
