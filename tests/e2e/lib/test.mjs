// node:test's `test`, with a time limit on each test.
//
//   import { test } from './lib/test.mjs';
//   test('a learner completes it', async () => { ... });
//
// node:test sets no limit by default (and, on Node 20, `--test-timeout` limits
// a whole file, not each test), so a wait that never ends would hang CI. The
// limit is far above what the longest test takes on a loaded machine (about a
// minute for a six-module course), so a slower CI machine never meets it; it
// grows with COURSEPACK_E2E_SLOWMO (lib/wait.mjs). A test can still give its
// own `timeout`.

import { test as nodeTest } from 'node:test';

import { SLOWMO } from './wait.mjs';

/** Each test's time limit, in ms. */
export const TEST_MS = 10 * 60 * 1000 * SLOWMO;

/**
 * Declare a test with TEST_MS as its time limit (node:test's signatures:
 * `test(name, fn)` or `test(name, options, fn)`).
 * @param {string} name
 * @param {import('node:test').TestOptions | Function} [options]
 * @param {Function} [fn]
 */
export function test(name, options, fn) {
  if (typeof options === 'function') return nodeTest(name, { timeout: TEST_MS }, options);
  return nodeTest(name, { timeout: TEST_MS, ...options }, fn);
}
