// The SCORM 1.2 and 2004 adapters (assets/adapters/scorm-core.js, scorm12.js,
// scorm2004.js) against a fake LMS API: discovery, formats, the call protocol,
// retries, resume, limits and quirk profiles. The browser tests
// (tests/e2e/scorm.test.mjs) run the same scripts against npm scorm-again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeStorage } from './harness.mjs';
import vm from 'node:vm';
import { adapterSource, fakeLms, loadAdapter } from './fake-lms.mjs';
import { HTML, open } from './page.mjs';

const plain = (v) => JSON.parse(JSON.stringify(v));
const STRINGS = { save_failed: 'Your progress could not be saved to the learning platform.' };

function summary(over = {}) {
  return {
    location: 'p1', pageIndex: 0, pageCount: 3, pagesVisited: 1, progress: 0.33,
    completed: false, passed: null, score: null, sessionMs: 0, ...over,
  };
}

/** An adapter of `std` in a frame whose parent holds the fake LMS. */
function launch(std, { values, lms: lmsData, storage = fakeStorage(), where = 'parent' } = {}) {
  const lms = fakeLms(std, { values });
  const apiName = std === 'scorm12' ? 'API' : 'API_1484_11';
  const lmsWindow = { [apiName]: lms.api };
  lmsWindow.parent = lmsWindow;
  const win = { localStorage: storage };
  if (where === 'parent') win.parent = lmsWindow;
  if (where === 'opener') { win.parent = win; win.opener = lmsWindow; }
  const loaded = loadAdapter(std, { win, lms: lmsData });
  const notices = [];
  const local = loaded.cp.lib.createStore(() => storage, 'coursepack:m:1');
  const ctx = { data: loaded.cp.data, strings: STRINGS, format: loaded.cp.format, notify: (t) => notices.push(t), local };
  return { ...loaded, lms, ctx, notices, storage };
}

function answer(over = {}) {
  return {
    questionId: 'capacity',
    interaction: {
      scorm12: { id: 'capacity', type: 'choice', correctResponses: ['a,b,c'], learnerResponse: 'a,d', description: '' },
      scorm2004: { id: 'capacity', type: 'choice', correctResponses: ['a_staff[,]b_budget[,]c_leaders'], learnerResponse: 'a_staff[,]d_followers', description: 'Which of these are part of capacity?' },
    },
    correct: false, score: 0, maxScore: 2, weighting: 2, latencySeconds: 12.345,
    timestamp: '2024-05-01T10:02:03.456Z', ...over,
  };
}

/* ---------- formats ---------- */

test('SCORM 1.2 timespans have 2-4 hour digits and two decimals', () => {
  const { cp } = loadAdapter('scorm12');
  const t = cp.scorm.timespan12;
  assert.equal(t(0), '00:00:00.00');
  assert.equal(t(7250), '00:00:07.25');
  assert.equal(t(((1 * 60 + 23) * 60 + 27) * 1000 + 250), '01:23:27.25');
  assert.equal(t(59999.6), '00:01:00.00', 'rounding carries into minutes');
  assert.equal(t(123 * 3600 * 1000), '123:00:00.00');
  assert.equal(t(20000 * 3600 * 1000), '9999:59:59.99', 'capped at 4 hour digits');
  assert.equal(t(-5), '00:00:00.00');
  assert.equal(t(NaN), '00:00:00.00');
  for (const ms of [0, 1, 999, 61001, 3599999, 36000000]) assert.match(t(ms), /^\d{2,4}:[0-5]\d:[0-5]\d\.\d\d$/);
});

test('SCORM 1.2 interaction times are HH:MM:SS of the local clock', () => {
  const { cp } = loadAdapter('scorm12');
  assert.equal(cp.scorm.clock12(new Date(2024, 4, 1, 9, 5, 7)), '09:05:07');
  assert.match(cp.scorm.clock12(new Date('nonsense')), /^[0-2]\d:[0-5]\d:[0-5]\d$/);
});

test('SCORM 2004 durations are ISO 8601 with at most two decimals and never a bare PT', () => {
  const { cp } = loadAdapter('scorm2004');
  const d = cp.scorm.duration2004;
  assert.equal(d(0), 'PT0S');
  assert.equal(d(3450), 'PT3.45S');
  assert.equal(d(3500), 'PT3.5S');
  assert.equal(d(3004), 'PT3S');
  assert.equal(d(3723450), 'PT1H2M3.45S');
  assert.equal(d(3600000), 'PT1H');
  assert.equal(d(60000), 'PT1M');
  assert.equal(d(59996), 'PT1M', 'rounding carries');
  assert.equal(d(100 * 3600000 + 10), 'PT100H0.01S');
  for (const ms of [0, 5, 999, 61001, 3599999, 36000000, 123456789]) {
    assert.match(d(ms), /^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/);
    assert.notEqual(d(ms), 'PT');
  }
});

test('SCORM 2004 timestamps keep two decimals on seconds and the UTC zone', () => {
  const { cp } = loadAdapter('scorm2004');
  assert.equal(cp.scorm.timestamp2004('2024-05-01T10:02:03.456Z'), '2024-05-01T10:02:03.45Z');
  assert.equal(cp.scorm.timestamp2004(new Date(Date.UTC(2030, 0, 2, 3, 4, 5))), '2030-01-02T03:04:05.00Z');
  assert.match(cp.scorm.timestamp2004('not a time'), /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ$/);
});

test('decimals never use exponents and drop trailing zeros', () => {
  const { cp } = loadAdapter('scorm12');
  const dec = cp.scorm.decimal;
  assert.equal(dec(85, 2), '85');
  assert.equal(dec(83.3333, 2), '83.33');
  assert.equal(dec(0.8333333, 4), '0.8333');
  assert.equal(dec(1e-7, 4), '0');
  assert.equal(dec(-0.00001, 2), '0');
  assert.equal(dec(NaN, 2), '0');
});

/* ---------- discovery ---------- */

const METHODS = ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError'];

function chain(depth, top = {}) {
  // win -> parent -> ... -> top (depth hops above win)
  top.parent = top;
  let w = top;
  for (let i = 0; i < depth; i++) w = { parent: w };
  return w;
}

test('discovery climbs parents to at least 500 levels and stops there', () => {
  const { cp } = loadAdapter('scorm12');
  const api = fakeLms('scorm12').api;
  assert.equal(cp.scorm.maxHops, 500);
  assert.equal(cp.scorm.findApi(chain(0, { API: api }), 'API', METHODS), api, 'on the window itself');
  assert.equal(cp.scorm.findApi(chain(3, { API: api }), 'API', METHODS), api);
  assert.equal(cp.scorm.findApi(chain(500, { API: api }), 'API', METHODS), api, '500 hops up');
  assert.equal(cp.scorm.findApi(chain(501, { API: api }), 'API', METHODS), null, 'bounded');
});

test('discovery skips frames of another origin and objects that are not the API', () => {
  const { cp } = loadAdapter('scorm12');
  const api = fakeLms('scorm12').api;
  const top = { API: api };
  top.parent = top;
  const foreign = { parent: top };
  Object.defineProperty(foreign, 'API', { get() { throw new Error('SecurityError: cross-origin'); } });
  const fake = { parent: foreign, API: { LMSInitialize() {} } };
  const win = { parent: fake };
  assert.equal(cp.scorm.findApi(win, 'API', METHODS), api);
  const broken = { get parent() { throw new Error('SecurityError'); } };
  assert.equal(cp.scorm.findApi(broken, 'API', METHODS), null, 'a throwing parent ends the climb quietly');
});

test('discovery falls back to the opener and to the top window\'s opener', () => {
  const { cp } = loadAdapter('scorm12');
  const api = fakeLms('scorm12').api;
  const lmsWin = chain(2, { API: api });
  const popup = { opener: lmsWin };
  popup.parent = popup;
  assert.equal(cp.scorm.findApi(popup, 'API', METHODS), api);
  const top = { opener: lmsWin };
  top.parent = top;
  const frame = { parent: top };
  assert.equal(cp.scorm.findApi(frame, 'API', METHODS), api, 'the opener of the frame\'s top window');
  const cyclic = { };
  cyclic.parent = { parent: cyclic };
  assert.equal(cp.scorm.findApi(cyclic, 'API', METHODS), null, 'a parent cycle ends at the hop limit');
});

/* ---------- calls ---------- */

test('a call that fails with a transient error is retried once; data-model errors are not', () => {
  const { cp, warnings } = loadAdapter('scorm12');
  const lms = fakeLms('scorm12');
  const conn = cp.scorm.connect(lms.api, { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', error: 'LMSGetLastError', errorString: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic' }, (t) => warnings.push(t));
  assert.equal(conn.init().ok, true);
  lms.fail('commit', '101');
  assert.equal(conn.commit().ok, true, 'the retry succeeds');
  assert.equal(lms.count('commit'), 2);
  lms.fail('commit', '101', { times: 2 });
  const r = conn.commit();
  assert.deepEqual([r.ok, r.code], [false, '101']);
  assert.equal(lms.count('commit'), 4, 'exactly one retry');
  assert.match(warnings.at(-1), /LMSCommit\(""\) failed: 101 error 101 \(diagnostic 101\)/);
  lms.fail('set', '405');
  assert.equal(conn.set('cmi.core.score.raw', '101').ok, false);
  assert.equal(lms.count('set'), 1, 'no retry of an invalid value');
  lms.api.LMSSetValue = () => { throw new Error('LMS bug'); };
  assert.deepEqual(plain(conn.set('cmi.core.lesson_location', 'x')), { ok: false, value: '', code: '101' }, 'a throwing LMS never throws into the page');
  lms.values['cmi.core.lesson_location'] = 'p9';
  assert.deepEqual(plain(conn.get('cmi.core.lesson_location')), { ok: true, value: 'p9', code: '0' });
  assert.deepEqual(plain(conn.get('cmi.core.student_name')), { ok: false, value: '', code: '401' }, 'GetLastError decides');
});

/* ---------- SCORM 1.2 adapter ---------- */

test('1.2 first launch: initialise once, incomplete, exit suspend, one commit', () => {
  const s = launch('scorm12', { values: { 'cmi.core.entry': 'ab-initio', 'cmi.core.lesson_status': 'not attempted', 'cmi.core.lesson_mode': 'normal', 'cmi.core.student_id': 'u1' } });
  assert.equal(s.adapter.name, 'scorm12');
  assert.equal(s.adapter.maxStateLength, 4096);
  const r = s.adapter.start(s.ctx);
  assert.deepEqual(plain(r), { state: null, entry: 'ab-initio' });
  assert.equal(s.lms.count('init'), 1);
  assert.deepEqual(s.lms.sets(), [['cmi.core.lesson_status', 'incomplete'], ['cmi.core.exit', 'suspend']]);
  assert.equal(s.lms.count('commit'), 1);
});

test('1.2 saves write only what changed and commit once per save', () => {
  const s = launch('scorm12', { values: { 'cmi.core.lesson_status': 'not attempted' } });
  s.adapter.start(s.ctx);
  const before = s.lms.calls.length;
  assert.equal(s.adapter.save('{"loc":"p1"}', summary()), true);
  assert.deepEqual(s.lms.calls.slice(before).map((c) => c.slice(0, 2)), [
    ['set', 'cmi.core.lesson_location'], ['set', 'cmi.suspend_data'], ['commit', ''],
  ], 'status unchanged (incomplete) is not sent again');
  const mid = s.lms.calls.length;
  assert.equal(s.adapter.save('{"loc":"p1"}', summary()), true);
  assert.equal(s.lms.calls.length, mid, 'nothing changed: no call at all');
  s.adapter.page('p2', summary({ location: 'p2' }));
  assert.equal(s.adapter.save('{"loc":"p2"}', summary({ location: 'p2' })), true);
  assert.deepEqual(s.lms.calls.slice(mid).map((c) => c.slice(0, 2)), [
    ['set', 'cmi.core.lesson_location'], ['set', 'cmi.suspend_data'], ['commit', ''],
  ]);
});

test('1.2 status follows the module rule; the score goes with a final status, raw 0-100', () => {
  const s = launch('scorm12', { values: { 'cmi.core.lesson_status': 'not attempted' } });
  s.adapter.start(s.ctx);
  const score = { raw: 5, min: 0, max: 6, scaled: 5 / 6 };
  s.adapter.save('{}', summary({ passed: true, score }));
  assert.equal(s.lms.values['cmi.core.lesson_status'], 'incomplete', 'passed the quiz, pages still to see');
  assert.equal(s.lms.values['cmi.core.score.raw'], undefined, 'no score yet: an LMS would turn it into passed');
  s.adapter.save('{}', summary({ passed: false, score: { raw: 2, min: 0, max: 6, scaled: 1 / 3 } }));
  assert.equal(s.lms.values['cmi.core.lesson_status'], 'failed');
  assert.equal(s.lms.values['cmi.core.score.raw'], '33.33');
  assert.equal(s.lms.values['cmi.core.score.min'], '0');
  assert.equal(s.lms.values['cmi.core.score.max'], '100');
  s.adapter.save('{}', summary({ completed: true, passed: true, score, progress: 1 }));
  assert.equal(s.lms.values['cmi.core.lesson_status'], 'passed');
  assert.equal(s.lms.values['cmi.core.score.raw'], '83.33');
  const t = launch('scorm12', { values: { 'cmi.core.lesson_status': 'not attempted' } });
  t.adapter.start(t.ctx);
  t.adapter.save('{}', summary({ completed: true, progress: 1 }));
  assert.equal(t.lms.values['cmi.core.lesson_status'], 'completed', 'no assessment: completed');
});

test('1.2 never sets incomplete over a status the LMS already holds as final', () => {
  const s = launch('scorm12', { values: { 'cmi.core.entry': 'resume', 'cmi.core.lesson_status': 'completed', 'cmi.suspend_data': '' } });
  s.adapter.start(s.ctx);
  s.adapter.save('{}', summary());
  assert.equal(s.lms.sets().some(([el]) => el === 'cmi.core.lesson_status'), false);
});

test('1.2 interactions: every field in SCORM 1.2 format, in order, appended at _count', () => {
  const s = launch('scorm12', { values: { 'cmi.interactions.0.id': 'earlier' } });
  s.adapter.start(s.ctx);
  const before = s.lms.calls.length;
  s.adapter.recordInteraction(answer());
  const sets = s.lms.calls.slice(before).map((c) => [c[1], c[2]]);
  const time = sets.find(([el]) => el === 'cmi.interactions.1.time')[1];
  assert.match(time, /^[0-2]\d:[0-5]\d:[0-5]\d$/);
  assert.deepEqual(sets, [
    ['cmi.interactions.1.id', 'capacity'],
    ['cmi.interactions.1.time', time],
    ['cmi.interactions.1.type', 'choice'],
    ['cmi.interactions.1.correct_responses.0.pattern', 'a,b,c'],
    ['cmi.interactions.1.weighting', '2'],
    ['cmi.interactions.1.student_response', 'a,d'],
    ['cmi.interactions.1.result', 'wrong'],
    ['cmi.interactions.1.latency', '00:00:12.35'],
  ]);
  s.adapter.recordInteraction(answer({ correct: true }));
  assert.equal(s.lms.values['cmi.interactions.2.id'], 'capacity', 'SCORM 1.2 journals repeated answers');
  assert.equal(s.lms.values['cmi.interactions.2.result'], 'correct');
  s.adapter.recordInteraction(answer({ correct: null }));
  assert.equal(s.lms.values['cmi.interactions.3.result'], 'neutral');
  assert.equal(s.adapter.save('{}', summary()), true);
  assert.equal(s.lms.count('commit'), 2, 'answers are committed with the next save');
});

test('1.2 an LMS without interactions (401) is asked once, then left alone', () => {
  const s = launch('scorm12');
  s.adapter.start(s.ctx);
  s.lms.fail('set', '401', { times: 1, element: 'cmi.interactions.' });
  s.adapter.recordInteraction(answer());
  const n = s.lms.count('set');
  s.adapter.recordInteraction(answer());
  assert.equal(s.lms.count('set'), n, 'no more interaction writes');
  assert.equal(s.adapter.save('{}', summary()), true, 'not a save failure');
});

test('1.2 resume gives the suspend data and location back', () => {
  const s = launch('scorm12', { values: { 'cmi.core.entry': 'resume', 'cmi.core.lesson_status': 'incomplete', 'cmi.suspend_data': '{"loc":"p2","seen":"11"}', 'cmi.core.lesson_location': 'p2' } });
  assert.deepEqual(plain(s.adapter.start(s.ctx)), { state: '{"loc":"p2","seen":"11"}', entry: 'resume', location: 'p2' });
  assert.deepEqual(s.lms.sets(), [['cmi.core.exit', 'suspend']], 'status kept');
  const n = s.lms.calls.length;
  assert.equal(s.adapter.save('{"loc":"p2","seen":"11"}', summary({ location: 'p2', progress: 0.67 })), true);
  assert.equal(s.lms.calls.length, n, 'what the LMS holds is not sent again');
  const fresh = launch('scorm12', { values: { 'cmi.core.entry': 'ab-initio', 'cmi.suspend_data': '{"loc":"p2"}' } });
  assert.equal(fresh.adapter.start(fresh.ctx).state, null, 'a new attempt ignores old data');
});

test('1.2 finish: session time, exit, LMSFinish exactly once, nothing afterwards', () => {
  const s = launch('scorm12');
  s.adapter.start(s.ctx);
  s.adapter.finish('{"loc":"p3"}', summary({ location: 'p3', sessionMs: 65432 }), 'explicit');
  s.adapter.finish('{"loc":"p3"}', summary(), 'pagehide');
  assert.equal(s.lms.count('finish'), 1);
  assert.equal(s.lms.values['cmi.core.session_time'], '00:01:05.43');
  assert.equal(s.lms.values['cmi.core.exit'], 'suspend');
  assert.equal(s.lms.values['cmi.core.lesson_location'], 'p3');
  assert.equal(s.lms.values['cmi.suspend_data'], '{"loc":"p3"}');
  const n = s.lms.calls.length;
  assert.equal(s.adapter.save('{}', summary()), false);
  s.adapter.recordInteraction(answer());
  s.adapter.page('p1');
  assert.equal(s.lms.calls.length, n, 'no call after LMSFinish');
  assert.equal(s.lms.calls.at(-1)[0], 'finish');
  const c = launch('scorm12');
  c.adapter.start(c.ctx);
  c.adapter.finish('{}', summary({ completed: true, progress: 1 }), 'unload');
  assert.equal(c.lms.values['cmi.core.exit'], '', 'finished: normal exit');
  assert.equal(c.lms.values['cmi.core.lesson_status'], 'completed');
});

test('1.2 a state over the limit is never sent and the save reports failure', () => {
  const s = launch('scorm12');
  s.adapter.start(s.ctx);
  assert.equal(s.adapter.save('x'.repeat(4097), summary()), false);
  assert.equal(s.lms.values['cmi.suspend_data'], undefined);
  assert.equal(s.lms.values['cmi.core.lesson_location'], 'p1', 'the rest is still saved');
  assert.equal(s.adapter.save('x'.repeat(4096), summary()), true);
  assert.match(s.warnings.join('\n'), /4097 characters is over the limit of 4096/);
});

test('1.2 a failed commit is retried once, then everything is sent again and kept on the device', () => {
  const storage = fakeStorage();
  const s = launch('scorm12', { storage, values: { 'cmi.core.student_id': 'u1' } });
  s.adapter.start(s.ctx);
  s.lms.fail('commit', '101', { times: 2 });
  assert.equal(s.adapter.save('{"loc":"p2"}', summary({ location: 'p2' })), false);
  assert.equal(s.lms.count('commit'), 3, 'start commit + one commit and its retry');
  assert.equal(storage.getItem('coursepack:m:1:unsent:scorm12:u1'), '{"loc":"p2"}');
  const n = s.lms.count('set');
  assert.equal(s.adapter.save('{"loc":"p2"}', summary({ location: 'p2' })), true);
  assert.ok(s.lms.count('set') - n >= 3, 'location, suspend data and status written again');
  assert.equal(storage.getItem('coursepack:m:1:unsent:scorm12:u1'), null, 'cleared once stored');
});

test('1.2 state the LMS never got is offered again on the next launch of the same learner', () => {
  const storage = fakeStorage();
  const first = launch('scorm12', { storage, values: { 'cmi.core.student_id': 'u1' } });
  first.adapter.start(first.ctx);
  first.lms.fail('finish', '101', { times: 2 });
  first.adapter.finish('{"loc":"p3","seen":"111"}', summary({ location: 'p3' }), 'pagehide');
  assert.deepEqual(first.notices, [STRINGS.save_failed]);
  const other = launch('scorm12', { storage, values: { 'cmi.core.student_id': 'u2', 'cmi.core.entry': 'ab-initio' } });
  assert.equal(other.adapter.start(other.ctx).state, null, 'another learner on this device gets nothing');
  const again = launch('scorm12', { storage, values: { 'cmi.core.student_id': 'u1', 'cmi.core.entry': 'resume', 'cmi.suspend_data': '{"loc":"p1"}' } });
  assert.equal(again.adapter.start(again.ctx).state, '{"loc":"p3","seen":"111"}');
  again.adapter.save('{"loc":"p3","seen":"111"}', summary({ location: 'p3' }));
  assert.equal(again.lms.values['cmi.suspend_data'], '{"loc":"p3","seen":"111"}');
});

test('1.2 review mode writes nothing; browse mode keeps the place but reports nothing', () => {
  const r = launch('scorm12', { values: { 'cmi.core.lesson_mode': 'review', 'cmi.core.lesson_status': 'passed' } });
  r.adapter.start(r.ctx);
  r.adapter.save('{}', summary());
  r.adapter.recordInteraction(answer());
  r.adapter.finish('{}', summary(), 'explicit');
  assert.deepEqual(r.lms.sets(), []);
  assert.equal(r.lms.count('finish'), 1);
  const b = launch('scorm12', { values: { 'cmi.core.lesson_mode': 'browse', 'cmi.core.lesson_status': 'not attempted' } });
  b.adapter.start(b.ctx);
  b.adapter.save('{"loc":"p1"}', summary({ passed: false, score: { raw: 0, min: 0, max: 1, scaled: 0 } }));
  b.adapter.recordInteraction(answer());
  assert.deepEqual(b.lms.sets().map(([el]) => el), ['cmi.core.exit', 'cmi.core.lesson_location', 'cmi.suspend_data']);
});

test('1.2 an LMS that never sets lesson_mode is treated as normal mode: everything is reported', () => {
  const s = launch('scorm12', { values: { 'cmi.core.lesson_mode': '', 'cmi.core.lesson_status': 'not attempted' } });
  s.adapter.start(s.ctx);
  s.adapter.recordInteraction(answer());
  s.adapter.save('{"loc":"p1"}', summary({ completed: true, passed: true, progress: 1, score: { raw: 2, min: 0, max: 2, scaled: 1 } }));
  const set = s.lms.sets().map(([el]) => el);
  for (const el of ['cmi.core.lesson_status', 'cmi.core.score.raw', 'cmi.interactions.0.id', 'cmi.suspend_data']) {
    assert.ok(set.includes(el), `${el} is written when lesson_mode is empty: ${set}`);
  }
});

test('1.2 an LMS that refuses to initialise means no LMS (the player falls back)', () => {
  const s = launch('scorm12');
  s.lms.fail('init', '101', { times: 2 });
  assert.equal(s.adapter.start(s.ctx), null);
  assert.equal(s.lms.count('init'), 2, 'tried twice');
  const none = loadAdapter('scorm12', { win: { parent: null } });
  assert.equal(none.adapter.start({ local: null }), null);
});

test('1.2 the API is also found through the opener (LMS in a pop-up)', () => {
  const s = launch('scorm12', { where: 'opener' });
  assert.ok(s.adapter.start(s.ctx));
  assert.equal(s.lms.count('init'), 1);
});

/* ---------- quirk profiles ---------- */

test('profiles come from #cp-data "lms"; explicit keys override them; limits never exceed the standard', () => {
  const { cp } = loadAdapter('scorm12');
  const p = cp.scorm.profile;
  assert.deepEqual(plain(p({}, 'scorm12')), { name: 'generic', maxStateLength: 4096, saveInterval: 0, navRequest: true, interactions: true });
  assert.deepEqual(plain(p({}, 'scorm2004')).maxStateLength, 64000);
  assert.equal(p({ lms: { profile: 'totara' } }, 'scorm2004').navRequest, false);
  assert.equal(p({ lms: { profile: 'moodle' } }, 'scorm2004').navRequest, false);
  assert.equal(p({ lms: { profile: 'moodle', maxStateLength: 4096, navRequest: false } }, 'scorm12').maxStateLength, 4096, 'as the build writes it');
  assert.equal(p({ lms: { profile: 'generic', maxStateLength: 4000 } }, 'scorm2004').maxStateLength, 4000);
  assert.equal(p({ lms: { profile: 'generic', navRequest: false } }, 'scorm2004').navRequest, false, 'explicit keys win');
  assert.equal(p({ lms: { profile: 'totara', navRequest: true } }, 'scorm2004').navRequest, true);
  assert.equal(p({ lms: { maxStateLength: { scorm12: 3000, scorm2004: 50000 } } }, 'scorm2004').maxStateLength, 50000);
  assert.equal(p({ lms: { maxStateLength: 64000 } }, 'scorm12').maxStateLength, 4096, 'never above the standard');
  assert.equal(p({ lms: { profile: 'no-such-lms', saveInterval: 2500 } }, 'scorm12').name, 'generic');
  assert.equal(p({ lms: { saveInterval: 2500 } }, 'scorm12').saveInterval, 2500);
  assert.equal(p({ lms: { saveInterval: -1, maxStateLength: 'x' } }, 'scorm12').maxStateLength, 4096);
  assert.equal(p({ lms: { interactions: false } }, 'scorm12').interactions, false);
});

test('the adapter takes its limits and interval from the profile', () => {
  const s = launch('scorm12', { lms: { profile: 'moodle', maxStateLength: 2000, saveInterval: 3000, interactions: false } });
  assert.equal(s.adapter.maxStateLength, 2000);
  assert.equal(s.adapter.saveInterval, 3000);
  s.adapter.start(s.ctx);
  assert.equal(s.adapter.save('x'.repeat(2001), summary()), false);
  const n = s.lms.count('set');
  s.adapter.recordInteraction(answer());
  assert.equal(s.lms.count('set'), n, 'interactions off');
});

/* ---------- SCORM 2004 adapter ---------- */

test('2004 first launch and status, success, progress and score in 2004 terms', () => {
  const s = launch('scorm2004', { values: { 'cmi.entry': 'ab-initio', 'cmi.completion_status': 'unknown', 'cmi.mode': 'normal' } });
  assert.equal(s.adapter.maxStateLength, 64000);
  s.adapter.start(s.ctx);
  assert.deepEqual(s.lms.sets(), [['cmi.completion_status', 'incomplete'], ['cmi.exit', 'suspend']]);
  s.adapter.save('{}', summary({ progress: 0.5, passed: false, score: { raw: 2, min: 0, max: 6, scaled: 1 / 3 } }));
  assert.equal(s.lms.values['cmi.completion_status'], 'incomplete');
  assert.equal(s.lms.values['cmi.success_status'], 'failed');
  assert.equal(s.lms.values['cmi.progress_measure'], '0.5');
  assert.equal(s.lms.values['cmi.score.scaled'], '0.3333');
  // raw is the percentage out of 0-100, as in SCORM 1.2 (Moodle grades from raw alone, out of 100), not the points
  assert.deepEqual([s.lms.values['cmi.score.raw'], s.lms.values['cmi.score.min'], s.lms.values['cmi.score.max']], ['33.33', '0', '100']);
  s.adapter.save('{}', summary({ completed: true, progress: 1, passed: true, score: { raw: 6, min: 0, max: 6, scaled: 1 } }));
  assert.equal(s.lms.values['cmi.completion_status'], 'completed');
  assert.equal(s.lms.values['cmi.success_status'], 'passed');
  assert.equal(s.lms.values['cmi.progress_measure'], '1');
  assert.equal(s.lms.values['cmi.score.scaled'], '1');
});

test('one score scale: SCORM 1.2 and 2004 send the same raw, min and max for the same result', () => {
  const cases = [
    { raw: 3.92, min: 0, max: 13, scaled: 3.92 / 13 }, // 30.15%: a partly right quiz with weighted questions
    { raw: 0, min: 0, max: 4, scaled: 0 },
    { raw: 4, min: 0, max: 4, scaled: 1 },
    { raw: 1, min: 0, max: 3, scaled: 1 / 3 },
    { raw: 2, min: 0, max: 3, scaled: 2 / 3 },
    { raw: 9.995, min: 0, max: 10, scaled: 0.9995 },
  ];
  for (const score of cases) {
    const sent = {};
    for (const std of ['scorm12', 'scorm2004']) {
      const s = launch(std);
      s.adapter.start(s.ctx);
      s.adapter.save('{}', summary({ completed: true, progress: 1, passed: false, score }));
      const p = std === 'scorm12' ? 'cmi.core.score.' : 'cmi.score.';
      sent[std] = ['raw', 'min', 'max'].map((k) => s.lms.values[p + k]);
      if (std === 'scorm2004') assert.equal(Number(s.lms.values['cmi.score.scaled']), Number(score.scaled.toFixed(4)), 'scaled as before');
    }
    const percent = Number((score.scaled * 100).toFixed(2));
    assert.deepEqual(sent.scorm12, sent.scorm2004, `${score.raw} of ${score.max}: the same in both versions`);
    assert.equal(Number(sent.scorm2004[0]), percent, `${score.raw} of ${score.max}: raw is the percentage`);
    assert.deepEqual(sent.scorm2004.slice(1), ['0', '100']);
  }
});

test('the percentage stays within 0-100 and never has an exponent', () => {
  const { cp } = loadAdapter('scorm2004');
  const p = cp.scorm.percentScore;
  assert.deepEqual(plain(p({ scaled: 3.92 / 13 })), { raw: '30.15', min: '0', max: '100' });
  assert.equal(p({ scaled: 1.2 }).raw, '100');
  assert.equal(p({ scaled: -0.5 }).raw, '0');
  assert.equal(p({ scaled: 1e-9 }).raw, '0');
  assert.equal(p({ scaled: NaN }).raw, '0');
  assert.equal(p(null).raw, '0');
});

test('2004 interactions: ids unique in the SCO, description, timestamp, incorrect, ISO latency', () => {
  const s = launch('scorm2004', { values: { 'cmi.interactions.0.id': 'capacity' } });
  s.adapter.start(s.ctx);
  const before = s.lms.calls.length;
  s.adapter.recordInteraction(answer());
  const sets = s.lms.calls.slice(before).filter((c) => c[0] === 'set').map((c) => [c[1], c[2]]);
  assert.deepEqual(sets, [
    ['cmi.interactions.1.id', 'capacity_2'],
    ['cmi.interactions.1.type', 'choice'],
    ['cmi.interactions.1.description', 'Which of these are part of capacity?'],
    ['cmi.interactions.1.timestamp', '2024-05-01T10:02:03.45Z'],
    ['cmi.interactions.1.weighting', '2'],
    ['cmi.interactions.1.correct_responses.0.pattern', 'a_staff[,]b_budget[,]c_leaders'],
    ['cmi.interactions.1.learner_response', 'a_staff[,]d_followers'],
    ['cmi.interactions.1.result', 'incorrect'],
    ['cmi.interactions.1.latency', 'PT12.35S'],
  ]);
  s.adapter.recordInteraction(answer({ correct: true }));
  assert.equal(s.lms.values['cmi.interactions.2.id'], 'capacity_3');
  assert.equal(s.lms.values['cmi.interactions.2.result'], 'correct');
  const odd = answer();
  odd.interaction.scorm2004 = { ...odd.interaction.scorm2004, id: 'has space', description: '{not a lang}' };
  s.adapter.recordInteraction(odd);
  assert.equal(s.lms.values['cmi.interactions.3.id'], 'has_space');
  assert.equal(s.lms.values['cmi.interactions.3.description'], '(not a lang}');
});

test('2004 a failed interaction id is not counted: the next answer reuses the index', () => {
  const s = launch('scorm2004');
  s.adapter.start(s.ctx);
  s.lms.fail('set', '351', { times: 2, element: 'cmi.interactions.0.id' });
  s.adapter.recordInteraction(answer());
  assert.equal(s.lms.values['cmi.interactions.0.type'], undefined, 'no fields without an id');
  s.adapter.recordInteraction(answer());
  assert.equal(s.lms.values['cmi.interactions.0.id'], 'capacity');
});

test('2004 finish: ISO session time, exit, and a navigation request on an explicit exit only', () => {
  const knows = (value) => ({ 'adl.nav.request_valid.continue': value });
  const cases = [
    [{ completed: false }, 'explicit', knows('false'), 'suspend', 'suspendAll'],
    [{ completed: false }, 'explicit', knows('true'), 'suspend', 'suspendAll'],
    [{ completed: true, progress: 1 }, 'explicit', knows('true'), 'normal', 'continue'],
    [{ completed: true, progress: 1 }, 'explicit', knows('false'), 'normal', 'exitAll'],
    // an LMS that does not know its navigation (Moodle answers "unknown") is not asked to navigate:
    // Moodle 4.5 answers exitAll with an error page and its Terminate throws
    [{ completed: true, progress: 1 }, 'explicit', knows('unknown'), 'normal', undefined],
    [{ completed: false }, 'explicit', knows('unknown'), 'suspend', undefined],
    [{ completed: true, progress: 1 }, 'explicit', {}, 'normal', undefined],
    [{ completed: true, progress: 1 }, 'pagehide', knows('false'), 'normal', undefined],
    [{ completed: false }, 'unload', knows('false'), 'suspend', undefined],
  ];
  for (const [over, reason, values, exit, request] of cases) {
    const s = launch('scorm2004', { values });
    s.adapter.start(s.ctx);
    s.adapter.finish('{}', summary({ ...over, sessionMs: 3723450 }), reason);
    s.adapter.finish('{}', summary(over), 'unload');
    const what = `${reason} ${JSON.stringify(over)}`;
    assert.equal(s.lms.count('finish'), 1, what);
    assert.equal(s.lms.values['cmi.session_time'], 'PT1H2M3.45S', what);
    assert.equal(s.lms.values['cmi.exit'], exit, what);
    assert.equal(s.lms.values['adl.nav.request'], request, what);
    const order = s.lms.calls.map((c) => c[1] === 'adl.nav.request' ? 'nav' : c[0]);
    if (request) assert.ok(order.indexOf('nav') < order.indexOf('finish'), 'the request comes before Terminate');
  }
  const t = launch('scorm2004', { lms: { profile: 'totara' } });
  t.adapter.start(t.ctx);
  t.adapter.finish('{}', summary(), 'explicit');
  assert.equal(t.lms.values['adl.nav.request'], undefined, 'totara: no navigation request');
});

test('2004 an already initialised API (103) is used; a terminated one (104) is not', () => {
  const s = launch('scorm2004');
  s.lms.api.Initialize('');
  assert.ok(s.adapter.start(s.ctx), '103: already initialised');
  const t = launch('scorm2004');
  t.lms.api.Initialize('');
  t.lms.api.Terminate('');
  assert.equal(t.adapter.start(t.ctx), null);
});

test('2004 completion is never taken back from completed', () => {
  const s = launch('scorm2004', { values: { 'cmi.entry': 'resume', 'cmi.completion_status': 'completed', 'cmi.suspend_data': '{}' } });
  s.adapter.start(s.ctx);
  s.adapter.save('{}', summary());
  assert.equal(s.lms.values['cmi.completion_status'], 'completed');
  assert.equal(s.lms.sets().some(([el]) => el === 'cmi.completion_status'), false);
});

/* ---------- through the real player ---------- */

/** The rendered fixture page as a `std` package, in a frame below `lms` (or with no LMS). */
async function openPackage(std, lms) {
  const html = HTML.replace('{"runtime":"web"', `{"runtime":"${std}"`);
  const warnings = [];
  return open({
    html,
    plugin: (win) => {
      const top = lms ? { [std === 'scorm12' ? 'API' : 'API_1484_11']: lms.api } : {};
      top.parent = top;
      win.parent = top;
      win.console = { warn: (...a) => warnings.push(a.join(' ')), error: (...a) => { throw new Error(a.join(' ')); } };
      vm.runInContext(adapterSource(std), win, { filename: `${std}.js` });
    },
  });
}

for (const std of ['scorm12', 'scorm2004']) {
  test(`${std} in the player: one initialise, one terminate whatever ends the session`, async () => {
    const lms = fakeLms(std);
    const p = await openPackage(std, lms);
    assert.equal(p.$('.cp-notice').textContent, '', 'no notice: the LMS was found');
    await p.click('next');
    await p.click('finish');
    p.fire('pagehide');
    p.fire('beforeunload');
    await p.settle(1000);
    assert.equal(lms.count('init'), 1);
    assert.equal(lms.count('finish'), 1);
    assert.equal(lms.calls.at(-1)[0], 'finish', 'nothing after terminate');
    const location = std === 'scorm12' ? 'cmi.core.lesson_location' : 'cmi.location';
    assert.equal(lms.values[location], 'data');
    assert.equal(JSON.parse(lms.values['cmi.suspend_data']).loc, 'data');
    await p.click('previous');
    await p.settle(1000);
    assert.equal(lms.calls.at(-1)[0], 'finish', 'navigation after finishing reaches the device copy only');
  });

  test(`${std} in the player: pagehide alone terminates, with a suspended exit`, async () => {
    const lms = fakeLms(std);
    const p = await openPackage(std, lms);
    p.fire('pagehide');
    p.fire('beforeunload');
    assert.equal(lms.count('finish'), 1);
    assert.equal(lms.values[std === 'scorm12' ? 'cmi.core.exit' : 'cmi.exit'], 'suspend');
    assert.match(lms.values[std === 'scorm12' ? 'cmi.core.session_time' : 'cmi.session_time'], std === 'scorm12' ? /^\d{2,4}:\d\d:\d\d\.\d\d$/ : /^PT/);
  });

  test(`${std} in the player: no API means the web adapter and a notice, never a blank page`, async () => {
    const p = await openPackage(std, null);
    assert.match(p.$('.cp-notice').textContent, /could not connect to your learning platform/);
    assert.deepEqual(p.visible(), ['page-welcome']);
    await p.click('next');
    assert.equal(p.stored().loc, 'data', 'kept on the device');
  });

  test(`${std} in the player: resumes the LMS's suspend data on entry=resume`, async () => {
    const entry = std === 'scorm12' ? 'cmi.core.entry' : 'cmi.entry';
    const lms = fakeLms(std, { values: { [entry]: 'resume', 'cmi.suspend_data': '{"loc":"reflect","seen":"111","refl":{"next-step":"Ask the team"}}' } });
    const p = await openPackage(std, lms);
    assert.deepEqual(p.visible(), ['page-reflect']);
    assert.equal(p.$('textarea[data-reflection-id="next-step"]').value, 'Ask the team');
  });
}

test('the player spaces saves by the profile\'s saveInterval (LMSs that slow down under frequent commits)', async () => {
  const lms = fakeLms('scorm12');
  const html = HTML.replace('{"runtime":"web"', '{"lms":{"profile":"generic","maxStateLength":4096,"navRequest":true,"saveInterval":3000},"runtime":"scorm12"');
  const p = await open({
    html,
    plugin: (win) => {
      const top = { API: lms.api };
      top.parent = top;
      win.parent = top;
      win.console = { warn() {}, error: (...a) => { throw new Error(a.join(' ')); } };
      vm.runInContext(adapterSource('scorm12'), win, { filename: 'scorm12.js' });
    },
  });
  const commits = () => lms.count('commit');
  const before = commits();
  await p.click('next');
  await p.settle(100);
  assert.equal(commits(), before, 'the page change waits for the interval');
  await p.click('next');
  await p.settle(100);
  assert.equal(commits(), before, 'and is coalesced with the next one');
  await p.settle(3000);
  assert.equal(commits(), before + 1, 'one commit once the interval has passed');
  assert.equal(lms.values['cmi.core.lesson_location'], 'reflect', 'carrying the latest state');
});
