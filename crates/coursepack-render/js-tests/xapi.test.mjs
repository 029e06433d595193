// The xAPI core (xapi-core.js) and the TinCan-launch adapter (xapi.js) on a
// fake LRS: launch checks, statements, State API resume, the queue's order,
// retries and persistence, and the final request on leaving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import {
  PLAYER, CORE, ENDPOINT, AUTH, ACTOR, REGISTRATION, query, fakeLrs, openPlayer, fakeStorage, fakeTimers,
} from './lrs-harness.mjs';

const ACTIVITY = 'https://example.org/xapi/module/digital-leadership';
const plain = (v) => JSON.parse(JSON.stringify(v));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function core(extra = {}) {
  const win = { console, setTimeout, clearTimeout, URL, crypto: globalThis.crypto, ...extra };
  win.window = win;
  vm.createContext(win);
  vm.runInContext(PLAYER, win);
  vm.runInContext(CORE, win);
  return win.coursepack.xapi;
}
const x = core();

const launch = (over = {}) => query({ endpoint: ENDPOINT, auth: AUTH, actor: ACTOR, registration: REGISTRATION, activity_id: ACTIVITY, ...over });

/* ---------- pure helpers ---------- */

test('launch parameters are decoded, + is a space, the first of a repeated name wins', () => {
  const q = x.parseQuery('?endpoint=https%3A%2F%2Flrs.example%2Fx%2F&auth=Basic+abc%2Bdef%3D&a=1&a=2&bad=%E0%A4%A&flag');
  assert.equal(q.endpoint, 'https://lrs.example/x/');
  assert.equal(q.auth, 'Basic abc+def=');
  assert.equal(q.a, '1');
  assert.equal('bad' in q, false, 'broken percent-encoding is left out');
  assert.equal(q.flag, '');
});

test('actors: modern, legacy arrays and legacy accounts become one-IFI Agents; bad ones are refused', () => {
  assert.deepEqual(plain(x.normaliseAgent(JSON.stringify(ACTOR))), ACTOR);
  assert.deepEqual(plain(x.normaliseAgent({ name: ['Ann'], mbox: ['mailto:ann@example.org'] })),
    { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.org' });
  assert.deepEqual(plain(x.normaliseAgent({ mbox: 'ann@example.org' })), { objectType: 'Agent', mbox: 'mailto:ann@example.org' });
  assert.deepEqual(plain(x.normaliseAgent({ name: ['Bo'], account: [{ accountServiceHomePage: 'https://lms.example', accountName: 'u42' }] })),
    { objectType: 'Agent', name: 'Bo', account: { homePage: 'https://lms.example', name: 'u42' } });
  assert.deepEqual(plain(x.normaliseAgent({ objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'u42' }, extra: 1 })),
    { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'u42' } });
  assert.deepEqual(plain(x.normaliseAgent({ mbox_sha1sum: 'A'.repeat(40) })), { objectType: 'Agent', mbox_sha1sum: 'a'.repeat(40) });
  for (const bad of ['not json', '{}', { objectType: 'Group', mbox: 'mailto:g@example.org' }, { mbox: 'nobody' },
    { account: { homePage: 'not an iri', name: 'x' } }, { openid: 'no scheme' }, { mbox_sha1sum: 'xyz' }, null]) {
    assert.equal(x.normaliseAgent(bad), null, JSON.stringify(bad));
  }
});

test('UUIDs are version 4, RFC 4122 variant, and distinct', () => {
  const seen = new Set();
  for (let i = 0; i < 500; i++) {
    const id = x.uuid();
    assert.match(id, UUID);
    seen.add(id);
  }
  assert.equal(seen.size, 500);
  assert.ok(x.isUuid(REGISTRATION));
  assert.ok(!x.isUuid('6f1e0c7a3b1d4f6e9a0b2c4d5e6f7a8b'));
});

test('durations are ISO 8601 to the hundredth of a second', () => {
  const cases = [[0, 'PT0S'], [4, 'PT0S'], [10, 'PT0.01S'], [1500, 'PT1.5S'], [61000, 'PT1M1S'], [3600000, 'PT1H'],
    [3723450, 'PT1H2M3.45S'], [90000000, 'PT25H'], [-5, 'PT0S'], [59999, 'PT1M']];
  for (const [ms, want] of cases) assert.equal(x.isoDuration(ms), want, `${ms} ms`);
});

test('scores: scaled clamped to -1..1; raw/min/max only when consistent (and whole, for cmi5)', () => {
  assert.deepEqual(plain(x.xapiScore({ raw: 7, min: 0, max: 9, scaled: 7 / 9 })), { scaled: 0.7778, raw: 7, min: 0, max: 9 });
  assert.deepEqual(plain(x.xapiScore({ raw: 7.5, min: 0, max: 9, scaled: 0.8333 }, true)), { scaled: 0.8333 });
  assert.deepEqual(plain(x.xapiScore({ raw: 12, min: 0, max: 9, scaled: 1.3 })), { scaled: 1 });
  assert.equal(x.xapiScore({ raw: 1 }), null);
});

test('interaction definitions carry the component lists each type allows', () => {
  const q = {
    id: 'q1', options: [{ text: 'Red' }, { text: 'Blue' }],
    interactions: { xapi: { response: { ids: ['a_red', 'b_blue'] } } },
  };
  const rec = (type, extra = {}) => ({
    questionId: 'q1',
    interaction: { xapi: { id: 'q1', type, correctResponses: ['a_red'], learnerResponse: 'b_blue', description: 'Pick  one\ncolour' } },
    ...extra,
  });
  const choice = plain(x.interactionDefinition(rec('choice'), q, 'en-GB'));
  assert.deepEqual(choice, {
    type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice',
    name: { 'en-GB': 'Pick one colour' }, description: { 'en-GB': 'Pick one colour' },
    correctResponsesPattern: ['a_red'],
    choices: [{ id: 'a_red', description: { 'en-GB': 'Red' } }, { id: 'b_blue', description: { 'en-GB': 'Blue' } }],
  });
  const tf = plain(x.interactionDefinition(rec('true-false'), q, 'en'));
  assert.equal('choices' in tf, false, 'true-false takes no component list');
  const likert = plain(x.interactionDefinition({ ...rec('likert'), interaction: { xapi: { id: 'l', type: 'likert', correctResponses: [] } } },
    { scale: [{ text: 'Agree' }], interactions: { xapi: { response: { ids: ['a_agree'] } } } }, 'cy'));
  assert.deepEqual(likert.scale, [{ id: 'a_agree', description: { cy: 'Agree' } }]);
  assert.equal('correctResponsesPattern' in likert, false, 'omitted when any answer is right');
  const matching = plain(x.interactionDefinition(rec('matching'), {
    pairs: [{ left: 'Cat' }], targets: ['Meow'],
    interactions: { xapi: { response: { sources: ['s1_cat'], targets: ['t1_meow'] } } },
  }, 'en'));
  assert.deepEqual(matching.source, [{ id: 's1_cat', description: { en: 'Cat' } }]);
  assert.deepEqual(matching.target, [{ id: 't1_meow', description: { en: 'Meow' } }]);
  const result = plain(x.answerResult(rec('choice', { correct: false, score: 0, maxScore: 2, latencySeconds: 3.25 })));
  assert.deepEqual(result, { response: 'b_blue', success: false, score: { scaled: 0, raw: 0, min: 0, max: 2 }, duration: 'PT3.25S' });
  const unscored = plain(x.answerResult({ interaction: { xapi: { learnerResponse: 'text' } }, correct: null, score: 0, maxScore: 0 }));
  assert.deepEqual(unscored, { response: 'text' });
  const blank = plain(x.answerResult({ interaction: { xapi: { learnerResponse: '' } }, correct: null, score: 0, maxScore: 0 }));
  assert.equal('response' in blank, false, 'an empty response is left out, never sent as ""');
});

/* ---------- the queue ---------- */

function queueWith(lrs, stored = { list: null }) {
  const timers = fakeTimers();
  const env = { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout };
  const client = x.createClient({ endpoint: ENDPOINT, auth: AUTH, env: { fetch: (...a) => lrs.fetch(...a), location: { origin: 'https://lms.example', href: 'https://lms.example/c/index.html' }, URL, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, navigator: { sendBeacon: lrs.sendBeacon } } });
  const warnings = [];
  const store = {
    load: () => stored.list, save: (l) => { stored.list = plain(l); },
    loadUnanswered: () => stored.unanswered, saveUnanswered: (l) => { stored.unanswered = plain(l); },
  };
  const queue = x.createQueue({ client, env, warn: (t) => warnings.push(t), store, now: timers.now });
  const settle = async (ms = 0) => { for (let i = 0; i < 6; i++) { timers.advance(ms); ms = 0; await new Promise((r) => setImmediate(r)); } };
  return { queue, timers, settle, stored, warnings };
}
const st = (n) => ({ id: x.uuid(), n, actor: ACTOR, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: `${ACTIVITY}/page/p${n}` } });

test('the queue sends in order, with the version header and the launch auth verbatim', async () => {
  const lrs = fakeLrs();
  const { queue, settle } = queueWith(lrs);
  for (let i = 1; i <= 3; i++) queue.push(st(i));
  await settle();
  assert.deepEqual(lrs.statements.map((s) => s.n), [1, 2, 3]);
  for (const r of lrs.requests) {
    assert.equal(r.headers['X-Experience-API-Version'], '1.0.3');
    assert.equal(r.headers.Authorization, AUTH);
    assert.equal(r.headers['Content-Type'], 'application/json');
  }
});

test('network errors and 5xx are retried with growing back-off; nothing is lost, nothing is sent twice', async () => {
  const lrs = fakeLrs();
  const { queue, settle, stored } = queueWith(lrs);
  lrs.mode = 'down';
  queue.push(st(1));
  queue.push(st(2));
  await settle();
  assert.equal(lrs.statements.length, 0);
  assert.equal(stored.list.length, 2, 'kept in local storage while the LRS is down');
  const tries = () => lrs.requests.filter((r) => r.path === 'statements').length;
  const before = tries();
  await settle(999);
  assert.equal(tries(), before, 'waits a second before the first retry');
  await settle(1);
  assert.equal(tries(), before + 1);
  lrs.mode = 503;
  await settle(2000);
  assert.equal(tries(), before + 2, 'then two seconds');
  await settle(3000);
  assert.equal(tries(), before + 2, 'then four');
  lrs.mode = 'up';
  queue.push(st(3));
  await settle(1);
  assert.equal(lrs.statements.length, 0, 'a new statement does not jump the back-off');
  await settle(1000);
  assert.deepEqual(lrs.statements.map((s) => s.n), [1, 2, 3]);
  assert.equal(new Set(lrs.statements.map((s) => s.id)).size, 3);
  assert.deepEqual(stored.list, [], 'the local copy is cleared once the LRS has everything');
});

test('the back-off stops growing at 30 s, and flush() retries at once', async () => {
  const lrs = fakeLrs();
  const { queue, settle } = queueWith(lrs);
  lrs.mode = 500;
  queue.push(st(1));
  await settle(120000);
  const tries = () => lrs.requests.filter((r) => r.path === 'statements').length;
  const n = tries();
  await settle(30000);
  assert.equal(tries(), n + 1, 'one retry per 30 s at most');
  lrs.mode = 'up';
  const ok = await Promise.race([queue.flush(), settle().then(() => 'pending')]);
  assert.equal(ok, true);
  assert.equal(lrs.statements.length, 1);
});

test('a statement the LRS refuses (400) is isolated and dropped; the others still arrive in order', async () => {
  const lrs = fakeLrs();
  const { queue, settle, warnings } = queueWith(lrs);
  const bad = st(2);
  lrs.mode = (req) => (req.path === 'statements' && req.body.includes(bad.id) ? 400 : undefined);
  queue.push(st(1));
  lrs.mode = 'down';
  await settle();
  lrs.mode = (req) => (req.path === 'statements' && req.body.includes(bad.id) ? 400 : undefined);
  queue.push(bad);
  queue.push(st(3));
  await settle(1000);
  assert.deepEqual(lrs.statements.map((s) => s.n), [1, 3]);
  assert.equal(queue.refused(), 1);
  assert.match(warnings[0], /refused statement .* \(HTTP 400\)/);
});

test('leftovers from a closed page are sent first by the next one', async () => {
  const lrs = fakeLrs();
  const stored = { list: null };
  const first = queueWith(lrs, stored);
  lrs.mode = 'down';
  first.queue.push(st(1));
  first.queue.push(st(2));
  await first.settle();
  assert.equal(stored.list.length, 2);
  lrs.mode = 'up';
  const second = queueWith(lrs, stored);
  second.queue.push(st(3));
  await second.settle();
  assert.deepEqual(lrs.statements.map((s) => s.n), [1, 2, 3]);
});

test('leaving sends what is queued with keepalive on the same origin', async () => {
  const lrs = fakeLrs();
  const { queue, settle, stored } = queueWith(lrs);
  lrs.mode = 'down';
  queue.push(st(1));
  await settle();
  lrs.mode = 'up';
  const inits = [];
  const orig = lrs.fetch;
  lrs.fetch = (url, init) => { inits.push(init); return orig(url, init); };
  const ok = await queue.sendLast();
  assert.equal(ok, true);
  assert.equal(inits.at(-1).keepalive, true);
  assert.equal(lrs.statements.length, 1);
  assert.deepEqual(stored.list, []);
});

/* A request whose answer the page never sees: the fake LRS stores it (or not) and the answer never comes. */
function unanswering(lrs, { stores }) {
  const orig = lrs.fetch;
  lrs.fetch = (url, init = {}) => {
    if ((init.method || 'GET') === 'POST' && /\/statements$/.test(new URL(url).pathname)) {
      lrs.requests.push({ method: 'POST', path: 'statements', body: init.body, keepalive: !!init.keepalive });
      if (stores) for (const s of JSON.parse(init.body)) if (!lrs.statements.some((t) => t.id === s.id)) lrs.statements.push(s);
      return new Promise(() => {});
    }
    return orig(url, init);
  };
  return () => { lrs.fetch = orig; };
}
const posts = (lrs) => lrs.requests.filter((r) => r.path === 'statements' && r.method === 'POST');

test('leaving twice (beforeunload, then pagehide) sends one last request; it carries the batch still in flight again, first, so nothing reaches the LRS after what it ends with', async () => {
  const lrs = fakeLrs();
  const { queue, settle } = queueWith(lrs, { list: null, unanswered: null });
  const restore = unanswering(lrs, { stores: true });
  queue.push(st(1));             // a normal request, in flight, never answered
  await settle();
  assert.equal(posts(lrs).length, 1);
  queue.stop();
  queue.push(st(2));             // made as the page goes away: no normal request for it
  await settle();
  assert.equal(posts(lrs).length, 1, 'nothing new starts once the queue is stopped');
  queue.sendLast();
  queue.sendLast();
  await settle();
  restore();
  const sent = posts(lrs);
  assert.equal(sent.length, 2, 'the batch in flight, then one request that outlives the page (the second sendLast sends nothing)');
  assert.equal(sent[1].keepalive, true);
  // Two requests in flight reach the LRS in no set order (Chromium may even
  // send a keepalive request again after the page unloads): the last request
  // carries the unconfirmed batch again, in order, and the LRS ignores an id it holds.
  assert.deepEqual(JSON.parse(sent[1].body).map((s) => s.n), [1, 2], 'the statements in flight, then the new ones, in order');
});

test('the last request is made once per page: after it failed (answered before pagehide), leaving again sends nothing; the device keeps it for the next page', async () => {
  const lrs = fakeLrs();
  const { queue, settle, stored } = queueWith(lrs, { list: null, unanswered: null });
  lrs.mode = 500;
  queue.stop();
  queue.push(st(1));             // terminated, say: made as the page goes away
  assert.equal(await queue.sendLast(), false, 'beforeunload: the LRS failed, and the page heard it');
  assert.equal(posts(lrs).length, 1);
  lrs.mode = 'up';
  await queue.sendLast();        // pagehide, after the answer came
  await settle();
  assert.equal(posts(lrs).length, 1, 'what the last request carried does not leave this page again, whatever the answer');
  assert.equal(lrs.statements.length, 0);
  assert.deepEqual(stored.list.map((s) => s.n), [1], 'kept on the device for the next page');
});

test('a batch in flight outlives the page (keepalive), so it reaches the LRS before the last request', async () => {
  const lrs = fakeLrs();
  const { queue, settle } = queueWith(lrs, { list: null, unanswered: null });
  const restore = unanswering(lrs, { stores: true });
  queue.push(st(1));
  await settle();
  queue.stop();
  queue.push(st(2));
  queue.sendLast();
  await settle();
  restore();
  const sent = posts(lrs);
  assert.deepEqual(sent.map((r) => r.keepalive), [true, true], 'the normal batch is not cut short with the page');
  // over the browser's keepalive budget, a batch goes as a normal request
  const big = fakeLrs();
  const second = queueWith(big, { list: null, unanswered: null });
  const inits = [];
  const orig = big.fetch;
  big.fetch = (url, init) => { inits.push(init); return orig(url, init); };
  const large = st(3);
  large.result = { response: 'x'.repeat(70000) };
  second.queue.push(large);
  await second.settle();
  assert.equal(inits.filter((i) => i.method === 'POST').at(-1).keepalive, undefined);
  assert.equal(big.statements.length, 1);
});

test('a keepalive request that fails is not sent again as a beacon; with no answer it stays unanswered, for the next page to verify', async () => {
  const lrs = fakeLrs();
  const { queue, settle, stored } = queueWith(lrs, { list: null, unanswered: null });
  lrs.mode = 'down';
  queue.push(st(1));
  await settle();
  const before = posts(lrs).length;
  // A rejected fetch is not an answer: Chromium rejects a keepalive fetch as
  // the page unloads while the request goes on to the LRS.
  assert.equal(await queue.sendLast(), 'sent');
  assert.equal(posts(lrs).length, before + 1);
  assert.equal(lrs.beacons.length, 0);
  assert.deepEqual(stored.unanswered.map((r) => r.ids), [stored.list.map((s) => s.id)], 'kept as unanswered: the next page asks the LRS first');
  // an answer, even an error, is an answer: the next page sends again without asking
  const second = fakeLrs();
  const other = queueWith(second, { list: null, unanswered: null });
  second.mode = 500;
  other.queue.stop();
  other.queue.push(st(2));
  assert.equal(await other.queue.sendLast(), false);
  assert.deepEqual(other.stored.unanswered, [], 'answered');
  assert.deepEqual(other.stored.list.map((s) => s.n), [2], 'kept on the device');
});

test("the next page asks the LRS before sending again what a page sent as it went away", async () => {
  for (const [stored, missingAs200] of [[true, false], [false, false], [false, true]]) {
    const lrs = fakeLrs();
    lrs.missingAs200 = missingAs200;   // an empty StatementResult is not the statement
    const kept = { list: null, unanswered: null };
    const first = queueWith(lrs, kept);
    first.queue.push(st(1));
    await first.settle();            // stored and answered
    const restore = unanswering(lrs, { stores: stored });
    first.queue.stop();
    first.queue.push(st(2));
    first.queue.sendLast();          // the page goes away: the answer never comes
    await first.settle();
    restore();
    assert.equal(kept.list.length, 1, 'kept on the device until confirmed');
    assert.equal(kept.unanswered.length, 1, 'and the request is remembered as unanswered');
    const second = queueWith(lrs, kept);
    second.queue.push(st(3));
    await second.settle();
    const gets = lrs.requests.filter((r) => r.path === 'statements' && r.method === 'GET');
    assert.ok(gets.length >= 1, 'asked the LRS');
    if (!stored) await second.settle(11000);   // not stored: sent again once it cannot still be on its way
    await second.settle();
    const sentAgain = posts(lrs).filter((r) => JSON.parse(r.body).some((s) => s.n === 2)).length;
    assert.equal(sentAgain, stored ? 1 : 2, stored ? 'stored: never sent twice' : 'lost: sent again');
    assert.deepEqual(lrs.statements.map((s) => s.n), [1, 2, 3], 'in order, once each');
    assert.deepEqual(kept.list, []);
    assert.deepEqual(kept.unanswered, []);
  }
});

test('flush waits while an earlier page\'s request may still be landing: no failure is reported, and it resolves true once the LRS has everything', async () => {
  for (const stored of [true, false]) {
    const lrs = fakeLrs();
    lrs.missingAs200 = true;         // as Ralph answers an id it does not hold (yet)
    const kept = { list: null, unanswered: null };
    const first = queueWith(lrs, kept);
    const restore = unanswering(lrs, { stores: false });
    first.queue.stop();
    first.queue.push(st(1));
    first.queue.sendLast();          // on its way as the page goes; the answer never comes
    await first.settle();
    restore();
    const second = queueWith(lrs, kept);
    /** @type {boolean | undefined} */
    let result;
    second.queue.flush().then((ok) => { result = ok; });
    await second.settle();           // asked the LRS: not there yet
    assert.equal(result, undefined, 'not a failure: the request may still land');
    if (stored) lrs.statements.push(kept.list[0]);   // it lands
    await second.settle(3000);
    await second.settle(11000);
    assert.equal(result, true, stored ? 'stored: confirmed' : 'lost: sent again and taken');
    assert.deepEqual(lrs.statements.map((s) => s.n), [1], 'once');
    assert.deepEqual(kept.list, []);
  }
});

test('a page left before it could check what an earlier page left unanswered sends it in its last request, in order, once', async () => {
  const lrs = fakeLrs();
  const kept = { list: null, unanswered: null };
  const first = queueWith(lrs, kept);
  const restore = unanswering(lrs, { stores: false });
  first.queue.stop();
  first.queue.push(st(1));
  first.queue.sendLast();            // lost on its way; the answer never comes
  await first.settle();
  restore();
  const second = queueWith(lrs, kept);
  second.queue.push(st(2));
  await second.settle();             // asked the LRS: not there (yet); it waits before sending again
  assert.deepEqual(lrs.statements.map((s) => s.n), [], 'nothing sent while the check is open');
  second.queue.stop();
  second.queue.push(st(3));
  assert.equal(await second.queue.sendLast(), true);
  second.queue.sendLast();
  await second.settle();
  assert.deepEqual(lrs.statements.map((s) => s.n), [1, 2, 3], 'the earlier page\'s statement first, then this page\'s');
  assert.equal(posts(lrs).length, 2, 'the lost request, then one last request');
});

test('cross-origin, leaving uses sendBeacon with the alternate request syntax, and keeps the local copy', async () => {
  const lrs = fakeLrs();
  const timers = fakeTimers();
  const stored = { list: null };
  const client = x.createClient({
    endpoint: 'https://lrs.other.example/xapi', auth: AUTH,
    env: { fetch: lrs.fetch, location: { origin: 'https://lms.example', href: 'https://lms.example/c/index.html' }, URL, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, navigator: { sendBeacon: lrs.sendBeacon }, Blob: class { constructor(p) { this.text = p.join(''); } } },
  });
  assert.equal(client.sameOrigin, false);
  const queue = x.createQueue({ client, env: timers, store: { load: () => stored.list, save: (l) => { stored.list = plain(l); } } });
  lrs.mode = 'down';
  queue.push(st(1));
  await new Promise((r) => setImmediate(r));
  lrs.mode = 'up';
  assert.equal(await queue.sendLast(), 'sent');
  const beacon = lrs.beacons[0];
  assert.equal(beacon.url, 'https://lrs.other.example/xapi/statements?method=POST', 'no other query parameter');
  const form = new URLSearchParams(beacon.text);
  assert.equal(form.get('Authorization'), AUTH);
  assert.equal(form.get('X-Experience-API-Version'), '1.0.3');
  assert.equal(form.get('Content-Type'), 'application/json');
  assert.equal(JSON.parse(form.get('content'))[0].n, 1);
  assert.equal(stored.list.length, 1, 'kept until an LRS confirms (the next launch resends; the id makes it a no-op)');
});

/* ---------- the adapter in the player ---------- */

test('an invalid launch is not tracked: the console names the parameter, never a credential', async () => {
  for (const [search, problem] of [
    [launch({ endpoint: undefined }), /endpoint is missing/],
    [launch({ actor: '{"name":"x"}' }), /actor is not an Agent/],
    [launch({ registration: 'abc' }), /registration is not a UUID/],
    [launch({ activity_id: 'not an iri' }), /activity_id is not an absolute IRI/],
    [launch({ activity_id: undefined }), /activity_id is missing/],
    [launch({ grouping: 'x y' }), /grouping is not an absolute IRI/],
    [launch({ endpoint: 'ftp://x/' }), /endpoint is not an http/],
  ]) {
    const p = await openPlayer({ search });
    assert.match(p.warnings.join('\n'), problem);
    assert.ok(!p.warnings.join('\n').includes('dXNlcjpzM2NyZXQ'), 'auth never logged');
    assert.match(p.notice(), /could not connect/);
    assert.equal(p.lrs.requests.length, 0);
  }
});

test('a session: initialized, experienced per page, answered, completed, terminated — ids, UTC timestamps, context', async () => {
  const p = await openPlayer({ search: launch({ grouping: 'https://lms.example/course/7', activity_platform: 'Moodle' }) });
  await p.click('next');
  p.cp.reportAnswer({
    questionId: 'q1', correct: true, score: 1, maxScore: 1, latencySeconds: 2,
    interaction: { xapi: { id: 'q_1', type: 'true-false', correctResponses: ['true'], learnerResponse: 'true', description: 'Is it?' } },
  });
  await p.settle();
  await p.click('next');
  await p.click('finish');
  await p.settle();
  const s = p.lrs.statements;
  assert.deepEqual(p.lrs.verbs(), ['initialized', 'experienced', 'experienced', 'answered', 'experienced', 'completed', 'terminated']);
  for (const stmt of s) {
    assert.match(stmt.id, UUID);
    assert.match(stmt.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(stmt.actor, ACTOR);
    assert.equal(stmt.context.registration, REGISTRATION);
    assert.equal(stmt.context.language, 'en-GB');
    assert.equal(stmt.context.platform, 'Moodle');
    assert.deepEqual(stmt.context.contextActivities.grouping, [{ objectType: 'Activity', id: 'https://lms.example/course/7' }]);
    assert.equal(stmt.context.contextActivities.category[0].id, 'urn:coursepack:xapi:recipe:1');
  }
  assert.equal(s[0].object.id, ACTIVITY);
  assert.equal(s[0].object.definition.type, 'http://adlnet.gov/expapi/activities/module');
  assert.equal(s[1].object.id, `${ACTIVITY}/page/welcome`);
  assert.deepEqual(s[1].context.contextActivities.parent, [{ objectType: 'Activity', id: ACTIVITY }]);
  assert.equal(s[3].object.id, `${ACTIVITY}/question/q_1`);
  assert.deepEqual(s[3].result, { response: 'true', success: true, score: { scaled: 1, raw: 1, min: 0, max: 1 }, duration: 'PT2S' });
  assert.deepEqual(s[5].result.completion, true);
  assert.match(s[5].result.duration, /^PT/);
  assert.match(s[6].result.duration, /^PT/);
  const times = s.map((t) => Date.parse(t.timestamp));
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'timestamps in order');
  assert.equal(p.notice(), 'You have completed this module.');
});

test('the declared activity ids from #cp-data are used when the launch has no activity_id', async () => {
  const p = await openPlayer({
    search: launch({ activity_id: undefined }),
    dataPatch: (d) => { d.activity = { id: ACTIVITY, questionPrefix: 'urn:coursepack:q/', courseId: 'urn:coursepack:course/c' }; },
  });
  p.cp.reportAnswer({ questionId: 'q1', correct: null, interaction: { xapi: { id: 'q1', type: 'other', correctResponses: [], learnerResponse: 'x' } } });
  await p.settle();
  const [init, , answered] = p.lrs.statements;
  assert.equal(init.object.id, ACTIVITY);
  assert.equal(answered.object.id, 'urn:coursepack:q/q1');
  assert.deepEqual(answered.context.contextActivities.grouping.map((g) => g.id), ['urn:coursepack:course/c']);
});

test('passed and failed carry the score; a new result is reported, the same one is not repeated', async () => {
  const p = await openPlayer({ search: launch(), dataPatch: (d) => { d.module.passMark = 50; d.module.completion = 'quiz-passed'; } });
  p.cp.reportScore({ raw: 1, max: 4, min: 0 });
  await p.settle();
  p.cp.reportScore({ raw: 1, max: 4, min: 0 });
  await p.settle();
  p.cp.reportScore({ raw: 3, max: 4, min: 0 });
  await p.settle();
  const verdicts = p.lrs.statements.filter((s) => /passed|failed|completed/.test(s.verb.id));
  assert.deepEqual(verdicts.map((s) => s.verb.id.split('/').pop()), ['failed', 'completed', 'passed']);
  assert.deepEqual(verdicts[0].result.score, { scaled: 0.25, raw: 1, min: 0, max: 4 });
  assert.equal(verdicts[0].result.success, false);
  assert.deepEqual(verdicts[2].result.score, { scaled: 0.75, raw: 3, min: 0, max: 4 });
  assert.equal(verdicts[2].result.success, true);
});

test('quit and resume through the State API: place, answers and what was reported come back', async () => {
  const lrs = fakeLrs();
  const local = fakeStorage();
  const first = await openPlayer({ search: launch(), lrs, local });
  first.cp.state.set('quiz', { a: [[1, 0]] });
  await first.click('next');
  await first.click('next');
  first.fire('pagehide');
  await first.settle();
  const doc = lrs.stateDoc();
  assert.equal(doc.bookmark, 'reflect');
  assert.deepEqual(doc.state.quiz, { a: [[1, 0]] });
  assert.equal(doc.reported.completed, true);
  const stateReq = lrs.requests.find((r) => r.path === 'activities/state' && r.method === 'PUT');
  assert.equal(stateReq.query.activityId, ACTIVITY);
  assert.equal(stateReq.query.registration, REGISTRATION);
  assert.deepEqual(JSON.parse(stateReq.query.agent), ACTOR);
  const second = await openPlayer({ search: launch(), lrs, local: fakeStorage() });
  assert.equal(second.$('#page-reflect').hidden, false, 'resumed on the saved page');
  assert.deepEqual(plain(second.cp.state.get('quiz')), { a: [[1, 0]] });
  await second.click('finish');
  await second.settle();
  assert.equal(lrs.verbs().filter((v) => v === 'completed').length, 1, 'completed is not reported again');
  assert.equal(lrs.verbs().filter((v) => v === 'initialized').length, 2);
  assert.equal(lrs.verbs().filter((v) => v === 'terminated').length, 2);
});

test('a reload: the first page ends its session (terminated), the reloaded one starts the next where the learner was', async () => {
  const lrs = fakeLrs();
  const local = fakeStorage();
  const session = fakeStorage();
  const first = await openPlayer({ search: launch(), lrs, local, session });
  await first.click('next');
  lrs.mode = 'down'; // the last page view and the end reach the LRS only through the reloaded page
  await first.click('next');
  first.fire('pagehide');
  await first.settle();
  lrs.mode = 'up';
  const second = await openPlayer({ search: launch(), lrs, local, session });
  await second.settle();
  assert.equal(second.$('#page-reflect').hidden, false, 'the reloaded page resumes where the learner was');
  assert.equal(lrs.stateDoc().bookmark, 'reflect', 'the state the first page kept is saved');
  second.fire('pagehide');
  await second.settle();
  const sessions = [];
  for (const v of lrs.verbs()) {
    if (v === 'initialized') sessions.push([]);
    sessions.at(-1).push(v);
  }
  assert.equal(sessions.length, 2, 'two sessions');
  for (const list of sessions) {
    assert.equal(list.filter((v) => v === 'terminated').length, 1);
    assert.equal(list.at(-1), 'terminated', 'each session ends with its terminated');
  }
  assert.deepEqual(sessions[0].filter((v) => v === 'experienced').length, 3, 'every page view of the first page is in');
  assert.equal(new Set(lrs.statements.map((s) => s.id)).size, lrs.statements.length);
  assert.equal(lrs.verbs().filter((v) => v === 'completed').length, 1, 'completed once');
});

test('a page the back/forward cache restores after its session ended loads again (a new session), a live one does not', async () => {
  const p = await openPlayer({ search: launch() });
  p.fire('pageshow', { persisted: true });
  assert.deepEqual(p.win.navigations, []);
  p.fire('pagehide', { persisted: true });
  await p.settle();
  p.fire('pageshow', { persisted: true });
  assert.deepEqual(p.win.navigations, ['reload']);
});

test('credentials are never written to local or session storage', async () => {
  const local = fakeStorage();
  const session = fakeStorage();
  const lrs = fakeLrs();
  const p = await openPlayer({ search: launch(), lrs, local, session });
  lrs.mode = 'down';
  await p.click('next');
  p.fire('pagehide');
  await p.settle();
  const everything = [...local.items.values(), ...session.items.values()].join('\n');
  assert.ok(everything.length > 0, 'the queue was stored');
  assert.ok(!everything.includes('dXNlcjpzM2NyZXQ'), 'no auth in storage');
});

test('the LRS down for part of a session: every statement arrives once, in order', async () => {
  const lrs = fakeLrs();
  const p = await openPlayer({ search: launch(), lrs });
  lrs.mode = 'down';
  await p.click('next');
  await p.settle(1000);
  lrs.mode = 500;
  await p.click('next');
  await p.settle(2000);
  lrs.mode = 'up';
  await p.settle(4000);
  await p.click('finish');
  await p.settle();
  assert.deepEqual(lrs.verbs(), ['initialized', 'experienced', 'experienced', 'experienced', 'completed', 'terminated']);
  const times = lrs.statements.map((t) => Date.parse(t.timestamp));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
});

test('the state is not overwritten when it could not be read at start', async () => {
  const lrs = fakeLrs();
  const key = [ACTIVITY, JSON.stringify(ACTOR), REGISTRATION, 'coursepack-state'].join('|');
  lrs.state.set(key, JSON.stringify({ version: 1, bookmark: 'data', state: { loc: 'data', seen: '11' }, reported: {} }));
  lrs.mode = (req) => (req.path === 'activities/state' && req.method === 'GET' ? 'down' : undefined);
  const p = await openPlayer({ search: launch(), lrs });
  for (let i = 0; i < 4; i++) await p.settle(600);
  assert.equal(lrs.requests.filter((r) => r.method === 'GET').length >= 3, true, 'tried three times');
  assert.equal(p.$('#page-welcome').hidden, false, 'started at the beginning');
  lrs.mode = 'up';
  await p.click('next');
  await p.settle();
  assert.equal(JSON.parse(lrs.state.get(key)).bookmark, 'data', 'the LRS copy was kept');
  assert.match(p.notice(), /could not be saved/);
  p.fire('pagehide');
  await p.settle();
  assert.equal(JSON.parse(lrs.state.get(key)).bookmark, 'data', 'not overwritten on leaving either');
  const record = JSON.parse(p.local.getItem(`coursepack:xapi:${ACTIVITY}|${ACTOR.mbox}|${REGISTRATION}`));
  assert.equal(record.unsaved.state.loc, 'data', 'the session state stays on the device for the next launch');
  assert.equal(record.unsaved.state.seen, '11');
});

test('a state write still on its way when the page goes may reach the LRS after the last one: any device resumes at the last place', async () => {
  for (const earlierOut of [true, false]) {
    const lrs = fakeLrs();
    const local = fakeStorage();
    const p = await openPlayer({ search: launch(), lrs, local });
    await p.settle();
    // the next normal state write is overtaken on its way: the LRS gets it after the page has gone
    let held = 0;
    if (earlierOut) lrs.mode = (req) => (req.path === 'activities/state' && req.method === 'PUT' && !req.keepalive && held++ === 0 ? 'held' : undefined);
    await p.click('next');
    await p.settle();
    const puts = () => lrs.requests.filter((r) => r.path === 'activities/state' && r.method === 'PUT');
    const normal = puts().filter((r) => !r.keepalive);
    assert.ok(normal.length > 0, 'a normal state write went');
    p.fire('pagehide');
    await p.settle();
    const last = puts().at(-1);
    assert.equal(last.keepalive, true, 'the last state went in a request that outlives the page');
    assert.equal(last.query.stateId, 'coursepack-state-last', 'to its own document');
    assert.ok(normal.every((r) => r.query.stateId === 'coursepack-state'), 'normal writes never write that one');
    const lastDoc = JSON.parse(last.body);
    assert.ok(normal.every((r) => JSON.parse(r.body).seq < lastDoc.seq), 'the last write is numbered above every earlier one');
    lrs.release();
    assert.equal(lrs.stateDoc('coursepack-state').seq < lastDoc.seq, true, 'the older document landed last');
    for (const [device, storage] of [['another device', fakeStorage()], ['the same device', local]]) {
      const again = await openPlayer({ search: launch(), lrs, local: storage });
      await again.settle();
      assert.equal(again.$(`#page-${lastDoc.bookmark}`).hidden, false, `${device} resumes where the learner left (earlier write out: ${earlierOut})`);
      again.fire('pagehide');
      await again.settle();
    }
    // a later session numbers its writes above the last one, so they win in turn
    const fresh = await openPlayer({ search: launch(), lrs, local: fakeStorage() });
    await fresh.click('next');
    await fresh.settle();
    const latest = lrs.requests.filter((r) => r.path === 'activities/state' && r.method === 'PUT').at(-1);
    assert.ok(JSON.parse(latest.body).seq > lastDoc.seq);
    assert.equal(lrs.stateDoc().seq, JSON.parse(latest.body).seq, 'the reader takes the newest write');
  }
});

test('a state this device could not save wins over the LRS copy it was based on, not over a newer one from another device', async () => {
  const lrs = fakeLrs();
  const local = fakeStorage();
  // device A: its writes fail; it keeps its state
  const a = await openPlayer({ search: launch(), lrs, local });
  await a.settle();
  lrs.mode = (req) => (req.path === 'activities/state' && req.method === 'PUT' ? 'down' : undefined);
  await a.click('next');
  await a.settle();
  const keyA = `coursepack:xapi:${ACTIVITY}|${ACTOR.mbox}|${REGISTRATION}`;
  assert.ok(JSON.parse(local.getItem(keyA)).unsaved, 'device A keeps what it could not save');
  lrs.mode = 'up';
  // device B goes further and saves (its state is numbered above A's unsaved one)
  const b = await openPlayer({ search: launch(), lrs, local: fakeStorage() });
  await b.click('next');
  await b.click('next');
  await b.settle();
  const bDoc = lrs.stateDoc();
  const aDoc = JSON.parse(local.getItem(keyA)).unsaved;
  assert.ok(bDoc.seq > aDoc.seq, `B's write ${bDoc.seq} is numbered above A's unsaved ${aDoc.seq}`);
  // back on device A: the LRS's newer state wins and A's older copy is not written over it
  const writes = lrs.requests.length;
  const again = await openPlayer({ search: launch(), lrs, local });
  await again.settle();
  assert.equal(again.$(`#page-${bDoc.bookmark}`).hidden, false, 'device A resumes where device B left');
  assert.ok(!lrs.requests.slice(writes).some((r) => r.method === 'PUT' && r.path === 'activities/state' && JSON.parse(r.body).seq <= bDoc.seq),
    'the older device copy is never written');
  assert.equal(JSON.parse(local.getItem(keyA)).unsaved, null, 'and it is dropped');
});

test('after Finish, closing the page before a failing LRS recovers sends the rest with keepalive', async () => {
  const lrs = fakeLrs();
  const inits = [];
  const fetch = lrs.fetch;
  lrs.fetch = (url, init) => { inits.push(init); return fetch(url, init); };
  const p = await openPlayer({ search: launch(), lrs });
  lrs.mode = 500;
  await p.click('next');
  await p.click('finish');
  await p.settle();
  assert.ok(!lrs.verbs().includes('terminated'), 'the LRS refused it so far');
  lrs.mode = 'up';
  p.fire('pagehide');
  await p.settle();
  assert.equal(inits.at(-1).keepalive, true);
  assert.deepEqual(lrs.verbs().slice(-1), ['terminated']);
  assert.equal(new Set(lrs.statements.map((s) => s.id)).size, lrs.statements.length);
});

test('after Finish, a page closed before the LRS answered the final state sends it in a request that outlives it: another device gets the last answers', async () => {
  const lrs = fakeLrs();
  const local = fakeStorage();
  const p = await openPlayer({ search: launch(), lrs, local });
  await p.click('next');
  await p.click('next');
  await p.settle();
  // a slow LRS: normal state writes get no answer from here on (the final one waits behind the first)
  lrs.mode = (req) => (req.path === 'activities/state' && req.method === 'PUT' && !req.keepalive ? 'never' : undefined);
  p.cp.state.set('quiz', { a: [[1, 0]] }); // the learner's last answer, just before Finish
  await p.click('finish');
  await p.settle();
  const key = `coursepack:xapi:${ACTIVITY}|${ACTOR.mbox}|${REGISTRATION}`;
  const kept = JSON.parse(local.getItem(key)).unsaved;
  assert.deepEqual(kept?.state?.quiz, { a: [[1, 0]] }, 'the device keeps the final state while the LRS has not confirmed it');
  assert.notDeepEqual(lrs.stateDoc()?.state?.quiz, { a: [[1, 0]] }, 'the LRS does not have it yet');
  lrs.mode = 'up';
  p.fire('pagehide');
  await p.settle();
  const last = lrs.requests.filter((r) => r.path === 'activities/state' && r.method === 'PUT').at(-1);
  assert.equal(last.keepalive, true, 'the final state went in a request that outlives the page');
  assert.equal(last.query.stateId, 'coursepack-state-last');
  assert.deepEqual(JSON.parse(last.body), kept);
  assert.deepEqual(lrs.stateDoc().state.quiz, { a: [[1, 0]] }, 'the LRS has the final state');
  assert.equal(lrs.requests.filter((r) => r.path === 'activities/state' && r.method === 'PUT' && r.keepalive).length, 1, 'once');
  // another device resumes with the last answers
  const other = await openPlayer({ search: launch(), lrs, local: fakeStorage() });
  assert.deepEqual(plain(other.cp.state.get('quiz')), { a: [[1, 0]] });
});

test('a module of a course package keeps its own activity id; the launched course is its parent, and the grouping of its pages and questions', async () => {
  const p = await openPlayer({
    search: launch({ activity_id: 'https://lms.example/course-7' }),
    dataPatch: (d) => {
      d.activity = { id: ACTIVITY, questionPrefix: `${ACTIVITY}/question/`, courseId: 'urn:coursepack:course/c' };
      d.course = { id: 'c', title: 'C', position: 0, count: 2 };
    },
  });
  await p.click('finish');
  await p.settle();
  const [init, page] = p.lrs.statements;
  assert.equal(init.object.id, ACTIVITY);
  assert.deepEqual(init.context.contextActivities.parent.map((g) => g.id), ['https://lms.example/course-7'], 'the course is the module\'s parent (xAPI 4.1.6.2)');
  assert.equal(init.context.contextActivities.grouping, undefined);
  assert.deepEqual(page.context.contextActivities.parent.map((g) => g.id), [ACTIVITY], 'a page\'s parent is the module');
  assert.deepEqual(page.context.contextActivities.grouping.map((g) => g.id), ['https://lms.example/course-7'], 'and the course its grouping');
  for (const s of p.lrs.statements) assert.equal(s.context.revision, '1.0.0', 'context.revision is the module version');
  const put = p.lrs.requests.find((r) => r.method === 'PUT');
  assert.equal(put.query.activityId, ACTIVITY, 'each module keeps its own state');
});

test('an answer given before the session started is sent after initialized, never with an earlier timestamp', async () => {
  const p = await openPlayer({
    search: launch(),
    beforeStart: (win) => win.coursepack.reportAnswer({
      questionId: 'q1', correct: true, timestamp: '2000-01-01T00:00:00.000Z',
      interaction: { xapi: { id: 'q1', type: 'true-false', correctResponses: ['true'], learnerResponse: 'true' } },
    }),
  });
  await p.settle();
  const verbs = p.lrs.verbs();
  assert.ok(verbs.indexOf('initialized') < verbs.indexOf('answered'));
  const times = p.lrs.statements.map((s) => Date.parse(s.timestamp));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
});
