// The runtime half of `cargo xtask bench`: built packages in headless Chromium.
//
//   node xtask/bench-js/runtime.mjs <config.json>
//
// config: { "samples": 20, "packages": [{ "target": "web", "dir": "<unzipped package>" }, ...] }
//
// For every package, launched the way its kind of LMS launches it:
//   web        index.html, served on 127.0.0.1
//   scorm12    an LMS page holding npm scorm-again's Scorm12API as window.API, the package in an iframe
//   scorm2004  the same with Scorm2004API as window.API_1484_11
//   xapi       index.html with the TinCan launch parameters, pointing at a recording fake LRS
//   cmi5       index.html with the cmi5 launch parameters, the same fake LRS and a fetch URL
// it measures (samples after one discarded warm-up):
//   firstRenderMs  navigation start to the first page shown by the player and painted
//                  (controls visible, one page section visible, then a frame and a task)
//   staticMs       the baseline, in turns with firstRenderMs: the same first page as the
//                  player left it, saved as HTML without scripts (its stylesheet and images
//                  kept), launched the same way; navigation start to DOMContentLoaded, then
//                  a frame and a task. What Chromium on this machine needs for that page
//   emptyMs        the floor: an empty page, launched and timed the same way
//   readyMs        navigation start to the player's 'ready' event (state restored from the LMS)
//   navigationMs   Next/Previous click to the other page shown and painted
//   lms            one full run (every page, every question answered with its first option,
//                  Finish): the calls the package made to the LMS API or LRS
// and prints one JSON document on stdout (progress goes to stderr). Raw samples only:
// the medians are computed by the Rust side.
//
// The timings are read inside the page and the harness stays out of the page while
// it loads: each launch gets a plain browser context (no request interception, which
// would send every file of the package through this process), and waits for the first
// render on a console message (Playwright's waitForFunction would first evaluate its
// injected script in the page, on the same thread, while the page is still rendering).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

import { closeBrowser, getBrowser } from '../../tests/e2e/lib/browser.mjs';
import { fakeLrs } from '../../tests/e2e/lib/fake-lrs.mjs';
import { send, startServer } from '../../tests/e2e/lib/server.mjs';

export { fakeLrs };

const here = path.dirname(fileURLToPath(import.meta.url));
const scormAgainDist = path.join(here, '../../tests/e2e/node_modules/scorm-again/dist');

/** The API names each SCORM version's adapter calls, counted one by one. */
export const SCORM_CALLS = Object.freeze({
  scorm12: ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
  scorm2004: ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'],
});

/** Where the baselines are served, beside the package's index.html (so its relative URLs resolve). */
export const STATIC_PAGE = '/__bench-first-page.html';
export const EMPTY_PAGE = '/__bench-empty.html';
const EMPTY_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Empty</title></head><body></body></html>';

/** What the page logs on the console once its first render is recorded. */
export const FIRST_RENDER_SIGNAL = 'coursepack-bench: first render';

/**
 * The LMS page for a SCORM version: scorm-again's API with every call counted, the package
 * (or a baseline page, `content`) in an iframe.
 */
export function lmsPage(target, content = '/index.html') {
  const global = target === 'scorm12' ? 'API' : 'API_1484_11';
  const ctor = target === 'scorm12' ? 'Scorm12API' : 'Scorm2004API';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benchmark LMS</title>
<script src="/__bench/${target}.js"></script>
<script>
(function () {
  var api = new ${ctor}({ autocommit: false, logLevel: 5 });
  var calls = {};
  ${JSON.stringify(SCORM_CALLS[target])}.forEach(function (name) {
    var original = api[name];
    calls[name] = 0;
    api[name] = function () { calls[name] += 1; return original.apply(api, arguments); };
  });
  window.__benchCalls = calls;
  window.${global} = api;
})();
</script></head><body style="margin:0">
<iframe id="sco" title="Course" src="${content}" style="width:100%;height:100vh;border:0"></iframe>
</body></html>`;
}

/** The first `<tag ... id="...">` id in a manifest file of the package, or null. */
export function manifestId(dir, file, tag) {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) return null;
  const m = new RegExp(`<${tag}\\b[^>]*\\bid="([^"]+)"`).exec(fs.readFileSync(full, 'utf8'));
  return m ? m[1].replace(/&amp;/g, '&') : null;
}

/**
 * Where a target's package is opened, and which frame holds the player; `page` opens a
 * baseline page (STATIC_PAGE, EMPTY_PAGE) the same way instead of index.html.
 */
function launch(target, server, dir, page = '/index.html') {
  const endpoint = server.url('__bench/lrs/');
  const actor = JSON.stringify({ objectType: 'Agent', name: 'Bench Learner', account: { homePage: 'https://lms.invalid', name: 'bench-learner' } });
  const registration = randomUUID();
  const top = (page) => page.mainFrame();
  const inner = (page) => page.frames().find((f) => f !== page.mainFrame()) ?? page.mainFrame();
  switch (target) {
    case 'scorm12':
    case 'scorm2004':
      return { url: server.url(`__bench/lms-${target}.html?content=${encodeURIComponent(page)}`), frame: inner, lms: 'scorm' };
    case 'xapi': {
      const activity = manifestId(dir, 'tincan.xml', 'activity') ?? 'https://coursepack.invalid/bench/xapi';
      const q = new URLSearchParams({ endpoint, auth: 'Basic YmVuY2g6YmVuY2g=', actor, registration, activity_id: activity });
      return { url: `${server.url(page.slice(1))}?${q}`, frame: top, lms: 'lrs' };
    }
    case 'cmi5': {
      const activity = manifestId(dir, 'cmi5.xml', 'au') ?? 'https://coursepack.invalid/bench/cmi5';
      const q = new URLSearchParams({ endpoint, fetch: server.url('__bench/fetch'), registration, activityId: activity, actor });
      return { url: `${server.url(page.slice(1))}?${q}`, frame: top, lms: 'lrs' };
    }
    default:
      return { url: server.url(page.slice(1)), frame: top, lms: null };
  }
}

/**
 * Runs in every frame before its scripts: records when the first page is shown and painted
 * (on a baseline page: when it is parsed and painted), and says so on the console.
 */
function markFirstRender({ signal, baselines }) {
  const bench = (window.__bench = { firstRender: null, ready: null });
  const painted = (key) => requestAnimationFrame(() => setTimeout(() => {
    if (bench[key] !== null) return;
    bench[key] = performance.now();
    if (key === 'firstRender') console.debug(signal);
  }, 0));
  if (baselines.includes(location.pathname)) {
    document.addEventListener('DOMContentLoaded', () => painted('firstRender'));
    return;
  }
  const shown = () => {
    const controls = document.querySelector('.cp-controls');
    const pages = document.querySelectorAll('section.cp-page');
    const visible = [...pages].filter((p) => !p.hidden);
    return controls && !controls.hidden && pages.length > 0 && visible.length === 1;
  };
  const observer = new MutationObserver(() => {
    if (shown()) {
      observer.disconnect();
      painted('firstRender');
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
  document.addEventListener('DOMContentLoaded', () => {
    if (window.coursepack && typeof window.coursepack.on === 'function') window.coursepack.on('ready', () => painted('ready'));
  });
}

/** Resolves when a frame of `page` logs `text` on the console; rejects after `ms`. */
function logged(page, text, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off('console', seen);
      reject(new Error(`no "${text}" within ${ms} ms`));
    }, ms);
    const seen = (message) => {
      if (message.text() !== text) return;
      clearTimeout(timer);
      page.off('console', seen);
      resolve();
    };
    page.on('console', seen);
  });
}

/** The frame holding the player (or the baseline page), once its first render was recorded. */
async function rendered(page, where, first, { ready = true } = {}) {
  await first;
  const frame = where.frame(page);
  // 'ready' waits for the LMS; a package whose adapter never settles gets no readyMs sample.
  if (ready) await frame.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 5000 }).catch(() => {});
  return frame;
}

/**
 * One click on Next (or Previous), timed inside the page: from the click to the
 * next paint after another page is shown (seen at once by a MutationObserver).
 */
async function timedStep(frame, action) {
  return frame.evaluate(
    (act) =>
      new Promise((resolve, reject) => {
        const visible = () => [...document.querySelectorAll('section.cp-page')].find((p) => !p.hidden);
        const before = visible();
        const button = document.querySelector(`.cp-pagenav [data-action="${act}"]`);
        if (!button || button.hidden || button.disabled) return reject(new Error(`no usable ${act} button`));
        let t0 = 0;
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`${act} did not change the page within 5 s`));
        }, 5000);
        const observer = new MutationObserver(() => {
          const now = visible();
          if (now && now !== before) {
            observer.disconnect();
            clearTimeout(timer);
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
          }
        });
        observer.observe(document.querySelector('main') || document.body, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
        t0 = performance.now();
        button.click();
      }),
    action,
  );
}

/** The query's `content` (the page an LMS page frames), else index.html. */
function contentOf(url) {
  const content = url.searchParams.get('content');
  return content === STATIC_PAGE || content === EMPTY_PAGE ? content : '/index.html';
}

/** Runs in the package: its document as it is now, without scripts, as HTML text. */
function staticCopy() {
  const copy = document.documentElement.cloneNode(true);
  for (const script of copy.querySelectorAll('script')) script.remove();
  return `<!doctype html>\n${copy.outerHTML}`;
}

/** Where the player is: current page index and count. */
function position(frame) {
  return frame.evaluate(() => {
    const pages = [...document.querySelectorAll('section.cp-page')];
    return { index: pages.findIndex((p) => !p.hidden), count: pages.length };
  });
}

/** Answer every question on the current page with its first option (or a value), then check it. */
function answerVisible(frame) {
  return frame.evaluate(() => {
    const page = [...document.querySelectorAll('section.cp-page')].find((p) => !p.hidden);
    let answered = 0;
    for (const q of page ? page.querySelectorAll('.cp-question') : []) {
      const choice = q.querySelector('input[type=radio], input[type=checkbox]');
      if (choice) choice.click();
      for (const input of q.querySelectorAll('input[type=text]')) {
        input.value = '1';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      for (const select of q.querySelectorAll('select')) {
        if (select.options.length > 1) select.selectedIndex = 1;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
      const check = q.querySelector('.cp-q-check');
      if (check && !check.hidden && !check.disabled) {
        check.click();
        answered += 1;
      }
    }
    return answered;
  });
}

/** Wait until `count()` has not changed for `quietMs` (at most `maxMs`). */
async function settle(count, quietMs = 1200, maxMs = 10000) {
  const start = Date.now();
  let last = await count();
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      break;
    }
  }
}

/**
 * Measure one unpacked package (see the top of this file).
 * @param {{ target: string, dir: string }} pkg
 * @param {number} samples
 */
export async function measurePackage({ target, dir }, samples) {
  const lrs = fakeLrs();
  /** @type {string | null} the package's first page as the player left it, without scripts */
  let staticHtml = null;
  const server = await startServer({
    root: dir,
    routes: {
      'GET /__bench/lms-scorm12.html': (req, res, { url }) => send(res, 200, lmsPage('scorm12', contentOf(url)), 'text/html; charset=utf-8'),
      'GET /__bench/lms-scorm2004.html': (req, res, { url }) => send(res, 200, lmsPage('scorm2004', contentOf(url)), 'text/html; charset=utf-8'),
      [`GET ${STATIC_PAGE}`]: (req, res) => send(res, 200, staticHtml ?? EMPTY_HTML, 'text/html; charset=utf-8'),
      [`GET ${EMPTY_PAGE}`]: (req, res) => send(res, 200, EMPTY_HTML, 'text/html; charset=utf-8'),
      'GET /__bench/scorm12.js': (req, res) => send(res, 200, fs.readFileSync(path.join(scormAgainDist, 'scorm12.min.js')), 'text/javascript; charset=utf-8'),
      'GET /__bench/scorm2004.js': (req, res) => send(res, 200, fs.readFileSync(path.join(scormAgainDist, 'scorm2004.min.js')), 'text/javascript; charset=utf-8'),
      'POST /__bench/fetch': (req, res) => send(res, 200, { 'auth-token': 'YmVuY2g6YmVuY2g=' }),
      '/__bench/lrs/*': lrs.handler,
    },
  });
  const result = { target, launch: '', firstRenderMs: [], readyMs: [], staticMs: [], emptyMs: [], navigationMs: [], lms: null, notices: [] };
  try {
    const browser = await getBrowser();
    const open = async (page = '/index.html') => {
      const where = launch(target, server, dir, page);
      const context = await browser.newContext();
      const s = { context, page: await context.newPage(), close: () => context.close() };
      await context.addInitScript(markFirstRender, { signal: FIRST_RENDER_SIGNAL, baselines: [STATIC_PAGE, EMPTY_PAGE] });
      const first = logged(s.page, FIRST_RENDER_SIGNAL, 15000);
      first.catch(() => {}); // awaited in rendered(); a failed navigation must not leave it unhandled
      await s.page.goto(where.url, { waitUntil: 'commit' });
      const frame = await rendered(s.page, where, first, { ready: page === '/index.html' });
      return { s, frame, where };
    };

    result.launch = { scorm: 'LMS page with scorm-again in a parent frame', lrs: 'launch parameters, fake LRS' }[launch(target, server, dir).lms] ?? 'index.html';
    // In turns, so that a busy neighbour slows the package and its baselines alike.
    for (let i = 0; i <= samples; i++) {
      const { s, frame } = await open();
      const marks = await frame.evaluate(() => window.__bench);
      if (i > 0) {
        result.firstRenderMs.push(marks.firstRender);
        result.readyMs.push(marks.ready);
      } else {
        staticHtml = await frame.evaluate(staticCopy);
      }
      await s.close();
      for (const [page, into] of [[STATIC_PAGE, result.staticMs], [EMPTY_PAGE, result.emptyMs]]) {
        const base = await open(page);
        const ms = await base.frame.evaluate(() => window.__bench.firstRender);
        if (i > 0) into.push(ms);
        await base.s.close();
      }
    }

    {
      const { s, frame } = await open();
      let direction = 'next';
      while (result.navigationMs.length < samples + 1) {
        const { index, count } = await position(frame);
        if (count < 2) throw new Error(`${target}: a module of ${count} page(s) has no navigation to time`);
        if (index === count - 1) direction = 'previous';
        if (index === 0) direction = 'next';
        result.navigationMs.push(await timedStep(frame, direction));
      }
      result.navigationMs.shift(); // the warm-up step
      await s.close();
    }

    lrs.reset();
    {
      const { s, frame, where } = await open();
      const notice = await frame.evaluate(() => document.querySelector('.cp-notice')?.textContent?.trim() || '');
      if (notice) result.notices.push(notice);
      let answered = 0;
      for (;;) {
        answered += await answerVisible(frame);
        const { index, count } = await position(frame);
        if (index === count - 1) break;
        await timedStep(frame, 'next');
      }
      await frame.evaluate(() => document.querySelector('.cp-pagenav [data-action="finish"]')?.click());
      if (where.lms === 'scorm') {
        const calls = () => s.page.evaluate(() => JSON.stringify(window.__benchCalls || {}));
        await settle(calls);
        const counts = JSON.parse(await calls());
        const commit = target === 'scorm12' ? 'LMSCommit' : 'Commit';
        const setValue = target === 'scorm12' ? 'LMSSetValue' : 'SetValue';
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        result.lms = { api: target === 'scorm12' ? 'SCORM 1.2 API (scorm-again)' : 'SCORM 2004 API (scorm-again)', commits: counts[commit], setValues: counts[setValue], calls: total, detail: counts, answered };
      } else if (where.lms === 'lrs') {
        await settle(() => lrs.log.length);
        const writes = lrs.log.filter((e) => e.method !== 'GET' && e.method !== 'HEAD');
        const statements = lrs.log.reduce((a, e) => a + (e.method === 'GET' ? 0 : e.statements), 0);
        const detail = {};
        for (const e of lrs.log) {
          const key = `${e.method} ${e.resource.split('?')[0]}`;
          detail[key] = (detail[key] ?? 0) + 1;
        }
        result.lms = { api: 'xAPI LRS (fake, recording)', commits: writes.length, setValues: null, statements, calls: lrs.log.length, detail, answered };
      } else {
        result.lms = { api: null, commits: null, setValues: null, calls: 0, detail: {}, answered };
      }
      await s.close();
    }
  } finally {
    await server.close();
  }
  return result;
}

async function main() {
  const configPath = process.argv[2];
  if (!configPath) throw new Error('usage: node runtime.mjs <config.json>');
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  const samples = Math.max(1, config.samples | 0);
  const out = { chromium: null, packages: [] };
  try {
    for (const pkg of config.packages) {
      const started = Date.now();
      out.packages.push(await measurePackage(pkg, samples));
      process.stderr.write(`bench runtime: ${pkg.target}: ${samples} samples in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
    out.chromium = (await getBrowser()).version();
  } finally {
    await closeBrowser();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`bench runtime: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
