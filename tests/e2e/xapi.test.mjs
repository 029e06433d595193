// Browser tests of the xapi target (TinCan launch) against a real LRS.
//
//   COURSEPACK_E2E_PACKAGES=<dir of built zips> node --test tests/e2e/xapi.test.mjs
//
// Ralph (lib/ralph.mjs) is the LRS; the test LMS (lib/lms.mjs) serves the
// package, forwards statements to Ralph and keeps the State API. Each xapi
// package is launched (a course package: its course page, then each module
// from its contents) in headless Chromium and driven by keyboard only
// (lib/xapi-learner.mjs): every module through a pass, the first with a quiz
// through a fail and quit-and-resume. Every statement is read back from Ralph and must pass
// Ralph's strict BaseXapiStatement model and the session rules in
// lib/xapi-checks.mjs. The package's tincan.xml must be valid against the
// official tincan.xsd and declare the activities the statements use.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, openPage } from './lib/browser.mjs';
import { tabToSelector } from './lib/learner.mjs';
import { finish, walkModule } from './lib/xapi-learner.mjs';
import { startLms } from './lib/lms.mjs';
import { expectPage } from './lib/player.mjs';
import { lrsSuite } from './lib/lrs-suite.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { waitInPage, waitUntil } from './lib/wait.mjs';
import {
  SCHEMAS, withoutExpected404s, assertRalphValid, assertSchemaValid, assertSessionBasics, playerData, tincanActivities, verbOf,
} from './lib/xapi-checks.mjs';

const suite = lrsSuite('xapi');
const { packagesDir, zips } = suite;

const learner = (n) => ({ objectType: 'Agent', name: `Learner ${n}`, mbox: `mailto:learner-${n}@example.org` });

/**
 * Launch, run `drive(session)`, then leave the page the way a learner quits
 * (the window goes to the LMS's page, so pagehide fires), and close it.
 * For a course package, the launch opens the course page and the learner
 * opens the module from its contents by keyboard (Tab to the link, Enter).
 * Returns what the page logged and stored.
 */
async function session(lms, launchUrl, drive, { viaCourse } = {}) {
  const registration = new URL(launchUrl).searchParams.get('registration');
  const seenBefore = new Set(lms.received);
  const s = await openPage(launchUrl, { goto: false });
  const messages = [];
  s.page.on('console', (m) => messages.push(m.text()));
  await s.page.goto(launchUrl, { waitUntil: 'load' });
  if (viaCourse) {
    await tabToSelector(s.page, s.page.mainFrame(), `a[data-module-link][href^="${viaCourse}"]`);
    await Promise.all([s.page.waitForURL((u) => u.pathname.endsWith(`/${viaCourse}`), { waitUntil: 'load' }), s.page.keyboard.press('Enter')]);
  }
  // the player has started (the adapter's start resolved and the state is restored)
  await s.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
  try {
    await drive(s);
    assertNoConsoleErrors(withoutExpected404s(s));
    const stores = await s.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    await s.page.goto(`${lms.origin}/return/quit`, { waitUntil: 'load' });
    await lms.waitForStatement((st) => st.context?.registration === registration && st.verb?.id?.endsWith('/terminated') && !seenBefore.has(st.id));
    return { messages, stores };
  } finally {
    await s.close();
  }
}

/**
 * The modules of an unpacked xapi package: a module package has its player at
 * index.html; a course package has a course page there, linking to each
 * module's folder. Each: { file, data, activityId, questionPrefix }.
 */
function modulesOf(dir) {
  const root = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = root.includes('id="cp-data"')
    ? ['index.html']
    : [...root.matchAll(/<a href="([^"]+)"[^>]*\bdata-module-link\b/g)].map((m) => m[1]);
  return files.map((file) => {
    const data = playerData(path.join(dir, file));
    assert.equal(data.runtime, 'xapi', `${file}: runtime`);
    const activityId = data.activity?.id ?? `urn:coursepack:module/${data.module.id}`;
    return { file, data, activityId, questionPrefix: data.activity?.questionPrefix ?? `${activityId}/question/` };
  });
}

for (const zip of zips) {
  describe(path.relative(packagesDir, zip), () => {
    let dir;
    let lms;
    let modules = [];
    let isCourse = false;
    let rootActivity;
    before(async () => {
      dir = await extractZip(zip);
      modules = modulesOf(dir);
      isCourse = modules[0].file !== 'index.html';
      const manifest = path.join(dir, 'tincan.xml');
      rootActivity = fs.existsSync(manifest)
        ? tincanActivities(fs.readFileSync(manifest, 'utf8')).find((a) => a.launch)?.id
        : modules[0].activityId;
      lms = await startLms({ root: dir, ralph: suite.ralph });
    });
    after(async () => {
      await lms?.close();
      if (dir) await removeDir(dir);
    });

    const hasQuiz = (m) => Boolean(m.data.module.passMark != null && m.data.quiz?.questions?.length);
    /** The statements about module `m` (its own, its pages' and questions'); a course page's are about the course. */
    const about = (m, list) => list.filter((st) => st.object.id === m.activityId || st.object.id.startsWith(`${m.activityId}/`));
    /** The statements of `registration` once `count` of module `m`'s sessions have ended (terminated about it). */
    const moduleStatements = async (m, registration, count = 1) => {
      let list = [];
      await waitUntil(async () => {
        list = about(m, await suite.ralph.statements({ registration }));
        return list.filter((st) => verbOf(st) === 'terminated').length >= count;
      }, { what: `${count} session(s) of ${m.data.module.id} in the LRS`, timeout: 30000, interval: 250 });
      return list;
    };
    /** A TinCan launch of the package, as the LMS does it: the root activity of tincan.xml. */
    const launchOf = (m, o) => ({
      url: lms.tincanLaunch({ activityId: rootActivity, ...o }),
      options: isCourse ? { viaCourse: m.file } : {},
    });

    /** The checks every finished session of module `m` must pass. */
    async function checkSession(m, statements, { actor, registration, what }) {
      await assertRalphValid(suite.ralph, statements, what);
      assertSessionBasics(statements, { actor, registration }, what);
      assert.equal(verbOf(statements[0]), 'initialized', `${what}: the first statement`);
      assert.equal(verbOf(statements.at(-1)), 'terminated', `${what}: the last statement`);
      for (const s of statements) {
        assert.equal(s.context.language, m.data.module.language, `${what}: context.language`);
        if (['initialized', 'completed', 'passed', 'failed', 'terminated'].includes(verbOf(s))) {
          assert.equal(s.object.id, m.activityId, `${what}: ${verbOf(s)} is about the module`);
        } else {
          assert.deepEqual(s.context.contextActivities.parent.map((p) => p.id), [m.activityId], `${what}: ${verbOf(s)} parent`);
        }
        if (isCourse && ['initialized', 'completed', 'passed', 'failed', 'terminated'].includes(verbOf(s))) {
          assert.deepEqual(s.context.contextActivities.parent.map((p) => p.id), [rootActivity], `${what}: the course is the module's parent`);
        } else if (isCourse) {
          assert.ok(s.context.contextActivities.grouping.some((g) => g.id === rootActivity), `${what}: the course in grouping`);
        }
        assert.equal(s.context.revision, m.data.module.version, `${what}: context.revision is the module version`);
        assert.ok(s.context.platform, `${what}: context.platform`);
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
      if (isCourse) assert.equal(launchable[0].id, modules[0].data.activity.courseId, 'the root activity is the course');
      else assert.equal(launchable[0].id, modules[0].activityId, 'the root activity is the module the player reports');
      for (const m of modules) {
        assert.ok(acts.some((a) => a.id === m.activityId), `module ${m.activityId} is declared`);
        for (const q of m.data.quiz?.questions ?? []) {
          const x = q.interactions.xapi;
          const declared = acts.find((a) => a.id === m.questionPrefix + encodeURIComponent(x.id));
          assert.ok(declared, `question ${q.id} is declared as ${m.questionPrefix}${x.id}`);
          assert.equal(declared.interactionType, x.type, `question ${q.id} interactionType`);
        }
      }
    });

    test('every module: complete and pass by keyboard; every statement in Ralph, valid, in order', async () => {
      // a course is taken in order in one registration, as its course page allows
      const courseActor = learner(`pass-${crypto.randomUUID().slice(0, 8)}`);
      const courseRegistration = crypto.randomUUID();
      for (const m of modules) {
        const actor = isCourse ? courseActor : learner(`pass-${crypto.randomUUID().slice(0, 8)}`);
        const registration = isCourse ? courseRegistration : crypto.randomUUID();
        const l = launchOf(m, { actor, registration, grouping: 'https://lms.example/programme/42' });
        let answered = [];
        const seen = await session(lms, l.url, async (s) => {
          answered = await walkModule(s.page, { correct: true });
          await finish(s.page);
          await s.page.waitForFunction(() => /./.test(document.querySelector('.cp-notice').textContent));
        }, l.options);
        const statements = await moduleStatements(m, registration);
        const what = `${m.data.module.id} pass`;
        await checkSession(m, statements, { actor, registration, what });
        assert.ok(!seen.messages.some((t) => t.includes(suite.ralph.basicAuth.slice(6))), 'the credentials never reach the console');
        assert.ok(!seen.stores.includes(suite.ralph.basicAuth.slice(6)), 'the credentials are never stored');
        const verbs = statements.map(verbOf);
        const pageIds = statements.filter((s) => verbOf(s) === 'experienced').map((s) => s.object.id);
        assert.deepEqual(pageIds, m.data.module.pages.map((p) => `${m.activityId}/page/${encodeURIComponent(p.id)}`), 'one experienced per page');
        const answers = statements.filter((s) => verbOf(s) === 'answered');
        assert.equal(answers.length, answered.length, 'one answered per question checked');
        const byId = Object.fromEntries((m.data.quiz?.questions ?? []).map((q) => [q.id, q]));
        answered.forEach((id, i) => {
          const x = byId[id].interactions.xapi;
          const a = answers[i];
          assert.equal(a.object.id, m.questionPrefix + encodeURIComponent(x.id), `answered ${id}: object id`);
          assert.equal(a.object.definition.type, 'http://adlnet.gov/expapi/activities/cmi.interaction');
          assert.equal(a.object.definition.interactionType, x.type, `answered ${id}: interactionType`);
          if (x.patterns.length) assert.deepEqual(a.object.definition.correctResponsesPattern, x.patterns.filter(Boolean));
          if (!['likert', 'reflection'].includes(byId[id].type)) assert.equal(a.result.success, true, `answered ${id} right`);
          assert.equal(typeof a.result.response, 'string');
        });
        assert.equal(statements[0].context.contextActivities.grouping[0].id, 'https://lms.example/programme/42');
        assert.equal(verbs.filter((v) => v === 'completed').length, 1, 'completed once');
        if (hasQuiz(m)) {
          const passed = statements.filter((s) => verbOf(s) === 'passed');
          assert.equal(passed.length, 1, 'passed once');
          assert.equal(verbs.includes('failed'), false);
          assert.equal(passed[0].result.success, true);
          assert.ok(passed[0].result.score.scaled >= m.data.module.passMark / 100, 'score at or above the pass mark');
        }
        const doc = lms.stateDoc({ activityId: m.activityId, actor, registration });
        assert.equal(doc.bookmark, m.data.module.pages.at(-1).id, 'the State API holds the bookmark');
        assert.equal(doc.reported.completed, true);
      }
      if (!isCourse) return;
      // Back on the course page: every module is done, and the course activity (the one the
      // LMS launched) is reported initialized once, completed once, and passed when assessed.
      const assessed = modules.some(hasQuiz);
      let course = [];
      const courseUrl = lms.tincanLaunch({ actor: courseActor, registration: courseRegistration, activityId: rootActivity });
      const s = await openPage(courseUrl, { goto: false });
      // what the page warned and what the LRS answered, for the message if the result never comes
      const said = [];
      s.page.on('console', (m) => { if (m.type() !== 'log') said.push(`${m.type()}: ${m.text()}`); });
      s.page.on('response', (r) => { if (!r.url().startsWith(courseUrl.split('?')[0])) said.push(`${r.request().method()} ${r.url().split('?')[0]} -> ${r.status()}`); });
      try {
        await s.page.goto(courseUrl, { waitUntil: 'load' });
        await waitInPage(s.page, () => document.documentElement.dataset.cpCourse === 'settled', null, { what: 'the course page settled' });
        const links = await s.page.locator('a[data-module-link]').count();
        assert.equal(links, modules.length, 'every module is a link once all are complete');
        await assertNoAxeViolations(s.page, 'the course page, course complete');
        // The learner stays on the page until the LRS has the course's result: the page sends
        // one request at a time, and closing the test's browser context (unlike closing a tab)
        // may cancel what is still queued behind a slow LRS (a loaded CI machine timed out
        // here). Leaving the course page early is the next-but-one test's case.
        await waitUntil(async () => {
          course = (await suite.ralph.statements({ registration: courseRegistration })).filter((st) => st.object.id === rootActivity);
          return course.some((st) => verbOf(st) === (assessed ? 'passed' : 'completed'));
        }, {
          what: 'the course reported complete', timeout: 30000, interval: 250,
          describe: () => `the course's statements in the LRS: ${course.map(verbOf).join(', ') || 'none'}; the page:\n${said.join('\n')}`,
        });
      } finally {
        await s.close();
      }
      await assertRalphValid(suite.ralph, course, 'course statements');
      assert.deepEqual(course.map(verbOf), assessed ? ['initialized', 'completed', 'passed'] : ['initialized', 'completed'],
        'the course activity: initialized once, then completed (and passed) once');
      for (const st of course) {
        assert.equal(st.object.definition.type, 'http://adlnet.gov/expapi/activities/course');
        assert.deepEqual(st.actor.mbox, courseActor.mbox);
      }
    });

    test('course order: a module after an unfinished one cannot be opened from the course page, and says why', async (t) => {
      if (!isCourse || modules.length < 2) return t.skip('not a course of two or more modules');
      const actor = learner(`order-${crypto.randomUUID().slice(0, 8)}`);
      const s = await openPage(lms.tincanLaunch({ actor, registration: crypto.randomUUID(), activityId: rootActivity }), { goto: true });
      try {
        await waitInPage(s.page, () => document.documentElement.dataset.cpCourse === 'settled', null, { what: 'the course page settled' });
        const shown = await s.page.evaluate(() => [...document.querySelectorAll('.cp-course-modules li, li')]
          .filter((li) => li.querySelector('a[data-module-link], .cp-course-locked'))
          .map((li) => ({ link: Boolean(li.querySelector('a[data-module-link]')), text: li.textContent.replace(/\s+/g, ' ').trim() })));
        assert.equal(shown.length, modules.length);
        assert.equal(shown[0].link, true, 'the first module opens');
        for (const item of shown.slice(1)) {
          assert.equal(item.link, false, `${item.text}: not a link before the first module is complete`);
          assert.ok(item.text.includes(modules[0].data.module.title), `${item.text}: names the module to finish first`);
        }
        await assertNoAxeViolations(s.page, 'the course page with locked modules');
      } finally {
        await s.close();
      }
    });

    test('course page left before it settles, then opened on another device: the course is initialized once', async (t) => {
      if (!isCourse) return t.skip('not a course package');
      const actor = learner(`quick-${crypto.randomUUID().slice(0, 8)}`);
      const registration = crypto.randomUUID();
      const url = lms.tincanLaunch({ actor, registration, activityId: rootActivity });
      const courseStatements = async () => (await suite.ralph.statements({ registration })).filter((st) => st.object.id === rootActivity);
      const first = await openPage(url, { goto: false });
      try {
        // the LRS is slow to say what the modules' states are: the page cannot settle before the learner goes
        const moduleState = (u) => u.pathname.endsWith('/activities/state') && u.searchParams.get('activityId') !== rootActivity;
        await first.context.route(moduleState, async (route) => {
          await new Promise((r) => setTimeout(r, 4000));
          await route.fallback().catch(() => {});
        });
        await first.page.goto(url, { waitUntil: 'load' });
        await waitUntil(async () => (await courseStatements()).some((st) => verbOf(st) === 'initialized'),
          { what: 'the course initialized in the LRS', timeout: 30000, interval: 100 });
        assert.equal(await first.page.evaluate(() => document.documentElement.dataset.cpCourse ?? null), null, 'the page had not settled');
        await first.page.goto(`${lms.origin}/return/quit`, { waitUntil: 'load' });
        // what the page sent as it went is on its way; a real browser completes it after the tab closes
        await waitUntil(() => lms.stateDoc({ activityId: rootActivity, actor, registration })?.reported?.initialized === true,
          { what: 'the course state document with the mark in the LRS', timeout: 30000, interval: 100 });
      } finally {
        await first.close();
      }
      const second = await openPage(url, { goto: true });
      try {
        await waitInPage(second.page, () => document.documentElement.dataset.cpCourse === 'settled', null, { what: 'the course page settled' });
      } finally {
        await second.close();
      }
      await lms.idle();
      assert.deepEqual((await courseStatements()).map(verbOf), ['initialized'], 'the course activity: initialized once');
    });

    test('fail by keyboard: failed with the score, no passed', async (t) => {
      const m = modules.find(hasQuiz);
      if (!m) return t.skip('no module with an assessed quiz');
      const actor = learner(`fail-${crypto.randomUUID().slice(0, 8)}`);
      const registration = crypto.randomUUID();
      const l = launchOf(m, { actor, registration });
      await session(lms, l.url, async (s) => {
        await walkModule(s.page, { correct: false });
        await finish(s.page);
      }, l.options);
      const statements = await moduleStatements(m, registration);
      const what = `${m.data.module.id} fail`;
      await checkSession(m, statements, { actor, registration, what });
      const verbs = statements.map(verbOf);
      assert.equal(verbs.includes('passed'), false, 'no passed');
      const failed = statements.filter((s) => verbOf(s) === 'failed');
      assert.equal(failed.length, 1, 'failed once');
      assert.equal(failed[0].result.success, false);
      assert.ok(failed[0].result.score.scaled < m.data.module.passMark / 100, 'score below the pass mark');
      if (m.data.module.completion !== 'all-pages') assert.equal(verbs.includes('completed'), false, 'not completed without passing');
    });

    test('quit and resume: the State API brings back the place and answers; nothing is reported twice', async () => {
      const m = modules.find(hasQuiz) ?? modules[0];
      const actor = learner(`resume-${crypto.randomUUID().slice(0, 8)}`);
      const registration = crypto.randomUUID();
      const l = launchOf(m, { actor, registration });
      const stop = Math.min(2, m.data.module.pages.length - 1);
      await session(lms, l.url, async (s) => {
        await walkModule(s.page, { correct: true, pages: stop + 1 });
        await expectPage(s.page, stop);
      }, l.options); // leaving the page is the quit: pagehide sends terminated in a request that outlives it
      const first = await moduleStatements(m, registration);
      assert.equal(verbOf(first.at(-1)), 'terminated', 'the quit was reported by the request that outlives the page');
      const doc = lms.stateDoc({ activityId: m.activityId, actor, registration });
      assert.equal(doc.bookmark, m.data.module.pages[stop].id);
      await session(lms, l.url, async (s) => {
        await expectPage(s.page, stop, { what: 'resumed on the saved page' });
        await walkModule(s.page, { correct: true });
        await finish(s.page);
      }, l.options);
      const statements = await moduleStatements(m, registration, 2);
      const what = `${m.data.module.id} resume`;
      await assertRalphValid(suite.ralph, statements, what);
      assertSessionBasics(statements, { actor, registration }, what);
      const verbs = statements.map(verbOf);
      assert.equal(verbs.filter((v) => v === 'initialized').length, 2);
      assert.equal(verbs.filter((v) => v === 'terminated').length, 2);
      assert.equal(verbs.filter((v) => v === 'completed').length, 1, 'completed once over both sessions');
      const answeredIds = statements.filter((s) => verbOf(s) === 'answered').map((s) => s.object.id);
      assert.equal(new Set(answeredIds).size, answeredIds.length, 'no question answered again after resuming');
      assert.deepEqual(lms.violations, []);
    });

    test('a state write overtaken on its way: it reaches the LRS after the page has gone, and another device still resumes where the learner left', async () => {
      const m = modules.find((x) => x.data.module.pages.length >= 3) ?? modules[0];
      if (m.data.module.pages.length < 3) return;
      const actor = learner(`overtaken-${crypto.randomUUID().slice(0, 8)}`);
      const registration = crypto.randomUUID();
      const l = launchOf(m, { actor, registration });
      /** @type {{ url: string, headers: Record<string, string>, body: string } | null} */
      let held = null;
      const second = m.data.module.pages[1].id;
      await session(lms, l.url, async (s) => {
        // the normal write of the state at the second page is slow: no answer while the page is open
        await s.context.route((u) => u.pathname.endsWith('/activities/state') && u.searchParams.get('activityId') === m.activityId, async (route) => {
          const r = route.request();
          const normal = r.method() === 'PUT' && new URL(r.url()).searchParams.get('stateId') === 'coursepack-state';
          if (!normal || held || JSON.parse(r.postData() ?? '{}').bookmark !== second) return route.fallback();
          const h = await r.allHeaders();
          const keep = ['authorization', 'x-experience-api-version', 'content-type'];
          held = { url: r.url(), headers: Object.fromEntries(Object.entries(h).filter(([k]) => keep.includes(k))), body: r.postData() ?? '' };
          // never answered: the page goes before the LRS replies
        });
        await walkModule(s.page, { correct: true, pages: 3 });
        await expectPage(s.page, 2);
      }, l.options);
      assert.ok(held, 'a normal state write was on its way as the page went');
      const heldDoc = JSON.parse(held.body);
      assert.equal(heldDoc.bookmark, second, 'it held the learner at the second page');
      // what the page sent as it went (in a request that outlives it) is in the LRS ...
      await waitUntil(() => lms.stateDoc({ activityId: m.activityId, actor, registration })?.bookmark === m.data.module.pages[2].id,
        { what: 'the last state in the LRS', timeout: 30000, interval: 100 });
      // ... and the overtaken write reaches the LRS only now
      const late = await fetch(held.url, { method: 'PUT', headers: held.headers, body: held.body });
      assert.ok(late.status >= 200 && late.status < 300, `the late write was stored (${late.status})`);
      assert.equal(lms.stateDoc({ activityId: m.activityId, actor, registration, stateId: 'coursepack-state' }).bookmark, heldDoc.bookmark);
      // another device (a new browser context): the learner is back where they left
      await session(lms, l.url, async (s) => {
        await expectPage(s.page, 2, { what: 'resumed where the learner left, not where the late write said' });
      }, l.options);
      assert.deepEqual(lms.violations, []);
    });
  });
}
