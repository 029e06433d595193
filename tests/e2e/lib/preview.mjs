// `coursepack preview` as the tests run it: the CLI ($COURSEPACK_BIN) on a
// free port, its page opened in Chromium, and helpers to read the inspector.
//
//   const pv = await startPreview(dir, ['--target', 'scorm12']);
//   const s = await openPage(pv.url);
//   const frame = await packageFrame(s.page);         // the package, once its player runs
//   await waitForCall(s.page, 'LMSInitialize');        // the inspector lists it
//   pv.stderr()                                        // what the terminal showed
//   await pv.stop();

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { WAIT_MS, waitInPage, waitUntil } from './wait.mjs';

/** The CLI under test. */
export function coursepackBin() {
  const bin = process.env.COURSEPACK_BIN;
  if (!bin || !fs.existsSync(bin)) throw new Error('COURSEPACK_BIN must name the coursepack binary (cargo xtask e2e sets it)');
  return bin;
}

/**
 * A fresh copy of a folder in a temporary directory (the tests edit it).
 * @param {string} from
 * @returns {Promise<string>}
 */
export async function copyToTemp(from) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'coursepack-preview-'));
  const to = path.join(dir, path.basename(from));
  await fsp.cp(from, to, { recursive: true });
  return to;
}

/**
 * Start `coursepack preview <input> --port 0 ...args` and wait for its URL.
 * @param {string} input
 * @param {string[]} [args]
 * @returns {Promise<{ url: string, stderr: () => string, stdout: () => string, stop: () => Promise<void>, child: import('node:child_process').ChildProcess }>}
 */
export async function startPreview(input, args = []) {
  const child = spawn(coursepackBin(), ['preview', input, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitUntil(() => /Preview at (http:\S+)/.test(out) || child.exitCode !== null, {
    what: 'coursepack preview to print its URL',
    describe: () => `stdout: ${out}\nstderr: ${err}`,
  });
  if (child.exitCode !== null) throw new Error(`coursepack preview exited (${child.exitCode}):\n${err}`);
  const url = /Preview at (http:\S+)/.exec(out)[1];
  return {
    url,
    child,
    stderr: () => err,
    stdout: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/**
 * The package's frame, once its player has started (html.cp-js) after the
 * launch numbered `launches` (1: the first) reached the inspector.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<import('playwright-core').Frame>}
 */
export async function packageFrame(page) {
  const handle = await page.waitForSelector('#pv-package', { state: 'attached' });
  const frame = await handle.contentFrame();
  await waitInPage(frame, () => document.documentElement.classList.contains('cp-js'), null, {
    what: 'the package in the preview to start its player',
  });
  return frame;
}

/**
 * Wait until the inspector's call list has an entry whose text matches `re`.
 * @param {import('playwright-core').Page} page
 * @param {RegExp | string} re
 * @param {{ count?: number }} [options]  count: at least this many such entries
 */
export async function waitForCall(page, re, { count = 1 } = {}) {
  const source = re instanceof RegExp ? re.source : re.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await waitInPage(
    page,
    ([src, n]) => [...document.querySelectorAll('#pv-calls > li')].filter((li) => new RegExp(src).test(li.textContent)).length >= n,
    [source, count],
    { what: `the inspector to list ${count} call(s) matching ${source}` },
  );
}

/** The inspector's call list, one string per entry. */
export function calls(page) {
  return page.evaluate(() => [...document.querySelectorAll('#pv-calls > li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()));
}

/** The inspector's problems, one string per entry. */
export function problems(page) {
  return page.evaluate(() => [...document.querySelectorAll('#pv-problems > li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()));
}

/**
 * Write a file and wait until the preview has rebuilt (a build event reached the page).
 * @param {string} file
 * @param {string} text
 */
export async function writeSource(file, text) {
  await fsp.writeFile(file, text);
}

/** The preview server's state (`/_preview/api/state`). */
export async function previewState(url) {
  const res = await fetch(new URL('/_preview/api/state', url));
  return res.json();
}

/** The LRS's statements and state documents (`/_preview/api/lrs`). */
export async function previewLrs(url) {
  const res = await fetch(new URL('/_preview/api/lrs', url));
  return res.json();
}

export { WAIT_MS };
