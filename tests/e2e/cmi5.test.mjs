// Browser tests of the cmi5 target against a real LRS.
//
//   COURSEPACK_E2E_PACKAGES=<dir of built zips> node --test tests/e2e/cmi5.test.mjs
//
// Ralph (lib/ralph.mjs) is the LRS; the test LMS (lib/lms.mjs) plays the cmi5
// LMS: a one-time fetch URL, LMS.LaunchData (contextTemplate with a session
// id and the AU's publisher id, launchMode, moveOn, masteryScore, returnURL),
// learner preferences, and statements forwarded to Ralph. Every AU of every
// cmi5 package is launched from its cmi5.xml as an LMS would, and driven by
// keyboard (lib/xapi-learner.mjs) to completion and a pass; the first AU with a
// quiz also through a fail, the LMS's masteryScore over the package's,
// quit-and-resume, Browse and Review launches, and a reload mid-session and
// Back after terminating (the page of an ended session sends nothing and
// says so; the next launch resumes everything). Every statement
// is read back from Ralph, must pass Ralph's strict BaseXapiStatement model,
// and every cmi5 rule in lib/cmi5-rules.mjs (each a subtest named by its
// requirement id).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, openPage } from './lib/browser.mjs';
import { checkCmi5Rules } from './lib/cmi5-rules.mjs';
import { tabToSelector } from './lib/learner.mjs';
import { finish, walkModule } from './lib/xapi-learner.mjs';
import { startLms } from './lib/lms.mjs';
import { expectPage } from './lib/player.mjs';
import { lrsSuite } from './lib/lrs-suite.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { SCHEMAS, assertRalphValid, assertSchemaValid, playerData, verbOf, withoutExpected404s } from './lib/xapi-checks.mjs';

const suite = lrsSuite('cmi5');
const { packagesDir, zips } = suite;

const learner = (n) => ({ objectType: 'Agent', name: `Learner ${n}`, account: { homePage: 'https://lms.example', name: `learner-${n}` } });

/** The AUs of cmi5.xml in document order: { id, url, moveOn, masteryScore, launchMethod }. */
function courseAus(xml) {
  const unescape = (s) => s?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<au\b([^>]*)>([\s\S]*?)<\/au>/g)].map((m) => {
    const attr = (n) => unescape(new RegExp(`\\b${n}="([^"]*)"`).exec(m[1])?.[1]);
    const score = attr('masteryScore');
    return {
      id: attr('id'),
      moveOn: attr('moveOn'),
      masteryScore: score === undefined ? undefined : Number(score),
      launchMethod: attr('launchMethod'),
      url: unescape(/<url>\s*([\s\S]*?)\s*<\/url>/.exec(m[2])?.[1]),
    };
  });
}

/**
 * Open a launch, run drive(page), leave (drive may already have left via
 * returnURL), close. Checks the page logged no error and kept the token out
 * of localStorage and the console.
 */
async function run(lms, session, drive) {
  const s = await openPage(session.url, { goto: false });
  const messages = [];
  s.page.on('console', (m) => messages.push(m.text()));
  await s.page.goto(session.url, { waitUntil: 'load' });
  // the player has started (the adapter's start resolved and the state is restored)
  await s.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
  try {
    await drive(s);
    assertNoConsoleErrors(withoutExpected404s(s));
    const token = suite.ralph.basicAuth.slice(6);
    assert.ok(!messages.some((m) => m.includes(token)), 'the auth token never reaches the console');
    if (!s.page.url().includes('/return/')) {
      const local = await s.page.evaluate(() => JSON.stringify({ ...localStorage }));
      assert.ok(!local.includes(token), 'the auth token is never put in localStorage');
      await s.page.goto(`${session.url.split('/content/')[0]}/return/quit`, { waitUntil: 'load' });
    }
    await lms.waitForStatement((st) => st.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === session.sessionId
      && st.verb?.id?.endsWith('/terminated'));
  } finally {
    await s.close();
  }
}

for (const zip of zips) {
  describe(path.relative(packagesDir, zip), () => {
    let dir;
    let lms;
    let aus = [];
    let hasManifest = false;
    before(async () => {
      dir = await extractZip(zip);
      lms = await startLms({ root: dir, ralph: suite.ralph });
      const manifest = path.join(dir, 'cmi5.xml');
      hasManifest = fs.existsSync(manifest);
      if (hasManifest) {
        aus = courseAus(fs.readFileSync(manifest, 'utf8'));
      } else {
        const data = playerData(path.join(dir, 'index.html'));
        aus = [{
          id: data.activity?.id ?? `urn:coursepack:module/${data.module.id}`,
          url: 'index.html',
          moveOn: 'CompletedAndPassed',
          masteryScore: data.module.passMark == null ? undefined : data.module.passMark / 100,
        }];
      }
      for (const au of aus) au.data = playerData(path.join(dir, au.url.split('?')[0]));
    });
    after(async () => {
      await lms?.close();
      if (dir) await removeDir(dir);
    });

    const launchInfo = (session, au, actor, extra = {}) => ({
      actor,
      activityId: session.activityId,
      publisherId: au.id,
      registration: session.registration,
      masteryScore: session.launchData.masteryScore,
      sessionIds: [session.sessionId],
      launchMode: { [session.sessionId]: session.launchData.launchMode },
      ...extra,
    });

    test('cmi5.xml is valid against CourseStructure.xsd and matches the AUs it launches', async () => {
      assert.ok(hasManifest, 'cmi5.xml at the package root');
      await assertSchemaValid(path.join(dir, 'cmi5.xml'), path.join(SCHEMAS, 'cmi5', 'CourseStructure.xsd'));
      assert.ok(aus.length > 0, 'at least one AU');
      for (const au of aus) {
        assert.ok(fs.existsSync(path.join(dir, au.url.split('?')[0])), `AU ${au.id}: ${au.url} is in the package`);
        assert.ok(au.moveOn && au.moveOn !== 'NotApplicable', `AU ${au.id}: moveOn set explicitly`);
        if (au.data.activity?.id) assert.equal(au.id, au.data.activity.id, `AU ${au.id}: the player knows its publisher id`);
        if (au.data.module.passMark != null) assert.equal(au.masteryScore, au.data.module.passMark / 100, `AU ${au.id}: masteryScore from the pass mark`);
      }
    });

    test('every AU: complete and pass by keyboard, terminated, then back to the returnURL', async (t) => {
      for (const au of aus) {
        const lang = au.data.module.language;
        const actor = learner(`pass-${crypto.randomUUID().slice(0, 8)}`);
        const session = lms.cmi5Launch({ file: au.url, actor, publisherId: au.id, masteryScore: au.masteryScore, moveOn: au.moveOn });
        await run(lms, session, async (s) => {
          await walkModule(s.page, { correct: true, lang });
          await finish(s.page, { lang });
          await s.page.waitForURL(/\/return\//, { timeout: 30000 });
        });
        const statements = await suite.statements(session.registration);
        const what = `AU ${au.id}`;
        await assertRalphValid(suite.ralph, statements, what);
        const verbs = statements.map(verbOf);
        assert.equal(verbs.filter((v) => v === 'experienced').length, au.data.module.pages.length, `${what}: one experienced per page`);
        assert.equal(verbs.filter((v) => v === 'completed').length, 1, `${what}: completed`);
        if (au.data.module.passMark != null && au.data.quiz?.questions?.length) {
          assert.equal(verbs.filter((v) => v === 'passed').length, 1, `${what}: passed`);
          assert.ok(verbs.includes('answered'));
        }
        await t.test(`AU ${au.id}`, async (t2) => {
          await checkCmi5Rules(t2, { statements, launch: launchInfo(session, au, actor), lms });
        });
      }
    });

    const quizAu = () => aus.find((au) => au.data.module.passMark != null && au.data.quiz?.questions?.length);

    test('fail by keyboard: failed below the masteryScore, no passed, no completed when the rule needs the quiz', async (t) => {
      const au = quizAu();
      if (!au) return t.skip('no AU with an assessed quiz');
      const lang = au.data.module.language;
      const actor = learner(`fail-${crypto.randomUUID().slice(0, 8)}`);
      const session = lms.cmi5Launch({ file: au.url, actor, publisherId: au.id, masteryScore: au.masteryScore, moveOn: au.moveOn });
      await run(lms, session, async (s) => {
        await walkModule(s.page, { correct: false, lang });
        await finish(s.page, { lang });
        await s.page.waitForURL(/\/return\//, { timeout: 30000 });
      });
      const statements = await suite.statements(session.registration);
      await assertRalphValid(suite.ralph, statements, 'fail');
      const verbs = statements.map(verbOf);
      assert.equal(verbs.filter((v) => v === 'failed').length, 1);
      assert.equal(verbs.includes('passed'), false);
      if (au.data.module.completion !== 'all-pages') assert.equal(verbs.includes('completed'), false);
      await checkCmi5Rules(t, { statements, launch: launchInfo(session, au, actor), lms });
    });

    test("the LMS's masteryScore wins over the package's pass mark", async (t) => {
      const au = quizAu();
      if (!au) return t.skip('no AU with an assessed quiz');
      const lang = au.data.module.language;
      const actor = learner(`mastery-${crypto.randomUUID().slice(0, 8)}`);
      // Every answer right but the first: the package's pass mark is usually met, 1.0 is not.
      const first = au.data.quiz.questions.find((q) => q.assessed !== false && !['likert', 'reflection'].includes(q.type));
      const session = lms.cmi5Launch({ file: au.url, actor, publisherId: au.id, masteryScore: 1, moveOn: 'Passed' });
      await run(lms, session, async (s) => {
        await walkModule(s.page, { correct: (id) => id !== first.id, lang });
        const shown = await s.page.evaluate(() => document.querySelector('.cp-quiz-result')?.textContent ?? '');
        assert.match(shown, /100/, 'the quiz states the LMS pass mark');
        await finish(s.page, { lang });
        await s.page.waitForURL(/\/return\//, { timeout: 30000 });
      });
      const statements = await suite.statements(session.registration);
      const failed = statements.find((s) => verbOf(s) === 'failed');
      assert.ok(failed, 'failed: one wrong answer is below the masteryScore of 1');
      assert.equal(failed.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], 1);
      await checkCmi5Rules(t, { statements, launch: launchInfo(session, au, actor), lms });
    });

    test('quit and resume in a new session; Browse and Review send initialized and terminated only', async (t) => {
      const au = quizAu() ?? aus[0];
      const lang = au.data.module.language;
      const actor = learner(`resume-${crypto.randomUUID().slice(0, 8)}`);
      const registration = crypto.randomUUID();
      const activityId = `https://lms.example/activities/${crypto.randomUUID()}`;
      const common = { file: au.url, actor, publisherId: au.id, masteryScore: au.masteryScore, moveOn: au.moveOn, registration, activityId };
      const stop = Math.min(2, au.data.module.pages.length - 1);
      const one = lms.cmi5Launch(common);
      await run(lms, one, async (s) => {
        await walkModule(s.page, { correct: true, pages: stop + 1, lang });
      });
      const two = lms.cmi5Launch(common);
      await run(lms, two, async (s) => {
        await expectPage(s.page, stop, { what: 'resumed in a new session' });
        await walkModule(s.page, { correct: true, lang });
        await finish(s.page, { lang });
        await s.page.waitForURL(/\/return\//, { timeout: 30000 });
      });
      const browse = lms.cmi5Launch({ ...common, launchMode: 'Browse' });
      await run(lms, browse, async (s) => {
        await walkModule(s.page, { answer: false, lang });
        await finish(s.page, { lang });
        await s.page.waitForURL(/\/return\//, { timeout: 30000 });
      });
      const review = lms.cmi5Launch({ ...common, launchMode: 'Review' });
      await run(lms, review, async (s) => {
        await walkModule(s.page, { answer: false, lang });
      });
      const statements = await suite.statements(registration, 4);
      await assertRalphValid(suite.ralph, statements, 'resume');
      const sessions = [one, two, browse, review];
      assert.deepEqual([...new Set(statements.map((s) => s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid']))],
        sessions.map((s) => s.sessionId), 'four sessions, in order');
      const answered = statements.filter((s) => verbOf(s) === 'answered').map((s) => s.object.id);
      assert.equal(new Set(answered).size, answered.length, 'no question answered twice: the answers were resumed');
      await checkCmi5Rules(t, {
        statements,
        lms,
        launch: {
          actor, activityId, publisherId: au.id, registration, masteryScore: au.masteryScore,
          sessionIds: sessions.map((s) => s.sessionId),
          launchMode: Object.fromEntries(sessions.map((s) => [s.sessionId, s.launchData.launchMode])),
        },
      });
    });

    test('7.1.2, 9.3.8, 10.2.6: a reload mid-session and Back after terminating send nothing after terminated and lose nothing', async (t) => {
      const au = quizAu() ?? aus[0];
      const lang = au.data.module.language;
      const actor = learner(`reload-${crypto.randomUUID().slice(0, 8)}`);
      const registration = crypto.randomUUID();
      const activityId = `https://lms.example/activities/${crypto.randomUUID()}`;
      const common = { file: au.url, actor, publisherId: au.id, masteryScore: au.masteryScore, moveOn: au.moveOn, registration, activityId };
      const stop = Math.min(2, au.data.module.pages.length - 1);
      const sessionOf = (st) => st.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'];
      /** The ended page is shown, its heading focused; the learner takes its link back to the LMS by keyboard. */
      const leaveEndedPage = async (s, session, what) => {
        await s.page.waitForFunction(() => document.activeElement?.id === 'cp-session-ended-title', null, { timeout: 30000 })
          .catch(() => assert.fail(`${what}: the "session has ended" page with its heading focused`));
        const shown = await s.page.evaluate(() => ({
          pages: [...document.querySelectorAll('section.cp-page')].filter((p) => p.checkVisibility()).length,
          controls: document.querySelector('.cp-controls')?.checkVisibility() ?? false,
          link: document.querySelector('#cp-session-ended a[data-action="return"]')?.href ?? null,
        }));
        assert.deepEqual(shown, { pages: 0, controls: false, link: session.returnURL }, `${what}: only the ended page and its way back`);
        await assertNoAxeViolations(s.page, `${what}: the "session has ended" page`);
        await tabToSelector(s.page, s.page.mainFrame(), '#cp-session-ended a[data-action="return"]');
        await Promise.all([s.page.waitForURL(/\/return\//, { timeout: 30000 }), s.page.keyboard.press('Enter')]);
      };

      // session one: answer the first pages, then reload: pagehide ends the session
      const one = lms.cmi5Launch(common);
      let answeredBeforeReload = [];
      await run(lms, one, async (s) => {
        answeredBeforeReload = await walkModule(s.page, { correct: true, pages: stop + 1, lang });
        await s.page.reload({ waitUntil: 'load' });
        await leaveEndedPage(s, one, 'after a reload');
      });
      assert.equal(lms.sessions.get(one.id).fetchCalls, 1, 'the reloaded page did not call the fetch URL again');

      // session two (the LMS launches again): resumed where the learner was, finished, then Back
      const two = lms.cmi5Launch(common);
      await run(lms, two, async (s) => {
        await expectPage(s.page, stop, { what: 'resumed in a new session after the reload' });
        await walkModule(s.page, { correct: true, lang });
        await finish(s.page, { lang });
        await s.page.waitForURL(/\/return\//, { timeout: 30000 });
        await s.page.goBack({ waitUntil: 'load' });
        await leaveEndedPage(s, two, 'Back after terminating');
      });
      assert.equal(lms.sessions.get(two.id).fetchCalls, 1, 'Back did not call the fetch URL again');
      await lms.idle();

      const statements = await suite.statements(registration, 2);
      await assertRalphValid(suite.ralph, statements, 'reload');
      assert.deepEqual([...new Set(statements.map(sessionOf))], [one.sessionId, two.sessionId], 'two sessions, in order');
      const inOne = statements.filter((s) => sessionOf(s) === one.sessionId);
      assert.equal(inOne.filter((s) => verbOf(s) === 'answered').length, answeredBeforeReload.length,
        'every answer given before the reload is in session one');
      assert.equal(inOne.filter((s) => verbOf(s) === 'experienced').length, stop + 1, 'every page seen before the reload is in session one');
      const answered = statements.filter((s) => verbOf(s) === 'answered').map((s) => s.object.id);
      assert.equal(new Set(answered).size, answered.length, 'no question answered twice: the answers were resumed after the reload');
      assert.equal(statements.filter((s) => verbOf(s) === 'completed').length, 1, 'completed in session two');
      const doc = lms.stateDoc({ activityId, actor, registration });
      assert.equal(doc?.reported?.completed, true, 'the saved state knows what was reported');
      await checkCmi5Rules(t, {
        statements,
        lms, // its violations include any statement that reached it after its session's terminated
        launch: {
          actor, activityId, publisherId: au.id, registration, masteryScore: au.masteryScore,
          sessionIds: [one.sessionId, two.sessionId],
          launchMode: { [one.sessionId]: 'Normal', [two.sessionId]: 'Normal' },
        },
      });
    });
  });
}
