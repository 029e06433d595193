// The course page script (assets/course.js): passes the launch query string
// on to every module link, never throws into the page, and (with player.js and
// xapi-core.js before it, as course.js ships) reports on the course activity
// and keeps the course order, against a fake LRS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { readAsset } from './source.mjs';
import { parseDocument } from './dom.mjs';
import { fakeStorage, fakeTimers } from './harness.mjs';
import { ACTOR, AUTH, ENDPOINT, PLAYER, CORE, TINCAN, REGISTRATION, fakeLrs, query } from './lrs-harness.mjs';

const source = readAsset('course.js');

// A document holding links with the given hrefs; `readyState` as given.
function page(hrefs, readyState = 'complete') {
  const listeners = {};
  const links = hrefs.map((href) => {
    const attrs = { href, 'data-module-link': '' };
    return {
      attrs,
      getAttribute: (name) => (name in attrs ? attrs[name] : null),
      setAttribute: (name, value) => { attrs[name] = String(value); },
    };
  });
  return {
    links,
    listeners,
    readyState,
    querySelectorAll: (selector) => (selector === 'a[data-module-link]' ? links : []),
    addEventListener: (type, fn) => { listeners[type] = fn; },
  };
}

function run({ document, search }) {
  const win = { document, location: { search } };
  win.window = win;
  vm.createContext(win);
  vm.runInContext(source, win, { filename: 'course.js' });
  return win;
}

test('module links get the launch parameters', () => {
  const document = page(['intro/index.html', '2-check/index.html']);
  const search = '?endpoint=https%3A%2F%2Flrs.example%2FxAPI%2F&auth=Basic%20abc&actor=%7B%7D&registration=r-1';
  run({ document, search });
  assert.deepEqual(document.links.map((l) => l.attrs.href), [`intro/index.html${search}`, `2-check/index.html${search}`]);
});

test('links are rewritten once the document has loaded', () => {
  const document = page(['intro/index.html'], 'loading');
  run({ document, search: '?a=1' });
  assert.equal(document.links[0].attrs.href, 'intro/index.html');
  document.listeners.DOMContentLoaded();
  assert.equal(document.links[0].attrs.href, 'intro/index.html?a=1');
});

test('no query string leaves the links alone', () => {
  for (const search of ['', '?']) {
    const document = page(['intro/index.html']);
    run({ document, search });
    assert.equal(document.links[0].attrs.href, 'intro/index.html');
  }
});

test('withQuery keeps an existing query and a fragment', () => {
  const { withQuery } = run({ document: undefined, search: '' }).coursepackCourse;
  assert.equal(withQuery('m/index.html', '?a=1'), 'm/index.html?a=1');
  assert.equal(withQuery('m/index.html?x=2', '?a=1'), 'm/index.html?x=2&a=1');
  assert.equal(withQuery('m/index.html?', '?a=1'), 'm/index.html?a=1');
  assert.equal(withQuery('m/index.html#page-two', '?a=1'), 'm/index.html?a=1#page-two');
  assert.equal(withQuery('m/index.html', 'a=1'), 'm/index.html?a=1');
});

test('a failing document does not throw into the page', () => {
  const document = page(['intro/index.html']);
  document.querySelectorAll = () => { throw new Error('boom'); };
  assert.doesNotThrow(() => run({ document, search: '?a=1' }));
});

/* ---------- tracking the course (with the player core and the xAPI client, as course.js ships) ---------- */


const COURSE = 'https://lms.example/course/7';
const MODULES = [
  { id: 'intro', title: 'Introduction', activityId: 'urn:x:module/intro', assessed: false },
  { id: 'check', title: 'Check', activityId: 'urn:x:module/check', assessed: true },
  { id: 'next', title: 'Next steps', activityId: 'urn:x:module/next', assessed: false },
];

function coursePage() {
  const data = {
    course: { id: 'c', version: '2.1.0', title: 'The course', language: 'en-GB', activityId: 'urn:x:course/c' },
    modules: MODULES,
    strings: { course_module_done: 'Completed', course_module_locked: 'Opens when you have completed “{module}”.' },
    generator: 'coursepack 9.9.9',
  };
  return `<!doctype html><html lang="en-GB"><body><main id="cp-main"><ol class="cp-course-modules">${
    MODULES.map((m) => `<li><a href="${m.id}/index.html" data-module-link="">${m.title}</a><p>About ${m.title}.</p></li>`).join('')
  }</ol></main><script type="application/json" id="cp-course-data">${JSON.stringify(data)}</script></body></html>`;
}

/** The course page with player.js, xapi-core.js and course.js run in it; `reported[moduleId]` seeds the LRS. */
async function openCourse({ reported = {}, device = {}, lrs = fakeLrs(), storage = fakeStorage() } = {}) {
  const timers = fakeTimers();
  /** @type {Record<string, Function[]>} */
  const listeners = {};
  const agent = JSON.stringify(ACTOR);
  for (const [id, rep] of Object.entries(reported)) {
    const m = MODULES.find((x) => x.id === id);
    lrs.state.set([m.activityId, agent, REGISTRATION, 'coursepack-state'].join('|'), JSON.stringify({ version: 1, state: {}, reported: rep }));
  }
  for (const [id, rep] of Object.entries(device)) {
    const m = MODULES.find((x) => x.id === id);
    storage.setItem(`coursepack:xapi:${m.activityId}|${ACTOR.mbox}|${REGISTRATION}`, JSON.stringify({ queue: [], reported: rep }));
  }
  const doc = parseDocument(coursePage());
  const search = query({ endpoint: ENDPOINT, auth: AUTH, actor: ACTOR, registration: REGISTRATION, activity_id: COURSE });
  const win = {
    document: doc, console: { ...console, warn() {} }, Date, JSON, Promise, URL, fetch: lrs.fetch, crypto: globalThis.crypto,
    location: { search, href: `https://lms.example/c/index.html${search}`, origin: 'https://lms.example', hash: '' },
    setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
    addEventListener(type, fn) { (listeners[type] ??= []).push(fn); },
  };
  Object.defineProperty(win, 'localStorage', { get: () => storage });
  win.window = win;
  vm.createContext(win);
  for (const [src, name] of [[PLAYER, 'player.js'], [CORE, 'xapi-core.js'], [TINCAN, 'tincan-launch.js'], [source, 'course.js']]) vm.runInContext(src, win, { filename: name });
  const settle = async () => { for (let i = 0; i < 12; i++) { timers.advance(2000); await new Promise((r) => setImmediate(r)); } };
  await settle();
  const items = doc.querySelectorAll('li');
  const leave = async () => { for (const fn of listeners.pagehide ?? []) fn({ persisted: false }); await settle(); };
  return { doc, lrs, items, settle, leave, verbs: () => lrs.statements.map((s) => s.verb.id.split('/').pop()) };
}

test('course order: a module opens once every module before it is complete', () => {
  const run1 = run({ document: page([]), search: '' });
  const lockedBy = (c) => [...run1.coursepackCourse.lockedBy(c)];
  assert.deepEqual(lockedBy([false, false, false]), [null, 0, 0]);
  assert.deepEqual(lockedBy([true, false, false]), [null, null, 1]);
  assert.deepEqual(lockedBy([true, true, true]), [null, null, null]);
  assert.deepEqual(lockedBy([true, false, true]), [null, null, 1], 'a later module done elsewhere does not open the gap');
});

test('the course page reports initialized on the course activity, once per registration, and locks what comes after an unfinished module', async () => {
  const lrs = fakeLrs();
  const storage = fakeStorage();
  const p = await openCourse({ lrs, storage, reported: { intro: { completed: true } } });
  assert.deepEqual(p.verbs(), ['initialized']);
  const init = p.lrs.statements[0];
  assert.equal(init.object.id, COURSE, 'about the launched course activity');
  assert.equal(init.object.definition.type, 'http://adlnet.gov/expapi/activities/course');
  assert.equal(init.context.registration, REGISTRATION);
  assert.equal(init.context.revision, '2.1.0');
  assert.equal(init.context.platform, 'coursepack 9.9.9');
  const [intro, check, next] = p.items;
  assert.match(intro.textContent, /✓ Completed/);
  assert.ok(check.querySelector('a[data-module-link]'), 'the next module to do is a link');
  assert.equal(next.querySelector('a'), null, 'a module after an unfinished one is not a link');
  assert.match(next.textContent, /Next steps.*Opens when you have completed “Check”\./);
  assert.equal(p.doc.documentElement.getAttribute('data-cp-course'), 'settled', 'the page says it shows what the LRS said');
  const again = await openCourse({ lrs, storage, reported: { intro: { completed: true } } });
  assert.deepEqual(again.verbs(), ['initialized'], 'opening the course page again sends nothing new');
});

test('a module\'s state is the newer of its two documents: a last write that beat an older normal one to the LRS counts', async () => {
  const lrs = fakeLrs();
  const agent = JSON.stringify(ACTOR);
  const key = (m, id) => [m.activityId, agent, REGISTRATION, id].join('|');
  for (const m of MODULES) {
    // the module was completed on its last page: that write went in the page's last request, to its own
    // document; an older normal write (not yet complete) reached the LRS after it
    lrs.state.set(key(m, 'coursepack-state-last'), JSON.stringify({ version: 1, seq: 8, state: {}, reported: { completed: true } }));
    lrs.state.set(key(m, 'coursepack-state'), JSON.stringify({ version: 1, seq: 7, state: {}, reported: {} }));
  }
  const p = await openCourse({ lrs });
  assert.deepEqual(p.verbs(), ['initialized', 'completed'], 'every module counts as complete');
  // and the other way round: a newer normal write wins over an old last one
  const lrs2 = fakeLrs();
  for (const m of MODULES) {
    lrs2.state.set(key(m, 'coursepack-state-last'), JSON.stringify({ version: 1, seq: 2, state: {}, reported: { completed: true } }));
    lrs2.state.set(key(m, 'coursepack-state'), JSON.stringify({ version: 1, seq: 5, state: {}, reported: m.id === 'intro' ? {} : { completed: true } }));
  }
  const q = await openCourse({ lrs: lrs2 });
  assert.deepEqual(q.verbs(), ['initialized'], 'the newer document says the first module is not complete');
});

test('completed once every module is complete; passed once every assessed module passed too', async () => {
  const lrs = fakeLrs();
  const storage = fakeStorage();
  const p = await openCourse({ lrs, storage, reported: { intro: { completed: true }, check: { completed: true, failed: true } }, device: { next: { completed: true } } });
  assert.deepEqual(p.verbs(), ['initialized', 'completed'], 'the last module counts from this device before the LRS has its document');
  assert.ok(p.items.every((li) => li.querySelector('a[data-module-link]')));
  const later = await openCourse({ lrs, storage, reported: { intro: { completed: true }, check: { completed: true, passed: true }, next: { completed: true } } });
  assert.deepEqual(later.verbs(), ['initialized', 'completed', 'passed'], 'completed is not sent twice; passed once earned');
  const passed = later.lrs.statements[2];
  assert.equal(passed.object.id, COURSE);
  assert.equal(passed.result.success, true);
});

test('when the LRS cannot be read, nothing is locked', async () => {
  const lrs = fakeLrs();
  lrs.mode = (req) => (req.path === 'activities/state' && req.method === 'GET' && !req.query.activityId.includes('course') ? 500 : undefined);
  const p = await openCourse({ lrs });
  assert.ok(p.items.every((li) => li.querySelector('a[data-module-link]')), 'every module stays a link');
  assert.equal(p.doc.documentElement.getAttribute('data-cp-course'), 'settled');
  assert.ok(!p.verbs().includes('completed'));
});

/* The learner opens a module at once: the page goes before the LRS has said
 * what the modules' states are. What the page sent in requests that outlive it
 * arrives, but no answer reaches the page; a normal request it started is cut
 * short with it. */
const leftAtOnce = (req) => {
  if (req.method === 'GET' && req.path === 'activities/state' && !req.query.activityId.startsWith(COURSE)) return 'never';
  if (req.method !== 'GET') return req.keepalive ? 'unanswered' : 'never';
  return undefined;
};

test('initialized once per registration even when the learner leaves the course page at once, then comes back on another device', async () => {
  const lrs = fakeLrs();
  lrs.mode = leftAtOnce;
  const first = await openCourse({ lrs });
  assert.deepEqual(first.verbs(), ['initialized']);
  assert.equal(first.doc.documentElement.getAttribute('data-cp-course'), null, 'the page had not settled when the learner left');
  const put = lrs.requests.find((r) => r.method === 'PUT' && r.path === 'activities/state');
  assert.ok(put && put.keepalive, 'the course state document went in a request that outlives the page');
  assert.equal(JSON.parse(put.body).reported.initialized, true);
  lrs.mode = 'up';
  const elsewhere = await openCourse({ lrs, storage: fakeStorage() });
  assert.deepEqual(elsewhere.verbs(), ['initialized'], 'another device reads the mark from the LRS and sends nothing new');
});

test('initialized once per registration on this device even when the LRS never took the course state document', async () => {
  const lrs = fakeLrs();
  const storage = fakeStorage();
  lrs.mode = (req) => (req.method === 'PUT' ? 'down' : leftAtOnce(req));
  const first = await openCourse({ lrs, storage });
  assert.deepEqual(first.verbs(), ['initialized']);
  lrs.mode = (req) => (req.method === 'PUT' ? 'down' : undefined);
  const again = await openCourse({ lrs, storage });
  assert.deepEqual(again.verbs(), ['initialized'], 'the device kept the mark with the statement it queued');
});

test('the course page closed as soon as it shows what was earned still sends completed and passed (they wait behind initialized)', async () => {
  const lrs = fakeLrs();
  // the LRS takes initialized, but its answer has not reached the page when the learner closes it
  let first = true;
  lrs.mode = (req) => {
    if (req.method === 'POST' && req.path === 'statements' && first) { first = false; return 'unanswered'; }
    return undefined;
  };
  const p = await openCourse({ lrs, reported: { intro: { completed: true }, check: { completed: true, passed: true }, next: { completed: true } } });
  assert.equal(p.doc.documentElement.getAttribute('data-cp-course'), 'settled');
  assert.deepEqual(p.verbs(), ['initialized'], 'completed and passed wait for the answer to initialized');
  await p.leave();
  assert.deepEqual(p.verbs(), ['initialized', 'completed', 'passed'], 'sent as the page went, in order, once each');
  const last = lrs.requests.filter((r) => r.method === 'POST' && r.path === 'statements').at(-1);
  assert.equal(last.keepalive, true, 'in a request that outlives the page');
});
