// SCORM 1.2 and SCORM 2004 packages in a real SCORM runtime: each package
// runs in an iframe of an LMS page that hosts npm scorm-again
// (lib/lms-scorm.mjs), and a learner drives it by keyboard only
// (lib/learner.mjs): complete and pass, fail, quit half-way and resume. The
// tests check what the LMS received (status, score, each interaction,
// location, session time, suspend data) and record every call the package
// made, failing on any value outside the standard, on calls after the finish,
// and on any console error.
//
//   COURSEPACK_E2E_PACKAGES=<dir with built zips> COURSEPACK_BIN=<coursepack> node --test tests/e2e/scorm.test.mjs
//
// COURSEPACK_BIN builds fixtures/scorm/long-reflections, a module whose
// reflections at 2000 characters each would not fit in SCORM 1.2's suspend
// data: the build gives each box the length that does, and nothing is shortened.
//
// (`cargo xtask e2e` builds every module for every target and sets the variable.)
// Course packages are tested by scorm-course.test.mjs.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';

import { assertNoConsoleErrors, assertNoFailedRequests, assertSameOriginOnly, closeBrowser, openPage } from './lib/browser.mjs';
import {
  answerQuestion, currentPage, nextPage, playerData, previousPage, tabToSelector, walkModule,
} from './lib/learner.mjs';
import {
  assertStrictCalls, checkCalls, DURATION_2004, startScormLms, TIMESPAN_12, TIMESTAMP_2004, TIME_12,
} from './lib/lms-scorm.mjs';
import { findPackages } from './lib/packages.mjs';
import { expectPage } from './lib/player.mjs';
import { extractZip, listZip, removeDir } from './lib/unzip.mjs';
import { WAIT_MS, waitInPage } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;
const STANDARDS = ['scorm12', 'scorm2004'];

after(closeBrowser);

/** The learner's reflection text (with characters JSON and SCORM must carry safely). */
const REFLECTION = 'Ask the team what "digital" means to them, then agree one small step, e.g. 10 minutes a week.';

/** Patterns without SCORM 2004 {case_matters=...}{order_matters=...} prefixes. */
const bare = (pattern) => pattern.replace(/^(\{[a-z_]+=[^}]*\})+/, '');

/** Does a learner response match a correct-response pattern (numeric ranges min[:]max included)? */
function matchesPattern(type, pattern, response) {
  if (type === 'numeric' && pattern.includes('[:]')) {
    const [min, max] = pattern.split('[:]');
    const n = Number(response);
    return (min === '' || n >= Number(min)) && (max === '' || n <= Number(max));
  }
  return bare(pattern) === response;
}

/** Wait until the LMS has seen the package's finish call and stored its final commit, then return the record. */
async function finishedRecord(s, std, lms) {
  const finish = std === 'scorm12' ? 'LMSFinish' : 'Terminate';
  await waitInPage(s.page, (name) => window.__lms.calls.some((c) => c.name === name), finish, { what: `the package to call ${finish}` });
  await lms.settled();
  return s.record();
}

/** The page-level checks every session must pass. */
async function assertCleanSession(s, what) {
  assertNoConsoleErrors(s.session, what);
  assertSameOriginOnly(s.session, what);
  assertNoFailedRequests(s.session, what);
}

/** The CMI view of what the LMS holds, the same for both versions. */
function view(std, cmi) {
  if (std === 'scorm12') {
    return {
      location: cmi.core.lesson_location,
      exit: cmi.core.exit,
      sessionTime: cmi.core.session_time,
      suspend: cmi.suspend_data,
      interactions: Object.values(cmi.interactions ?? {}),
      response: (i) => i.student_response,
    };
  }
  return {
    location: cmi.location,
    exit: cmi.exit,
    sessionTime: cmi.session_time,
    suspend: cmi.suspend_data,
    interactions: Object.values(cmi.interactions ?? {}),
    response: (i) => i.learner_response,
  };
}

/**
 * Check the interactions the LMS holds for the questions answered, in order:
 * id, type, weighting, result, response against the correct patterns, latency
 * and time formats.
 */
function assertInteractions(std, data, stored, answered, mode, what, { from = 0 } = {}) {
  const v = view(std, stored);
  const list = v.interactions.slice(from);
  assert.equal(list.length, answered.length, `${what}: one interaction per answer (${answered.join(', ')})`);
  const byId = new Map(data.quiz.questions.map((q) => [q.id, q]));
  const ids = new Set();
  answered.forEach((qid, n) => {
    const q = byId.get(qid);
    const expected = q.interactions[std];
    const got = list[n];
    const at = `${what}: interaction ${from + n} (${qid})`;
    if (std === 'scorm2004') {
      assert.ok(got.id === expected.id || got.id.startsWith(`${expected.id}_`), `${at}: id ${got.id}`);
      assert.ok(!ids.has(got.id), `${at}: id ${got.id} used twice`);
    } else {
      assert.equal(got.id, expected.id, `${at}: id`);
    }
    ids.add(got.id);
    assert.equal(got.type, expected.type, `${at}: type`);
    assert.equal(Number(got.weighting), q.points, `${at}: weighting`);
    const scored = !['likert', 'reflection'].includes(q.type);
    const wrong = std === 'scorm12' ? 'wrong' : 'incorrect';
    assert.equal(got.result, scored ? (mode === 'right' ? 'correct' : wrong) : 'neutral', `${at}: result`);
    const patterns = Object.values(got.correct_responses ?? {}).map((p) => p.pattern);
    assert.deepEqual(patterns, expected.patterns, `${at}: correct response patterns`);
    if (scored && patterns.length) {
      const response = v.response(got);
      const matches = patterns.some((p) => matchesPattern(got.type, p, response));
      assert.equal(matches, mode === 'right', `${at}: response ${JSON.stringify(response)} vs patterns ${JSON.stringify(patterns)}`);
    }
    if (std === 'scorm12') {
      assert.match(got.time, TIME_12, `${at}: time`);
      assert.match(got.latency, TIMESPAN_12, `${at}: latency`);
    } else {
      assert.match(got.timestamp, TIMESTAMP_2004, `${at}: timestamp`);
      assert.match(got.latency, DURATION_2004, `${at}: latency`);
      assert.equal(got.description, expected.description, `${at}: description`);
    }
  });
}

/** Session time is in the version's format and not zero. */
function assertSessionTime(std, value, what) {
  if (std === 'scorm12') {
    assert.match(value, TIMESPAN_12, `${what}: session_time`);
    assert.notEqual(value, '00:00:00.00', `${what}: session_time is zero`);
  } else {
    assert.match(value, DURATION_2004, `${what}: session_time`);
    assert.notEqual(value, 'PT0S', `${what}: session_time is zero`);
  }
}

/** Commits are coalesced: at most one per page view or answer, plus start and finish. */
function assertCoalesced(std, record, pagesViewed, answers, what) {
  const commits = record.calls.filter((c) => c.name === (std === 'scorm12' ? 'LMSCommit' : 'Commit')).length;
  assert.ok(commits <= pagesViewed + answers + 3, `${what}: ${commits} commits for ${pagesViewed} page views and ${answers} answers`);
}

/**
 * scorm-again without a sequencing engine (a single SCO here) answers
 * adl.nav.request_valid.continue with "unknown", as Moodle does: the player
 * asks, and then leaves navigation to the LMS (scorm-course.test.mjs covers
 * the requests an LMS that sequences gets).
 */
function assertNoNavigationRequest(record) {
  const asked = record.calls.find((c) => c.name === 'GetValue' && c.args[0] === 'adl.nav.request_valid.continue');
  assert.ok(asked, 'the player asks whether the LMS knows what comes next');
  assert.equal(String(asked.result), 'unknown', 'scorm-again without sequencing does not know');
  const nav = record.calls.find((c) => c.name === 'SetValue' && c.args[0] === 'adl.nav.request');
  assert.equal(nav, undefined, 'no navigation request to an LMS that does not know its navigation');
}

function readData(dir) {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const m = /<script type="application\/json" id="cp-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'index.html has no #cp-data');
  return JSON.parse(m[1]);
}

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
    assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`, or build SCORM packages and set it to their directory');
  });
}

for (const std of STANDARDS) {
  // course packages (one SCO per module, no index.html at the root) are scorm-course.test.mjs's
  const zips = [];
  for (const zip of packagesDir ? findPackages(packagesDir, std) : []) {
    if ((await listZip(zip)).includes('index.html')) zips.push(zip);
  }
  if (packagesDir && zips.length === 0) {
    test(`there are ${std} packages to test`, () => assert.fail(`no *-${std}.zip under COURSEPACK_E2E_PACKAGES=${packagesDir}`));
  }
  for (const zip of zips) {
    describe(`${std}: ${path.relative(packagesDir, zip)}`, () => {
      let dir;
      let lms;
      let data;
      let assessed;
      before(async () => {
        dir = await extractZip(zip);
        data = readData(dir);
        assert.equal(data.runtime, std, 'the package runs the right adapter');
        assessed = Boolean(data.quiz?.has_assessment) && data.module.passMark != null;
        lms = await startScormLms({ dir, std });
      });
      after(async () => {
        await lms?.close();
        if (dir) await removeDir(dir);
      });

      test('a learner completes it by keyboard and the LMS holds every result', async (t) => {
        const s = await lms.launch();
        try {
          const what = `${std} complete`;
          assert.equal(await s.frame.locator('.cp-notice').textContent(), '', 'no "no LMS" notice');
          const answered = await walkModule(s.page, s.frame, data, { answers: 'right' });
          const record = await finishedRecord(s, std, lms);
          assertStrictCalls(std, record, what);
          const stored = lms.stored;
          const v = view(std, stored);
          const last = data.module.pages.at(-1).id;
          assert.equal(v.location, last, 'location is the last page');
          assertSessionTime(std, v.sessionTime, what);
          assert.ok(v.suspend.length <= (std === 'scorm12' ? 4096 : 64000), `suspend data of ${v.suspend.length} characters`);
          const state = JSON.parse(v.suspend);
          assert.equal(state.done, 1, 'the state says complete');
          assert.equal(state.loc, last);
          if (std === 'scorm12') {
            assert.equal(stored.core.lesson_status, assessed ? 'passed' : 'completed');
            assert.equal(v.exit, '', 'normal exit once complete');
            if (assessed) assert.deepEqual([stored.core.score.raw, stored.core.score.min, stored.core.score.max], ['100', '0', '100']);
          } else {
            assert.equal(stored.completion_status, 'completed');
            assert.equal(stored.success_status, assessed ? 'passed' : 'unknown');
            assert.equal(stored.progress_measure, '1');
            assert.equal(v.exit, 'normal');
            if (assessed) {
              assert.equal(stored.score.scaled, '1');
              // one score scale: raw is the percentage out of 0-100, as in SCORM 1.2 (Moodle grades from raw alone)
              assert.deepEqual([stored.score.raw, stored.score.min, stored.score.max], ['100', '0', '100']);
            }
            assertNoNavigationRequest(record);
          }
          if (data.quiz) assertInteractions(std, data, stored, answered, 'right', what);
          assertCoalesced(std, record, data.module.pages.length, answered.length, what);
          const commits = record.calls.filter((c) => /Commit$/.test(c.name)).length;
          t.diagnostic(`suspend_data ${v.suspend.length} of ${std === 'scorm12' ? 4096 : 64000} characters; ${commits} commits and ${record.calls.length} API calls for ${data.module.pages.length} pages and ${answered.length} answers`);
          await expectPage(s.frame, data.module.pages.length - 1);
          assert.equal(await s.frame.locator('.cp-notice').textContent(), data.strings.completed, 'the learner is told');
          await assertCleanSession(s, what);
        } finally {
          await s.close();
        }
      });

      test('a learner who fails the assessment is recorded as failed and can come back', async (t) => {
        if (!assessed) return t.skip('the module has no assessment with a pass mark');
        const s = await lms.launch();
        try {
          const what = `${std} fail`;
          const answered = await walkModule(s.page, s.frame, data, { answers: 'wrong' });
          const record = await finishedRecord(s, std, lms);
          assertStrictCalls(std, record, what);
          const stored = lms.stored;
          const v = view(std, stored);
          if (std === 'scorm12') {
            assert.equal(stored.core.lesson_status, 'failed');
            assert.ok(Number(stored.core.score.raw) < data.module.passMark, `raw ${stored.core.score.raw}`);
            assert.deepEqual([stored.core.score.min, stored.core.score.max], ['0', '100']);
            assert.equal(v.exit, 'suspend', 'not complete: suspended, so the learner can resume');
          } else {
            assert.equal(stored.success_status, 'failed');
            assert.equal(stored.completion_status, 'incomplete');
            assert.ok(Number(stored.score.scaled) < data.module.passMark / 100);
            // the same percentage as SCORM 1.2 sends for the same answers, on 0-100 (not the quiz's points)
            assert.ok(Number(stored.score.raw) < data.module.passMark, `raw ${stored.score.raw}`);
            assert.ok(Math.abs(Number(stored.score.raw) - Number(stored.score.scaled) * 100) <= 0.01, `raw ${stored.score.raw} is scaled ${stored.score.scaled} x 100`);
            assert.deepEqual([stored.score.min, stored.score.max], ['0', '100']);
            assert.ok(Number(stored.progress_measure) < 1);
            assert.equal(v.exit, 'suspend');
            assertNoNavigationRequest(record);
          }
          assertInteractions(std, data, stored, answered, 'wrong', what);
          assertSessionTime(std, v.sessionTime, what);
          await assertCleanSession(s, what);
        } finally {
          await s.close();
        }
      });

      test('when the LMS refuses commits, the learner is told once, carries on, and nothing is lost', async () => {
        const refusals = 4; // the first two saves and their one retry each
        lms.failCommits = refusals;
        const s = await lms.launch();
        try {
          const what = `${std} refused commits`;
          await nextPage(s.page, s.frame);
          // the notice comes once a save was refused: the save runs at the next tick after the page change
          await waitInPage(s.frame, (text) => document.querySelector('.cp-notice').textContent === text, data.strings.save_failed, {
            what: 'the "could not save" notice after the LMS refused the commits',
          }).catch(() => {});
          assert.equal(await s.frame.locator('.cp-notice').textContent(), data.strings.save_failed, 'a non-blocking notice');
          const answered = await walkModule(s.page, s.frame, data, { answers: 'right' });
          const record = await finishedRecord(s, std, lms);
          const commit = std === 'scorm12' ? 'LMSCommit' : 'Commit';
          const refused = checkCalls(std, record).filter((p) => p === `${commit}("") failed with error 101`);
          assert.equal(refused.length, refusals, 'each refused commit was tried once more, then left to the next save');
          assert.deepEqual(checkCalls(std, record).filter((p) => !refused.includes(p)), [], 'nothing else is wrong');
          assert.equal(lms.refused.length, refusals);
          const v = view(std, lms.stored);
          assert.equal(JSON.parse(v.suspend).done, 1, 'the LMS got the whole state in the end');
          assert.equal(v.location, data.module.pages.at(-1).id);
          if (data.quiz) assertInteractions(std, data, lms.stored, answered, 'right', what);
          // only the LMS's own log of the refusals; the package logs no error
          const errors = s.session.consoleErrors.filter((e) => !/^scorm-again: .*\b101\b/.test(e));
          assert.deepEqual(errors, []);
          assert.deepEqual(s.session.pageErrors, []);
        } finally {
          lms.failCommits = 0;
          await s.close();
        }
      });

      test('without an LMS the learner is told, and the module works from the device', async () => {
        const session = await openPage(lms.server.url('index.html'));
        try {
          const { page } = session;
          await page.waitForFunction(() => document.documentElement.classList.contains('cp-js'));
          await expectPage(page, 0);
          assert.equal(await page.locator('.cp-notice').textContent(), data.strings.no_lms);
          await nextPage(page, page.mainFrame());
          const key = `coursepack:${data.module.id}:${data.module.version}`;
          const loc = await page
            .waitForFunction(({ k, want }) => JSON.parse(localStorage.getItem(k) || '{}').loc === want, { k: key, want: data.module.pages[1].id }, { timeout: WAIT_MS })
            .then(() => data.module.pages[1].id, async () => JSON.parse((await page.evaluate((k) => localStorage.getItem(k), key)) || '{}').loc);
          assert.equal(loc, data.module.pages[1].id, 'kept on the device');
          await assertCleanSession({ session }, `${std} without LMS`);
        } finally {
          await session.close();
        }
      });

      test('a learner quits half-way and resumes with place, reflections and answers', async () => {
        const pages = data.module.pages;
        const reflection = data.module.reflections[0];
        const reflectionPage = reflection ? pages.findIndex((p) => p.id === reflection.pageId) : 1;
        const quizPageId = data.quiz?.questions.find((q) => q.assessed)?.page ?? data.quiz?.questions[0]?.page;
        const quizPage = quizPageId ? pages.findIndex((p) => p.id === quizPageId) : -1;
        const what = `${std} resume`;

        // Session 1: read to the reflection, write it, go one page on, leave by the LMS's Exit button.
        let s = await lms.launch();
        let answered1;
        try {
          answered1 = await walkModule(s.page, s.frame, data, { answers: 'right', stopBefore: reflectionPage, finish: false });
          if (reflection) {
            await tabToSelector(s.page, s.frame, `textarea[data-reflection-id="${reflection.id}"]`);
            await s.page.keyboard.type(REFLECTION);
            await s.frame.waitForFunction((id) => {
              const box = document.querySelector(`textarea[data-reflection-id="${id}"]`).closest('.cp-reflection');
              return box.querySelector('.cp-reflection-status').textContent.trim() !== '';
            }, reflection.id);
          }
          await nextPage(s.page, s.frame);
          await s.exit();
          const record = await finishedRecord(s, std, lms);
          assertStrictCalls(std, record, `${what}, session 1`);
          await assertCleanSession(s, `${what}, session 1`);
        } finally {
          await s.close();
        }
        let stored = lms.stored;
        let v = view(std, stored);
        assert.equal(v.location, pages[reflectionPage + 1].id, 'the LMS holds the page the learner left on');
        assert.equal(v.exit, 'suspend');
        assert.equal(std === 'scorm12' ? stored.core.lesson_status : stored.completion_status, 'incomplete');
        const state1 = JSON.parse(v.suspend);
        if (reflection) assert.equal(state1.refl?.[reflection.id], REFLECTION, 'the reflection is in the suspend data');
        assertSessionTime(std, v.sessionTime, `${what}, session 1`);

        // Session 2: the LMS feeds the data back; the learner is where they left off.
        s = await lms.launch({ resume: true });
        let answered2 = [];
        try {
          assert.equal(await s.frame.locator('.cp-notice').textContent(), '');
          await expectPage(s.frame, reflectionPage + 1, { what: 'resumed place' });
          if (reflection) {
            await previousPage(s.page, s.frame);
            const text = await s.frame.locator(`textarea[data-reflection-id="${reflection.id}"]`).inputValue();
            assert.equal(text, REFLECTION, 'the reflection is back');
            await nextPage(s.page, s.frame);
          }
          if (quizPage > reflectionPage) {
            answered2 = await walkModule(s.page, s.frame, data, { answers: 'right', stopBefore: quizPage, finish: false });
            const first = await s.frame.evaluate(() => document.querySelector('section.cp-page:not([hidden]) .cp-question:not([hidden])')?.getAttribute('data-question-id'));
            const q = data.quiz.questions.find((x) => x.id === first);
            await answerQuestion(s.page, s.frame, q, 'right');
            answered2.push(q.id);
          }
          await s.exit();
          const record = await finishedRecord(s, std, lms);
          assertStrictCalls(std, record, `${what}, session 2`);
          const entry = record.calls.find((c) => /GetValue$/.test(c.name) && /entry$/.test(c.args[0]));
          assert.equal(entry?.result, 'resume', 'the package read entry=resume');
          await assertCleanSession(s, `${what}, session 2`);
        } finally {
          await s.close();
        }
        stored = lms.stored;
        v = view(std, stored);
        if (data.quiz) assertInteractions(std, data, stored, [...answered1, ...answered2], 'right', `${what}, session 2`);

        // Session 3: answers (and attempt) are restored; the learner completes the module.
        s = await lms.launch({ resume: true });
        try {
          const at = await currentPage(s.frame);
          assert.equal(data.module.pages[at].id, v.location, 'resumed on the page the LMS holds');
          if (answered2.length) {
            const qid = answered2.at(-1);
            const locked = await s.frame.evaluate((id) => {
              const n = document.querySelector(`.cp-question[data-question-id="${id}"]`);
              return { checkHidden: n.querySelector('.cp-q-check')?.hidden, feedback: n.querySelector('.cp-q-feedback')?.textContent.trim() };
            }, qid);
            assert.equal(locked.checkHidden, true, `question ${qid} is answered already`);
            assert.notEqual(locked.feedback, '', `question ${qid} shows its feedback again`);
          }
          const answered3 = await walkModule(s.page, s.frame, data, { answers: 'right' });
          const record = await finishedRecord(s, std, lms);
          assertStrictCalls(std, record, `${what}, session 3`);
          stored = lms.stored;
          if (std === 'scorm12') assert.equal(stored.core.lesson_status, assessed ? 'passed' : 'completed');
          else assert.equal(stored.completion_status, 'completed');
          if (data.quiz) assertInteractions(std, data, stored, [...answered1, ...answered2, ...answered3], 'right', `${what}, session 3`);
          assert.equal(JSON.parse(view(std, stored).suspend).done, 1);
          await assertCleanSession(s, `${what}, session 3`);
        } finally {
          await s.close();
        }
      });
    });
  }
}


describe('scorm12: reflections longer than the suspend data allows', () => {
  const cli = process.env.COURSEPACK_BIN;
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scorm', 'long-reflections');
  let tmp;
  let dir;
  let lms;
  before(async () => {
    assert.ok(cli, 'COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-scorm-long-'));
    const zip = execFileSync(cli, ['build', fixture, '--target', 'scorm12', '--out', tmp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
    dir = await extractZip(zip);
    lms = await startScormLms({ dir, std: 'scorm12' });
  });
  after(async () => {
    await lms?.close();
    if (dir) await removeDir(dir);
    if (tmp) await removeDir(tmp);
  });

  test('each box takes what the build proved fits; the LMS gets every word and a new device resumes them whole', async () => {
    let s = await lms.launch();
    let data;
    let texts;
    try {
      data = await playerData(s.frame);
      const max = data.module.reflectionMaxChars;
      assert.ok(data.module.reflections.length * 2000 > 4096, 'at 2000 characters each the fixture would overflow SCORM 1.2');
      assert.ok(max >= 500 && max < 2000, `the build's limit for SCORM 1.2: ${max}`);
      const boxes = await s.frame.evaluate(() => [...document.querySelectorAll('.cp-reflection textarea')].map((t) => ({
        max: Number(t.getAttribute('maxlength')),
        described: (t.getAttribute('aria-describedby') || '').split(' ').map((id) => document.getElementById(id)?.textContent ?? ''),
      })));
      for (const b of boxes) {
        assert.equal(b.max, max, 'maxlength is the proved limit');
        assert.ok(b.described.includes(`You can write up to ${max} characters.`), `the limit is shown and read with the box: ${b.described}`);
        assert.ok(b.described.includes(`Characters left: ${max}`), `${b.described}`);
      }
      // each box filled to its limit, with characters JSON has to escape and one it does not
      texts = data.module.reflections.map((r, i) => `${r.id}: ${'"Quoted" words, a line break\nand ŵ more. '.repeat(100)}`.slice(0, max - 3) + `e${i}.`);
      for (const [i, r] of data.module.reflections.entries()) {
        assert.equal(texts[i].length, max);
        await tabToSelector(s.page, s.frame, `textarea[data-reflection-id="${r.id}"]`);
        await s.page.keyboard.insertText(texts[i]);
        await s.frame.waitForFunction((id) => document.querySelector(`textarea[data-reflection-id="${id}"]`)
          .closest('.cp-reflection').querySelector('.cp-reflection-status').textContent.trim() !== '', r.id);
        const count = await s.frame.evaluate((id) => document.querySelector(`textarea[data-reflection-id="${id}"]`)
          .closest('.cp-reflection').querySelector('.cp-reflection-count').textContent, r.id);
        assert.equal(count, 'Characters left: 0');
      }
      await s.exit();
      const record = await finishedRecord(s, 'scorm12', lms);
      assertStrictCalls('scorm12', record, 'long reflections'); // includes: no suspend_data over 4096
      const sent = record.calls.filter((c) => c.name === 'LMSSetValue' && c.args[0] === 'cmi.suspend_data').map((c) => c.args[1].length);
      assert.ok(sent.length > 0 && Math.max(...sent) <= 4096, `suspend_data lengths ${sent.join(', ')}`);
      const stored = JSON.parse(lms.stored.suspend_data);
      assert.equal(lms.stored.core.exit, 'suspend');
      data.module.reflections.forEach((r, i) => assert.equal(stored.refl[r.id], texts[i], `the LMS holds reflection ${r.id} whole`));
      assertNoConsoleErrors(s.session, 'long reflections');
    } finally {
      await s.close();
    }

    // Another device (a new browser context: nothing stored locally) resumes from the LMS alone.
    s = await lms.launch({ resume: true });
    try {
      for (const [i, r] of data.module.reflections.entries()) {
        const back = await s.frame.locator(`textarea[data-reflection-id="${r.id}"]`).inputValue();
        assert.equal(back, texts[i], `reflection ${r.id} resumes whole`);
      }
      await walkModule(s.page, s.frame, data, { answers: 'right' });
      const record = await finishedRecord(s, 'scorm12', lms);
      assertStrictCalls('scorm12', record, 'long reflections, session 2');
      const stored = JSON.parse(lms.stored.suspend_data);
      assert.equal(lms.stored.core.lesson_status, 'completed');
      assert.equal(stored.done, 1);
      data.module.reflections.forEach((r, i) => assert.equal(stored.refl[r.id], texts[i], `reflection ${r.id} is still whole`));
      assertNoConsoleErrors(s.session, 'long reflections, session 2');
    } finally {
      await s.close();
    }
  });
});
