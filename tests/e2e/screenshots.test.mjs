// Screenshot tests: every screen of screens/list.mjs at 320, 768 and 1280 px
// wide (and in dark mode where asked), compared with the reviewed references
// in screens/reference/ (lib/screenshot.mjs says how, and how closely).
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/screenshots.test.mjs
//   COURSEPACK_UPDATE_SCREENSHOTS=1 ...   # write new references for the screens that changed
//   COURSEPACK_SCREENS=quiz,finish ...    # only these screens (names as in the list)
//
// (`cargo xtask e2e` runs it with the others; `cargo xtask screenshots
// [--update]` runs only it.) The fixtures in fixtures/screens/ are built with
// $COURSEPACK_BIN for the targets the screens need, once each.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';

import { fakeLrs } from './lib/fake-lrs.mjs';
import { openPage } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { WIDTHS, matchReference, screenshotBrowser, takeScreenshot } from './lib/screenshot.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { test } from './lib/test.mjs';
import { SCREENS } from './screens/list.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'screens');
const cli = process.env.COURSEPACK_BIN;
const only = (process.env.COURSEPACK_SCREENS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const screens = SCREENS.filter((s) => only.length === 0 || only.includes(s.name));

/** The phone height a screen is first laid out at; screenshots take the full page height. */
const VIEWPORT_HEIGHT = 720;

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e` or `cargo xtask screenshots`, or set it to a built coursepack binary');
  });
} else {
  test('every screen in the list has a unique name and an existing fixture', () => {
    const names = new Set();
    for (const s of SCREENS) {
      assert.ok(!names.has(s.name), `two screens are named ${s.name}`);
      names.add(s.name);
      assert.ok(fs.existsSync(path.join(fixtures, s.fixture)), `screen ${s.name}: no fixture folder fixtures/screens/${s.fixture}`);
    }
    for (const name of only) assert.ok(names.has(name), `COURSEPACK_SCREENS names ${name}, which is not in screens/list.mjs`);
  });

  describe('screenshots', () => {
    /** @type {import('playwright-core').Browser} */
    let browser;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-screens-'));
    /** @type {Map<string, { dir: string, server: Awaited<ReturnType<typeof startServer>>, lrs: ReturnType<typeof fakeLrs> }>} */
    const built = new Map();

    before(async () => {
      browser = await screenshotBrowser();
    });
    after(async () => {
      await browser?.close();
      for (const b of built.values()) {
        await b.server.close();
        await removeDir(b.dir);
      }
      fs.rmSync(out, { recursive: true, force: true });
    });

    /** The fixture built for the target, extracted and served (once per pair). */
    async function package_(fixture, target) {
      const key = `${fixture}:${target}`;
      if (!built.has(key)) {
        const stdout = execFileSync(cli, ['build', path.join(fixtures, fixture), '--target', target, '--out', out], { encoding: 'utf8' });
        const zip = stdout.trim().split('\n').pop() ?? '';
        assert.ok(zip.endsWith(`-${target}.zip`) && fs.existsSync(zip), `coursepack build printed no ${target} zip for ${fixture}: ${stdout}`);
        const dir = await extractZip(zip);
        const lrs = fakeLrs();
        const server = await startServer({
          root: dir,
          routes: { 'POST /__bench/fetch': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'auth-token': 'c2NyZWVuOnNjcmVlbg==' })), '/__bench/lrs/*': lrs.handler },
        });
        built.set(key, { dir, server, lrs });
      }
      return /** @type {NonNullable<ReturnType<typeof built.get>>} */ (built.get(key));
    }

    /** Where a package is opened: index.html, with launch parameters for cmi5. */
    function launchUrl(target, { dir, server }) {
      if (target !== 'cmi5') return server.url('index.html');
      const xml = fs.readFileSync(path.join(dir, 'cmi5.xml'), 'utf8');
      const activityId = /<au\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1].replace(/&amp;/g, '&') ?? '';
      const q = new URLSearchParams({
        endpoint: server.url('__bench/lrs/'),
        fetch: server.url('__bench/fetch'),
        registration: crypto.randomUUID(),
        activityId,
        actor: JSON.stringify({ objectType: 'Agent', name: 'Screen Learner', account: { homePage: 'https://lms.invalid', name: 'screen' } }),
      });
      return `${server.url('index.html')}?${q}`;
    }

    for (const screen of screens) {
      test(screen.name, async () => {
        const target = screen.target ?? 'web';
        const pkg = await package_(screen.fixture, target);
        const s = await openPage(launchUrl(target, pkg), {
          browser,
          goto: false,
          contextOptions: { viewport: { width: WIDTHS[WIDTHS.length - 1], height: VIEWPORT_HEIGHT }, deviceScaleFactor: 1, reducedMotion: 'reduce', colorScheme: 'light' },
        });
        const { page } = s;
        try {
          await page.goto(launchUrl(target, pkg), { waitUntil: 'load' });
          await waitForPlayer(page);
          /** @type {import('./screens/list.mjs').Steps} */
          const steps = {
            goTo: async (id) => {
              await page.evaluate((hash) => { window.location.hash = hash; }, `#page-${id}`);
              await page.locator(`section#page-${id}`).waitFor({ state: 'visible' });
            },
            click: (sel) => page.locator(sel).first().click(),
            press: (key) => page.keyboard.press(key),
            reload: async () => {
              await page.reload({ waitUntil: 'load' });
              await waitForPlayer(page);
            },
          };
          if (screen.show) await screen.show(page, steps);
          // No focus ring of the last click in the picture (focus rings have tests of their own).
          await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur?.());
          // Nor a hover state: the pointer rests where the last click was, and whether the
          // re-rendered element under it is drawn hovered would depend on timing.
          await page.mouse.move(0, 0);
          const problems = [];
          for (const scheme of screen.dark ? ['light', 'dark'] : ['light']) {
            await page.emulateMedia({ colorScheme: /** @type {'light' | 'dark'} */ (scheme), reducedMotion: 'reduce' });
            for (const width of WIDTHS) {
              await page.setViewportSize({ width, height: VIEWPORT_HEIGHT });
              const png = screen.selector
                ? await page.locator(screen.selector).first().screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' })
                : await takeScreenshot(page);
              const name = `${screen.name}-${width}${scheme === 'dark' ? '-dark' : ''}`;
              const verdict = matchReference(name, png);
              if (verdict.updated) process.stderr.write(`screenshots: ${verdict.message}\n`);
              if (!verdict.ok) problems.push(verdict.message);
            }
          }
          assert.ok(problems.length === 0, `${problems.length} screenshot(s) differ from their references:\n  ${problems.join('\n  ')}`);
        } finally {
          await s.close();
        }
      });
    }
  });
}

/** Wait until the player has started (or a page without the player has loaded). */
async function waitForPlayer(page) {
  await page.waitForFunction(() => {
    const cp = /** @type {any} */ (window).coursepack;
    if (!cp) return document.readyState === 'complete';
    // the xAPI course page: settled once it shows what the LRS said (course.js)
    if (document.getElementById('cp-course-data')) return document.documentElement.dataset.cpCourse === 'settled';
    if (document.getElementById('cp-session-ended')) return true;
    if (!/** @type {any} */ (window).__cpReadyHooked) {
      /** @type {any} */ (window).__cpReadyHooked = true;
      cp.on('ready', () => { /** @type {any} */ (window).__cpReady = true; });
    }
    return /** @type {any} */ (window).__cpReady === true;
  });
}
