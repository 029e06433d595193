// Browser proof of the active-content policy (issue 12 §1; docs/authoring.md,
// "Safety rules"): files a module packages must never run script or load
// anything when a learner opens them straight in the browser.
//
//   COURSEPACK_BIN=<coursepack binary> COURSEPACK_SANITISE_SVG=<sanitise_svg example> \
//     node --test tests/e2e/active-content.test.mjs
//
// (`cargo xtask e2e` sets both.) For every vector in fixtures/active-content/:
//  1. the raw file, opened straight from disk in Chromium, is live: it shows a
//     dialog or requests a file from another site (two are inert in this
//     Chromium and say so; coursepack refuses them all the same);
//  2. `coursepack check` refuses a module that embeds or links it, at each line
//     that uses it, with the code the docs give;
//  3. the build's rewrite of each SVG (the allow-list pass, run through
//     crates/coursepack-compile/examples/sanitise_svg.rs even on the files the
//     build refuses), opened the same way, shows no dialog, makes no request,
//     and the browser's own DOM holds nothing that runs or loads.
// Last, a harmless SVG full of editor data and HTML-in-SVG builds (with a
// warning), and its packaged copy opened directly is inert and still draws.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe } from 'node:test';

import { closeBrowser, openPage } from './lib/browser.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { waitUntil } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'active-content');
const cli = process.env.COURSEPACK_BIN;
const sanitiser = process.env.COURSEPACK_SANITISE_SVG;

for (const [name, value, hint] of [
  ['COURSEPACK_BIN', cli, 'a built coursepack binary'],
  ['COURSEPACK_SANITISE_SVG', sanitiser, 'target/debug/examples/sanitise_svg (cargo build -p coursepack-compile --example sanitise_svg)'],
]) {
  if (!value) {
    test(`${name} is set`, () => assert.fail(`${name} is not set: run \`cargo xtask e2e\`, or set it to ${hint}`));
  }
}

after(closeBrowser);

/**
 * Each vector: its file, how it is set off (`load`: opening it; `click`: a
 * click on `#target`), and whether it is live in this Chromium.
 */
const VECTORS = [
  { file: 'script.svg', trigger: 'load', live: true },
  { file: 'onload.svg', trigger: 'load', live: true },
  { file: 'a-xlink-javascript.svg', trigger: 'click', live: true },
  { file: 'a-href-javascript-obfuscated.svg', trigger: 'click', live: true },
  { file: 'animate-href.svg', trigger: 'click', live: true },
  { file: 'set-xlink-href.svg', trigger: 'click', live: true },
  { file: 'foreignobject-img-onerror.svg', trigger: 'load', live: true },
  { file: 'foreignobject-iframe.svg', trigger: 'load', live: true },
  { file: 'xhtml-script.svg', trigger: 'load', live: true },
  { file: 'doctype-entity.svg', trigger: 'load', live: true },
  { file: 'use-external.svg', trigger: 'load', live: true },
  { file: 'image-external.svg', trigger: 'load', live: true },
  { file: 'feimage-external.svg', trigger: 'load', live: true },
  { file: 'style-import.svg', trigger: 'load', live: true },
  { file: 'style-font-face.svg', trigger: 'load', live: true },
  { file: 'style-attribute-url.svg', trigger: 'load', live: true },
  { file: 'xml-stylesheet.svg', trigger: 'load', live: true },
  // Inert in Chromium (no CSS javascript: URLs, no SVG Tiny handlers), refused anyway.
  { file: 'css-url-javascript.svg', trigger: 'load', live: false },
  { file: 'handler.svg', trigger: 'load', live: false },
  { file: 'xhtml-script.xml', trigger: 'load', live: true, code: 'page/unsafe-content' },
  { file: 'stylesheet.xml', trigger: 'load', live: true, code: 'page/unsafe-content' },
  { file: 'handout.html', trigger: 'load', live: true, code: 'page/unsafe-file-type' },
];

/**
 * Open a file straight from disk and record what it does: dialogs (dismissed),
 * and every request besides the document itself. Set off click vectors.
 * @param {string} file
 * @param {'load' | 'click'} trigger
 */
async function openDirectly(file, trigger) {
  const url = pathToFileURL(file).href;
  const s = await openPage(url, { goto: false });
  /** @type {string[]} */
  const dialogs = [];
  s.page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  // A synchronous alert() during load holds the load event until it is dismissed,
  // and requests made while loading are reported before it: after goto() (and the
  // fonts the page asked for), everything the load set off has been recorded.
  await s.page.goto(url, { waitUntil: 'load' });
  await s.page.evaluate(() => document.fonts?.ready.then(() => undefined));
  if (trigger === 'click' && (await s.page.$('#target'))) {
    await s.page.click('#target', { timeout: 5000 });
  }
  const others = () => s.requests.filter((r) => r.url !== url).map((r) => r.url);
  return { s, dialogs, others };
}

/**
 * What in the browser's DOM of an opened SVG could run or load: elements
 * that run code or hold HTML, anything outside the SVG namespace, handlers,
 * script URLs, links other than to a part of the image (or a web page from
 * `<a>`), animations of links, and CSS that imports or loads.
 * @param {import('playwright-core').Page} page
 */
function activeInDom(page) {
  return page.evaluate(() => {
    const SVG = 'http://www.w3.org/2000/svg';
    const found = [];
    // Browsers drop control characters and spaces inside a URL's scheme: compare without them.
    const compact = (v) => Array.from(v).filter((c) => c.charCodeAt(0) > 0x20).join('').toLowerCase();
    for (const el of document.getElementsByTagName('*')) {
      const name = el.localName;
      if (el.namespaceURI !== SVG) found.push(`<${name}> in ${el.namespaceURI}`);
      if (['script', 'foreignObject', 'iframe', 'frame', 'embed', 'object', 'handler', 'listener'].includes(name)) {
        found.push(`<${name}>`);
      }
      for (const attr of el.attributes) {
        const value = compact(attr.value);
        if (attr.localName.toLowerCase().startsWith('on')) found.push(`${name}@${attr.name}`);
        if (/(java|vb|live)script:|data:(text|application)\//.test(value)) found.push(`${name}@${attr.name}=${attr.value}`);
        if (attr.localName === 'href' && !value.startsWith('#') && !(name === 'a' && /^https?:\/\//.test(value))) {
          found.push(`${name}@${attr.name}=${attr.value}`);
        }
        if (attr.localName === 'attributename' || attr.name === 'attributeName') {
          if (/href|^on/i.test(attr.value)) found.push(`${name} animates ${attr.value}`);
        }
        if (/url\((?!\s*['"]?#)/i.test(attr.value)) found.push(`${name}@${attr.name}=${attr.value}`);
      }
      if (name === 'style' && /@import|url\((?!\s*['"]?#)/i.test(el.textContent)) found.push(`<style>${el.textContent}`);
    }
    return found;
  });
}

/** A module whose one page embeds (SVG only) and links each vector; returns [dir, lines]. */
function vectorModule(root) {
  const dir = path.join(root, 'vectors');
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
  const lines = ['# Vectors', ''];
  /** @type {Map<string, number[]>} */
  const where = new Map();
  for (const v of VECTORS) {
    fs.copyFileSync(path.join(fixtures, v.file), path.join(dir, 'media', v.file));
    const at = [];
    if (v.file.endsWith('.svg')) {
      lines.push(`![A test image](media/${v.file})`, '');
      at.push(lines.length - 1);
    }
    lines.push(`Open [the ${v.file} file](media/${v.file}).`, '');
    at.push(lines.length - 1);
    where.set(v.file, at);
  }
  fs.writeFileSync(path.join(dir, '01-vectors.md'), lines.join('\n'));
  fs.writeFileSync(
    path.join(dir, 'module.toml'),
    'id = "vectors"\ntitle = "Vectors"\nversion = "1.0.0"\nlanguage = "en-GB"\nsummary = "Active content."\npages = ["01-vectors.md"]\n',
  );
  return [dir, where];
}

describe('active content in media', { concurrency: false }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-active-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('every vector is live when its raw file is opened straight in Chromium', async () => {
    for (const v of VECTORS) {
      const { s, dialogs, others } = await openDirectly(path.join(fixtures, v.file), v.trigger);
      try {
        if (v.live) {
          await waitUntil(() => dialogs.length > 0 || others().length > 0, { what: `${v.file} to show a dialog or make a request` });
        } else {
          assert.deepEqual([dialogs, others()], [[], []], `${v.file} is listed as inert in Chromium`);
        }
      } finally {
        await s.close();
      }
    }
  });

  test('coursepack refuses each vector at every line that uses it', () => {
    const [dir, where] = vectorModule(root);
    const run = spawnSync(cli, ['check', dir, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    for (const v of VECTORS) {
      for (const line of where.get(v.file)) {
        const found = report.diagnostics.find((d) => d.location?.line === line && d.message.includes(`media/${v.file}`));
        assert.ok(found, `${v.file}: nothing reported at line ${line}:\n${run.stdout}`);
        assert.equal(found.code, v.code ?? 'page/unsafe-content', `${v.file} line ${line}: ${found.message}`);
        assert.equal(found.severity, 'error');
      }
    }
    const built = spawnSync(cli, ['build', dir, '--out', path.join(root, 'dist-vectors')], { encoding: 'utf8' });
    assert.equal(built.status, 1, 'the build refuses too');
    assert.ok(!fs.existsSync(path.join(root, 'dist-vectors')) || fs.readdirSync(path.join(root, 'dist-vectors')).length === 0);
  });

  test("the build's rewrite of every SVG vector is inert in Chromium", async () => {
    const svgs = VECTORS.filter((v) => v.file.endsWith('.svg'));
    const out = path.join(root, 'rewritten');
    const printed = execFileSync(sanitiser, [out, ...svgs.map((v) => path.join(fixtures, v.file))], { encoding: 'utf8' });
    for (const v of svgs) {
      assert.match(printed, new RegExp(`^refused\\t.*${v.file.replace('.', '\\.')}\\t.+`, 'm'), `${v.file} is refused:\n${printed}`);
      const { s, dialogs, others } = await openDirectly(path.join(out, v.file), v.trigger);
      try {
        assert.deepEqual(await activeInDom(s.page), [], `${v.file}: active content in the rewrite`);
        assert.deepEqual(dialogs, [], `${v.file}: a dialog`);
        assert.deepEqual(others(), [], `${v.file}: requests`);
        assert.deepEqual(s.pageErrors, [], `${v.file}: script errors`);
      } finally {
        await s.close();
      }
    }
  });

  test('a harmless SVG full of editor data builds, and its packaged copy is inert and still draws', async () => {
    const dir = path.join(root, 'diagram');
    fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'harmless-diagram.svg'), path.join(dir, 'media', 'diagram.svg'));
    fs.writeFileSync(
      path.join(dir, '01-a.md'),
      '# Diagram\n\n![Two boxes joined by an arrow: collect, then store](media/diagram.svg)\n\nOpen [the diagram on its own](media/diagram.svg).\n',
    );
    fs.writeFileSync(
      path.join(dir, 'module.toml'),
      'id = "diagram"\ntitle = "Diagram"\nversion = "1.0.0"\nlanguage = "en-GB"\nsummary = "A diagram."\npages = ["01-a.md"]\n',
    );
    const dist = path.join(root, 'dist-diagram');
    const built = spawnSync(cli, ['build', dir, '--out', dist, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const warnings = JSON.parse(built.stderr).diagnostics.map((d) => `${d.code} ${d.message}`);
    assert.deepEqual(warnings, [
      'page/svg-changed `media/diagram.svg`: the package\'s copy leaves out `<foreignObject>`, which packages do not include',
    ]);
    const unpacked = await extractZip(built.stdout.trim());
    try {
      const { s, dialogs, others } = await openDirectly(path.join(unpacked, 'media', 'diagram.svg'), 'load');
      try {
        assert.deepEqual(await activeInDom(s.page), []);
        assert.deepEqual([dialogs, others(), s.pageErrors], [[], [], []]);
        const drawn = await s.page.evaluate(() => ({
          rects: document.querySelectorAll('rect').length,
          texts: Array.from(document.querySelectorAll('text'), (t) => t.textContent.trim()),
          width: document.documentElement.getBoundingClientRect().width,
          title: document.querySelector('title')?.textContent,
        }));
        assert.deepEqual(drawn, {
          rects: 3,
          texts: ['Collect', 'Store'],
          width: 300,
          title: 'Two boxes joined by an arrow: collect, then store',
        });
      } finally {
        await s.close();
      }
    } finally {
      await removeDir(unpacked);
    }
  });
});
