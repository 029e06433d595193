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
  const p = await openPlayer({ runtime: 'cmi5', search: o.search ?? search(), lrs, local: o.local, session: o.session, dataPatch: o.dataPatch, beforeStart: o.beforeStart });
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
    assert.equal(st.context.revision, p.cp.data.module.version, 'context.revision: the module version');
    assert.ok(st.context.platform, 'context.platform');
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

// The interface strings of the ended page (coursepack-source strings.rs gives
// every module all of them; the rendered fixture carries only the required ones).
const ENDED_STRINGS = {
  session_ended: 'This session has ended',
  session_ended_saved: 'Your progress was kept when the session ended.',
  return_to_lms: 'Return to your learning platform',
  close_window: 'You can close this window now.',
};
const withEndedStrings = (d) => { Object.assign(d.strings, ENDED_STRINGS); };

/** A second page of the same launch (a reload, or Back to it) on the same device and tab. */
/** The device record as it is `ms` later: the requests a page left unanswered
 * are that much older (the pages read Date.now, which the fake timers do not move). */
const later = (local, ms) => {
  for (const [key, text] of local.items) {
    const value = JSON.parse(text);
    if (value && Array.isArray(value.unanswered)) {
      for (const r of value.unanswered) r.at -= ms;
      local.items.set(key, JSON.stringify(value));
    }
  }
};

const again = (first, o = {}) => open({ lrs: first.lrs, session: first.session, local: first.local, dataPatch: withEndedStrings, ...o });

const endedPage = (p) => {
  const section = p.$('#cp-session-ended');
  if (!section) return null;
  return {
    heading: p.$('#cp-session-ended-title'),
    link: section.querySelector('a[data-action="return"]'),
    text: section.textContent,
    pagesHidden: p.doc.querySelectorAll('.cp-page').every((page) => page.closest('[hidden]') !== null),
    controlsHidden: p.$('.cp-controls').closest('[hidden]') !== null,
  };
};

test('7.1.2/9.3.8: a reload ends the session on pagehide; the reloaded page sends no statement and shows the ended page', async () => {
  const first = await open({ dataPatch: withEndedStrings });
  await first.click('next');
  first.cp.reportAnswer({
    questionId: 'q1', correct: true, score: 1, maxScore: 1,
    interaction: { xapi: { id: 'q1', type: 'true-false', correctResponses: ['true'], learnerResponse: 'true', description: 'Q?' } },
  });
  await first.settle();
  const bookmark = first.cp.state.get('loc');
  first.fire('pagehide');
  await first.settle();
  const lrs = first.lrs;
  assert.deepEqual(lrs.verbs(), ['initialized', 'experienced', 'progressed', 'experienced', 'progressed', 'answered', 'terminated']);
  const requests = lrs.requests.length;

  const second = await again(first);
  await second.settle(60000);
  assert.equal(lrs.fetchCalls, 1, 'the kept token: the fetch URL is not called again');
  assert.equal(lrs.requests.length, requests, 'nothing left to send, so no request at all');
  const ended = endedPage(second);
  assert.ok(ended, 'the ended page is shown');
  assert.equal(second.doc.activeElement, ended.heading, 'its heading has the focus');
  assert.match(ended.text, /This session has ended/);
  assert.match(ended.text, /progress was kept/);
  assert.equal(ended.link.getAttribute('href'), 'https://lms.example/course/return');
  assert.equal(ended.link.textContent, 'Return to your learning platform');
  assert.ok(ended.pagesHidden && ended.controlsHidden, 'the module cannot be used on: its pages and controls are hidden');
  assert.equal(second.$('.cp-toc').hidden, true);

  // the learner tries anyway: the player never started, so nothing is reported or saved
  second.$('[data-action="next"]').dispatch('click');
  second.fire('pagehide');
  await second.settle(60000);
  assert.equal(lrs.requests.length, requests, 'no statement, no state after terminated');
  assert.equal(lrs.verbs().at(-1), 'terminated');
  assert.equal(lrs.stateDoc().bookmark, bookmark, 'the state saved as the session ended is the learner\'s last place');
  assert.equal(lrs.stateDoc().state.seen, '11');
  const stored = [...second.session.items.values()].join('');
  assert.match(stored, /dXNlcjpzM2NyZXQ=/, 'the token is kept in sessionStorage (cmi5 best practice)');
  assert.ok(![...second.local.items.values()].join('').includes('dXNlcjpzM2NyZXQ'), 'and never in localStorage');
});

test('the ended page takes the page out of the address (#page-…), so the browser does not move its focus to the hidden page', async () => {
  const first = await open({ dataPatch: withEndedStrings });
  await first.click('next');
  first.fire('pagehide');
  await first.settle();
  /** @type {unknown[][]} */
  const replaced = [];
  const second = await again(first, {
    beforeStart: (win) => {
      win.location.href += '#page-two';
      win.history = { state: null, replaceState: (...args) => replaced.push(args) };
    },
  });
  await second.settle(60000);
  const ended = endedPage(second);
  assert.ok(ended, 'the ended page is shown');
  assert.equal(second.doc.activeElement, ended.heading, 'its heading has the focus');
  assert.equal(replaced.length, 1, 'the address is replaced once');
  assert.equal(replaced[0][2], second.win.location.href.split('#')[0], 'by the same address without its #page-…');
  assert.ok(!String(replaced[0][2]).includes('#'));
});

test('a reload while the LRS is down: the reloaded page sends what the first one could not, up to terminated, in order', async () => {
  const first = await open({ dataPatch: withEndedStrings });
  await first.click('next');
  const lrs = first.lrs;
  const before = lrs.verbs();
  lrs.mode = 'down';
  first.cp.reportAnswer({ questionId: 'q1', correct: false, interaction: { xapi: { id: 'q1', type: 'other', learnerResponse: 'x' } } });
  await first.click('next');
  first.fire('pagehide');
  await first.settle();
  assert.deepEqual(lrs.verbs(), before, 'the LRS got nothing after it went down');
  assert.equal(lrs.stateDoc().bookmark, 'data', 'nor the last state');
  lrs.mode = 'up';
  // The first page's last request got no answer (a rejected fetch is not an
  // answer: Chromium rejects a keepalive fetch as the page unloads while the
  // request goes on), so the reloaded page asks the LRS first, and sends what
  // it does not hold once 10 s have passed since the request left.
  const asked = lrs.requests.length;
  later(first.local, 10000);
  const second = await again(first);
  await second.settle();
  assert.ok(lrs.requests.slice(asked).some((r) => r.method === 'GET' && r.path === 'statements'), 'the LRS was asked first');
  assert.ok(endedPage(second));
  const verbs = lrs.verbs();
  assert.deepEqual(verbs.slice(0, before.length), before);
  assert.deepEqual(verbs.slice(before.length), ['answered', 'experienced', 'completed', 'terminated'], 'the rest, in order, up to terminated');
  assert.equal(lrs.stateDoc().bookmark, 'reflect', 'the state the first page kept is saved');
  assert.equal(second.notice(), '', 'all sent: no failure to report');
  const puts = lrs.requests.filter((r) => r.method === 'PUT').length;
  const third = await again(first);
  await third.settle();
  assert.equal(lrs.requests.filter((r) => r.method === 'PUT').length, puts, 'sent once: the device copy is gone');
});

test('a reload while the LRS stays down: the learner is told the progress is kept on the device', async () => {
  const first = await open({ dataPatch: withEndedStrings });
  first.lrs.mode = 'down';
  await first.click('next');
  first.fire('pagehide');
  await first.settle();
  later(first.local, 10000); // the learner comes back 10 s later: the LRS is asked before sending (see above)
  const second = await again(first);
  await second.settle();
  assert.ok(endedPage(second));
  assert.match(second.notice(), /could not be saved/);
  first.lrs.mode = 'up';
  await second.settle(60000);
  await second.settle(); // the LRS is asked first, then sent to
  assert.equal(first.lrs.verbs().at(-1), 'terminated', 'the back-off retries go on while the page is open');
});

test('10.2.6: Finish goes to the returnURL; Back to the AU (a new page of the launch) shows the ended page and sends nothing', async () => {
  const first = await open({ dataPatch: withEndedStrings });
  await first.click('next');
  await first.click('next');
  await first.click('finish');
  await first.settle();
  assert.deepEqual(first.win.navigations, ['https://lms.example/course/return']);
  const requests = first.lrs.requests.length;
  const back = await again(first);
  await back.settle(60000);
  assert.ok(endedPage(back));
  assert.equal(first.lrs.requests.length, requests);
  assert.equal(first.lrs.verbs().filter((v) => v === 'terminated').length, 1);
});

test('Finish without a returnURL: the ended page says the window can be closed (no link)', async () => {
  const lrs = fakeLrs({ launchData: launchData({ returnURL: undefined }) });
  const p = await open({ lrs, dataPatch: withEndedStrings });
  await p.click('finish');
  await p.settle();
  const ended = endedPage(p);
  assert.ok(ended);
  assert.equal(ended.link, null);
  assert.match(ended.text, /You can close this window now/);
  assert.deepEqual(p.win.navigations, []);
});

test('a returnURL that is not http(s) is never put in a link or followed', async () => {
  const lrs = fakeLrs({ launchData: launchData({ returnURL: 'javascript:alert(1)' }) });
  const p = await open({ lrs, dataPatch: withEndedStrings });
  await p.click('finish');
  await p.settle();
  assert.deepEqual(p.win.navigations, []);
  assert.equal(endedPage(p).link, null);
});

test('a page the back/forward cache restores after its session ended loads again (it then shows the ended page)', async () => {
  const p = await open({ dataPatch: withEndedStrings });
  p.fire('pageshow', { persisted: true });
  assert.deepEqual(p.win.navigations, [], 'a live session is not reloaded');
  p.fire('pagehide', { persisted: true });
  await p.settle();
  p.fire('pageshow', { persisted: true });
  assert.deepEqual(p.win.navigations, ['reload']);
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
