// Captions in the offline web package (issue 12 §3): opened straight from
// disk (file://), where Chromium refuses to load a `<track src>` file (every
// file is an origin of its own), and served over HTTP.
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/captions.test.mjs
//
// (`cargo xtask e2e` sets the variable.) The fixture module
// fixtures/captions/ has a video with captions in English (the default
// track) and Welsh; it is built for the web target with that binary. On the
// video's page, every track must load (readyState LOADED, never ERROR) with
// its cues, the default one showing, and no console error.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe } from 'node:test';

import { assertNoConsoleErrors, closeBrowser, openPage } from './lib/browser.mjs';
import { pressEnter, tabTo } from './lib/keyboard.mjs';
import { expectPage, uiStrings, waitForPlayerReady } from './lib/player.mjs';
import { startServer } from './lib/server.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { waitInPage } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'captions');
const cli = process.env.COURSEPACK_BIN;

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
  });
}

after(closeBrowser);

/** Each track of the page's video: language, mode, readyState (2 loaded, 3 error) and cue texts. */
function tracksOf(page) {
  return page.evaluate(() => {
    const video = document.querySelector('video');
    if (!video) return null;
    return [...video.querySelectorAll('track')].map((el) => ({
      lang: el.srclang,
      readyState: el.readyState,
      mode: el.track.mode,
      cues: [...(el.track.cues ?? [])].map((c) => /** @type {VTTCue} */ (c).text),
    }));
  });
}

if (cli) {
  describe('captions of a web package', () => {
    let out;
    let dir;
    let server;
    before(async () => {
      out = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-captions-'));
      const stdout = execFileSync(cli, ['build', fixture, '--target', 'web', '--out', out], { encoding: 'utf8' });
      const zip = stdout.trim().split('\n').pop();
      assert.ok(zip && fs.existsSync(zip), `coursepack build printed no zip: ${stdout}`);
      dir = await extractZip(zip);
      server = await startServer({ root: dir });
    });
    after(async () => {
      await server?.close();
      if (dir) await removeDir(dir);
      if (out) fs.rmSync(out, { recursive: true, force: true });
    });

    for (const how of ['file://', 'HTTP']) {
      test(`load with their cues when the package is opened over ${how}`, async () => {
        const url = how === 'file://' ? pathToFileURL(path.join(dir, 'index.html')).href : server.url('index.html');
        const session = await openPage(url);
        try {
          const { page } = session;
          await waitForPlayerReady(page);
          const t = uiStrings('en-GB');
          await tabTo(page, { name: t.next, role: 'button' });
          await pressEnter(page);
          await expectPage(page, 1, { what: 'the video page', focusHeading: true });
          // wait until every track has loaded or failed: an event, never a time
          await waitInPage(page, () => {
            const tracks = [...document.querySelectorAll('video track')];
            return tracks.length > 0 && tracks.every((el) => /** @type {HTMLTrackElement} */ (el).readyState >= 2
              || /** @type {HTMLTrackElement} */ (el).track.mode === 'disabled');
          }, null, { what: 'the caption tracks to load or fail' });
          // a track that is not showing loads when chosen: choose Welsh, as a learner would from the menu
          await page.evaluate(() => {
            for (const el of document.querySelectorAll('video track')) {
              const track = /** @type {HTMLTrackElement} */ (el).track;
              if (track.mode === 'disabled') track.mode = 'hidden';
            }
          });
          await waitInPage(page, () => [...document.querySelectorAll('video track')]
            .every((el) => /** @type {HTMLTrackElement} */ (el).readyState >= 2), null, { what: 'every caption track to load or fail' });
          const tracks = await tracksOf(page);
          assert.deepEqual(tracks, [
            {
              lang: 'en-GB',
              readyState: 2,
              mode: 'showing',
              cues: ['Hello, and welcome: 100% of this #talk is captioned.', '<v Speaker>Data needs <b>care</b> &amp; attention.'],
            },
            { lang: 'cy', readyState: 2, mode: 'hidden', cues: ['Croeso i’r sgwrs.'] },
          ], `every track loads with its cues over ${how}`);
          assertNoConsoleErrors(session, `captions over ${how}`);
        } finally {
          await session.close();
        }
      });
    }
  });
}
