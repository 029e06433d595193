// The first page a learner sees (issue 15, the bench's first-page row): the
// browser paints nothing of a module before the player has chosen the page to
// show, so no frame shows every page at once (the layout without JavaScript)
// or page 1 to a learner who resumes elsewhere.
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/first-paint.test.mjs
//
// What makes it so (see docs/performance.md, "First page"): index.html loads
// player.js with `defer blocking="render"`, so Chromium renders nothing until
// the script has run, and the player boots in the DOMContentLoaded event that
// follows it, not a task later. An init script in every frame records, with no
// clock: the first frame that has the module's pages in it (a
// requestAnimationFrame callback runs just before each frame is drawn), and,
// when the player first hides a page, whether DOMContentLoaded was still being
// dispatched and whether anything had been painted.
//
// Fixture: fixtures/screens/look (four pages and a quiz).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, describe } from 'node:test';

import { closeBrowser, openPage } from './lib/browser.mjs';
import { fakeLrs } from './lib/fake-lrs.mjs';
import { expectPage, waitForPlayerReady } from './lib/player.mjs';
import { send, startServer } from './lib/server.mjs';
import { extractZip } from './lib/unzip.mjs';
import { waitInPage } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.COURSEPACK_BIN;
const FIXTURE = path.join(here, 'fixtures', 'screens', 'look');
const TARGETS = ['web', 'scorm12', 'scorm2004', 'xapi', 'cmi5'];

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
  });
}

after(closeBrowser);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-first-paint-e2e-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Build the fixture for `target`; returns the extracted folder. */
async function build(target) {
  const out = path.join(tmp, target);
  const stdout = execFileSync(cli, ['build', FIXTURE, '--target', target, '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const zip = stdout.trim().split('\n').pop() ?? '';
  assert.ok(fs.existsSync(zip), `no zip for ${target}: ${stdout}`);
  return extractZip(zip);
}

/** The first `<tag ... id="...">` id in a manifest file of the package. */
function manifestId(dir, file, tag) {
  const m = new RegExp(`<${tag}\\b[^>]*\\bid="([^"]+)"`).exec(fs.readFileSync(path.join(dir, file), 'utf8'));
  assert.ok(m, `${file} has a <${tag} id>`);
  return m[1].replace(/&amp;/g, '&');
}

/** An LMS page: npm scorm-again's API for `std` in this window, the package in an iframe. */
function lmsPage(std) {
  const [ctor, global] = std === 'scorm12' ? ['Scorm12API', 'API'] : ['Scorm2004API', 'API_1484_11'];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="/__lms/${std}.js"></script>
<script>window.${global} = new ${ctor}({ autocommit: false, logLevel: 5 });</script>
</head><body><iframe title="Course" src="/index.html" style="width:100%;height:90vh;border:0"></iframe></body></html>`;
}

const scormAgain = (std) => path.join(here, 'node_modules', 'scorm-again', 'dist', `${std}.min.js`);

/**
 * Serve the package for `target`, launched as its kind of LMS launches it.
 * `routes` adds to (or replaces) the server's routes.
 */
async function serve(target, dir, routes = {}) {
  const lrs = fakeLrs();
  const server = await startServer({
    root: dir,
    routes: {
      'GET /__lms/lms.html': (req, res) => send(res, 200, lmsPage(target), 'text/html; charset=utf-8'),
      'GET /__lms/scorm12.js': (req, res) => send(res, 200, fs.readFileSync(scormAgain('scorm12')), 'text/javascript; charset=utf-8'),
      'GET /__lms/scorm2004.js': (req, res) => send(res, 200, fs.readFileSync(scormAgain('scorm2004')), 'text/javascript; charset=utf-8'),
      'POST /__lms/fetch': (req, res) => send(res, 200, { 'auth-token': 'bGVhcm5lcjpzZWNyZXQ=' }),
      '/__bench/lrs/*': lrs.handler,
      ...routes,
    },
  });
  const endpoint = server.url('__bench/lrs/');
  const actor = JSON.stringify({ objectType: 'Agent', name: 'Learner', account: { homePage: 'https://lms.invalid', name: 'learner-1' } });
  let url = server.url('index.html');
  if (target === 'scorm12' || target === 'scorm2004') url = server.url('__lms/lms.html');
  if (target === 'xapi') {
    const q = new URLSearchParams({ endpoint, auth: 'Basic bGVhcm5lcjpzZWNyZXQ=', actor, registration: randomUUID(), activity_id: manifestId(dir, 'tincan.xml', 'activity') });
    url = `${url}?${q}`;
  }
  if (target === 'cmi5') {
    const q = new URLSearchParams({ endpoint, fetch: server.url('__lms/fetch'), registration: randomUUID(), activityId: manifestId(dir, 'cmi5.xml', 'au'), actor });
    url = `${url}?${q}`;
  }
  return { server, url, inFrame: target === 'scorm12' || target === 'scorm2004' };
}

/** Runs in every frame before its own scripts: see the top of this file. */
function recordFirstFrame() {
  const seen = (window.__firstPaint = { frame: null, hide: null });
  const pages = () => [...document.querySelectorAll('section.cp-page')];
  const observer = new MutationObserver(() => {
    if (!document.querySelector('section.cp-page[hidden]')) return;
    observer.disconnect();
    seen.hide = {
      dispatchingDomContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd === 0,
      paintedBefore: performance.getEntriesByType('paint').map((p) => p.name),
    };
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
  const frame = () => {
    const all = pages();
    // frames before the parser reached the first page have nothing of the module's content
    if (!all.length) return void requestAnimationFrame(frame);
    const controls = document.querySelector('.cp-controls');
    seen.frame = { visible: all.flatMap((p, i) => (p.hidden ? [] : [i])), controls: Boolean(controls && !controls.hidden) };
  };
  requestAnimationFrame(frame);
}

/** The frame holding the player (the LMS page's iframe for SCORM). */
async function playerFrame(page, inFrame) {
  if (!inFrame) return page.mainFrame();
  await waitInPage(page.mainFrame(), () => document.querySelector('iframe')?.contentDocument?.querySelector('section.cp-page') != null, null, { what: 'the package in the LMS frame' });
  return page.frames().find((f) => f !== page.mainFrame());
}

/** What the init script recorded, once the first frame with the module in it was drawn. */
async function firstFrame(frame) {
  await waitInPage(frame, () => window.__firstPaint && window.__firstPaint.frame !== null && window.__firstPaint.hide !== null, null, { what: 'the first frame with the module in it' });
  return frame.evaluate(() => window.__firstPaint);
}

describe('the first frame a learner sees', { skip: !cli }, () => {
  for (const target of TARGETS) {
    test(`${target}: the first frame shows page 1 and the controls; the player chose it before anything was painted`, async () => {
      const dir = await build(target);
      const { server, url, inFrame } = await serve(target, dir);
      const s = await openPage(url, { goto: false });
      try {
        await s.context.addInitScript(recordFirstFrame);
        await s.page.goto(url);
        const frame = await playerFrame(s.page, inFrame);
        const seen = await firstFrame(frame);
        assert.deepEqual(seen.frame, { visible: [0], controls: true }, 'the first frame drawn: page 1 alone, with the controls');
        assert.deepEqual(seen.hide, { dispatchingDomContentLoaded: true, paintedBefore: [] },
          'the player hides the other pages in the DOMContentLoaded event, before anything is painted');
        await waitForPlayerReady(frame);
        await expectPage(frame, 0);
      } finally {
        await s.close();
        await server.close();
      }
    });
  }

  test('web: a learner who resumes on page 3 sees page 3 in the first frame, never page 1', async () => {
    const dir = await build('web');
    const { server, url } = await serve('web', dir);
    const s = await openPage(url, { goto: false });
    try {
      await s.context.addInitScript(recordFirstFrame);
      await s.page.goto(`${url}#page-check`);
      await waitForPlayerReady(s.page);
      await expectPage(s.page, 2);
      // the web target keeps the learner's place on the device; a new visit without a link to a page resumes there
      await s.page.goto('about:blank');
      await s.page.goto(url);
      const seen = await firstFrame(s.page.mainFrame());
      assert.deepEqual(seen.frame, { visible: [2], controls: true }, 'the first frame drawn: the page the learner was on');
      assert.deepEqual(seen.hide.paintedBefore, [], 'nothing painted before the player chose the page');
      await expectPage(s.page, 2);
    } finally {
      await s.close();
      await server.close();
    }
  });

  test('while player.js is still on its way, nothing of the module is painted (blocking="render")', async () => {
    const dir = await build('web');
    /** @type {() => void} */
    let release = () => {};
    const held = new Promise((resolve) => { release = () => resolve(undefined); });
    const player = fs.readFileSync(path.join(dir, 'player', 'player.js'));
    const { server } = await serve('web', dir, {
      'GET /player/player.js': async (req, res) => { await held; send(res, 200, player, 'text/javascript; charset=utf-8'); },
      'GET /__lms/holder.html': (req, res) => send(res, 200, '<!doctype html><html lang="en"><title>Holder</title><iframe title="Course" src="/index.html"></iframe></html>', 'text/html; charset=utf-8'),
    });
    // The package in an iframe of a page whose own frames keep coming: they are the clock
    // that shows the browser had its chances to paint the package (no timer).
    const url = server.url('__lms/holder.html');
    const s = await openPage(url, { goto: false });
    try {
      await s.page.goto(url, { waitUntil: 'commit' });
      const outer = s.page.mainFrame();
      // parsed to the end and styled: only the deferred script is missing (read from the outer
      // page, whose frames keep coming while the package's are held back)
      await waitInPage(outer, () => {
        const doc = document.querySelector('iframe')?.contentDocument;
        return Boolean(doc && doc.URL.endsWith('/index.html') && doc.readyState === 'interactive'
          && [...doc.styleSheets].some((sheet) => sheet.cssRules.length > 0));
      }, null, { what: 'the package parsed and styled, its player held back' });
      // Its first frame, whenever it comes, is recorded from here: a requestAnimationFrame callback of
      // the package's window runs just before the package is drawn.
      const meanwhile = await outer.evaluate(() => new Promise((resolve) => {
        const inner = /** @type {any} */ (document.querySelector('iframe')?.contentWindow);
        inner.requestAnimationFrame(() => {
          const pages = [...inner.document.querySelectorAll('section.cp-page')];
          const controls = inner.document.querySelector('.cp-controls');
          inner.__heldFirstFrame = { visible: pages.flatMap((p, i) => (p.hidden ? [] : [i])), controls: Boolean(controls && !controls.hidden) };
        });
        let n = 0;
        const tick = () => {
          if (++n < 5) return void requestAnimationFrame(tick);
          resolve({ painted: inner.performance.getEntriesByType('paint').map((/** @type {PerformanceEntry} */ p) => p.name), frame: inner.__heldFirstFrame ?? null });
        };
        requestAnimationFrame(tick);
      }));
      assert.deepEqual(meanwhile, { painted: [], frame: null }, 'no frame of the package in five of the page around it, while its player is not there');
      release();
      const first = await waitInPage(outer, () => /** @type {any} */ (document.querySelector('iframe')?.contentWindow)?.__heldFirstFrame, null, { what: "the package's first frame" });
      assert.deepEqual(first, { visible: [0], controls: true }, 'the first frame drawn: page 1 alone, with the controls');
    } finally {
      release();
      await s.close();
      await server.close();
    }
  });
});
