// Fault tests of the xAPI and cmi5 statement queue against a real LRS.
//
//   COURSEPACK_E2E_PACKAGES=<dir of built zips> node --test tests/e2e/lrs-faults.test.mjs
//
// The test LMS (lib/lms.mjs) in front of Ralph drops connections (the LRS is
// unreachable), answers 500, or answers slowly, for part of a session driven
// by keyboard. Every statement the page made (every id it ever sent, seen on
// the wire) must end up in Ralph exactly once, in the order it was made, and
// still pass Ralph's strict model (and, for cmi5, every cmi5 rule). One xapi
// and one cmi5 package are used: the first with an assessed quiz.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoConsoleErrors, closeBrowser, openPage } from './lib/browser.mjs';
import { checkCmi5Rules } from './lib/cmi5-rules.mjs';
import { finish, goNext, walkModule } from './lib/xapi-learner.mjs';
import { startLms } from './lib/lms.mjs';
import { findPackages } from './lib/packages.mjs';
import { startRalph } from './lib/ralph.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { assertRalphValid, assertSessionBasics, playerData, verbOf, withoutExpected404s } from './lib/xapi-checks.mjs';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;

/** The first package of `target` whose module has an assessed quiz (else the first). */
async function pick(target) {
  const zips = packagesDir ? findPackages(packagesDir, target) : [];
  return zips.find((z) => /succession-planning/.test(z)) ?? zips[0];
}

let ralph;
before(async () => { if (packagesDir) ralph = await startRalph(); });
after(async () => {
  await closeBrowser();
  await ralph?.stop();
});

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
    assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`');
  });
}

/**
 * A page session that records the id of every statement the page sent (any
 * attempt, normal or keepalive or beacon), in first-sent order.
 */
async function launch(url, sent) {
  const s = await openPage(url, { goto: false });
  s.page.on('request', (req) => {
    const u = new URL(req.url());
    if (!u.pathname.endsWith('/lrs/statements') || req.method() !== 'POST') return;
    let body = req.postData() ?? '';
    if (u.searchParams.get('method')) body = new URLSearchParams(body).get('content') ?? '';
    try {
      for (const st of [].concat(JSON.parse(body))) if (st?.id && !sent.includes(st.id)) sent.push(st.id);
    } catch { /* not a statement list */ }
  });
  await s.page.goto(url, { waitUntil: 'load' });
  await s.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
  return s;
}

/** Console errors Chromium logs for the injected faults are expected; every other one is not. */
function assertOnlyFaultErrors(s) {
  const fault = /\/lrs\/statements|ERR_EMPTY_RESPONSE|ERR_CONNECTION|status of 5\d\d/;
  const rest = withoutExpected404s(s);
  assertNoConsoleErrors({ ...rest, consoleErrors: rest.consoleErrors.filter((e) => !fault.test(e)) });
}

/** Resolves once cond() is true (polled every 50 ms); fails naming `what` after `ms`. */
async function waitUntil(cond, what, ms = 30000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Wait until Ralph holds `ids` (all of them) for the registration; returns its statements. */
async function waitForAll(registration, ids, ms = 40000) {
  const end = Date.now() + ms;
  let list = [];
  while (Date.now() < end) {
    list = await ralph.statements({ registration });
    if (ids.every((id) => list.some((s) => s.id === id))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return list;
}

/**
 * Every statement made is in the LRS exactly once, and the LRS order is the
 * order they were made. `sent`: the ids the page was seen sending, with the
 * ids that reached the LMS (a keepalive request sent while the page goes
 * away is not always reported to the test).
 */
function assertExactlyOnceInOrder(statements, sent, what) {
  const ids = statements.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, `${what}: a statement stored twice`);
  assert.deepEqual([...ids].sort(), [...sent].sort(), `${what}: the LRS holds exactly the statements the page made`);
  const made = [...statements].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp)).map((s) => s.id);
  assert.deepEqual(ids, made, `${what}: stored in the order they were made`);
}

for (const target of ['xapi', 'cmi5']) {
  describe(`${target}: the LRS fails for part of a session`, () => {
    let zip;
    let dir;
    let lms;
    let data;
    before(async () => {
      zip = await pick(target);
      assert.ok(zip, `no ${target} package under ${packagesDir}`);
      dir = await extractZip(zip);
      data = playerData(path.join(dir, 'index.html'));
      lms = await startLms({ root: dir, ralph });
    });
    after(async () => {
      await lms?.close();
      if (dir) await removeDir(dir);
    });

    const actorFor = (n) => (target === 'cmi5'
      ? { objectType: 'Agent', account: { homePage: 'https://lms.example', name: n } }
      : { objectType: 'Agent', mbox: `mailto:${n}@example.org` });
    const publisherId = () => data.activity?.id ?? `urn:coursepack:module/${data.module.id}`;

    /** A new launch of the module: { url, registration, check(t, statements) }. */
    function newLaunch(name, registration = crypto.randomUUID(), activityId = `https://lms.example/a/${crypto.randomUUID()}`) {
      const actor = actorFor(name);
      if (target === 'xapi') {
        return { actor, registration, url: lms.tincanLaunch({ actor, registration, activityId: publisherId() }), sessions: [] };
      }
      const session = lms.cmi5Launch({ actor, registration, activityId, publisherId: publisherId(), masteryScore: data.module.passMark == null ? undefined : data.module.passMark / 100 });
      return { actor, registration, activityId, url: session.url, sessions: [session] };
    }

    async function checkAll(t, l, statements, sent, what) {
      // ids that reached the LMS for this registration count as sent too
      const mine = new Set(statements.map((st) => st.id));
      for (const id of lms.received) if (mine.has(id) && !sent.includes(id)) sent.push(id);
      await assertRalphValid(ralph, statements, what);
      assertExactlyOnceInOrder(statements, sent, what);
      if (target === 'xapi') {
        assertSessionBasics(statements, { actor: l.actor, registration: l.registration }, what);
      } else {
        await checkCmi5Rules(t, {
          statements, lms,
          launch: {
            actor: l.actor, activityId: l.activityId, publisherId: publisherId(), registration: l.registration,
            masteryScore: l.sessions[0].launchData.masteryScore, sessionIds: l.sessions.map((s) => s.sessionId),
            launchMode: Object.fromEntries(l.sessions.map((s) => [s.sessionId, 'Normal'])),
          },
        });
      }
    }

    for (const [name, fault] of [['unreachable', 'down'], ['answering 500', 500], ['answering slowly (2.5 s)', { delayMs: 2500 }]]) {
      test(`the LRS ${name} in the middle of the session: every statement arrives once, in order`, async (t) => {
        const l = newLaunch(`fault-${crypto.randomUUID().slice(0, 8)}`);
        const sent = [];
        const answered = [];
        const s = await launch(l.url, sent);
        const lang = data.module.language;
        try {
          answered.push(...(await walkModule(s.page, { correct: true, pages: 2, lang })));
          lms.fault = fault;
          const faultFrom = lms.log.length;
          // Only answered requests count: one still in flight (status 0) when the fault is set would
          // count as failed now and as 200 later, hiding the failure the fault causes.
          const isFailed = (e) => e.path === '/lrs/statements' && e.status !== 0 && e.status !== 200 && e.status !== 204;
          const failedBefore = lms.log.filter(isFailed).length;
          await goNext(s.page, { lang });
          answered.push(...(await walkModule(s.page, { correct: true, lang })));
          // the fault lasts until a statement request of this part of the session has met it
          await waitUntil(() => lms.log.slice(faultFrom).some((e) => e.path === '/lrs/statements' && e.status !== 0
            && (typeof fault === 'object' || (e.status !== 200 && e.status !== 204))), `a statement request met the fault (${name})`);
          if (fault !== null && typeof fault !== 'object') {
            const failed = lms.log.filter(isFailed).length;
            assert.ok(failed > failedBefore, 'the fault was hit');
          }
          lms.fault = null;
          await finish(s.page, { lang });
          // cmi5 goes to the returnURL itself; the xapi learner closes the window (the page goes away)
          if (target === 'cmi5') await s.page.waitForURL(/\/return\//, { timeout: 30000 });
          else await s.page.goto(`${lms.origin}/return/closed`, { waitUntil: 'load' });
          assertOnlyFaultErrors(s);
          await lms.waitForStatement((st) => st.context?.registration === l.registration && st.verb?.id?.endsWith('/terminated'));
        } finally {
          lms.fault = null;
          await s.close();
        }
        const statements = await waitForAll(l.registration, sent);
        const verbs = statements.map(verbOf);
        if (process.env.DEBUG_FAULTS) console.log('DEBUG', name, verbs.join(' '), JSON.stringify(lms.log.filter((e) => e.path === '/lrs/statements').slice(-12)));
        // nothing lost and nothing made twice (a retry that made a new statement would show here)
        assert.equal(verbs.filter((v) => v === 'initialized').length, 1);
        assert.equal(verbs.filter((v) => v === 'experienced').length, data.module.pages.length, 'one experienced per page');
        assert.equal(verbs.filter((v) => v === 'answered').length, answered.length, 'one answered per question');
        assert.equal(verbs.filter((v) => v === 'completed').length, 1);
        assert.equal(verbs.filter((v) => v === 'terminated').length, 1);
        assert.equal(verbOf(statements.at(-1)), 'terminated');
        await checkAll(t, l, statements, sent, `${target} ${name}`);
      });
    }

    test('the LRS unreachable when the learner leaves: the next launch sends what was left, first, once', async (t) => {
      const registration = crypto.randomUUID();
      const activityId = `https://lms.example/a/${crypto.randomUUID()}`;
      const l = newLaunch(`leave-${crypto.randomUUID().slice(0, 8)}`, registration, activityId);
      const sent = [];
      const answered = [];
      const s = await launch(l.url, sent);
      const lang = data.module.language;
      try {
        answered.push(...(await walkModule(s.page, { correct: true, pages: 2, lang })));
        lms.fault = 'down';
        const downFrom = lms.log.length;
        await goNext(s.page, { lang });
        await waitUntil(() => lms.log.slice(downFrom).some((e) => e.path === '/lrs/statements' && e.status === 'dropped'),
          'the page tried to send while the LRS was down');
        // the learner leaves while the LRS is down: terminated cannot get through
        await s.page.goto(`${lms.origin}/return/quit`, { waitUntil: 'load' });
        await lms.idle();
        const stored = await ralph.statements({ registration });
        assert.ok(!stored.some((st) => verbOf(st) === 'terminated'), 'terminated did not reach the LRS');
        assert.ok(sent.length > stored.length, 'statements are waiting on the device');
        lms.fault = null;
        // ...and comes back later in the same browser (same localStorage), through a new launch
        let url = l.url;
        if (target === 'cmi5') {
          const next = lms.cmi5Launch({ actor: l.actor, registration, activityId, publisherId: publisherId(), masteryScore: l.sessions[0].launchData.masteryScore });
          l.sessions.push(next);
          url = next.url;
        }
        await s.page.goto(url, { waitUntil: 'load' });
        await s.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
        answered.push(...(await walkModule(s.page, { correct: true, lang })));
        await finish(s.page, { lang });
        if (target === 'cmi5') await s.page.waitForURL(/\/return\//, { timeout: 30000 });
        else await s.page.goto(`${lms.origin}/return/closed`, { waitUntil: 'load' });
        assertOnlyFaultErrors(s);
        await lms.waitForStatement((st) => st.context?.registration === registration && st.verb?.id?.endsWith('/terminated')
          && lms.receivedStatements.filter((x) => x.context?.registration === registration && x.verb?.id?.endsWith('/terminated')).length >= 2);
      } finally {
        lms.fault = null;
        await s.close();
      }
      const statements = await waitForAll(registration, sent);
      const verbs = statements.map(verbOf);
      assert.equal(verbs.filter((v) => v === 'initialized').length, 2);
      assert.equal(verbs.filter((v) => v === 'terminated').length, 2);
      assert.equal(verbs.filter((v) => v === 'answered').length, answered.length, 'one answered per question, none lost');
      assert.equal(verbs.filter((v) => v === 'completed').length, 1);
      assert.ok(verbs.indexOf('terminated') < verbs.lastIndexOf('initialized'), "the first session's terminated is stored before the second session starts");
      await checkAll(t, l, statements, sent, `${target} leave while down`);
    });
  });
}
