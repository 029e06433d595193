// The preview half of `cargo xtask bench`: from saving a page of a shipped
// module to the reloaded page in `coursepack preview`.
//
//   node xtask/bench-js/preview.mjs <config.json>
//
// config: { "bin": "<coursepack>", "module": "<a module folder>", "page": "01-welcome.md", "samples": 20 }
//
// The module is copied to a temporary folder and previewed (`coursepack
// preview <copy> --port 0`, the web target) in headless Chromium, on the page
// the edit is made to. Each sample (after one discarded warm-up) writes the
// page with a new sentence at its end and measures, on the wall clock both
// processes share, from just before the write to the reloaded package
// showing that sentence with its player running (html.cp-js), then a frame
// and a task (painted). The preview's own figure for the build ("Built in N
// ms" on stderr) is kept beside it. Prints one JSON document on stdout:
//
//   { "module": "...", "target": "web", "saveToReloadMs": [...], "buildMs": [...] }
//
// Raw samples only: the medians are computed by the Rust side.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { closeBrowser, openPage } from '../../tests/e2e/lib/browser.mjs';
import { copyToTemp, packageFrame, startPreview } from '../../tests/e2e/lib/preview.mjs';
import { waitUntil } from '../../tests/e2e/lib/wait.mjs';

/** The sentence sample `i` adds at the end of the page. */
export function marker(i) {
  return `This sentence was added by the preview benchmark, edit ${i}.`;
}

/**
 * In the preview page: resolve with Date.now() once the package frame shows
 * `text` with its player running, after a frame and a task (painted).
 * @param {string} text
 * @returns {Promise<number>}
 */
function shownAt(text) {
  return new Promise((resolve) => {
    const check = () => {
      const frame = document.getElementById('pv-package');
      const doc = frame && frame.contentDocument;
      // (a document still loading may have no root element or body yet)
      const root = doc && doc.documentElement;
      if (root && root.classList.contains('cp-js') && doc.body && doc.body.textContent.includes(text)) {
        requestAnimationFrame(() => setTimeout(() => resolve(Date.now()), 0));
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  });
}

/**
 * Measure `samples` edits of `page` in the preview of `module`.
 * @param {{ bin: string, module: string, page: string, samples: number }} config
 */
export async function measurePreview(config) {
  process.env.COURSEPACK_BIN = config.bin;
  const copy = await copyToTemp(config.module);
  const file = path.join(copy, config.page);
  const original = await fsp.readFile(file, 'utf8');
  const pv = await startPreview(copy);
  const out = { module: path.basename(config.module), page: config.page, target: 'web', saveToReloadMs: [], buildMs: [] };
  const s = await openPage(pv.url);
  try {
    await packageFrame(s.page);
    for (let i = 0; i <= config.samples; i++) {
      const text = marker(i);
      const builds = (pv.stderr().match(/Built in \d+ ms; the preview reloads\./g) || []).length;
      const shown = s.page.evaluate(shownAt, text);
      const saved = Date.now();
      await fsp.writeFile(file, `${original.trimEnd()}\n\n${text}\n`);
      const at = await shown;
      // the terminal's line for this build (printed before the page is told)
      await waitUntil(() => (pv.stderr().match(/Built in \d+ ms; the preview reloads\./g) || []).length > builds, {
        what: 'the preview to print the build',
        describe: () => pv.stderr(),
      });
      const all = [...pv.stderr().matchAll(/Built in (\d+) ms; the preview reloads\./g)];
      if (i === 0) continue; // warm-up
      out.saveToReloadMs.push(at - saved);
      out.buildMs.push(Number(all.at(-1)[1]));
    }
  } finally {
    await s.close();
    await pv.stop();
    await fsp.rm(path.dirname(copy), { recursive: true, force: true });
  }
  return out;
}

async function main() {
  const configPath = process.argv[2];
  if (!configPath) throw new Error('usage: node preview.mjs <config.json>');
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  config.samples = Math.max(1, config.samples | 0);
  let out;
  try {
    const started = Date.now();
    out = await measurePreview(config);
    process.stderr.write(`bench preview: ${config.samples} edits in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await closeBrowser();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`bench preview: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
