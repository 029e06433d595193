// Self-test of the browser-test harness: each detector must catch the defect it
// exists for (and stay quiet on a clean page), and web.test.mjs must pass on a
// package that follows the player's DOM contract and fail on one that does not.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { runAxe } from './lib/axe.mjs';
import { assertNoConsoleErrors, assertNoFailedRequests, assertSameOriginOnly, closeBrowser, openPage } from './lib/browser.mjs';
import { focused, pressEnter, tabTo } from './lib/keyboard.mjs';
import { readJson, resolveInRoot, send, startServer } from './lib/server.mjs';
import { extractZip, listZip, removeDir, zipDir } from './lib/unzip.mjs';
import { waitUntil } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');

describe('server', () => {
  let server;
  before(async () => {
    server = await startServer({
      root: path.join(fixtures, 'harness'),
      routes: {
        'POST /xapi/statements': async (req, res) => send(res, 200, { got: await readJson(req) }),
        '/lms/*': (req, res, { url }) => send(res, 200, `lms ${req.method} ${url.pathname}`),
      },
    });
  });
  after(() => server.close());

  test('binds to 127.0.0.1 on a random port', () => {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(server.port, 0);
  });

  test('serves files with their MIME type and nosniff', async () => {
    for (const [file, type] of [
      ['clean.html', 'text/html; charset=utf-8'],
      ['pixel.svg', 'image/svg+xml'],
      ['same-origin.js', 'text/javascript; charset=utf-8'],
    ]) {
      const res = await fetch(server.url(file));
      assert.equal(res.status, 200, file);
      assert.equal(res.headers.get('content-type'), type, file);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
    assert.equal((await fetch(server.url('missing.html'))).status, 404);
  });

  test('never serves outside its root', async () => {
    const root = path.join(fixtures, 'harness');
    assert.equal(resolveInRoot(root, '/clean.html'), path.join(root, 'clean.html'));
    for (const evil of ['/../web/en/index.html', '/%2e%2e/web/en/index.html', '/..%2fweb%2fen%2findex.html', '/a%5c..%5c..%5cx', '/x%00.html', '/%E0%A4%A']) {
      assert.equal(resolveInRoot(root, evil), null, evil);
    }
    // Over a raw socket, so no client normalises the path first.
    for (const evil of ['/../web/en/index.html', '/%2e%2e/web/en/index.html', '/..%2f..%2fpackage.json']) {
      const status = await rawGetStatus(server.port, evil);
      assert.ok(status === 400 || status === 404, `${evil}: status ${status}`);
    }
  });

  test('answers injected routes, exact and prefix, by method', async () => {
    const res = await fetch(server.url('xapi/statements'), { method: 'POST', body: JSON.stringify({ a: 1 }) });
    assert.deepEqual(await res.json(), { got: { a: 1 } });
    assert.equal(await (await fetch(server.url('lms/launch.html?x=1'))).text(), 'lms GET /lms/launch.html');
    assert.equal((await fetch(server.url('xapi/statements'))).status, 404, 'GET is not routed');
    // the server records a request when its response has gone, which can be after the client read it
    const routed = () => server.requests.some((r) => r.method === 'POST' && r.path === '/xapi/statements' && r.status === 200);
    await waitUntil(routed, { what: 'the POST to be in the server\'s record' }).catch(() => {});
    assert.ok(routed());
  });
});

describe('zip helpers', () => {
  test('zip a folder, list it and extract it again', async () => {
    const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'cp-harness-'));
    try {
      const zip = await zipDir(path.join(fixtures, 'harness'), path.join(tmp, 'h.zip'));
      assert.ok((await listZip(zip)).includes('clean.html'));
      const dir = await extractZip(zip);
      assert.equal(await fsp.readFile(path.join(dir, 'pixel.svg'), 'utf8'), await fsp.readFile(path.join(fixtures, 'harness', 'pixel.svg'), 'utf8'));
      await removeDir(dir);
    } finally {
      await removeDir(tmp);
    }
  });
});

describe('browser detectors', () => {
  let server;
  before(async () => {
    server = await startServer({ root: path.join(fixtures, 'harness') });
  });
  after(async () => {
    await closeBrowser();
    await server.close();
  });

  test('a clean page passes every check', async () => {
    const s = await openPage(server.url('clean.html'));
    try {
      const { violations, summary } = await runAxe(s.page);
      assert.equal(violations.length, 0, summary);
      assertNoConsoleErrors(s);
      assertSameOriginOnly(s);
      assertNoFailedRequests(s);
      assert.ok(s.requests.some((r) => r.url.endsWith('/pixel.svg')), 'requests are recorded');
    } finally {
      await s.close();
    }
  });

  test('a request to another origin is caught (and aborted)', async () => {
    const s = await openPage(server.url('cross-origin.html'));
    try {
      await s.page.waitForLoadState('networkidle');
      // Playwright reports requests after they happen: wait for both before counting them
      const caught = ['http://203.0.113.7/tracker.png', 'https://example.invalid/collect'];
      await waitUntil(() => caught.every((u) => s.foreignRequests.some((r) => r.url === u)), {
        what: 'the image and the fetch to another origin to be recorded',
        describe: () => `recorded: ${s.foreignRequests.map((r) => r.url).join(', ') || 'none'}`,
      }).catch(() => {});
      const urls = s.foreignRequests.map((r) => r.url);
      assert.ok(urls.includes('http://203.0.113.7/tracker.png'), `img not caught: ${urls}`);
      assert.ok(urls.includes('https://example.invalid/collect'), `fetch not caught: ${urls}`);
      assert.throws(() => assertSameOriginOnly(s), /2 request\(s\) to another origin[\s\S]*203\.0\.113\.7/);
    } finally {
      await s.close();
    }
  });

  test('a console error and an uncaught error are caught', async () => {
    const s = await openPage(server.url('console-error.html'));
    try {
      // the error is thrown from a timer, and both reach this process some time after the load
      await waitUntil(() => s.consoleErrors.length > 0 && s.pageErrors.length > 0, {
        what: 'the console error and the uncaught error to be recorded',
        describe: () => `console: ${s.consoleErrors.length}, uncaught: ${s.pageErrors.length}`,
      }).catch(() => {});
      assert.throws(() => assertNoConsoleErrors(s), (err) => {
        assert.match(err.message, /deliberate console error/);
        assert.match(err.message, /deliberate uncaught error/);
        return true;
      });
    } finally {
      await s.close();
    }
  });

  test('a missing file is caught', async () => {
    const s = await openPage(server.url('clean.html'));
    try {
      await s.page.evaluate(() => fetch('no-such-file.js').catch(() => {}));
      // the response event reaches this process independently of the evaluate's result
      await waitUntil(() => s.failedRequests.length > 0, { what: 'the 404 to be recorded' }).catch(() => {});
      assert.throws(() => assertNoFailedRequests(s), /404 GET .*no-such-file\.js/);
    } finally {
      await s.close();
    }
  });

  test('axe violations are caught and summarised', async () => {
    const s = await openPage(server.url('axe-violation.html'));
    try {
      const { ruleIds, summary } = await runAxe(s.page);
      for (const id of ['image-alt', 'button-name', 'color-contrast']) {
        assert.ok(ruleIds.includes(id), `${id} not reported; got ${ruleIds}`);
      }
      assert.match(summary, /\[image-alt\] \(critical\)/);
    } finally {
      await s.close();
    }
  });

  test('file:// pages: the file origin is allowed, others are not', async () => {
    const s = await openPage(new URL('cross-origin.html', `file://${fixtures}/harness/`).href);
    try {
      await s.page.waitForLoadState('networkidle');
      assert.ok(s.foreignRequests.some((r) => r.url === 'http://203.0.113.7/tracker.png'));
      assert.ok(!s.foreignRequests.some((r) => r.url.startsWith('file:')));
    } finally {
      await s.close();
    }
  });

  test('tabTo finds a control by name and fails clearly when there is none', async () => {
    const s = await openPage(server.url('clean.html'));
    try {
      const info = await tabTo(s.page, { name: 'A button', role: 'button' });
      assert.equal(info.tag, 'button');
      await s.page.keyboard.press('Shift+Tab');
      assert.equal((await focused(s.page)).name, 'A link');
      await assert.rejects(tabTo(s.page, { name: 'Nowhere', max: 5 }), /no element named Nowhere reached with 5 x Tab/);
      await tabTo(s.page, { name: 'A link', role: 'link' });
      // the link leads to the page itself: wait for the new document's load, not the old one's
      const loaded = s.page.waitForEvent('load');
      await pressEnter(s.page);
      await loaded;
      assert.match(s.page.url(), /clean\.html$/);
    } finally {
      await s.close();
    }
  });
});

describe('web.test.mjs against fixture packages', { concurrency: true }, () => {
  let tmp;
  before(async () => {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'cp-web-fixtures-'));
  });
  after(() => removeDir(tmp));

  test('passes on packages that follow the player contract (English and Welsh)', async () => {
    const dir = path.join(tmp, 'good');
    await makeFixturePackage(dir, 'en');
    await makeFixturePackage(dir, 'cy');
    const run = await runWebTests(dir);
    assert.equal(run.code, 0, `web.test.mjs failed on good fixtures:\n${run.output}`);
    assert.match(run.output, /# fail 0/);
    assert.match(run.output, /fixture-cy\.zip/);
  });

  test('fails on packages with a defect, in the tests for that defect', async () => {
    // One run for all of them; each package is its own suite in the output.
    const expected = {
      'no-state': ["keeps the learner's place across a reload"],
      wide: ['reflows at 320 CSS pixels wide (400% zoom) without scrolling sideways'],
      'no-focus-ring': [
        'keyboard alone goes from the first page to the last',
        'every focus stop on every page has a visible, unobscured focus indicator',
      ],
      // Next does nothing: every test that moves through the pages fails.
      'dead-next': [
        'keyboard alone goes from the first page to the last',
        'the Previous control goes back',
        "keeps the learner's place across a reload",
        'reflows at 320 CSS pixels wide (400% zoom) without scrolling sideways',
        'every focus stop on every page has a visible, unobscured focus indicator',
        'has no axe-core violations (WCAG 2.x A/AA) on any page',
        'works opened from file://',
      ],
    };
    const dir = path.join(tmp, 'defects');
    for (const defect of Object.keys(expected)) await makeFixturePackage(dir, 'en', defect, defect);
    const run = await runWebTests(dir);
    assert.notEqual(run.code, 0, `web.test.mjs passed defective packages:\n${run.output}`);
    const results = tapResults(run.output);
    for (const [defect, failing] of Object.entries(expected)) {
      const suite = results[`${defect}.zip`];
      assert.ok(suite, `no results for ${defect}.zip:\n${run.output}`);
      assert.deepEqual(suite.failed.sort(), [...failing].sort(), `${defect}: failed tests`);
      assert.ok(suite.passed.length > 0, `${defect}: nothing passed`);
    }
  });

  test('fails with a clear message when COURSEPACK_E2E_PACKAGES is unset', async () => {
    const run = await runWebTests(undefined);
    assert.notEqual(run.code, 0);
    assert.match(run.output, /COURSEPACK_E2E_PACKAGES is not set/);
  });

  test('fails when the packages directory holds no zip', async () => {
    const dir = path.join(tmp, 'empty');
    await fsp.mkdir(dir, { recursive: true });
    const run = await runWebTests(dir);
    assert.notEqual(run.code, 0);
    assert.match(run.output, /no \.zip/);
  });
});

/** Zip fixtures/web/<lang> with the shared player files into dir/<name>.zip. */
async function makeFixturePackage(dir, lang, defect, name = `fixture-${lang}`) {
  const stage = await fsp.mkdtemp(path.join(os.tmpdir(), 'cp-stage-'));
  try {
    let html = await fsp.readFile(path.join(fixtures, 'web', lang, 'index.html'), 'utf8');
    if (defect) html = html.replace('<html ', `<html data-fixture-defect="${defect}" `);
    await fsp.writeFile(path.join(stage, 'index.html'), html);
    for (const f of ['player.js', 'player.css']) await fsp.copyFile(path.join(fixtures, 'web', f), path.join(stage, f));
    await fsp.mkdir(dir, { recursive: true });
    return await zipDir(stage, path.join(dir, `${name}.zip`));
  } finally {
    await removeDir(stage);
  }
}

/** Run web.test.mjs in a child `node --test` with its output as TAP. */
function runWebTests(packagesDir) {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // else the child reports to this runner instead of printing
  if (packagesDir === undefined) delete env.COURSEPACK_E2E_PACKAGES;
  else env.COURSEPACK_E2E_PACKAGES = packagesDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', path.join(here, 'web.test.mjs')], { env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Passed and failed test names per top-level suite of a TAP report. */
function tapResults(tap) {
  const suites = {};
  let current = null;
  for (const line of tap.split('\n')) {
    const top = /^# Subtest: (.+)$/.exec(line);
    if (top) {
      current = suites[top[1]] = { passed: [], failed: [] };
      continue;
    }
    const sub = /^ {4}(not )?ok \d+ - (.+?)(?: # .*)?$/.exec(line);
    if (sub && current) (sub[1] ? current.failed : current.passed).push(sub[2]);
  }
  return suites;
}

/** GET a path byte-for-byte over a socket and return the status code. */
async function rawGetStatus(port, rawPath) {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write(`GET ${rawPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    sock.on('data', (d) => (data += d));
    sock.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1])));
    sock.on('error', reject);
  });
}
