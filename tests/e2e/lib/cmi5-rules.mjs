// The cmi5 (Quartz) rules an AU's statements must keep, each named by the
// requirement id of the cmi5 specification it enforces (the ids of npm
// @cmi5/requirements / ADL CATAPULT; 9.5.5.1 is the spec section of the
// progress extension). The test runs each as its own subtest, so a failure
// names the rule.
//
//   await checkCmi5Rules(t, { statements, launch, lms });
//
// `statements`: everything the LRS holds for the registration, in stored
// order (several sessions); `launch`: { actor, activityId, publisherId,
// registration, masteryScore, launchMode (by session id), sessionIds };
// `lms`: the test LMS (its log and violations).

import assert from 'node:assert/strict';
import { UTC, UUID, verbOf } from './xapi-checks.mjs';

export const CMI5 = 'https://w3id.org/xapi/cmi5/';
export const CATEGORY_CMI5 = `${CMI5}context/categories/cmi5`;
export const CATEGORY_MOVEON = `${CMI5}context/categories/moveon`;
export const EXT_SESSION = `${CMI5}context/extensions/sessionid`;
export const EXT_MASTERY = `${CMI5}context/extensions/masteryscore`;
export const EXT_PROGRESS = `${CMI5}result/extensions/progress`;
const DEFINED = new Set(['initialized', 'completed', 'passed', 'failed', 'terminated']);

const cats = (s) => (s.context?.contextActivities?.category ?? []).map((c) => c.id);
const isDefined = (s) => DEFINED.has(verbOf(s)) && cats(s).includes(CATEGORY_CMI5);
const sessionOf = (s) => s.context?.extensions?.[EXT_SESSION];

/** Statements grouped by session id, each in stored order. */
export function bySession(statements) {
  const map = new Map();
  for (const s of statements) {
    const id = sessionOf(s);
    if (!map.has(id)) map.set(id, []);
    map.get(id).push(s);
  }
  return map;
}

const each = (list, fn) => list.forEach((s) => fn(s, `${verbOf(s)} ${s.id}`));

/** The rules: [id, what, check(ctx)]. */
export const RULES = [
  ['9.1.0.0-1', 'every statement has an AU-assigned UUID id', ({ statements }) => {
    each(statements, (s, w) => assert.match(s.id, UUID, w));
    assert.equal(new Set(statements.map((s) => s.id)).size, statements.length, 'an id stored twice');
  }],
  ['9.2.0.0-2/3', 'the actor is the launch actor: an Agent with an account', ({ statements, launch }) => {
    each(statements, (s, w) => {
      assert.equal(s.actor.objectType ?? 'Agent', 'Agent', w);
      assert.deepEqual(s.actor.account, launch.actor.account, w);
      assert.equal(s.actor.mbox, undefined, `${w}: one IFI only`);
    });
  }],
  ['9.3.0.0-4, 9.3.2.0-2', 'initialized is the first statement of each session', ({ sessions }) => {
    for (const [id, list] of sessions) assert.equal(verbOf(list[0]), 'initialized', `session ${id}`);
  }],
  ['9.3.2.0-3', 'one initialized per session', ({ sessions }) => {
    for (const [id, list] of sessions) assert.equal(list.filter((s) => verbOf(s) === 'initialized').length, 1, `session ${id}`);
  }],
  ['9.3.0.0-5, 9.3.8.0-2, 7.1.3.0-1', 'terminated is the last statement of each session, exactly once; nothing after it', ({ sessions }) => {
    for (const [id, list] of sessions) {
      assert.equal(verbOf(list.at(-1)), 'terminated', `session ${id}`);
      assert.equal(list.filter((s) => verbOf(s) === 'terminated').length, 1, `session ${id}`);
    }
  }],
  ['9.3.0.0-2', 'no cmi5 defined verb twice in a session', ({ sessions }) => {
    for (const [id, list] of sessions) {
      const verbs = list.filter(isDefined).map(verbOf);
      assert.equal(new Set(verbs).size, verbs.length, `session ${id}: ${verbs.join(', ')}`);
    }
  }],
  ['9.3.0.0-3', 'at most one of passed and failed in a session', ({ sessions }) => {
    for (const [id, list] of sessions) assert.ok(list.filter((s) => ['passed', 'failed'].includes(verbOf(s))).length <= 1, `session ${id}`);
  }],
  ['9.3.0.0-6, 9.3.3.0-2', 'at most one completed per registration', ({ statements }) => {
    assert.ok(statements.filter((s) => verbOf(s) === 'completed').length <= 1);
  }],
  ['9.3.0.0-7, 9.3.4.0-3', 'at most one passed per registration', ({ statements }) => {
    assert.ok(statements.filter((s) => verbOf(s) === 'passed').length <= 1);
  }],
  ['9.3.0.0-8', 'no failed after passed in the registration', ({ statements }) => {
    const passedAt = statements.findIndex((s) => verbOf(s) === 'passed');
    if (passedAt >= 0) assert.ok(!statements.slice(passedAt).some((s) => verbOf(s) === 'failed'));
  }],
  ['9.3.4.0-2, 9.3.5.0-2, 9.5.1.0-1, 10.2.4.0-2', 'passed scores reach the masteryScore, failed scores do not', ({ statements, launch }) => {
    if (launch.masteryScore == null) return;
    each(statements, (s, w) => {
      const scaled = s.result?.score?.scaled;
      if (scaled === undefined) return;
      if (verbOf(s) === 'passed') assert.ok(scaled >= launch.masteryScore, `${w}: ${scaled} < ${launch.masteryScore}`);
      if (verbOf(s) === 'failed') assert.ok(scaled < launch.masteryScore, `${w}: ${scaled} >= ${launch.masteryScore}`);
    });
  }],
  ['9.4.0.0-2, 8.1.5.0-6', 'cmi5 defined statements are about the launch activityId, never the publisher id', ({ statements, launch }) => {
    each(statements.filter(isDefined), (s, w) => {
      assert.equal(s.object.id, launch.activityId, w);
      assert.notEqual(s.object.id, launch.publisherId, w);
    });
  }],
  ['9.5.1.0-2', 'no score on cmi5 defined statements other than passed and failed', ({ statements }) => {
    each(statements.filter(isDefined), (s, w) => {
      if (!['passed', 'failed'].includes(verbOf(s))) assert.equal(s.result?.score, undefined, w);
    });
  }],
  ['9.5.1.0-3', 'a raw score comes with min and max (and is a whole number)', ({ statements }) => {
    each(statements, (s, w) => {
      const sc = s.result?.score;
      if (sc?.raw === undefined) return;
      assert.equal(typeof sc.min, 'number', w);
      assert.equal(typeof sc.max, 'number', w);
      assert.ok(Number.isInteger(sc.raw), `${w}: raw ${sc.raw}`);
    });
  }],
  ['9.5.2.0-1/2/3', 'success is true on passed, false on failed, absent on the other defined verbs', ({ statements }) => {
    each(statements.filter(isDefined), (s, w) => {
      const want = { passed: true, failed: false }[verbOf(s)];
      assert.equal(s.result?.success, want, w);
    });
  }],
  ['9.5.3.0-1/2', 'completion is true on completed, absent on the other defined verbs', ({ statements }) => {
    each(statements.filter(isDefined), (s, w) => assert.equal(s.result?.completion, verbOf(s) === 'completed' ? true : undefined, w));
  }],
  ['9.5.4.1-1/2/3/4', 'completed, passed, failed and terminated carry a duration', ({ statements }) => {
    each(statements.filter((s) => ['completed', 'passed', 'failed', 'terminated'].includes(verbOf(s))), (s, w) => {
      assert.match(s.result?.duration ?? '', /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/, w);
    });
  }],
  ['9.5.5.1', 'progressed carries the progress extension, a whole number 0-99, never after completed', ({ statements }) => {
    const completedAt = statements.findIndex((s) => verbOf(s) === 'completed');
    statements.forEach((s, i) => {
      if (verbOf(s) !== 'progressed') return;
      const p = s.result?.extensions?.[EXT_PROGRESS];
      assert.ok(Number.isInteger(p) && p >= 0 && p < 100, `progressed ${s.id}: ${p}`);
      assert.ok(completedAt < 0 || i < completedAt, `progressed ${s.id} after completed`);
    });
  }],
  ['9.6.1.0-1', 'context.registration is the launch registration', ({ statements, launch }) => {
    each(statements, (s, w) => assert.equal(s.context?.registration, launch.registration, w));
  }],
  ['9.6.2.0-1, 10.2.1.0-6/7', "the contextTemplate's context activities are all kept (publisher id in grouping)", ({ statements, launch }) => {
    each(statements, (s, w) => {
      assert.ok((s.context?.contextActivities?.grouping ?? []).some((g) => g.id === launch.publisherId), w);
    });
  }],
  ['9.6.2.1-1', 'the cmi5 category on cmi5 defined statements, and not on cmi5 allowed ones', ({ statements }) => {
    each(statements, (s, w) => assert.equal(cats(s).includes(CATEGORY_CMI5), DEFINED.has(verbOf(s)), w));
  }],
  ['9.6.2.2-1/2', 'the moveon category exactly on statements with success or completion', ({ statements }) => {
    each(statements.filter(isDefined), (s, w) => {
      const has = s.result?.success !== undefined || s.result?.completion !== undefined;
      assert.equal(cats(s).includes(CATEGORY_MOVEON), has, w);
    });
  }],
  ['9.6.3.1-4', 'the session id from the contextTemplate on every statement', ({ statements, launch }) => {
    each(statements, (s, w) => assert.ok(launch.sessionIds.includes(sessionOf(s)), `${w}: sessionid ${sessionOf(s)}`));
  }],
  ['9.6.3.2-2', 'the masteryscore extension on passed and failed when the LMS gave a masteryScore', ({ statements, launch }) => {
    if (launch.masteryScore == null) return;
    each(statements.filter((s) => ['passed', 'failed'].includes(verbOf(s))), (s, w) => {
      assert.equal(s.context.extensions[EXT_MASTERY], launch.masteryScore, w);
    });
  }],
  ['9.7.0.0-1/2', 'every statement has a UTC timestamp, and they are stored in order', ({ statements }) => {
    let last = -Infinity;
    each(statements, (s, w) => {
      assert.match(s.timestamp ?? '', UTC, w);
      assert.ok(Date.parse(s.timestamp) >= last, `${w}: out of order`);
      last = Date.parse(s.timestamp);
    });
  }],
  ['10.2.2.0-9/11', 'Browse and Review sessions send initialized and terminated only', ({ sessions, launch }) => {
    for (const [id, list] of sessions) {
      if ((launch.launchMode?.[id] ?? 'Normal') === 'Normal') continue;
      assert.deepEqual(list.map(verbOf), ['initialized', 'terminated'], `session ${id} (${launch.launchMode[id]})`);
    }
  }],
  ['8.2.1.0-2, 8.2.2.0-4, 8.1.2.0-5, 10.2.1.0-5', 'fetch by POST once per launch, the token on every request, LMS.LaunchData never written', ({ lms }) => {
    assert.deepEqual(lms.violations, []);
  }],
  ['11.0.0.0-3', 'the learner preferences are read at startup, before initialized', ({ lms, statements }) => {
    const prefs = lms.log.filter((e) => e.path === '/lrs/agents/profile' && e.profileId === 'cmi5LearnerPreferences' && e.method === 'GET');
    assert.ok(prefs.length >= new Set(statements.map(sessionOf)).size, 'one read per session at least');
  }],
];

/** Runs every rule as a named subtest of `t`. */
export async function checkCmi5Rules(t, { statements, launch, lms }) {
  const sessions = bySession(statements);
  const ctx = { statements, sessions, launch, lms };
  for (const [id, what, check] of RULES) {
    await t.test(`cmi5 ${id}: ${what}`, () => check(ctx));
  }
}
