// Browser tests of the xapi target (TinCan launch) against a real LRS.
//
//   COURSEPACK_E2E_PACKAGES=<dir of built zips> node --test tests/e2e/xapi.test.mjs
//
// Ralph (lib/ralph.mjs) is the LRS; the test LMS (lib/lms.mjs) serves the
// package, forwards statements to Ralph and keeps the State API. Each xapi
// package is launched in headless Chromium and driven by keyboard only
// (lib/xapi-learner.mjs) through a pass and a fail; one package also through
// quit-and-resume. Every statement is read back from Ralph and must pass
// Ralph's strict BaseXapiStatement model and the session rules in
// lib/xapi-checks.mjs. The package's tincan.xml must be valid against the
// official tincan.xsd and declare the activities the statements use.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoConsoleErrors, closeBrowser, openPage } from './lib/browser.mjs';
import { finish, walkModule } from './lib/xapi-learner.mjs';
import { startLms } from './lib/lms.mjs';
import { findPackages } from './lib/packages.mjs';
import { expectPage } from './lib/player.mjs';
import { startRalph } from './lib/ralph.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import {
  SCHEMAS, withoutExpected404s, assertRalphValid, assertSchemaValid, assertSessionBasics, playerData, tincanActivities, verbOf,
} from './lib/xapi-checks.mjs';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;
const zips = packagesDir ? findPackages(packagesDir, 'xapi') : [];

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
    assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`');
  });
} else if (zips.length === 0) {
  test('there are xapi packages to test', () => assert.fail(`no *-xapi.zip under ${packagesDir}`));
}

let ralph;
before(async () => { if (zips.length) ralph = await startRalph(); });
after(async () => {
  await closeBrowser();
  await ralph?.stop();
});

const learner = (n) => ({ objectType: 'Agent', name: `Learner ${n}`, mbox: `mailto:learner-${n}@example.org` });

/**
 * Launch, run `drive(session)`, then leave the page the way a learner quits
 * (the window goes to the LMS's page, so pagehide fires), and close it.
 * Returns what the page logged and stored.
 */
async function session(lms, launchUrl, drive) {
  const s = await openPage(launchUrl, { goto: false });
  const messages = [];
  s.page.on('console', (m) => messages.push(m.text()));
  await s.page.goto(launchUrl, { waitUntil: 'load' });
  // the player has started (the adapter's start resolved and the state is restored)
  await s.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
  try {
    await drive(s);
    assertNoConsoleErrors(withoutExpected404s(s));
    const stores = await s.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    await s.page.goto(`${lms.origin}/return/quit`, { waitUntil: 'load' });
    return { messages, stores };
  } finally {
    await s.close();
  }
}

/** Waits until the LMS has forwarded a terminated statement for `registration` and nothing is in flight. */
async function lrsStatements(registration, { count } = {}) {
  const end = Date.now() + 15000;
  let list = [];
  while (Date.now() < end) {
    list = await ralph.statements({ registration });
    const done = list.some((s) => verbOf(s) === 'terminated') && (count === undefined || list.filter((s) => verbOf(s) === 'terminated').length >= count);
    if (done) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return list;
}

for (const zip of zips) {
  describe(path.relative(packagesDir, zip), () => {
    let dir;
    let lms;
    let data;
    let activityId;
    let questionPrefix;
    before(async () => {
      dir = await extractZip(zip);
      data = playerData(path.join(dir, 'index.html'));
      assert.equal(data.runtime, 'xapi');
      activityId = data.activity?.id ?? `urn:coursepack:module/${data.module.id}`;
      questionPrefix = data.activity?.questionPrefix ?? `${activityId}/question/`;
      lms = await startLms({ root: dir, ralph });
    });
    after(async () => {
      await lms?.close();
      if (dir) await removeDir(dir);
    });

    const hasQuiz = () => Boolean(data.quiz && data.quiz.questions && data.quiz.questions.length);

    /** The checks every finished session must pass. */
    async function checkSession(statements, { actor, registration, what }) {
      await assertRalphValid(ralph, statements, what);
      assertSessionBasics(statements, { actor, registration }, what);
      assert.equal(verbOf(statements[0]), 'initialized', `${what}: the first statement`);
      assert.equal(verbOf(statements.at(-1)), 'terminated', `${what}: the last statement`);
      for (const s of statements) {
        assert.equal(s.context.language, data.module.language, `${what}: context.language`);
        if (['initialized', 'completed', 'passed', 'failed', 'terminated'].includes(verbOf(s))) {
          assert.equal(s.object.id, activityId, `${what}: ${verbOf(s)} is about the module`);
        } else {
          assert.deepEqual(s.context.contextActivities.parent.map((p) => p.id), [activityId], `${what}: ${verbOf(s)} parent`);
        }
        assert.ok(s.context.contextActivities.category.length > 0, `${what}: category`);
      }
      for (const s of statements.filter((t) => ['completed', 'passed', 'failed', 'terminated'].includes(verbOf(t)))) {
        assert.match(s.result.duration, /^PT/, `${what}: ${verbOf(s)} has a duration`);
      }
      assert.deepEqual(lms.violations, [], `${what}: LMS-side violations`);
    }

    test('tincan.xml is valid against tincan.xsd and declares the activities the statements use', async () => {
      const file = path.join(dir, 'tincan.xml');
      assert.ok(fs.existsSync(file), 'tincan.xml at the package root');
      await assertSchemaValid(file, path.join(SCHEMAS, 'tincan', 'tincan.xsd'));
      const acts = tincanActivities(fs.readFileSync(file, 'utf8'));
      const launchable = acts.filter((a) => a.launch);
      assert.equal(launchable.length, 1, 'exactly one activity has a launch');
      assert.equal(launchable[0].id, activityId, 'the root activity is the id the player uses');
      for (const q of data.quiz?.questions ?? []) {
        const x = q.interactions.xapi;
        const declared = acts.find((a) => a.id === questionPrefix + encodeURIComponent(x.id));
        assert.ok(declared, `question ${q.id} is declared as ${questionPrefix}${x.id}`);
        assert.equal(declared.interactionType, x.type, `question ${q.id} interactionType`);
      }
    });

    test('complete and pass by keyboard: every statement in Ralph, valid, in order', async () => {
      const actor = learner(`pass-${data.module.id}`);
      const registration = crypto.randomUUID();
      const url = lms.tincanLaunch({ actor, registration, activityId, grouping: 'https://lms.example/course/42' });
      let answered = [];
      const seen = await session(lms, url, async (s) => {
        answered = await walkModule(s.page, { correct: true, lang: data.module.language });
        await finish(s.page, { lang: data.module.language });
        await s.page.waitForFunction(() => /./.test(document.querySelector('.cp-notice').textContent));
      });
      const statements = await lrsStatements(registration);
      const what = `${data.module.id} pass`;
      await checkSession(statements, { actor, registration, what });
      assert.ok(!seen.messages.some((m) => m.includes(ralph.basicAuth.slice(6))), 'the credentials never reach the console');
      assert.ok(!seen.stores.includes(ralph.basicAuth.slice(6)), 'the credentials are never stored');
      const verbs = statements.map(verbOf);
      assert.equal(verbs.filter((v) => v === 'experienced').length, data.module.pages.length, 'one experienced per page');
      const pageIds = statements.filter((s) => verbOf(s) === 'experienced').map((s) => s.object.id);
      assert.deepEqual(pageIds, data.module.pages.map((p) => `${activityId}/page/${encodeURIComponent(p.id)}`));
      const answers = statements.filter((s) => verbOf(s) === 'answered');
      assert.equal(answers.length, answered.length, 'one answered per question checked');
      const byId = Object.fromEntries((data.quiz?.questions ?? []).map((q) => [q.id, q]));
      answered.forEach((id, i) => {
        const x = byId[id].interactions.xapi;
        const a = answers[i];
        assert.equal(a.object.id, questionPrefix + encodeURIComponent(x.id), `answered ${id}: object id`);
        assert.equal(a.object.definition.type, 'http://adlnet.gov/expapi/activities/cmi.interaction');
        assert.equal(a.object.definition.interactionType, x.type, `answered ${id}: interactionType`);
        if (x.patterns.length) assert.deepEqual(a.object.definition.correctResponsesPattern, x.patterns.filter(Boolean));
        if (byId[id].type !== 'likert' && byId[id].type !== 'reflection') {
          assert.equal(a.result.success, true, `answered ${id} right`);
        }
        assert.equal(typeof a.result.response, 'string');
      });
      assert.deepEqual(statements[0].context.contextActivities.grouping.map((g) => g.id)[0], 'https://lms.example/course/42');
      assert.equal(verbs.filter((v) => v === 'completed').length, 1, 'completed once');
      if (data.module.passMark != null && hasQuiz()) {
        const passed = statements.filter((s) => verbOf(s) === 'passed');
        assert.equal(passed.length, 1, 'passed once');
        assert.equal(verbs.includes('failed'), false);
        assert.equal(passed[0].result.success, true);
        assert.ok(passed[0].result.score.scaled >= data.module.passMark / 100, 'score at or above the pass mark');
        assert.ok(passed[0].result.score.raw <= passed[0].result.score.max);
      }
      const doc = lms.stateDoc({ activityId, actor, registration, stateId: 'coursepack-state' });
      assert.equal(doc.bookmark, data.module.pages.at(-1).id, 'the State API holds the bookmark');
      assert.equal(doc.reported.completed, true);
    });

    test('fail by keyboard: failed with the score, no passed', async (t) => {
      if (!hasQuiz() || data.module.passMark == null) {
        t.skip('no assessed quiz in this module');
        return;
      }
      const actor = learner(`fail-${data.module.id}`);
      const registration = crypto.randomUUID();
      await session(lms, lms.tincanLaunch({ actor, registration, activityId }), async (s) => {
        await walkModule(s.page, { correct: false, lang: data.module.language });
        await finish(s.page, { lang: data.module.language });
      });
      const statements = await lrsStatements(registration);
      const what = `${data.module.id} fail`;
      await checkSession(statements, { actor, registration, what });
      const verbs = statements.map(verbOf);
      assert.equal(verbs.includes('passed'), false, 'no passed');
      const failed = statements.filter((s) => verbOf(s) === 'failed');
      assert.equal(failed.length, 1, 'failed once');
      assert.equal(failed[0].result.success, false);
      assert.ok(failed[0].result.score.scaled < data.module.passMark / 100, 'score below the pass mark');
      if (data.module.completion !== 'all-pages') assert.equal(verbs.includes('completed'), false, 'not completed without passing');
    });

    test('quit and resume: the State API brings back the place and answers; nothing is reported twice', async () => {
      const actor = learner(`resume-${data.module.id}`);
      const registration = crypto.randomUUID();
      const url = lms.tincanLaunch({ actor, registration, activityId });
      const stop = Math.min(2, data.module.pages.length - 1);
      await session(lms, url, async (s) => {
        await walkModule(s.page, { correct: true, pages: stop + 1, lang: data.module.language });
        await expectPage(s.page, stop);
      }); // leaving the page is the quit: pagehide sends terminated in a request that outlives it
      const first = await lrsStatements(registration);
      assert.equal(verbOf(first.at(-1)), 'terminated', 'the quit was reported by the request that outlives the page');
      const doc = lms.stateDoc({ activityId, actor, registration, stateId: 'coursepack-state' });
      assert.equal(doc.bookmark, data.module.pages[stop].id);
      await session(lms, url, async (s) => {
        await expectPage(s.page, stop, { what: 'resumed on the saved page' });
        await walkModule(s.page, { correct: true, lang: data.module.language });
        await finish(s.page, { lang: data.module.language });
      });
      const statements = await lrsStatements(registration, { count: 2 });
      const what = `${data.module.id} resume`;
      await assertRalphValid(ralph, statements, what);
      assertSessionBasics(statements, { actor, registration }, what);
      const verbs = statements.map(verbOf);
      assert.equal(verbs.filter((v) => v === 'initialized').length, 2);
      assert.equal(verbs.filter((v) => v === 'terminated').length, 2);
      assert.equal(verbs.filter((v) => v === 'completed').length, 1, 'completed once over both sessions');
      const answeredIds = statements.filter((s) => verbOf(s) === 'answered').map((s) => s.object.id);
      assert.equal(new Set(answeredIds).size, answeredIds.length, 'no question answered again after resuming');
      assert.deepEqual(lms.violations, []);
    });
  });
}
