// Course packages (one SCO per module) in a real SCORM runtime.
//
// SCORM 2004: the test LMS reads the manifest's sequencing into scorm-again's
// sequencing engine (lib/scorm-sequencing.mjs), starts the course and
// delivers each SCO the engine chooses. A keyboard learner works through the
// modules; the tests check that the modules come in course order, that the
// LMS's table of contents cannot open a module before the one before it is
// complete, that a failed module suspends the course with the next module
// still closed, and that completion and success roll up to the course.
//
// SCORM 1.2 has no sequencing in the runtime (the LMS applies
// adlcp:prerequisites itself): each SCO of the course is launched from its
// folder in turn and must report like a single module.
//
//   COURSEPACK_E2E_PACKAGES=<dir with built zips> node --test tests/e2e/scorm-course.test.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import { assertNoConsoleErrors, assertNoFailedRequests, assertSameOriginOnly, closeBrowser } from './lib/browser.mjs';
import { playerData, walkModule } from './lib/learner.mjs';
import { assertStrictCalls, scoRecord, startScormLms, waitForSco } from './lib/lms-scorm.mjs';
import { findPackages } from './lib/packages.mjs';
import { extractZip, listZip, removeDir } from './lib/unzip.mjs';
import { waitInPage } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;

after(closeBrowser);

/** The zips of `std` that are course packages: a manifest and no index.html at the root. */
async function coursePackages(std) {
  const out = [];
  for (const zip of packagesDir ? findPackages(packagesDir, std) : []) {
    const entries = await listZip(zip);
    if (entries.includes('imsmanifest.xml') && !entries.includes('index.html')) out.push(zip);
  }
  return out;
}

/** The SCO items of a manifest, in order: [{ item, href }] (course packages have one level). */
function scoItems(xml) {
  const resources = new Map([...xml.matchAll(/<resource\b[^>]*\bidentifier="([^"]+)"[^>]*\bhref="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  return [...xml.matchAll(/<item\b[^>]*\bidentifier="([^"]+)"[^>]*\bidentifierref="([^"]+)"/g)].map((m) => ({ item: m[1], href: resources.get(m[2]) }));
}

const byId = (tree, id) => tree.children.find((c) => c.id === id);

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
    assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`');
  });
}

const courses2004 = await coursePackages('scorm2004');
if (packagesDir && courses2004.length === 0) {
  test('there are SCORM 2004 course packages to test', () => assert.fail(`no SCORM 2004 course package under ${packagesDir} (cargo xtask e2e builds every course)`));
}

for (const zip of courses2004) {
  describe(`scorm2004 course: ${path.relative(packagesDir, zip)}`, () => {
    let dir;
    let lms;
    let items;
    before(async () => {
      dir = await extractZip(zip);
      items = scoItems(fs.readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8'));
      assert.ok(items.length > 1, 'a course package has several SCOs');
      lms = await startScormLms({ dir, std: 'scorm2004', course: true });
    });
    after(async () => {
      await lms?.close();
      if (dir) await removeDir(dir);
    });

    test('modules open in course order, later ones stay closed, and results roll up to the course', async () => {
      const s = await lms.launch();
      const course = (fn, arg) => s.page.evaluate(fn, arg);
      try {
        for (let n = 0; n < items.length; n++) {
          const sco = await waitForSco(s.page, s.frame, n);
          assert.equal(sco, items[n].item, `module ${n + 1} is the one the sequencing delivers`);
          const data = await playerData(s.frame);
          assert.equal(data.runtime, 'scorm2004');
          assert.deepEqual([data.course?.position, data.course?.count], [n, items.length], 'the player knows its place in the course');
          // the LMS's table of contents: the module after this one is still closed
          if (n + 1 < items.length) {
            const opened = await course((id) => window.__course.choose(id), items[n + 1].item);
            assert.equal(opened, false, `${items[n + 1].item} can be chosen before ${sco} is complete`);
            assert.equal((await course(() => window.__course.delivered)).length, n + 1, 'nothing else was delivered');
          }
          await walkModule(s.page, s.frame, data, { answers: 'right' });
          await waitInPage(s.page, (id) => window.__lms.calls.some((c) => c.name === 'Terminate' && c.sco === id), sco, { what: `${sco} to call Terminate` });
          const record = await s.record();
          assertStrictCalls('scorm2004', scoRecord(record, sco), `course module ${n + 1} (${sco})`);
          const nav = scoRecord(record, sco).calls.find((c) => c.name === 'SetValue' && c.args[0] === 'adl.nav.request');
          assert.ok(nav, `${sco} asked the LMS for what comes next`);
          if (n + 1 < items.length) assert.equal(nav.args[1], 'continue', `${sco}: on to the next module`);
          const tree = await course(() => window.__course.tree());
          assert.deepEqual([byId(tree, sco).completion, byId(tree, sco).success], ['completed', 'passed'], `${sco} in the activity tree`);
          if (n + 1 < items.length) assert.notEqual(tree.completion, 'completed', 'the course is not complete before its last module');
        }
        const tree = await course(() => window.__course.tree());
        assert.equal(tree.completion, 'completed', 'completion rolls up to the course');
        assert.equal(tree.success, 'passed', 'success rolls up to the course');
        assert.equal((await course(() => window.__course.delivered)).length, items.length, 'every module once, none twice');
        assertNoConsoleErrors(s.session, 'course');
        assertSameOriginOnly(s.session, 'course');
        assertNoFailedRequests(s.session, 'course');
      } finally {
        await s.close();
      }
    });

    test('a failed first module suspends the course and the next module stays closed', async (t) => {
      const s = await lms.launch();
      const course = (fn, arg) => s.page.evaluate(fn, arg);
      try {
        const sco = await waitForSco(s.page, s.frame, 0);
        const data = await playerData(s.frame);
        if (!data.quiz?.has_assessment) return t.skip('the first module has no assessment');
        await walkModule(s.page, s.frame, data, { answers: 'wrong' });
        await waitInPage(s.page, (id) => window.__lms.calls.some((c) => c.name === 'Terminate' && c.sco === id), sco, { what: `${sco} to call Terminate` });
        const record = scoRecord(await s.record(), sco);
        assertStrictCalls('scorm2004', record, 'failed course module');
        const nav = record.calls.find((c) => c.name === 'SetValue' && c.args[0] === 'adl.nav.request');
        assert.equal(nav?.args[1], 'suspendAll', 'an unfinished module suspends the course');
        // suspendAll ends the sequencing session (scorm-again says so with onSequencingSessionEnd): nothing can be delivered after it
        const ended = await waitInPage(s.page, () => window.__course.ended, null, { what: 'the sequencing session to end after suspendAll' });
        assert.equal(ended.reason, 'suspend_all', 'the session ended by suspending');
        assert.deepEqual(await course(() => window.__course.delivered), [sco], 'the next module was not opened');
        const tree = await course(() => window.__course.tree());
        assert.equal(byId(tree, sco).success, 'failed');
        assert.notEqual(byId(tree, sco).completion, 'completed');
        assert.notEqual(tree.completion, 'completed');
        assertNoConsoleErrors(s.session, 'failed course module');
      } finally {
        await s.close();
      }
    });
  });
}

const courses12 = await coursePackages('scorm12');
if (packagesDir && courses12.length === 0) {
  test('there are SCORM 1.2 course packages to test', () => assert.fail(`no SCORM 1.2 course package under ${packagesDir}`));
}

for (const zip of courses12) {
  describe(`scorm12 course: ${path.relative(packagesDir, zip)}`, () => {
    let dir;
    let lms;
    let items;
    let xml;
    before(async () => {
      dir = await extractZip(zip);
      xml = fs.readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8');
      items = scoItems(xml);
      lms = await startScormLms({ dir, std: 'scorm12' });
    });
    after(async () => {
      await lms?.close();
      if (dir) await removeDir(dir);
    });

    test('every SCO, launched from its folder as the manifest says, reports like a module on its own', async () => {
      assert.ok(items.length > 1);
      for (const [n, { item, href }] of items.entries()) {
        const prereq = new RegExp(`<item\\b[^>]*identifier="${item}"[\\s\\S]*?(<adlcp:prerequisites[^>]*>([^<]*)</adlcp:prerequisites>|</item>)`).exec(xml);
        assert.equal(prereq?.[2]?.trim(), n === 0 ? undefined : items[n - 1].item, `${item}: prerequisite is the module before it`);
        const s = await lms.launch({ content: `/${href}` });
        try {
          const data = await playerData(s.frame);
          await walkModule(s.page, s.frame, data, { answers: 'right' });
          await waitInPage(s.page, () => window.__lms.calls.some((c) => c.name === 'LMSFinish'), null, { what: `${item} to call LMSFinish` });
          await lms.settled();
          assertStrictCalls('scorm12', await s.record(), `${item}`);
          const assessed = Boolean(data.quiz?.has_assessment) && data.module.passMark != null;
          assert.equal(lms.stored.core.lesson_status, assessed ? 'passed' : 'completed', `${item}: lesson_status`);
          assertNoConsoleErrors(s.session, item);
          assertNoFailedRequests(s.session, item);
        } finally {
          await s.close();
        }
      }
    });
  });
}
