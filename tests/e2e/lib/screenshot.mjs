// Screenshots compared with reviewed reference images (screenshots.test.mjs).
//
//   const browser = await screenshotBrowser();          // fonts pinned, see below
//   const png = await takeScreenshot(page);             // full page, no animation, no caret
//   const verdict = matchReference('cover-320', png);   // { ok, message }
//
// Deterministic by construction:
// - fonts: Chromium gets a fontconfig of its own that knows only the Liberation
//   fonts (Debian fonts-liberation) and DejaVu Sans, Serif and Mono
//   (fonts-dejavu-core), with fixed antialiasing and no hinting; so the same
//   page draws the same glyphs on any Debian machine, whatever else is
//   installed. sans-serif, serif and monospace are Liberation Sans, Serif and
//   Mono; a family it does not have (system-ui, Segoe UI...) is its default,
//   DejaVu Sans, as on a stock Debian desktop; symbols such as ✓ come from DejaVu;
// - no animation or transition (prefers-reduced-motion and Playwright's
//   `animations: 'disabled'`), no caret, device scale factor 1, sRGB;
// - a screenshot is taken only once fonts and images have loaded and two
//   frames have been drawn since the last change.
//
// References live in tests/e2e/screens/reference/<name>.png. A screenshot
// matches when it has the reference's size and at most MAX_DIFF_RATIO of its
// pixels differ, as npm pixelmatch counts them (a perceptual colour distance
// above PIXEL_THRESHOLD; anti-aliased edges are not counted): noise passes, a
// moved or recoloured element does not. On a mismatch the screenshot and a
// diff image (differences in magenta over the faded reference) are written to
// tests/e2e/.cache/screenshots/ for review.
//
// COURSEPACK_UPDATE_SCREENSHOTS=1 writes every screenshot that does not match
// (or has no reference) as the new reference instead of failing: look at each
// changed file (git status) before committing it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import pixelmatch from 'pixelmatch';
import pngjs from 'pngjs';

import { launchBrowser } from './browser.mjs';
import { waitInPage } from './wait.mjs';

const { PNG } = pngjs;

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the reviewed references are. */
export const REFERENCE_DIR = path.resolve(here, '../screens/reference');

/** Where screenshots and diffs of mismatches go (ignored by git). */
export const OUTPUT_DIR = path.resolve(here, '../.cache/screenshots');

/** pixelmatch's threshold: the perceptual colour distance (0 to 1) above which a pixel differs. */
export const PIXEL_THRESHOLD = 0.1;

/** The share of pixels that may differ before a screenshot fails. */
export const MAX_DIFF_RATIO = 0.001;

/** Whether mismatching screenshots replace their references (COURSEPACK_UPDATE_SCREENSHOTS=1). */
export const UPDATING = process.env.COURSEPACK_UPDATE_SCREENSHOTS === '1';

/** The widths every screen is taken at: a small phone, a tablet, a laptop. */
export const WIDTHS = Object.freeze([320, 768, 1280]);

/** Font folders the screenshot browser may use (Debian fonts-liberation and fonts-dejavu-core). */
const FONT_DIRS = ['/usr/share/fonts/truetype/liberation', '/usr/share/fonts/truetype/dejavu'];

/** The fontconfig file of the screenshot browser (see the top of this file). */
function fontConfig(cacheDir) {
  const alias = (generic, ...families) =>
    `  <alias binding="same"><family>${generic}</family><prefer>${families.map((f) => `<family>${f}</family>`).join('')}</prefer></alias>`;
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
${FONT_DIRS.map((d) => `  <dir>${d}</dir>`).join('\n')}
  <cachedir>${cacheDir}</cachedir>
  <selectfont><rejectfont><glob>*/DejaVuMath*</glob></rejectfont></selectfont>
${alias('sans-serif', 'Liberation Sans', 'DejaVu Sans')}
${alias('serif', 'Liberation Serif', 'DejaVu Serif')}
${alias('monospace', 'Liberation Mono', 'DejaVu Sans Mono')}
${alias('ui-monospace', 'Liberation Mono', 'DejaVu Sans Mono')}
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>false</bool></edit>
    <edit name="autohint" mode="assign"><bool>false</bool></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
    <edit name="lcdfilter" mode="assign"><const>lcdnone</const></edit>
    <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
  </match>
</fontconfig>
`;
}

/**
 * A Chromium of its own for screenshots: fonts pinned (see the top of this
 * file) and rendering flags that keep pixels the same from run to run.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function screenshotBrowser() {
  const missing = FONT_DIRS.filter((d) => !fs.existsSync(d));
  if (missing.length) {
    throw new Error(`font folders missing: ${missing.join(', ')}: run scripts/install-test-deps.sh (fonts-liberation, fonts-dejavu-core)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-fonts-'));
  fs.mkdirSync(path.join(dir, 'cache'));
  const file = path.join(dir, 'fonts.conf');
  fs.writeFileSync(file, fontConfig(path.join(dir, 'cache')));
  return launchBrowser({
    env: { FONTCONFIG_FILE: file },
    args: [
      '--font-render-hinting=none',
      '--disable-font-subpixel-positioning',
      '--disable-lcd-text',
      '--force-color-profile=srgb',
      '--hide-scrollbars',
      '--disable-partial-raster',
      '--disable-skia-runtime-opts',
    ],
  });
}

/**
 * Wait until the page is still: fonts loaded, every image the page shows
 * loaded and decoded (lazy ones are made eager first, since a full-page
 * screenshot shows what is below the fold too), and two animation frames
 * drawn. Never waits for a time; fails after WAIT_MS saying what it waited for.
 * @param {import('playwright-core').Page} page
 */
export async function settle(page) {
  await waitInPage(
    page,
    () => {
      const shown = [...document.images].filter((img) => img.checkVisibility());
      for (const img of shown) if (img.loading === 'lazy') img.loading = 'eager';
      return document.fonts.status === 'loaded' && shown.every((img) => img.complete);
    },
    null,
    { what: 'fonts and the images shown to load' },
  );
  await page.evaluate(async () => {
    const shown = [...document.images].filter((img) => img.checkVisibility() && img.src);
    await Promise.all(shown.map((img) => img.decode().catch(() => null)));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/**
 * A full-page screenshot of what the page shows now, without animations and caret.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Buffer>}
 */
export async function takeScreenshot(page) {
  await settle(page);
  return page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide', scale: 'css' });
}

/**
 * Compare a screenshot with its reference (or, under COURSEPACK_UPDATE_SCREENSHOTS=1,
 * replace a reference it does not match).
 * @param {string} name  file name without `.png`
 * @param {Buffer} png
 * @param {{ referenceDir?: string, outputDir?: string, updating?: boolean }} [options]  (the harness's self-test sets them)
 * @returns {{ ok: boolean, updated: boolean, message: string }}
 */
export function matchReference(name, png, { referenceDir = REFERENCE_DIR, outputDir = OUTPUT_DIR, updating = UPDATING } = {}) {
  const reference = path.join(referenceDir, `${name}.png`);
  const diffFile = path.join(outputDir, `${name}.diff.png`);
  fs.rmSync(diffFile, { force: true });
  const actual = PNG.sync.read(png);
  let problem = '';
  if (!fs.existsSync(reference)) {
    problem = 'has no reference image';
  } else {
    const expected = PNG.sync.read(fs.readFileSync(reference));
    if (actual.width !== expected.width || actual.height !== expected.height) {
      problem = `is ${actual.width}×${actual.height} px, the reference ${expected.width}×${expected.height} px`;
    } else {
      const { width, height } = actual;
      const diff = new PNG({ width, height });
      const differing = pixelmatch(actual.data, expected.data, diff.data, width, height, {
        threshold: PIXEL_THRESHOLD,
        alpha: 0.2,
        diffColor: [255, 0, 255],
      });
      const total = width * height;
      if (differing > total * MAX_DIFF_RATIO) {
        problem = `differs from the reference in ${differing} of ${total} pixels (${((100 * differing) / total).toFixed(2)}%; at most ${MAX_DIFF_RATIO * 100}% may)`;
        if (!updating) {
          fs.mkdirSync(outputDir, { recursive: true });
          fs.writeFileSync(diffFile, PNG.sync.write(diff));
        }
      }
    }
  }
  if (!problem) return { ok: true, updated: false, message: '' };
  if (updating) {
    fs.mkdirSync(referenceDir, { recursive: true });
    fs.writeFileSync(reference, png);
    return { ok: true, updated: true, message: `${name}: ${problem}; reference written, review it before committing` };
  }
  fs.mkdirSync(outputDir, { recursive: true });
  const out = path.join(outputDir, `${name}.png`);
  fs.writeFileSync(out, png);
  return {
    ok: false,
    updated: false,
    message:
      `${name}: the screenshot ${problem}.\n    screenshot: ${out}` +
      (fs.existsSync(diffFile) ? `\n    differences: ${diffFile}` : '') +
      `\n    reference:  ${reference}` +
      '\n    if the change is intended, review the screenshot and run with COURSEPACK_UPDATE_SCREENSHOTS=1 (see tests/e2e/README.md)',
  };
}
