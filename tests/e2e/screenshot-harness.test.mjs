// Self-test of the screenshot harness (lib/screenshot.mjs): the pinned-font
// browser draws the same page the same way twice, and the comparison catches
// a layout shift of two pixels and a recoloured element, while passing the
// page drawn again.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import { matchReference, screenshotBrowser, takeScreenshot } from './lib/screenshot.mjs';
import { test } from './lib/test.mjs';

describe('screenshots of a page', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-shot-test-'));
  const html = (shift = 0, colour = '#1d4f91') => `<!doctype html><html lang="en"><body style="margin:0;font:18px/1.6 system-ui, sans-serif">
<h1 style="margin:16px ${24 + shift}px;font-family:serif">Heading ✓</h1><p style="margin:0 24px">Body text in the default font, <code>mono</code>.</p>
<button style="margin:24px;padding:12px 20px;border:0;background:${colour};color:#fff;font:inherit">Start</button></body></html>`;

  before(async () => {
    browser = await screenshotBrowser();
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** @param {string} content */
  async function shot(content) {
    const context = await browser.newContext({ viewport: { width: 320, height: 200 }, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.setContent(content);
      return await takeScreenshot(page);
    } finally {
      await context.close();
    }
  }

  test('the same page gives the same pixels; a shift or a new colour is caught', async () => {
    const options = { referenceDir: path.join(dir, 'ref'), outputDir: path.join(dir, 'out') };
    const first = await shot(html());
    assert.equal(matchReference('page', first, options).ok, false, 'a missing reference fails');
    assert.ok(matchReference('page', first, { ...options, updating: true }).updated, 'updating writes the reference');
    assert.ok(matchReference('page', await shot(html()), options).ok, 'drawn again, the page matches its reference');
    const shifted = matchReference('page', await shot(html(2)), options);
    assert.equal(shifted.ok, false, 'a heading moved by 2 px is caught');
    assert.match(shifted.message, /differs from the reference in \d+ of \d+ pixels/);
    assert.ok(fs.existsSync(path.join(dir, 'out', 'page.diff.png')), 'the differences are written as an image');
    assert.equal(matchReference('page', await shot(html(0, '#8a1d91')), options).ok, false, 'a recoloured button is caught');
  });
});
