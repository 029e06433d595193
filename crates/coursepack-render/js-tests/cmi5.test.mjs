// The cmi5 adapter (cmi5.js over xapi-core.js) on a fake LMS/LRS: the launch
// sequence, the statement rules of the cmi5 spec (each test names the rule),
// launch modes, masteryScore and returnURL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINT, REGISTRATION, query, fakeLrs, openPlayer, fakeStorage } from './lrs-harness.mjs';

const ACTOR = { objectType: 'Agent', name: 'Ann', account: { homePage: 'https://lms.example', name: 'ann' } };
const AU = 'https://lms.example/activities/au-7f3a';
const PUBLISHER = 'urn:coursepack:module/digital-leadership';
const SESSION = '2a6b6c7e-9f0a-4c1b-8d2e-3f4a5b6c7d8e';
const FETCH = 'https://lms.example/cmi5/fetch';
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSIONID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const PROGRESS = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

const launchData = (over = {}) => ({
  contextTemplate: {
    contextActivities: { grouping: [{ objectType: 'Activity', id: PUBLISHER }] },
    extensions: { [SESSIONID]: SESSION },
  },
  launchMode: 'Normal',
  moveOn: 'CompletedAndPassed',
  returnURL: 'https://lms.example/course/return',
  ...over,
});
const search = (over = {}) => query({ endpoint: ENDPOINT, fetch: FETCH, actor: ACTOR, registration: REGISTRATION, activityId: AU, ...over });
const cats = (s) => (s.context.contextActivities.category || []).map((c) => c.id);
const verb = (s) => s.verb.id.split('/').pop();

async function open(o = {}) {
  const lrs = o.lrs ?? fakeLrs({ launchData: launchData(o.launchData), preferences: o.preferences });
  const p = await openPlayer({ runtime: 'cmi5', search: o.search ?? search(), lrs, local: o.local, session: o.session, dataPatch: o.dataPatch });
  return p;
}

test('an invalid cmi5 launch is not tracked; the console names the parameter only', async () => {
  for (const [s, problem] of [
    [search({ fetch: undefined }), /fetch is missing/],
    [search({ registration: undefined }), /registration is missing/],
    [search({ activityId: 'x' }), /activityId is not an absolute IRI/],
    [search({ actor: '{}' }), /actor is not an Agent/],
    [search({ endpoint: 'javascript:alert(1)' }), /endpoint is not an http/],
  ]) {
    const p = await open({ search: s });
    assert.match(p.warnings.join('\n'), problem);
    assert.equal(p.lrs.requests.length, 0);
    assert.match(p.notice(), /could not connect/);
  }
});

test('launch sequence: POST to fetch once, the token as Basic auth, LaunchData then preferences, initialized first', async () => {
  const p = await open();
  const [fetchReq, launchReq, prefReq, ...rest] = p.lrs.requests;
  assert.equal(fetchReq.method, 'POST');
  assert.equal(fetchReq.path.endsWith('cmi5/fetch'), true);
  assert.equal(launchReq.query.stateId, 'LMS.LaunchData');
  assert.equal(launchReq.query.activityId, AU);
  assert.equal(launchReq.query.registration, REGISTRATION);
  assert.deepEqual(JSON.parse(launchReq.query.agent), ACTOR);
  assert.equal(launchReq.headers.Authorization, 'Basic dXNlcjpzM2NyZXQ=');
  assert.equal(prefReq.path, 'agents/profile');
  assert.equal(prefReq.query.profileId, 'cmi5LearnerPreferences');
  assert.ok(rest.every((r) => r.headers.Authorization === 'Basic dXNlcjpzM2NyZXQ='));
  assert.equal(p.lrs.fetchCalls, 1);
  assert.equal(verb(p.lrs.statements[0]), 'initialized');
});

test('cmi5 rules on a full session: categories, context template, moveon, durations, masteryscore, terminated last, returnURL', async () => {
  const p = await open({ launchData: { masteryScore: 0.5 }, dataPatch: (d) => { d.module.passMark = 50; d.module.completion = 'all-pages-and-quiz'; } });
  await p.click('next');
  p.cp.reportAnswer({
    questionId: 'q1', correct: true, score: 1, maxScore: 1, latencySeconds: 1,
    interaction: { xapi: { id: 'q1', type: 'true-false', correctResponses: ['true'], learnerResponse: 'true', description: 'Q?' } },
  });
  p.cp.reportScore({ raw: 3, max: 4, min: 0 });
  await p.settle();
  await p.click('next');
  await p.click('finish');
  await p.settle();
  const s = p.lrs.statements;
  assert.deepEqual(s.map(verb), ['initialized', 'experienced', 'progressed', 'experienced', 'progressed', 'answered', 'passed', 'experienced', 'completed', 'terminated']);
  for (const st of s) {
    assert.equal(st.context.registration, REGISTRATION, 'registration from the launch');
    assert.equal(st.context.extensions[SESSIONID], SESSION, 'sessionid from the contextTemplate');
    assert.deepEqual(st.context.contextActivities.grouping, [{ objectType: 'Activity', id: PUBLISHER }], 'publisher grouping kept');
    assert.deepEqual(st.actor, ACTOR);
    assert.match(st.timestamp, /Z$/);
  }
  const defined = s.filter((t) => ['initialized', 'completed', 'passed', 'failed', 'terminated'].includes(verb(t)));
  for (const d of defined) {
    assert.equal(d.object.id, AU, `${verb(d)}: object is the launch activityId`);
    assert.ok(cats(d).includes(CMI5), `${verb(d)}: cmi5 category`);
    assert.equal(cats(d).includes(MOVEON), ['completed', 'passed', 'failed'].includes(verb(d)), `${verb(d)}: moveon category`);
  }
  for (const a of s.filter((t) => !defined.includes(t))) assert.ok(!cats(a).includes(CMI5), `${verb(a)}: allowed statements carry no cmi5 category`);
  const passed = s.find((t) => verb(t) === 'passed');
  assert.deepEqual(passed.result.score, { scaled: 0.75, raw: 3, min: 0, max: 4 });
  assert.equal(passed.result.success, true);
  assert.equal(passed.context.extensions[MASTERY], 0.5);
  assert.match(passed.result.duration, /^PT/);
  const completed = s.find((t) => verb(t) === 'completed');
  assert.deepEqual(Object.keys(completed.result).sort(), ['completion', 'duration']);
  assert.equal(completed.result.completion, true);
  assert.match(s.at(-1).result.duration, /^PT/);
  const progress = s.filter((t) => verb(t) === 'progressed').map((t) => t.result.extensions[PROGRESS]);
  assert.ok(progress.every((v) => Number.isInteger(v) && v >= 0 && v < 100));
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
  assert.deepEqual(p.win.navigations, ['https://lms.example/course/return'], 'went to returnURL after terminated');
  assert.ok(!p.lrs.requests.some((r) => r.query.stateId === 'LMS.LaunchData' && r.method !== 'GET'), 'LMS.LaunchData never written');
});

test('the LMS masteryScore wins over the package pass mark, for the statement and for the player', async () => {
  const p = await open({ launchData: { masteryScore: 0.8 }, dataPatch: (d) => { d.module.passMark = 50; d.quiz = { pass_mark: 50, questions: [] }; } });
  assert.equal(p.cp.data.module.passMark, 80);
  assert.equal(p.cp.data.quiz.pass_mark, 80);
  p.cp.reportScore({ raw: 3, max: 4, min: 0 });
  await p.settle();
  const failed = p.lrs.statements.find((t) => verb(t) === 'failed');
  assert.ok(failed, 'failed: 0.75 is below the LMS masteryScore 0.8');
  assert.equal(failed.result.success, false);
  assert.equal(failed.context.extensions[MASTERY], 0.8);
  assert.equal(p.lrs.verbs().includes('passed'), false);
});

test('one passed or failed per session; a later pass is reported in the next session; never failed after passed', async () => {
  const lrs = fakeLrs({ launchData: launchData({ masteryScore: 0.5 }) });
  const local = fakeStorage();
  const first = await open({ lrs, local });
  first.cp.reportScore({ raw: 1, max: 4, min: 0 });
  await first.settle();
  first.cp.reportScore({ raw: 4, max: 4, min: 0 });
  await first.settle();
  assert.deepEqual(lrs.verbs().filter((v) => v === 'passed' || v === 'failed'), ['failed']);
  await first.click('finish');
  await first.settle();
  const second = await open({ lrs, local, search: search({ fetch: `${FETCH}?launch=2` }), session: fakeStorage() });
  await second.settle();
  assert.equal(lrs.fetchCalls, 2, 'a new launch fetches a new token');
  const after = lrs.verbs();
  assert.deepEqual(after.filter((v) => v === 'passed' || v === 'failed'), ['failed', 'passed']);
  assert.ok(after.lastIndexOf('initialized') < after.lastIndexOf('passed'), 'initialized first in the new session');
  second.cp.reportScore({ raw: 1, max: 4, min: 0 });
  await second.settle();
  assert.deepEqual(lrs.verbs().filter((v) => v === 'passed' || v === 'failed'), ['failed', 'passed'], 'no failed after passed');
});

test('raw scores only when whole (cmi5: raw is an integer, with min and max)', async () => {
  const p = await open({ dataPatch: (d) => { d.module.passMark = 50; } });
  p.cp.reportScore({ raw: 2.5, max: 4, min: 0 });
  await p.settle();
  const passed = p.lrs.statements.find((t) => verb(t) === 'passed');
  assert.deepEqual(passed.result.score, { scaled: 0.625 });
});

test('a reload of the same launch keeps the token and the session: no second fetch, no second initialized', async () => {
  const lrs = fakeLrs({ launchData: launchData() });
  const session = fakeStorage();
  const local = fakeStorage();
  const first = await open({ lrs, session, local });
  await first.click('next');
  first.fire('pagehide');
  await first.settle();
  const second = await open({ lrs, session, local });
  await second.settle();
  assert.equal(lrs.fetchCalls, 1);
  assert.deepEqual(lrs.verbs().filter((v) => v === 'initialized'), ['initialized']);
  assert.deepEqual(lrs.verbs().filter((v) => v === 'terminated'), ['terminated']);
  const puts = lrs.requests.filter((r) => r.method === 'PUT').length;
  await second.click('next');
  assert.equal(lrs.verbs().at(-1), 'terminated', 'nothing after terminated in that session');
  assert.ok(lrs.requests.filter((r) => r.method === 'PUT').length > puts, 'the state is still saved');
  assert.equal(lrs.stateDoc().bookmark, 'reflect');
  const stored = [...session.items.values()].join('');
  assert.match(stored, /dXNlcjpzM2NyZXQ=/, 'the token is kept in sessionStorage (cmi5 best practice)');
  assert.ok(![...local.items.values()].join('').includes('dXNlcjpzM2NyZXQ'), 'and never in localStorage');
});

for (const mode of ['Browse', 'Review']) {
  test(`launchMode ${mode}: only initialized and terminated, nothing saved`, async () => {
    const p = await open({ launchData: { launchMode: mode }, dataPatch: (d) => { d.module.passMark = 50; } });
    await p.click('next');
    p.cp.reportAnswer({ questionId: 'q', correct: true, interaction: { xapi: { id: 'q', type: 'other', learnerResponse: 'x' } } });
    p.cp.reportScore({ raw: 4, max: 4 });
    await p.settle();
    await p.click('next');
    await p.click('finish');
    await p.settle();
    assert.deepEqual(p.lrs.verbs(), ['initialized', 'terminated']);
    assert.ok(!p.lrs.requests.some((r) => r.method === 'PUT'), 'no state written');
  });
}

test('a fetch URL that answers an error code: not tracked, no statement', async () => {
  const lrs = fakeLrs({ launchData: launchData() });
  lrs.fetchUsed.add(FETCH); // already used by another page
  const p = await open({ lrs });
  assert.match(p.warnings.join('\n'), /fetch URL gave no token \(error-code 2\)/);
  assert.equal(lrs.statements.length, 0);
  assert.match(p.notice(), /could not connect/);
});

test('LaunchData without a contextTemplate: not tracked', async () => {
  const lrs = fakeLrs({ launchData: { launchMode: 'Normal' } });
  const p = await open({ lrs });
  assert.match(p.warnings.join('\n'), /no contextTemplate/);
  assert.equal(lrs.statements.length, 0);
});

test('the contextTemplate is added to, never overwritten', async () => {
  const lrs = fakeLrs({
    launchData: launchData({
      contextTemplate: {
        contextActivities: { grouping: { id: PUBLISHER }, category: [{ id: 'https://example.org/cat' }], other: [{ id: 'https://example.org/o' }] },
        extensions: { [SESSIONID]: SESSION, 'https://example.org/ext': 7 },
        language: 'en-US',
      },
    }),
  });
  const p = await open({ lrs });
  await p.click('finish');
  await p.settle();
  const term = lrs.statements.at(-1);
  assert.deepEqual(term.context.contextActivities.grouping, [{ id: PUBLISHER }]);
  assert.deepEqual(term.context.contextActivities.category.map((c) => c.id), ['https://example.org/cat', CMI5]);
  assert.deepEqual(term.context.contextActivities.other, [{ id: 'https://example.org/o' }]);
  assert.equal(term.context.extensions['https://example.org/ext'], 7);
  assert.equal(term.context.language, 'en-US');
});
