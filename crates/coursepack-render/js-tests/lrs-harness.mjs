// A fake LRS and LMS for the xAPI and cmi5 adapter unit tests: a `fetch` and
// a `navigator.sendBeacon` that answer like an LRS (statements, State API,
// agent profiles, a cmi5 fetch URL), record every request, and can be made to
// fail (network down, HTTP 500, a 400 for one statement). The real-LRS tests
// (Ralph) are in tests/e2e; these check the adapters' logic step by step.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { parseDocument } from './dom.mjs';
import { fakeStorage, fakeTimers } from './harness.mjs';
import { readAsset } from './source.mjs';

const read = (p) => readFileSync(new URL(p, import.meta.url), 'utf8');
export const PLAYER = readAsset('player.js');
export const CORE = readAsset('adapters/xapi-core.js');
/** The TinCan launch reader the xAPI target and the course page ship after the core. */
export const TINCAN = readAsset('adapters/tincan-launch.js');
export const XAPI = readAsset('adapters/xapi.js');
export const CMI5 = readAsset('adapters/cmi5.js');
const snapshotPage = (name) => { const snap = read(`../tests/snapshots/${name}.snap`); return snap.slice(snap.indexOf('---', 4) + 4); };
export const HTML = snapshotPage('render__index_en');
/** The cmi5 package's page: the same, plus its hidden "session ended" page. */
export const CMI5_HTML = snapshotPage('render__index_cmi5');

export const ENDPOINT = 'https://lms.example/lrs/';
export const AUTH = 'Basic dXNlcjpzM2NyZXQ=';
export const ACTOR = { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.org' };
export const REGISTRATION = '6f1e0c7a-3b1d-4f6e-9a0b-2c4d5e6f7a8b';

/** Builds a launch query string from an object (values JSON-encoded when not strings). */
export function query(params) {
  return '?' + Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');
}

/**
 * The fake LRS. `mode` is read on every request: 'up', 'down' (network
 * error), a number (that HTTP status for statement POSTs), or a function
 * (req) -> status|'down'|'never'|'unanswered'|'held'|undefined for finer faults
 * ('never': not acted on and no answer; 'unanswered': acted on, no answer;
 * 'held': acted on only when the test calls `lrs.release()`, after whatever
 * came in meanwhile, and no answer: a request overtaken on its way).
 * Each recorded request says whether it was `keepalive`.
 */
export function fakeLrs({ launchData, preferences, token = 'dXNlcjpzM2NyZXQ=' } = {}) {
  const lrs = {
    mode: 'up',
    requests: [],
    statements: [],
    beacons: [],
    state: new Map(),
    fetchCalls: 0,
    fetchUsed: new Set(), // each fetch URL works once
    launchData,
    preferences,
    held: [],
  };
  const respond = (status, body = '') => Promise.resolve({
    status,
    text: () => Promise.resolve(typeof body === 'string' ? body : JSON.stringify(body)),
  });
  function handle(method, url, headers, body, init = {}) {
    const u = new URL(url);
    const path = u.pathname.replace(/^\/lrs\//, '');
    const req = { method, path, url, headers, body, query: Object.fromEntries(u.searchParams), keepalive: init.keepalive === true };
    lrs.requests.push(req);
    if (u.pathname === '/cmi5/fetch') { // one-time URLs: /cmi5/fetch?launch=<n>
      lrs.fetchCalls++;
      if (method !== 'POST') return respond(405);
      if (lrs.fetchUsed.has(u.href)) return respond(200, { 'error-code': '2', 'error-text': 'already used' });
      lrs.fetchUsed.add(u.href);
      return respond(200, { 'auth-token': token });
    }
    const mode = lrs.mode;
    if (mode === 'down') return Promise.reject(new TypeError('Failed to fetch'));
    const forced = typeof lrs.mode === 'function' ? lrs.mode(req) : (typeof lrs.mode === 'number' && path === 'statements' ? lrs.mode : undefined);
    if (forced === 'down') return Promise.reject(new TypeError('Failed to fetch'));
    // no answer, ever (a slow LRS, or a request the browser cut short when the page went)
    if (forced === 'never') return new Promise(() => {});
    // the LRS acts on it, but no answer reaches the page (it has gone)
    if (forced === 'held') {
      lrs.held.push(() => handle(method, url, headers, body, init));
      return new Promise(() => {});
    }
    if (forced === 'unanswered') {
      lrs.mode = 'up';
      try { handle(method, url, headers, body, init); } finally { lrs.mode = mode; }
      lrs.requests.pop();
      return new Promise(() => {});
    }
    if (forced) return respond(forced);
    if (path === 'statements' && method === 'GET' && req.query.statementId) {
      const found = lrs.statements.find((s) => s.id === req.query.statementId);
      if (found) return respond(200, found);
      // some LRSs (Ralph) answer an id they do not hold with an empty StatementResult
      return lrs.missingAs200 ? respond(200, { statements: [], more: '' }) : respond(404);
    }
    if (path === 'statements' && method === 'POST') {
      const list = [].concat(JSON.parse(body));
      for (const s of list) if (!lrs.statements.some((t) => t.id === s.id)) lrs.statements.push(s);
      return respond(200, list.map((s) => s.id));
    }
    if (path === 'activities/state') {
      const key = [req.query.activityId, req.query.agent, req.query.registration ?? '', req.query.stateId].join('|');
      if (req.query.stateId === 'LMS.LaunchData' && lrs.launchData) {
        if (method === 'GET') return respond(200, lrs.launchData);
        return respond(403);
      }
      if (method === 'GET') return lrs.state.has(key) ? respond(200, lrs.state.get(key)) : respond(404);
      if (method === 'PUT') { lrs.state.set(key, body); return respond(204); }
    }
    if (path === 'agents/profile') {
      return lrs.preferences ? respond(200, lrs.preferences) : respond(404);
    }
    return respond(400);
  }
  lrs.fetch = (url, init = {}) => handle(init.method || 'GET', url, { ...(init.headers || {}) }, init.body, init);
  lrs.sendBeacon = (url, data) => {
    const text = typeof data === 'string' ? data : data.text;
    lrs.beacons.push({ url, text });
    const form = new URLSearchParams(text);
    const method = new URL(url).searchParams.get('method');
    const headers = {};
    for (const h of ['Authorization', 'X-Experience-API-Version', 'Content-Type']) if (form.has(h)) headers[h] = form.get(h);
    const rest = new URL(url);
    rest.search = '';
    for (const [k, v] of form) if (!(k in headers) && k !== 'content') rest.searchParams.set(k, v);
    handle(method, rest.href, headers, form.get('content')).catch(() => {});
    return true;
  };
  /** The requests held so far reach the LRS now, in the order they came (their answers go nowhere). */
  lrs.release = () => {
    const mode = lrs.mode;
    lrs.mode = 'up';
    try { for (const act of lrs.held.splice(0)) act(); } finally { lrs.mode = mode; }
  };
  /** One State API document by `stateId`, or, without one, the learner's saved
   * state as a reader takes it: the newer (higher `seq`) of `coursepack-state`
   * and `coursepack-state-last`. */
  lrs.stateDoc = (stateId) => {
    const doc = (id) => {
      for (const [k, v] of lrs.state) if (k.endsWith(`|${id}`)) return JSON.parse(v);
      return null;
    };
    if (stateId) return doc(stateId);
    const [main, last] = [doc('coursepack-state'), doc('coursepack-state-last')];
    return main && last ? ((last.seq ?? 0) > (main.seq ?? 0) ? last : main) : main ?? last;
  };
  lrs.verbs = () => lrs.statements.map((s) => s.verb.id.split('/').pop());
  return lrs;
}

/** A Blob stand-in that keeps its text (sendBeacon bodies). */
class FakeBlob {
  constructor(parts, opts) { this.text = parts.join(''); this.type = opts?.type; }
}

/**
 * Opens the rendered page for `runtime` with `search` as the launch, player.js
 * plus the core and the adapter, on the fake LRS. Storage objects may be
 * passed in to simulate a reload on the same device.
 */
export async function openPlayer({
  runtime = 'xapi', search = '', lrs = fakeLrs(), local = fakeStorage(), session = fakeStorage(),
  origin = 'https://lms.example', html = runtime === 'cmi5' ? CMI5_HTML : HTML, dataPatch, beforeStart,
} = {}) {
  const timers = fakeTimers();
  let page = html.replace(/\{"runtime":"(web|cmi5)"/, `{"runtime":"${runtime}"`);
  if (dataPatch) {
    page = page.replace(/(<script type="application\/json" id="cp-data">)([\s\S]*?)(<\/script>)/, (all, open, json, close) => {
      const data = JSON.parse(json);
      dataPatch(data);
      return open + JSON.stringify(data).replace(/</g, '\\u003c') + close;
    });
  }
  const doc = parseDocument(page);
  const warnings = [];
  const win = {
    document: doc, Date, JSON, Promise, URL, URLSearchParams, Uint8Array, Math,
    console: { warn: (...a) => warnings.push(a.join(' ')), error: (...a) => warnings.push('ERROR ' + a.join(' ')), log() {} },
    crypto: globalThis.crypto,
    listeners: {},
    navigations: [],
    Blob: FakeBlob,
  };
  let currentHash = '';
  win.location = {
    origin,
    href: `${origin}/content/index.html${search}`,
    search,
    get hash() { return currentHash; },
    set hash(v) {
      const next = v.startsWith('#') ? v : `#${v}`;
      if (next === currentHash) return;
      currentHash = next;
      timers.setTimeout(() => fire('hashchange'), 0);
    },
    assign(url) { win.navigations.push(url); },
    replace(url) { win.navigations.push(url); },
    reload() { win.navigations.push('reload'); },
  };
  Object.defineProperty(win, 'localStorage', { get: () => local });
  Object.defineProperty(win, 'sessionStorage', { get: () => session });
  win.fetch = (...a) => lrs.fetch(...a);
  win.navigator = { sendBeacon: (...a) => lrs.sendBeacon(...a), onLine: true };
  win.setTimeout = timers.setTimeout;
  win.clearTimeout = timers.clearTimeout;
  win.scrollTo = () => {};
  win.addEventListener = (type, fn) => { (win.listeners[type] ||= []).push(fn); };
  win.window = win;
  const fire = (type, extra = {}) => (win.listeners[type] || []).forEach((fn) => fn({ type, ...extra }));
  vm.createContext(win);
  vm.runInContext(PLAYER, win, { filename: 'player.js' });
  vm.runInContext(CORE, win, { filename: 'xapi-core.js' });
  if (runtime !== 'cmi5') vm.runInContext(TINCAN, win, { filename: 'tincan-launch.js' });
  vm.runInContext(runtime === 'cmi5' ? CMI5 : XAPI, win, { filename: `${runtime}.js` });
  if (beforeStart) beforeStart(win);
  const settle = async (ms = 0) => {
    for (let i = 0; i < 8; i++) { timers.advance(ms); ms = 0; await new Promise((r) => setImmediate(r)); }
  };
  await settle();
  const $ = (sel) => doc.querySelector(sel);
  const click = async (action) => { $(`[data-action="${action}"]`).dispatch('click'); await settle(); };
  const notice = () => $('.cp-notice').textContent;
  return { win, doc, $, click, settle, fire, timers, lrs, local, session, warnings, notice, cp: win.coursepack };
}

export { fakeStorage, fakeTimers };
