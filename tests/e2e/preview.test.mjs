// `coursepack preview` in Chromium: live reload keeping the learner's place,
// the overlay of a broken edit over a build that stays playable, the
// inspector of a play-through (SCORM 1.2, SCORM 2004, cmi5), a relaunch that
// resumes, the quirk switches, and the page's own accessibility. Each test
// starts the CLI ($COURSEPACK_BIN) on a fresh starter module (`coursepack new`)
// and waits for events (a launch loaded, a call listed), never for a time.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, closeBrowser, openPage } from './lib/browser.mjs';
import { nextPage, playerData, walkModule } from './lib/learner.mjs';
import { expectPage } from './lib/player.mjs';
import { calls, coursepackBin, packageFrame, previewLrs, problems, startPreview, waitForCall } from './lib/preview.mjs';
import { test } from './lib/test.mjs';
import { waitInPage, waitUntil } from './lib/wait.mjs';

after(closeBrowser);

/** A new starter module in a temporary folder. */
async function starterModule() {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'coursepack-preview-'));
  const module = path.join(dir, 'starter');
  execFileSync(coursepackBin(), ['new', module, '--title', 'Preview Starter'], { stdio: 'pipe' });
  return module;
}

/** Wait until the shell has loaded its `n`th launch of the package. */
function launched(page, n) {
  return waitInPage(page, (k) => Number(document.body.dataset.launches || 0) >= k, n, { what: `launch number ${n} of the package to load` });
}

test('an edited page reloads in the open preview with the change, on the page the learner was on', async () => {
  const module = await starterModule();
  const pv = await startPreview(module, ['--target', 'scorm12']);
  const s = await openPage(pv.url);
  try {
    await launched(s.page, 1);
    const frame = await packageFrame(s.page);
    await waitForCall(s.page, /LMSInitialize\(""\) → "true"/);
    await nextPage(s.page, frame);
    await expectPage(frame, 1);
    const page = path.join(module, '02-try-it.md');
    const text = await fsp.readFile(page, 'utf8');
    await fsp.writeFile(page, text.replace('# Try it', '# Try it\n\nThis sentence was added while the preview was open.'));
    await launched(s.page, 2);
    await waitInPage(frame, () => document.documentElement.classList.contains('cp-js') && document.body.textContent.includes('This sentence was added while the preview was open.'), null, {
      what: 'the reloaded package to show the edit',
    });
    await expectPage(frame, 1, { what: 'after the reload, the learner is still on page 2' });
    // the reload was a new SCORM session that resumed
    await waitForCall(s.page, /LMSGetValue\("cmi.core.entry"\) → "resume"/);
    assert.match(pv.stderr(), /Built in \d+ ms; the preview reloads\./);
    assertNoConsoleErrors(s);
  } finally {
    await s.close();
    await pv.stop();
  }
});

test('a second save while the first reload is under way is shown too', async () => {
  const module = await starterModule();
  const pv = await startPreview(module, ['--target', 'web']);
  const s = await openPage(pv.url);
  try {
    await launched(s.page, 1);
    const frame = await packageFrame(s.page);
    const page = path.join(module, '01-welcome.md');
    const text = await fsp.readFile(page, 'utf8');
    const generation = Number(await s.page.evaluate(() => document.body.dataset.generation));
    // hold the reload of the first save: its page is fetched (the first edit) but not given to the frame yet
    let held;
    const requested = new Promise((resolve) => {
      s.context.route('**/content/*/index.html*', async (route) => {
        if (held) return route.continue();
        held = { route, response: await route.fetch() };
        resolve();
      });
    });
    await fsp.writeFile(page, `${text.trimEnd()}\n\nThe first edit.\n`);
    await requested;
    // the second save is built and reaches the page while the first reload is still loading
    await fsp.writeFile(page, `${text.trimEnd()}\n\nThe second edit.\n`);
    await waitInPage(s.page, (g) => Number(document.body.dataset.generation) >= g, generation + 2, {
      what: 'the page to take in the second build',
    });
    await held.route.fulfill({ response: held.response });
    await waitInPage(frame, () => document.documentElement.classList.contains('cp-js') && document.body.textContent.includes('The second edit.'), null, {
      what: 'the package to show the second edit (a reload asked for during another must not be dropped)',
    });
  } finally {
    await s.close();
    await pv.stop();
  }
});

test('a broken edit shows its located errors in an overlay while the previous build stays playable', async () => {
  const module = await starterModule();
  const pv = await startPreview(module, ['--target', 'web']);
  const s = await openPage(pv.url);
  try {
    await launched(s.page, 1);
    const frame = await packageFrame(s.page);
    const page = path.join(module, '02-try-it.md');
    const good = await fsp.readFile(page, 'utf8');
    await fsp.writeFile(page, good.replace('# Try it', '# Try it\n\n![A missing picture](media/not-there.png)'));
    await waitInPage(s.page, () => !document.getElementById('pv-overlay').hidden, null, { what: 'the overlay to show the build errors' });
    const overlay = await s.page.locator('#pv-overlay').innerText();
    assert.match(overlay, /02-try-it\.md:3:\d+/, `the overlay locates the error: ${overlay}`);
    await s.page.waitForFunction(() => document.getElementById('pv-status').textContent.includes('still playable'));
    // the terminal shows the same diagnostics
    await waitUntil(() => /keeps the last build that worked/.test(pv.stderr()), { what: 'the terminal to report the broken build' });
    assert.match(pv.stderr(), /02-try-it\.md:3:\d+/);
    // the last good build is still there and playable
    assert.equal(await s.page.evaluate(() => document.body.dataset.launches), '1', 'no reload for a broken build');
    await nextPage(s.page, frame);
    await expectPage(frame, 1);
    await assertNoAxeViolations(s.page, 'the preview with the overlay');
    // fixing it removes the overlay and reloads
    await fsp.writeFile(page, good);
    await launched(s.page, 2);
    await waitInPage(s.page, () => document.getElementById('pv-overlay').hidden, null, { what: 'the overlay to go once fixed' });
  } finally {
    await s.close();
    await pv.stop();
  }
});

test('a batch of calls the preview server did not take is sent again: the inspector misses none, in order', async () => {
  const module = await starterModule();
  const pv = await startPreview(module, ['--target', 'scorm12']);
  const s = await openPage(pv.url, { goto: false });
  try {
    // the first batch of the log (the launch, LMSInitialize, the first reads) fails on its way
    let refused = 0;
    await s.page.route((u) => u.pathname === '/_preview/api/log', async (route) => {
      if (refused === 0) {
        refused++;
        await route.abort('connectionreset');
      } else {
        await route.fallback();
      }
    });
    await s.page.goto(pv.url, { waitUntil: 'load' });
    await launched(s.page, 1);
    const frame = await packageFrame(s.page);
    await waitForCall(s.page, /LMSInitialize\(""\) → "true"/);
    await nextPage(s.page, frame);
    await expectPage(frame, 1);
    await waitForCall(s.page, /LMSCommit\(""\) → "true"/);
    assert.equal(refused, 1, 'the first batch was refused');
    const list = await calls(s.page);
    assert.match(list[0], /^SCORM New session/, `the launch comes first:\n${list.join('\n')}`);
    assert.match(list[1], /^SCORM LMSInitialize\(""\) → "true"/, `then LMSInitialize:\n${list.join('\n')}`);
    assert.equal(list.filter((c) => /^SCORM LMSInitialize\(/.test(c)).length, 1, 'listed once');
  } finally {
    await s.close();
    await pv.stop();
  }
});

for (const [target, init, finish] of [
  ['scorm12', 'LMSInitialize', 'LMSFinish'],
  ['scorm2004', 'Initialize', 'Terminate'],
]) {
  test(`the inspector lists the calls of a ${target} play-through, its data model, and a relaunch resumes`, async () => {
    const module = await starterModule();
    const pv = await startPreview(module, ['--target', target]);
    const s = await openPage(pv.url);
    try {
      await launched(s.page, 1);
      let frame = await packageFrame(s.page);
      await nextPage(s.page, frame);
      await expectPage(frame, 1);
      // a resume test: the LMS relaunches the SCO, which resumes on page 2
      await s.page.click('#pv-relaunch');
      await launched(s.page, 2);
      frame = await packageFrame(s.page);
      await expectPage(frame, 1, { what: 'the relaunched SCO resumes where the learner was' });
      await waitForCall(s.page, new RegExp(`${finish}\\(""\\) → "true"`));
      const data = await playerData(frame);
      await walkModule(s.page, frame, data, { answers: 'right', finish: true });
      await waitForCall(s.page, new RegExp(`${finish}\\(""\\) → "true"`), { count: 2 });
      const list = await calls(s.page);
      const status = target === 'scorm12' ? /LMSSetValue\("cmi.core.lesson_status", "passed"\)/ : /SetValue\("cmi.success_status", "passed"\)/;
      assert.ok(list.some((c) => status.test(c)), `the play-through's status is listed:\n${list.join('\n')}`);
      assert.ok(list.some((c) => /interactions\.0\.id/.test(c)), 'the answer is listed as an interaction');
      assert.equal(list.filter((c) => new RegExp(`^SCORM ${init}\\(`).test(c)).length, 2, 'one initialise per launch');
      assert.deepEqual(await problems(s.page), [], 'a coursepack package breaks no rule');
      await s.page.click('#pv-tab-data');
      const model = await s.page.locator('#pv-data').innerText();
      assert.match(model, target === 'scorm12' ? /Status\s+passed/ : /Success\s+passed/);
      assert.match(model, /Suspend data\s+\d+ of (4096|64000) characters/);
      await assertNoAxeViolations(s.page, `the preview of a ${target} play-through, data model shown`);
      assertNoConsoleErrors(s);
    } finally {
      await s.close();
      await pv.stop();
    }
  });
}

test('the inspector lists the requests and statements of a cmi5 play-through, checked by the LRS', async () => {
  const module = await starterModule();
  const pv = await startPreview(module, ['--target', 'cmi5']);
  const s = await openPage(pv.url);
  try {
    await launched(s.page, 1);
    const frame = await packageFrame(s.page);
    const data = await playerData(frame);
    await walkModule(s.page, frame, data, { answers: 'right', finish: true });
    await waitForCall(s.page, /POST statements → 200.*terminated/);
    await waitForCall(s.page, /POST cmi5 fetch URL → 200/);
    await waitForCall(s.page, /GET activities\/state → 200.*LMS\.LaunchData/);
    const lrs = await previewLrs(pv.url);
    const verbs = lrs.statements.map((st) => st.verb.id.split('/').pop());
    assert.equal(verbs[0], 'initialized');
    assert.equal(verbs.at(-1), 'terminated');
    assert.ok(verbs.includes('passed') && verbs.includes('completed'), verbs.join(', '));
    assert.deepEqual(await problems(s.page), [], 'every statement kept xAPI 1.0.3 and the cmi5 rules');
    await s.page.click('#pv-tab-statements');
    const shown = await s.page.locator('#pv-statements > li').count();
    assert.equal(shown, lrs.statements.length, 'the inspector lists every statement');
    // a 404 for a state document or profile not written yet is how xAPI says "none"
    s.consoleErrors = s.consoleErrors.filter((e) => !/status of 404 .*\/lrs\/(activities\/state|agents\/profile)\?/.test(e));
    assertNoConsoleErrors(s);
  } finally {
    await s.close();
    await pv.stop();
  }
});

test('the quirk switches: an LMS that never sets lesson_mode, and a failing LRS the package survives', async () => {
  const module = await starterModule();
  const pv = await startPreview(module, ['--target', 'scorm12']);
  const s = await openPage(pv.url);
  try {
    await launched(s.page, 1);
    await s.page.check('#pv-q-mode');
    await launched(s.page, 2);
    await packageFrame(s.page);
    await waitForCall(s.page, /LMSGetValue\("cmi.core.lesson_mode"\) → ""/);
  } finally {
    await s.close();
    await pv.stop();
  }
  const pv2 = await startPreview(module, ['--target', 'xapi']);
  const s2 = await openPage(pv2.url);
  try {
    await launched(s2.page, 1);
    const frame = await packageFrame(s2.page);
    await waitForCall(s2.page, /POST statements → 200.*initialized/);
    await s2.page.selectOption('#pv-q-lrs', 'failing');
    await nextPage(s2.page, frame);
    await waitForCall(s2.page, /POST statements → 503/);
    await s2.page.selectOption('#pv-q-lrs', 'normal');
    // the package keeps its statements and sends them once the LRS answers again
    await nextPage(s2.page, frame);
    await waitForCall(s2.page, /POST statements → 200.*experienced.*experienced|POST statements → 200.*experienced/, { count: 2 });
  } finally {
    await s2.close();
    await pv2.stop();
  }
});

test('the preview page is keyboard-usable: the inspector tabs follow the tabs pattern', async () => {
  const module = await starterModule();
  const pv = await startPreview(module, ['--target', 'scorm2004']);
  const s = await openPage(pv.url, { contextOptions: { viewport: { width: 320, height: 640 } } });
  try {
    await launched(s.page, 1);
    await packageFrame(s.page);
    await s.page.focus('#pv-tab-calls');
    await s.page.keyboard.press('ArrowRight');
    assert.equal(await s.page.evaluate(() => document.activeElement.id), 'pv-tab-data');
    assert.equal(await s.page.getAttribute('#pv-tab-data', 'aria-selected'), 'true');
    assert.equal(await s.page.isVisible('#pv-panel-data'), true);
    await s.page.keyboard.press('End');
    assert.equal(await s.page.evaluate(() => document.activeElement.id), 'pv-tab-problems');
    const sideways = await s.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(sideways, false, 'no sideways scrolling at 320 px');
    await assertNoAxeViolations(s.page, 'the preview at 320 px');
  } finally {
    await s.close();
    await pv.stop();
  }
});
