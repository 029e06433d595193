// The set-up the xAPI and cmi5 browser tests share (xapi.test.mjs,
// cmi5.test.mjs): the built packages of one target, Ralph as the LRS for the
// whole file, and reading a registration's statements back from it.
//
//   const suite = lrsSuite('cmi5');       // at the top level of a test file
//   suite.zips                            // the *-cmi5.zip packages to test
//   suite.ralph                           // Ralph, once the file's before hook ran
//   await suite.statements(registration, 2)   // once 2 terminated are in
//
// A missing COURSEPACK_E2E_PACKAGES, or no package of the target, is a
// failing test, never a skip.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { closeBrowser } from './browser.mjs';
import { findPackages } from './packages.mjs';
import { startRalph } from './ralph.mjs';
import { verbOf } from './xapi-checks.mjs';

/**
 * Registers the file's hooks (Ralph started before the tests, Ralph and the
 * browser stopped after them) and the failing tests for missing packages.
 * @param {'xapi' | 'cmi5'} target
 */
export function lrsSuite(target) {
  const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;
  const zips = packagesDir ? findPackages(packagesDir, target) : [];
  if (!packagesDir) {
    test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
      assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`');
    });
  } else if (zips.length === 0) {
    test(`there are ${target} packages to test`, () => assert.fail(`no *-${target}.zip under ${packagesDir}`));
  }

  const suite = {
    packagesDir,
    zips,
    /** @type {Awaited<ReturnType<typeof startRalph>> | null} */
    ralph: null,
    /**
     * The statements Ralph holds for `registration`, in stored order, once
     * `count` terminated statements are among them (or after 30 s, for the
     * assertions to say what is missing).
     */
    async statements(registration, count = 1) {
      const end = Date.now() + 30000;
      let list = [];
      while (Date.now() < end) {
        list = await suite.ralph.statements({ registration });
        if (list.filter((s) => verbOf(s) === 'terminated').length >= count) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      return list;
    },
  };
  before(async () => { if (zips.length) suite.ralph = await startRalph(); });
  after(async () => {
    await closeBrowser();
    await suite.ralph?.stop();
  });
  return suite;
}
