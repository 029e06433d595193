// Browser tests of the web target's packages.
//
//   COURSEPACK_E2E_PACKAGES=<dir of built zips> node --test tests/e2e/web.test.mjs
//
// (`cargo xtask e2e` builds the packages and sets the variable.) Every web zip
// under that directory (lib/packages.mjs) is extracted, served on 127.0.0.1 and opened in headless
// Chromium; each is also opened from file://. The player's DOM contract is
// described in lib/player.mjs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe } from 'node:test';

import { runAxe } from './lib/axe.mjs';
import { assertNoConsoleErrors, assertNoFailedRequests, assertSameOriginOnly, closeBrowser, openPage } from './lib/browser.mjs';
import { focused, focusIndicator, focusObscured, pressEnter, pressSpace, tabbables, tabTo } from './lib/keyboard.mjs';
import { expectPage, playerState, uiStrings } from './lib/player.mjs';
import { findPackages } from './lib/packages.mjs';
import { startServer } from './lib/server.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { waitInPage } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;
const zips = packagesDir ? findPackages(packagesDir, 'web') : [];

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built web packages', () => {
    assert.fail(
      'COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`, or build web packages and set it to their directory',
    );
  });
} else if (zips.length === 0) {
  test('there are web packages to test', () => {
    assert.fail(`no .zip under COURSEPACK_E2E_PACKAGES=${packagesDir}`);
  });
}

after(closeBrowser);

for (const zip of zips) {
  describe(path.relative(packagesDir, zip), () => {
    let dir;
    let server;
    before(async () => {
      dir = await extractZip(zip);
      assert.ok(fs.existsSync(path.join(dir, 'index.html')), `${zip} has no index.html at its root`);
      server = await startServer({ root: dir });
    });
    after(async () => {
      await server?.close();
      if (dir) await removeDir(dir);
    });

    /** Open index.html in a fresh context, run fn, then check the page behaved. */
    const withPlayer = (fn, url = () => server.url('index.html')) => async () => {
      const s = await openPage(url());
      try {
        const state = await playerState(s.page);
        await fn(s, state, uiStrings(state.lang));
        await s.page.waitForLoadState('networkidle');
        assertSameOriginOnly(s);
        assertNoConsoleErrors(s);
        assertNoFailedRequests(s);
      } finally {
        await s.close();
      }
    };

    test(
      'follows the page structure contract',
      withPlayer(async ({ page }, state) => {
        assert.match(state.lang, /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$/, '<html lang> is missing or not a language tag');
        assert.ok(state.pageIds.length > 0, 'no section.cp-page');
        for (const id of state.pageIds) assert.match(id, /^page-./, `page section id "${id}" is not "page-<id>"`);
        assert.equal(await page.locator('main#cp-main').count(), 1, 'exactly one <main id="cp-main">');
        assert.equal(await page.locator('main#cp-main section.cp-page').count(), state.pageIds.length, 'pages outside main');
        await expectPage(page, 0, { what: 'on opening' });
        const tocTargets = await page.$$eval('nav a[href^="#page-"]', (as) => as.map((a) => a.getAttribute('href')));
        for (const id of state.pageIds) assert.ok(tocTargets.includes(`#${id}`), `no <nav> link to #${id}`);
      }),
    );

    test(
      'first Tab focuses the skip link, which leads to the main content',
      withPlayer(async ({ page }, _state, t) => {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        assert.equal(f.role, 'link', `first focus stop is ${f.html}`);
        assert.equal(f.name.replace(/\u2019/g, "'"), t.skip, `first focus stop is named "${f.name}"`);
        assert.equal(f.href, '#cp-main');
        assert.ok((await focusIndicator(page)).visible, 'the focused skip link has no visible focus indicator');
        await pressEnter(page);
        await page.keyboard.press('Tab');
        const after = await page.evaluate(() => {
          const main = document.getElementById('cp-main');
          const a = document.activeElement;
          return Boolean(a && (main.contains(a) || main.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));
        });
        assert.ok(after, `after the skip link, Tab went to ${(await focused(page)).html}, before the main content`);
      }),
    );

    test(
      'keyboard alone goes from the first page to the last',
      withPlayer(async ({ page }, state, t) => {
        const total = state.pageIds.length;
        for (let i = 0; i < total - 1; i++) {
          await tabTo(page, { name: t.next, role: 'button' });
          assert.ok((await focusIndicator(page)).visible, `page ${i + 1}: the focused ${t.next} button has no visible focus indicator`);
          // Alternate the two keys that activate a button.
          if (i % 2 === 0) await pressEnter(page);
          else await pressSpace(page);
          await expectPage(page, i + 1, { what: `after ${t.next} on page ${i + 1}`, focusHeading: true });
        }
        const names = (await tabbables(page)).filter((c) => c.role === 'button').map((c) => c.name);
        assert.ok(!names.includes(t.next), `the last page still offers "${t.next}" (buttons: ${names.join(', ')})`);
        if (names.includes(t.finish)) {
          await tabTo(page, { name: t.finish, role: 'button' });
          await pressEnter(page);
          await expectPage(page, total - 1, { what: `after ${t.finish}` });
        }
      }),
    );

    test(
      'the Previous control goes back',
      withPlayer(async ({ page }, state, t) => {
        if (state.pageIds.length < 2) {
          const names = (await tabbables(page)).map((c) => c.name);
          assert.ok(!names.includes(t.previous), `a one-page module offers "${t.previous}"`);
          return;
        }
        await tabTo(page, { name: t.next, role: 'button' });
        await pressEnter(page);
        await expectPage(page, 1, { what: `after ${t.next}` });
        // Previous may come before or after the heading in Tab order.
        let reached = await tabTo(page, { name: t.previous, role: 'button', max: 30 }).catch(() => null);
        reached ??= await tabTo(page, { name: t.previous, role: 'button', backwards: true });
        await pressSpace(page);
        await expectPage(page, 0, { what: `after ${t.previous}`, focusHeading: true });
      }),
    );

    test(
      "keeps the learner's place across a reload",
      withPlayer(async ({ page }, state, t) => {
        const target = Math.min(2, state.pageIds.length - 1);
        for (let i = 0; i < target; i++) {
          await tabTo(page, { name: t.next, role: 'button' });
          await pressEnter(page);
          await expectPage(page, i + 1);
        }
        // the player saves at the next tick after the page change, not during it
        const stored = await waitInPage(page, () => localStorage.length, null, { what: 'the learner state to be stored in localStorage' }).catch(() => 0);
        assert.ok(stored > 0, 'nothing was stored in localStorage');
        await page.reload({ waitUntil: 'load' });
        await expectPage(page, target, { what: 'after a reload' });
        await page.goto(server.url('index.html'), { waitUntil: 'load' });
        await expectPage(page, target, { what: 'opening index.html again (no fragment)' });
      }),
    );

    test(
      'the table of contents opens a page by keyboard',
      withPlayer(async ({ page }, state) => {
        const last = state.pageIds.length - 1;
        const href = `#${state.pageIds[last]}`;
        const name = await page.$eval(`nav a[href="${href}"]`, (a) => a.innerText.replace(/\s+/g, ' ').trim());
        const reached = await tabTo(page, { name, role: 'link' });
        assert.equal(reached.href, href, `Tab reached a link named "${name}" that is not the contents entry`);
        await pressEnter(page);
        await expectPage(page, last, { what: `after the contents link "${name}"`, focusHeading: true });
      }),
    );

    test(
      'reflows at 320 CSS pixels wide (400% zoom) without scrolling sideways',
      withPlayer(async ({ page }, state, t) => {
        await page.setViewportSize({ width: 320, height: 256 });
        const wide = [];
        for (let i = 0; i < state.pageIds.length; i++) {
          if (i > 0) {
            await page.getByRole('button', { name: t.next, exact: true }).click();
            await expectPage(page, i);
          }
          const { scroll, view } = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            view: document.documentElement.clientWidth,
          }));
          if (scroll > view) wide.push(`page ${i + 1} (#${state.pageIds[i]}) is ${scroll}px wide in a ${view}px viewport`);
        }
        assert.ok(wide.length === 0, `horizontal scrolling at 320px (WCAG 1.4.10):\n  ${wide.join('\n  ')}`);
      }),
    );

    test(
      'every focus stop on every page has a visible, unobscured focus indicator',
      withPlayer(async ({ page }, state, t) => {
        const problems = new Set();
        for (let i = 0; i < state.pageIds.length; i++) {
          if (i > 0) {
            // By keyboard: after a click, Chromium does not match :focus-visible
            // for programmatic focus, and players rightly style :focus-visible.
            await tabTo(page, { name: t.next, role: 'button' });
            await pressEnter(page);
            await expectPage(page, i);
          }
          // Start at the skip link and Tab round until it comes back.
          await page.locator('a.cp-skip').focus();
          for (let k = 0; k < 300; k++) {
            const f = await focused(page);
            if (!f.isBody) {
              const where = `page ${i + 1}: ${f.role || f.tag} "${f.name.slice(0, 60)}"`;
              if (!(await focusIndicator(page)).visible) problems.add(`${where} has no visible focus indicator`);
              const hidden = await focusObscured(page);
              if (hidden) problems.add(`${where} is focused but ${hidden}`);
            }
            await page.keyboard.press('Tab');
            if (await page.evaluate(() => document.activeElement?.matches('a.cp-skip'))) break;
          }
        }
        assert.ok(problems.size === 0, `focus problems (WCAG 2.4.7, 2.4.11):\n  ${[...problems].join('\n  ')}`);
      }),
    );

    test('has no axe-core violations (WCAG 2.x A/AA) on any page', withPlayer(async ({ page }, state, t) => {
      const problems = [];
      for (let i = 0; i < state.pageIds.length; i++) {
        if (i > 0) {
          // Clicking is fine here: this test is about each page's content.
          await page.getByRole('button', { name: t.next, exact: true }).click();
          await expectPage(page, i);
        }
        const { violations, summary } = await runAxe(page);
        if (violations.length) problems.push(`page ${i + 1} (#${state.pageIds[i]}):\n${summary}`);
      }
      assert.ok(problems.length === 0, `axe violations:\n${problems.join('\n')}`);
    }));

    test(
      'works opened from file://',
      withPlayer(
        async ({ page }, _state, t) => {
          await expectPage(page, 0, { what: 'from file://' });
          await tabTo(page, { name: t.next, role: 'button' });
          await pressEnter(page);
          await expectPage(page, 1, { what: `from file://, after ${t.next}`, focusHeading: true });
        },
        () => pathToFileURL(path.join(dir, 'index.html')).href,
      ),
    );
  });
}
