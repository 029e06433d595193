// Branching scenarios in the built packages of every shipped module, played by
// keyboard only along every route (lib/scenario-player.mjs: every route from
// the start to an ending that passes no node twice, then every loop and "try
// again" choice), with "Start again" between routes, in one session per
// package:
//
// - SCORM 1.2 and 2004, in scorm-again (lib/lms-scorm.mjs): each decision and
//   each ending is an interaction with the build's id, type, response, correct
//   patterns and result; every call passes the strict recorder; a learner who
//   leaves mid-scenario and comes back continues at the node they left;
// - xAPI and cmi5, against Ralph (lib/ralph.mjs): one `answered` per decision
//   (the node as object, the scenario as parent, the choice in
//   result.response) and per ending (the scenario as object, score, success,
//   completion), every statement valid by Ralph's strict model, cmi5's rules
//   kept; a learner who leaves mid-scenario and launches again (same actor
//   and registration) continues at the node they left (the State API);
// - the web package: axe-core finds nothing at the start, at a consequence and
//   at an ending; without JavaScript every node is shown in order and every
//   choice links to its node; printed, every node shows.
//
//   COURSEPACK_E2E_PACKAGES=<dir of built zips> node --test tests/e2e/scenario.test.mjs

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, closeBrowser, getBrowser, openPage } from './lib/browser.mjs';
import { checkCmi5Rules } from './lib/cmi5-rules.mjs';
import { startLms } from './lib/lms.mjs';
import { answerQuestion, tabToSelector } from './lib/learner.mjs';
import { assertStrictCalls, startScormLms } from './lib/lms-scorm.mjs';
import { findPackages } from './lib/packages.mjs';
import { startRalph } from './lib/ralph.mjs';
import { choose, nodeAnchor, openPageOf, playRoute, records, routes, scenarioOf, shownNode, startAgain } from './lib/scenario-player.mjs';
import { startServer } from './lib/server.mjs';
import { test } from './lib/test.mjs';
import { extractZip, listZip, removeDir } from './lib/unzip.mjs';
import { waitInPage } from './lib/wait.mjs';
import { assertRalphValid, playerData, verbOf, withoutExpected404s } from './lib/xapi-checks.mjs';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;
after(closeBrowser);

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
    assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`');
  });
}

/** The module packages (not course packages) of `target` whose module has a scenario, with their data. */
async function scenarioPackages(target) {
  const out = [];
  for (const zip of packagesDir ? findPackages(packagesDir, target) : []) {
    if (!(await listZip(zip)).includes('index.html')) continue;
    out.push(zip);
  }
  return out;
}

/** The expected interaction of one record under a SCORM version. */
function expectedInteraction(s, r, std) {
  const node = s.nodes[r.at];
  if (r.kind === 'decision') {
    const i = node.interactions[std];
    const mark = node.choices[r.k].mark;
    return { i, response: i.ids[r.k], result: mark === 'right' ? 'correct' : mark === 'wrong' ? (std === 'scorm12' ? 'wrong' : 'incorrect') : 'neutral' };
  }
  const i = s.ending[std];
  const success = node.end.success;
  return {
    i,
    response: i.ids[node.end.index],
    result: success === true ? 'correct' : success === false ? (std === 'scorm12' ? 'wrong' : 'incorrect') : 'neutral',
    weighting: s.scored ? s.points : undefined,
  };
}

/** Check the LMS's interactions `list` against the records expected, in order. */
function assertScormInteractions(std, s, list, expected, what) {
  assert.equal(list.length, expected.length, `${what}: one interaction per decision and per ending`);
  const seen = new Set();
  expected.forEach((r, n) => {
    const got = list[n];
    const want = expectedInteraction(s, r, std);
    const at = `${what}: interaction ${n} (${r.kind} at ${s.nodes[r.at].id})`;
    if (std === 'scorm2004') {
      assert.ok(got.id === want.i.id || got.id.startsWith(`${want.i.id}_`), `${at}: id ${got.id}`);
      assert.ok(!seen.has(got.id), `${at}: id ${got.id} used twice`);
      assert.equal(got.description, want.i.description, `${at}: description`);
      assert.equal(got.learner_response, want.response, `${at}: learner_response`);
    } else {
      assert.equal(got.id, want.i.id, `${at}: id`);
      assert.equal(got.student_response, want.response, `${at}: student_response`);
    }
    seen.add(got.id);
    assert.equal(got.type, 'choice', `${at}: type`);
    assert.equal(got.result, want.result, `${at}: result`);
    assert.deepEqual(Object.values(got.correct_responses ?? {}).map((p) => p.pattern), want.i.patterns, `${at}: patterns`);
    if (want.weighting !== undefined) assert.equal(Number(got.weighting), want.weighting, `${at}: weighting`);
  });
}

/** Play every route of `s` in the page shown, Start again between them; returns the records expected. */
async function playAll(page, frame, s) {
  const expected = [];
  const all = routes(s);
  for (const [n, route] of all.entries()) {
    if (n > 0) await startAgain(page, frame, s);
    await playRoute(page, frame, s, route);
    expected.push(...records(s, route));
  }
  return { expected, count: all.length };
}

/** The first route with at least two steps, and the node after its second step. */
function partialRoute(s) {
  const r = routes(s).find((route) => route.steps.length >= 3 && route.steps.slice(0, 2).every((st) => s.nodes[st.at].choices[st.k].to !== st.at));
  assert.ok(r, `${s.id}: a route long enough to leave half-way`);
  return { steps: r.steps.slice(0, 2), at: s.nodes[r.steps[1].at].choices[r.steps[1].k].to };
}

for (const std of ['scorm12', 'scorm2004']) {
  for (const zip of await scenarioPackages(std)) {
    describe(`${std}: ${path.relative(packagesDir, zip)}`, () => {
      let dir;
      let lms;
      let data;
      let s;
      before(async () => {
        dir = await extractZip(zip);
        data = playerData(path.join(dir, 'index.html'));
        s = scenarioOf(data);
        lms = await startScormLms({ dir, std });
      });
      after(async () => {
        await lms?.close();
        if (dir) await removeDir(dir);
      });

      test('every route played by keyboard is recorded, and a learner who leaves comes back to the node they left', async (t) => {
        if (!s) return t.skip('the module has no scenario');
        const what = `${std} ${s.id}`;
        const first = await lms.launch();
        let expected;
        let half;
        try {
          await openPageOf(first.page, first.frame, s.page, s);
          const played = await playAll(first.page, first.frame, s);
          expected = played.expected;
          // leave half-way through one more route
          await startAgain(first.page, first.frame, s);
          half = partialRoute(s);
          for (const st of half.steps) await choose(first.page, first.frame, s, st.at, st.k);
          expected.push(...half.steps.map((st) => ({ kind: 'decision', ...st })));
          t.diagnostic(`${s.id}: ${played.count} routes, ${expected.length} interactions`);
          await first.exit();
          await lms.settled();
          const record = await first.record();
          assertStrictCalls(std, record, what);
          assertNoConsoleErrors(first.session, what);
        } finally {
          await first.close();
        }
        const cmi = lms.stored;
        const interactions = Object.values(cmi.interactions ?? {});
        assertScormInteractions(std, s, interactions, expected, what);
        const suspend = JSON.parse(std === 'scorm12' ? cmi.suspend_data : cmi.suspend_data);
        assert.equal(suspend.scn?.[s.id]?.length, 2, `${what}: the saved path is two choices long`);
        assert.equal(std === 'scorm12' ? cmi.core.exit : cmi.exit, 'suspend', `${what}: suspended`);

        const second = await lms.launch({ resume: true });
        try {
          await openPageOf(second.page, second.frame, s.page, s);
          assert.equal(await shownNode(second.frame, s), half.at, `${what}: resumes at the node the learner left`);
          const trail = await second.frame.locator(`#cp-scenario-${s.id} .cp-scenario-trail li`).count();
          assert.equal(trail, 2, `${what}: the path taken is listed`);
          await second.exit();
          await lms.settled();
        } finally {
          await second.close();
        }
      });
    });
  }
}

describe('xAPI and cmi5 against Ralph', () => {
  let ralph;
  before(async () => { ralph = await startRalph(); });
  after(async () => { await ralph?.stop(); });

  /** The statements Ralph holds for `registration` once its terminated is in. */
  async function statements(registration) {
    let list = [];
    const end = Date.now() + 30000;
    while (Date.now() < end) {
      list = await ralph.statements({ registration });
      if (list.some((st) => verbOf(st) === 'terminated')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return list;
  }

  /** Check the answered statements about the scenario against the records expected. */
  function assertStatements(s, list, expected, base, what) {
    const about = list.filter((st) => verbOf(st) === 'answered' && st.object.id.startsWith(`${base}scenario/`));
    assert.equal(about.length, expected.length, `${what}: one answered per decision and per ending`);
    expected.forEach((r, n) => {
      const st = about[n];
      const node = s.nodes[r.at];
      const at = `${what}: statement ${n} (${r.kind} at ${node.id})`;
      if (r.kind === 'decision') {
        const x = node.interactions.xapi;
        assert.equal(st.object.id, `${base}${x.id}`, `${at}: object`);
        assert.equal(st.object.definition.type, 'http://adlnet.gov/expapi/activities/cmi.interaction');
        assert.equal(st.object.definition.interactionType, 'choice');
        assert.equal(st.result.response, x.ids[r.k], `${at}: response`);
        const mark = node.choices[r.k].mark;
        assert.equal(st.result.success, mark === 'right' ? true : mark === 'wrong' ? false : undefined, `${at}: success`);
        assert.equal(st.context.contextActivities.parent[0].id, `${base}${s.ending.xapi.id}`, `${at}: the scenario is the parent`);
        assert.equal(st.context.contextActivities.parent[0].definition.type, 'http://adlnet.gov/expapi/activities/simulation');
      } else {
        assert.equal(st.object.id, `${base}${s.ending.xapi.id}`, `${at}: the scenario`);
        assert.equal(st.object.definition.type, 'http://adlnet.gov/expapi/activities/simulation');
        assert.equal(st.result.response, s.ending.xapi.ids[node.end.index], `${at}: the ending`);
        assert.equal(st.result.completion, true);
        if (node.end.success !== null) assert.equal(st.result.success, node.end.success, `${at}: success`);
        if (s.scored) {
          const { scaled, ...rest } = st.result.score;
          assert.deepEqual(rest, { raw: node.end.score, min: 0, max: s.max }, `${at}: score`);
          assert.ok(Math.abs(scaled - node.end.score / s.max) < 1e-4, `${at}: scaled ${scaled}`);
        }
      }
    });
  }

  for (const target of ['xapi', 'cmi5']) {
    // module packages only; the module's own files are at the root
    const zips = packagesDir ? findPackages(packagesDir, target) : [];
    for (const zip of zips) {
      describe(`${target}: ${path.relative(packagesDir, zip)}`, () => {
        let dir;
        let lms;
        let data;
        let s;
        before(async () => {
          dir = await extractZip(zip);
          const index = path.join(dir, 'index.html');
          // a cmi5 course package has no index.html at its root (each AU is in its folder)
          data = fs.existsSync(index) && fs.readFileSync(index, 'utf8').includes('id="cp-data"') ? playerData(index) : null;
          s = data && scenarioOf(data);
          lms = await startLms({ root: dir, ralph });
        });
        after(async () => {
          await lms?.close();
          if (dir) await removeDir(dir);
        });

        test('every route played by keyboard: one valid statement per decision and per ending; a learner who leaves comes back to the node they left', async (t) => {
          if (!s) return t.skip('not a module package with a scenario');
          const actor = { objectType: 'Agent', name: 'Scenario learner', account: { homePage: 'https://lms.example', name: `scn-${crypto.randomUUID().slice(0, 8)}` } };
          const publisher = data.activity?.id ?? `urn:coursepack:module/${data.module.id}`;
          let url;
          let registration;
          let session = null;
          if (target === 'xapi') {
            registration = crypto.randomUUID();
            url = lms.tincanLaunch({ actor, registration, activityId: publisher });
          } else {
            session = lms.cmi5Launch({ actor, publisherId: publisher, moveOn: 'Completed' });
            registration = session.registration;
            url = session.url;
          }
          const what = `${target} ${s.id}`;
          const p = await openPage(url, { goto: false });
          let expected;
          let half;
          try {
            await p.page.goto(url, { waitUntil: 'load' });
            await p.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
            const frame = p.page.mainFrame();
            await openPageOf(p.page, frame, s.page, s);
            expected = (await playAll(p.page, frame, s)).expected;
            // leave half-way through one more route
            await startAgain(p.page, frame, s);
            half = partialRoute(s);
            for (const st of half.steps) await choose(p.page, frame, s, st.at, st.k);
            expected.push(...half.steps.map((st) => ({ kind: 'decision', ...st })));
            assertNoConsoleErrors(withoutExpected404s(p), what);
            await p.page.goto(`${lms.origin}/return/quit`, { waitUntil: 'load' });
          } finally {
            await p.close();
          }
          const list = await statements(registration);
          await assertRalphValid(ralph, list, what);
          assertStatements(s, list, expected, `${publisher}/`, what);
          assert.deepEqual(lms.violations, [], `${what}: LMS-side violations`);
          if (session) {
            await checkCmi5Rules(t, {
              statements: list,
              launch: {
                actor, activityId: session.activityId, publisherId: publisher, registration,
                masteryScore: session.launchData.masteryScore, sessionIds: [session.sessionId],
                launchMode: { [session.sessionId]: 'Normal' },
              },
              lms,
            });
          }

          // The learner comes back (same actor and registration): the State API brings the path back.
          const again = target === 'xapi'
            ? lms.tincanLaunch({ actor, registration, activityId: publisher })
            : lms.cmi5Launch({ actor, publisherId: publisher, moveOn: 'Completed', registration, activityId: session.activityId }).url;
          const q = await openPage(again, { goto: false });
          try {
            await q.page.goto(again, { waitUntil: 'load' });
            await q.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
            const frame = q.page.mainFrame();
            await openPageOf(q.page, frame, s.page, s);
            assert.equal(await shownNode(frame, s), half.at, `${what}: resumes at the node the learner left`);
            const trail = await frame.locator(`#cp-scenario-${s.id} .cp-scenario-trail li`).count();
            assert.equal(trail, 2, `${what}: the path taken is listed`);
            assertNoConsoleErrors(withoutExpected404s(q), `${what} resumed`);
            await q.page.goto(`${lms.origin}/return/quit`, { waitUntil: 'load' });
          } finally {
            await q.close();
          }
        });
      });
    }
  }
});

for (const zip of await scenarioPackages('web')) {
  describe(`web: ${path.relative(packagesDir, zip)}`, () => {
    let dir;
    let server;
    let data;
    let s;
    before(async () => {
      dir = await extractZip(zip);
      const index = path.join(dir, 'index.html');
      data = fs.existsSync(index) && fs.readFileSync(index, 'utf8').includes('id="cp-data"') ? playerData(index) : null;
      s = data && scenarioOf(data);
      server = await startServer({ root: dir });
    });
    after(async () => {
      await server?.close();
      if (dir) await removeDir(dir);
    });

    test('keyboard and screen readers: axe-clean at the start, after a choice, at an ending; back one step; resumed after a reload', async (t) => {
      if (!s) return t.skip('the module has no scenario');
      const p = await openPage(server.url('index.html'));
      try {
        const frame = p.page.mainFrame();
        await p.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
        await openPageOf(p.page, frame, s.page, s);
        await assertNoAxeViolations(p.page, `${s.id} start`);
        const route = routes(s).find((r) => r.steps.length >= 2);
        const [one, two] = route.steps;
        await choose(p.page, frame, s, one.at, one.k);
        const status = await frame.locator(`#cp-scenario-${s.id} .cp-scenario-status`).textContent();
        assert.ok(status.includes(data.scenarios[0].nodes[two.at].title), `the new node is announced: ${status}`);
        const told = await frame.locator(`#${nodeAnchor(s, two.at)} .cp-scenario-consequence`).textContent();
        assert.ok(told.includes(s.nodes[one.at].choices[one.k].text), `the choice is repeated: ${told}`);
        await assertNoAxeViolations(p.page, `${s.id} after a choice`);
        if (s.back) {
          const { stepBack } = await import('./lib/scenario-player.mjs');
          await stepBack(p.page, frame, s, one.at);
          await choose(p.page, frame, s, one.at, one.k);
        }
        await playRoute(p.page, frame, s, { steps: route.steps.slice(1), end: route.end });
        const outcome = await frame.locator(`#${nodeAnchor(s, route.end)} .cp-scenario-outcome`).textContent();
        assert.ok(outcome.includes(s.nodes[route.end].end.outcome), 'the outcome is shown');
        await assertNoAxeViolations(p.page, `${s.id} at an ending`);
        // reloaded (the browser's storage), the learner is where they were
        await p.page.reload({ waitUntil: 'load' });
        await p.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
        await openPageOf(p.page, frame, s.page, s);
        assert.equal(await shownNode(frame, s), route.end, 'reloaded, the ending reached is shown again');
        assertNoConsoleErrors(p, s.id);
      } finally {
        await p.close();
      }
    });

    test('without JavaScript every node is shown in order and each choice links to its node; in print too', async (t) => {
      if (!s) return t.skip('the module has no scenario');
      const browser = await getBrowser();
      // The package as a browser without JavaScript shows it: the player's script never runs. (The
      // page's JavaScript stays on for axe-core, which needs it; the player is simply not loaded.)
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.route('**/player/player.js', (route) => route.abort());
        await page.goto(server.url('index.html'));
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('cp-js')), false, 'no player');
        const shown = await page.evaluate((id) => [...document.querySelectorAll(`#cp-scenario-${id} .cp-scenario-node`)]
          .map((n) => ({ id: n.getAttribute('data-node-id'), visible: n.offsetParent !== null })), s.id);
        assert.deepEqual(shown.map((n) => n.id), s.nodes.map((n) => n.id), 'every node, in the order written');
        assert.ok(shown.every((n) => n.visible), 'all visible');
        const links = await page.evaluate((id) => [...document.querySelectorAll(`#cp-scenario-${id} .cp-scenario-choice a`)]
          .map((a) => a.getAttribute('href')), s.id);
        const wanted = s.nodes.flatMap((n) => n.choices.map((c) => `#cp-scenario-${s.id}__${s.nodes[c.to].id}`));
        assert.deepEqual(links, wanted, 'each choice links to the node it leads to');
        for (const href of new Set(links)) assert.equal(await page.locator(href).count(), 1, `${href} exists`);
        await assertNoAxeViolations(page, `${s.id} without JavaScript`);
      } finally {
        await context.close();
      }
      const p = await openPage(server.url('index.html'));
      try {
        await p.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
        await openPageOf(p.page, p.page.mainFrame(), s.page, s);
        await p.page.emulateMedia({ media: 'print' });
        const printed = await p.page.evaluate((id) => [...document.querySelectorAll(`#cp-scenario-${id} .cp-scenario-node`)]
          .filter((n) => getComputedStyle(n).display !== 'none').length, s.id);
        assert.equal(printed, s.nodes.length, 'printed, every node shows');
      } finally {
        await p.close();
      }
    });
  });
}

/**
 * The assessment of fixtures/scenario/assessed: answer the question right,
 * play the scenario to `ending` by keyboard; the quiz's result once it shows.
 */
async function attempt(s, data, ending, { retry = false } = {}) {
  // s: { page, frame } of the launched package
  const sc = scenarioOf(data);
  const q = data.quiz.questions[0];
  if (retry) {
    await tabToSelector(s.page, s.frame, '.cp-quiz-retry');
    await s.page.keyboard.press('Enter');
    await waitInPage(s.frame, () => !document.querySelector('.cp-quiz-result'), null, { what: 'a new attempt of the quiz' });
    assert.equal(await shownNode(s.frame, sc), sc.start, 'a new attempt starts the scenario again');
  }
  await answerQuestion(s.page, s.frame, q, 'right');
  assert.equal(await s.frame.locator('.cp-quiz-result').count(), 0, 'the assessment is not over before the scenario ends');
  const k = sc.nodes[sc.start].choices.findIndex((c) => sc.nodes[c.to].id === ending);
  await choose(s.page, s.frame, sc, sc.start, k);
  await waitInPage(s.frame, () => !!document.querySelector('.cp-quiz-result .cp-quiz-summary'), null, { what: 'the quiz result' });
  return s.frame.locator('.cp-quiz-result .cp-quiz-summary').textContent();
}

// A scored scenario on an assessment page counts towards the pass mark like a
// question (fixtures/scenario/assessed: one question, one scenario, a point
// each, pass mark 80%), built with $COURSEPACK_BIN for SCORM 1.2.
describe('a scored scenario counts towards the pass mark (SCORM 1.2)', () => {
  const cli = process.env.COURSEPACK_BIN;
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scenario', 'assessed');
  let tmp;
  let dir;
  let lms;
  before(async () => {
    assert.ok(cli, 'COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-scenario-assessed-'));
    const zip = execFileSync(cli, ['build', fixture, '--target', 'scorm12', '--out', tmp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
    dir = await extractZip(zip);
    lms = await startScormLms({ dir, std: 'scorm12' });
  });
  after(async () => {
    await lms?.close();
    if (dir) await removeDir(dir);
    if (tmp) await removeDir(tmp);
  });

  test('the best ending passes, a poor one fails, and a new attempt plays the scenario again', async () => {
    const s = await lms.launch();
    try {
      const data = await s.frame.evaluate(() => JSON.parse(document.getElementById('cp-data').textContent));
      const sc = scenarioOf(data);
      assert.equal(sc.assessed, true, 'the build marks the scenario as counting');
      assert.equal(await s.frame.locator('#cp-scenario-lost-list .cp-scenario-counts').count(), 1, 'the learner is told it counts');
      let shown = await attempt(s, data, 'waited');
      assert.match(shown, /50/, `one point of two: ${shown}`);
      await waitInPage(s.page, () => window.__lms.calls.some((c) => c.name === 'LMSSetValue' && c.args[0] === 'cmi.core.lesson_status' && c.args[1] === 'failed'), null, {
        what: 'lesson_status failed',
      });
      shown = await attempt(s, data, 'told', { retry: true });
      assert.match(shown, /100/, `both points: ${shown}`);
      await s.exit();
      await lms.settled();
      assertStrictCalls('scorm12', await s.record(), 'assessed scenario');
    } finally {
      await s.close();
    }
    const cmi = lms.stored;
    assert.equal(cmi.core.lesson_status, 'passed');
    assert.equal(cmi.core.score.raw, '100');
    const endings = Object.values(cmi.interactions).filter((i) => i.id === 'scn_lost_list');
    assert.deepEqual(endings.map((i) => [i.student_response, i.result, i.weighting]), [['b', 'wrong', '1'], ['a', 'correct', '1']]);
    const state = JSON.parse(cmi.suspend_data);
    assert.deepEqual(state.quiz.x, [0], 'the quiz keeps the ending reached in the attempt');
  });
});

// The same in an xAPI package against Ralph: failed at 50%, then passed at
// 100% after a retry, each with its score; the ending of each attempt is an
// answered statement about the scenario.
describe('a scored scenario counts towards the pass mark (xAPI, against Ralph)', () => {
  const cli = process.env.COURSEPACK_BIN;
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scenario', 'assessed');
  let tmp;
  let dir;
  let ralph;
  let lms;
  before(async () => {
    assert.ok(cli, 'COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-scenario-assessed-xapi-'));
    const zip = execFileSync(cli, ['build', fixture, '--target', 'xapi', '--out', tmp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
    dir = await extractZip(zip);
    ralph = await startRalph();
    lms = await startLms({ root: dir, ralph });
  });
  after(async () => {
    await lms?.close();
    await ralph?.stop();
    if (dir) await removeDir(dir);
    if (tmp) await removeDir(tmp);
  });

  test('failed with the poor ending, passed after a retry with the best; each ending answered', async () => {
    const data = playerData(path.join(dir, 'index.html'));
    const sc = scenarioOf(data);
    const publisher = data.activity?.id ?? `urn:coursepack:module/${data.module.id}`;
    const actor = { objectType: 'Agent', name: 'Assessed learner', account: { homePage: 'https://lms.example', name: `scn-a-${crypto.randomUUID().slice(0, 8)}` } };
    const registration = crypto.randomUUID();
    const url = lms.tincanLaunch({ actor, registration, activityId: publisher });
    const p = await openPage(url, { goto: false });
    try {
      await p.page.goto(url, { waitUntil: 'load' });
      await p.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
      const s = { page: p.page, frame: p.page.mainFrame() };
      assert.match(await attempt(s, data, 'waited'), /50/, 'one point of two');
      assert.match(await attempt(s, data, 'told', { retry: true }), /100/, 'both points');
      assertNoConsoleErrors(withoutExpected404s(p), 'assessed xapi');
      await p.page.goto(`${lms.origin}/return/quit`, { waitUntil: 'load' });
    } finally {
      await p.close();
    }
    let list = [];
    const end = Date.now() + 30000;
    while (Date.now() < end && !list.some((st) => verbOf(st) === 'terminated')) {
      await new Promise((r) => setTimeout(r, 200));
      list = await ralph.statements({ registration });
    }
    await assertRalphValid(ralph, list, 'assessed xapi');
    const outcome = list.filter((st) => ['passed', 'failed'].includes(verbOf(st)));
    assert.deepEqual(outcome.map((st) => [verbOf(st), st.result.success, st.result.score.scaled]), [['failed', false, 0.5], ['passed', true, 1]]);
    const endings = list.filter((st) => verbOf(st) === 'answered' && st.object.id === `${publisher}/${sc.ending.xapi.id}`);
    const ids = sc.ending.xapi.ids;
    const index = (id) => sc.nodes.find((n) => n.id === id).end.index;
    assert.deepEqual(endings.map((st) => [st.result.response, st.result.success]), [[ids[index('waited')], false], [ids[index('told')], true]]);
  });
});
