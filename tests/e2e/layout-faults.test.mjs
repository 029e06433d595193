// Browser tests of five layout faults seen in screenshots (issue 15, "The
// look"): the contents list's number beside the last line of a wrapped title,
// "(visited)" drawn on every contents entry, the cmi5 page for an ended
// session squeezed into the 16rem contents column, the xAPI course page
// (no layout wrapper, each section numbered from 1), and diagrams whose text
// shrinks below 12 px on a phone (a link to the full-size image).
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/layout-faults.test.mjs
//
// Fixtures: fixtures/screens/look (its second page's title wraps on a phone),
// fixtures/screens/course (an xAPI course in two sections).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe } from 'node:test';

import pngjs from 'pngjs';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { closeBrowser, openPage } from './lib/browser.mjs';
import { fakeLrs } from './lib/fake-lrs.mjs';
import { focused } from './lib/keyboard.mjs';
import { expectPage, waitForPlayerReady } from './lib/player.mjs';
import { startServer } from './lib/server.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { test } from './lib/test.mjs';

const { PNG } = pngjs;
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.COURSEPACK_BIN;

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
  });
}

after(closeBrowser);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-layout-e2e-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Build `fixture` (relative to fixtures/) for `target`; returns the extracted folder. */
async function build(fixture, target) {
  const out = path.join(tmp, `${fixture.replace(/\W/g, '-')}-${target}`);
  const stdout = execFileSync(cli, ['build', path.join(here, 'fixtures', fixture), '--target', target, '--out', out], { encoding: 'utf8' });
  const zip = stdout.trim().split('\n').pop() ?? '';
  assert.ok(fs.existsSync(zip), `no zip for ${fixture} ${target}: ${stdout}`);
  return extractZip(zip);
}

describe('the contents list', { skip: !cli }, () => {
  test("on a phone a wrapped title's number sits beside its first line; (visited) is for screen readers only", async () => {
    const dir = await build('screens/look', 'web');
    const server = await startServer({ root: dir });
    const s = await openPage(server.url('index.html#page-looking-after-items'), { contextOptions: { viewport: { width: 320, height: 640 } } });
    try {
      const { page } = s;
      await waitForPlayerReady(page);
      await expectPage(page, 1);
      const wrap = await page.evaluate(() => {
        window.scrollTo(0, 0);
        const a = document.querySelector('.cp-toc-list a[data-page-id="looking-after-items"]');
        const range = document.createRange();
        range.selectNodeContents(a.firstChild);
        const lines = [...range.getClientRects()].map((r) => ({ top: r.top, bottom: r.bottom }));
        const li = a.closest('li').getBoundingClientRect();
        return { lines, liLeft: li.left };
      });
      const tops = [...new Set(wrap.lines.map((r) => Math.round(r.top)))];
      assert.ok(tops.length > 1, `the title wraps at 320 px (line tops ${tops})`);
      // The number is the list marker, drawn left of the item: look for its ink
      // beside the title's first line and beside its last.
      const first = wrap.lines[0];
      const last = wrap.lines.at(-1);
      const ink = async (line) => {
        const png = PNG.sync.read(await page.screenshot({
          clip: { x: Math.max(wrap.liLeft - 24, 0), y: line.top, width: Math.min(22, wrap.liLeft), height: line.bottom - line.top },
        }));
        let dark = 0;
        for (let i = 0; i < png.data.length; i += 4) if (png.data[i] + png.data[i + 1] + png.data[i + 2] < 3 * 128) dark++;
        return dark;
      };
      const [atFirst, atLast] = [await ink(first), await ink(last)];
      assert.ok(atFirst > 0 && atLast === 0, `the number is beside the first line (${atFirst} dark pixels there, ${atLast} beside the last)`);
      const marks = await page.evaluate(() => [...document.querySelectorAll('.cp-toc-list a')].map((a) => {
        const mark = a.querySelector('.cp-toc-visited');
        const r = mark.getBoundingClientRect();
        return { id: a.dataset.pageId, hidden: mark.hidden, drawn: r.width > 1 && r.height > 1, name: a.textContent.replace(/\s+/g, ' ').trim() };
      }));
      const seen = marks.find((m) => m.id === 'looking-after-items');
      assert.deepEqual({ hidden: seen.hidden, drawn: seen.drawn }, { hidden: false, drawn: false }, 'a visited page says so, but not on screen');
      assert.match(seen.name, /\(visited\)$/, 'the link keeps "(visited)" in its accessible text');
      assert.ok(marks.filter((m) => m.id !== 'looking-after-items').every((m) => m.hidden), 'pages never shown are not marked visited');
      await assertNoAxeViolations(page, 'contents on a phone');
    } finally {
      await s.close();
      await server.close();
      await removeDir(dir);
    }
  });
});

describe('the cmi5 page for an ended session', { skip: !cli }, () => {
  test('uses the whole column, not the contents column', async () => {
    const dir = await build('screens/look', 'cmi5');
    const lrs = fakeLrs();
    const server = await startServer({
      root: dir,
      routes: {
        'POST /__bench/fetch': (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'auth-token': 'bG9vazpsb29r' })),
        '/__bench/lrs/*': lrs.handler,
      },
    });
    const xml = fs.readFileSync(path.join(dir, 'cmi5.xml'), 'utf8');
    const q = new URLSearchParams({
      endpoint: server.url('__bench/lrs/'),
      fetch: server.url('__bench/fetch'),
      registration: crypto.randomUUID(),
      activityId: /<au\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1].replace(/&amp;/g, '&') ?? '',
      actor: JSON.stringify({ objectType: 'Agent', name: 'Layout', account: { homePage: 'https://lms.invalid', name: 'layout' } }),
    });
    const s = await openPage(`${server.url('index.html')}?${q}`, { contextOptions: { viewport: { width: 1280, height: 800 } } });
    try {
      const { page } = s;
      await waitForPlayerReady(page);
      // a second launch with the same fetch URL: the session has ended
      await page.reload({ waitUntil: 'load' });
      await page.locator('#cp-session-ended').waitFor();
      const width = await page.evaluate(() => document.getElementById('cp-session-ended').getBoundingClientRect().width);
      assert.ok(width > 500, `the ended page's text is ${width}px wide (it was squeezed into the 16rem contents column)`);
      assert.equal((await focused(page)).id, 'cp-session-ended-title');
      await assertNoAxeViolations(page, 'cmi5 ended page');
    } finally {
      await s.close();
      await server.close();
      await removeDir(dir);
    }
  });
});

describe('the xAPI course page', { skip: !cli }, () => {
  test('a centred column, modules numbered across sections, the licence by name', async () => {
    const dir = await build('screens/course', 'xapi');
    const server = await startServer({ root: dir });
    const s = await openPage(server.url('index.html'), { contextOptions: { viewport: { width: 1280, height: 800 } } });
    try {
      const { page } = s;
      const layout = await page.evaluate(() => ({
        starts: [...document.querySelectorAll('ol.cp-course-modules')].map((ol) => ol.start),
        markers: [...document.querySelectorAll('ol.cp-course-modules > li')].map((li) => getComputedStyle(li, '::before').content),
        left: document.querySelector('main h1').getBoundingClientRect().left,
        licence: document.querySelector('footer a[rel="license"]')?.textContent,
      }));
      // the second section goes on from the first's two modules (it began at 1 again)
      assert.deepEqual(layout.starts, [1, 3]);
      assert.ok(layout.left > 100, `the course page's text starts ${layout.left}px from the edge (it was at 0)`);
      assert.ok(layout.licence, 'the licence by name, with its page');
      await assertNoAxeViolations(page, 'course page');
      // a phone: the text keeps a margin and nothing scrolls sideways
      await page.setViewportSize({ width: 320, height: 640 });
      const phone = await page.evaluate(() => ({
        left: document.querySelector('main h1').getBoundingClientRect().left,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }));
      assert.ok(phone.left >= 12, `the text starts ${phone.left}px from the edge on a phone`);
      assert.equal(phone.overflow, 0, 'no sideways scrolling on a phone');
    } finally {
      await s.close();
      await server.close();
      await removeDir(dir);
    }
  });
});

describe('a diagram whose text is too small on a phone', { skip: !cli }, () => {
  test('offers a link to open it at full size, on phones only', async () => {
    // fixtures/screens/look/media/storage.svg: its smallest text is under 12 px at 320 px
    // (the build warns a11y/small-svg-text)
    const dir = await build('screens/look', 'web');
    const server = await startServer({ root: dir });
    const s = await openPage(server.url('index.html#page-looking-after-items'), { contextOptions: { viewport: { width: 320, height: 640 } } });
    try {
      const { page } = s;
      await waitForPlayerReady(page);
      const link = await page.evaluate(() => {
        const a = document.querySelector('figure .cp-zoom');
        return { href: a?.getAttribute('href'), target: a?.getAttribute('target'), rel: a?.getAttribute('rel'), text: a?.textContent, shown: a?.checkVisibility() };
      });
      assert.deepEqual(link, { href: 'media/storage.svg', target: '_blank', rel: 'noopener', text: 'Open full size (new tab)', shown: true });
      await assertNoAxeViolations(page, 'page with the full-size link');
      await page.setViewportSize({ width: 1280, height: 800 });
      assert.equal(await page.evaluate(() => document.querySelector('figure .cp-zoom').checkVisibility()), false, 'not on a laptop');
    } finally {
      await s.close();
      await server.close();
      await removeDir(dir);
    }
  });
});
