// A small test LMS for xAPI (TinCan launch) and cmi5 packages, in front of a
// real LRS (Ralph, lib/ralph.mjs). One origin serves:
//
//   /content/...            the unpacked package
//   /lrs/statements         forwarded to Ralph's /xAPI/statements, headers
//                           (Authorization included) passed on verbatim; the
//                           xAPI alternate request syntax (POST ?method=) is
//                           turned into the request it stands for, as xAPI
//                           1.0.3 asks of LRSs (Ralph itself refuses it)
//   /lrs/activities/state   the State API, kept here (Ralph has none);
//                           LMS.LaunchData of each cmi5 session is read-only
//   /lrs/agents/profile     agent profiles (cmi5LearnerPreferences)
//   /lrs/about              the xAPI version
//   /cmi5/fetch/<id>        the cmi5 fetch URL: POST once for the auth token
//   /return/<id>            a cmi5 returnURL page
//
// Faults for the statements route (`lms.fault`): 'down' (the connection is
// dropped, as when the LRS is unreachable), a number (that HTTP status,
// nothing stored), { delayMs } (stored, but the answer comes late).
//
// Everything the AU does wrong on the LMS side is collected in
// `lms.violations` (a GET on the fetch URL, a second fetch, a write to
// LMS.LaunchData, a request without the xAPI version header or with another
// Authorization than the launch gave, a statement of a cmi5 session that
// reaches it after that session's terminated).

import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import { startServer, send, readBody, resolveInRoot, mimeType } from './server.mjs';

const XAPI_VERSION = '1.0.3';

/** The canonical key of an agent (its one identifier), for state keys. */
export function agentKey(agentJson) {
  let a;
  try { a = typeof agentJson === 'string' ? JSON.parse(agentJson) : agentJson; } catch { return null; }
  if (!a || typeof a !== 'object') return null;
  if (a.mbox) return `mbox:${a.mbox}`;
  if (a.mbox_sha1sum) return `sha1:${a.mbox_sha1sum}`;
  if (a.openid) return `openid:${a.openid}`;
  if (a.account) return `account:${a.account.homePage}|${a.account.name}`;
  return null;
}

const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';

function stateKey(q) {
  return [q.get('activityId'), agentKey(q.get('agent')), q.get('registration') ?? '', q.get('stateId')].join('\n');
}

/**
 * Start the LMS for the package unpacked in `root`, in front of `ralph`.
 * @param {{ root: string, ralph: Awaited<ReturnType<import('./ralph.mjs').startRalph>> }} options
 */
export async function startLms({ root, ralph }) {
  const lms = {
    fault: null,
    violations: [],
    /** every request to /lrs and /cmi5, in order: { method, path, query, status }; statement
     *  POSTs also carry `ids` (their statement ids, in order) and `verbs` (the verbs' last segment) */
    log: [],
    /** statement ids in the order the LRS accepted them (2xx from Ralph) */
    accepted: [],
    /** every statement id that reached the LMS, faults or not, in first-seen order */
    received: [],
    receivedStatements: [],
    /** cmi5 session ids whose terminated has reached the LMS */
    terminatedSessions: new Set(),
    state: new Map(),
    profiles: new Map(),
    sessions: new Map(),
    server: null,
    inFlight: 0,
    lastActivity: 0,
  };

  function expectHeaders(req, route, auth) {
    if (req.headers['x-experience-api-version'] !== XAPI_VERSION) {
      lms.violations.push(`${req.method} ${route} without X-Experience-API-Version: ${XAPI_VERSION}`);
    }
    if (auth !== undefined && req.headers.authorization !== auth) {
      lms.violations.push(`${req.method} ${route} with an Authorization the launch did not give`);
      return false;
    }
    return true;
  }

  /** Applies the alternate request syntax: returns { method, query, headers, body }. */
  async function effectiveRequest(req, url) {
    const body = await readBody(req);
    const alt = url.searchParams.get('method');
    if (req.method !== 'POST' || !alt) {
      return { method: req.method, query: url.searchParams, headers: req.headers, body, alternate: false };
    }
    if ([...url.searchParams.keys()].some((k) => k !== 'method')) {
      lms.violations.push('alternate request syntax with other query parameters');
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const headers = {};
    const query = new URLSearchParams();
    for (const [k, v] of form) {
      const lower = k.toLowerCase();
      if (['authorization', 'x-experience-api-version', 'content-type', 'if-match', 'if-none-match'].includes(lower)) headers[lower] = v;
      else if (k !== 'content') query.set(k, v);
    }
    return { method: alt.toUpperCase(), query, headers, body: Buffer.from(form.get('content') ?? '', 'utf8'), alternate: true };
  }

  async function statementsRoute(req, res, ctx) {
    lms.inFlight++;
    lms.lastActivity = Date.now();
    try {
      await forwardStatements(req, res, ctx);
    } finally {
      lms.inFlight--;
      lms.lastActivity = Date.now();
    }
  }

  async function forwardStatements(req, res, { url }) {
    const r = await effectiveRequest(req, url);
    const fault = lms.fault;
    let count = 0;
    try { count = [].concat(JSON.parse(r.body.toString('utf8'))).length; } catch { count = -1; }
    const entry = { method: r.method, path: '/lrs/statements', alternate: r.alternate, status: 0, count, at: Date.now(), ids: [], verbs: [] };
    if (r.method === 'GET') entry.statementId = r.query.get('statementId');
    try {
      for (const s of [].concat(JSON.parse(r.body.toString('utf8')))) {
        entry.ids.push(s?.id);
        entry.verbs.push(String(s?.verb?.id ?? '').split('/').pop());
      }
    } catch { /* not a statement list */ }
    lms.log.push(entry);
    expectHeaders({ method: r.method, headers: r.headers }, '/lrs/statements');
    if (r.method !== 'GET') {
      try {
        for (const s of [].concat(JSON.parse(r.body.toString('utf8')))) {
          if (s?.id && !lms.received.includes(s.id)) {
            lms.received.push(s.id);
            lms.receivedStatements.push(s);
            // cmi5 9.3.8: a statement of a session after its terminated (an LMS
            // must reject it); one sent again with the same id is not new
            const sessionId = s.context?.extensions?.[SESSION_ID];
            if (sessionId && lms.terminatedSessions.has(sessionId)) {
              lms.violations.push(`${s.verb?.id} ${s.id} after terminated in session ${sessionId}`);
            }
            if (sessionId && s.verb?.id === 'http://adlnet.gov/expapi/verbs/terminated') lms.terminatedSessions.add(sessionId);
          }
        }
      } catch { /* not JSON: Ralph will say so */ }
    }
    if (fault === 'down') {
      entry.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'number') {
      entry.status = fault;
      return send(res, fault, { error: 'fault injected by the test LMS' });
    }
    const target = new URL(`${ralph.url}/xAPI/statements`);
    for (const [k, v] of r.query) target.searchParams.set(k, v);
    const headers = { 'X-Experience-API-Version': r.headers['x-experience-api-version'] ?? '' };
    if (r.headers.authorization) headers.Authorization = r.headers.authorization;
    if (r.body.length) headers['Content-Type'] = r.headers['content-type'] ?? 'application/json';
    const answer = await fetch(target, { method: r.method, headers, body: r.body.length ? r.body : undefined });
    const text = await answer.text();
    entry.status = answer.status;
    if (answer.ok && r.method !== 'GET') {
      try {
        const sent = [].concat(JSON.parse(r.body.toString('utf8')));
        for (const s of sent) if (s && s.id && !lms.accepted.includes(s.id)) lms.accepted.push(s.id);
      } catch { /* Ralph accepted it, so it was JSON */ }
    }
    if (fault && typeof fault === 'object' && fault.delayMs) await new Promise((r2) => setTimeout(r2, fault.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, {
      'Content-Type': answer.headers.get('content-type') ?? 'application/json',
      'X-Experience-API-Version': XAPI_VERSION,
      'Cache-Control': 'no-store',
    });
    res.end(text);
  }

  async function stateRoute(req, res, { url }) {
    const r = await effectiveRequest(req, url);
    const q = r.query;
    const entry = { method: r.method, path: '/lrs/activities/state', stateId: q.get('stateId'), status: 0 };
    lms.log.push(entry);
    const authOk = expectHeaders({ method: r.method, headers: r.headers }, `/lrs/activities/state (${q.get('stateId')})`, ralph.basicAuth);
    const reply = (status, body) => { entry.status = status; return send(res, status, body ?? ''); };
    if (!authOk) return reply(401, { error: 'unauthorised' });
    if (!q.get('activityId') || !agentKey(q.get('agent')) || !q.get('stateId')) return reply(400, { error: 'activityId, agent and stateId are required' });
    const key = stateKey(q);
    if (q.get('stateId') === 'LMS.LaunchData') {
      if (r.method !== 'GET') {
        lms.violations.push(`${r.method} LMS.LaunchData (the AU must never modify it)`);
        return reply(403, { error: 'LMS.LaunchData is read-only' });
      }
    }
    if (r.method === 'GET') {
      if (!lms.state.has(key)) return reply(404, { error: 'no such document' });
      entry.status = 200;
      return send(res, 200, lms.state.get(key), 'application/json');
    }
    if (r.method === 'PUT' || r.method === 'POST') {
      const text = r.body.toString('utf8');
      try { JSON.parse(text); } catch { return reply(400, { error: 'not JSON' }); }
      if (r.method === 'POST' && lms.state.has(key)) {
        lms.state.set(key, JSON.stringify({ ...JSON.parse(lms.state.get(key)), ...JSON.parse(text) }));
      } else {
        lms.state.set(key, text);
      }
      return reply(204);
    }
    if (r.method === 'DELETE') { lms.state.delete(key); return reply(204); }
    return reply(405);
  }

  async function profileRoute(req, res, { url }) {
    const r = await effectiveRequest(req, url);
    const q = r.query;
    const entry = { method: r.method, path: '/lrs/agents/profile', profileId: q.get('profileId'), status: 0 };
    lms.log.push(entry);
    const authOk = expectHeaders({ method: r.method, headers: r.headers }, '/lrs/agents/profile', ralph.basicAuth);
    const reply = (status, body) => { entry.status = status; return send(res, status, body ?? ''); };
    if (!authOk) return reply(401, { error: 'unauthorised' });
    const key = `${agentKey(q.get('agent'))}\n${q.get('profileId')}`;
    if (r.method === 'GET') {
      if (!lms.profiles.has(key)) return reply(404, { error: 'no such profile' });
      entry.status = 200;
      return send(res, 200, lms.profiles.get(key), 'application/json');
    }
    return reply(403, { error: 'profiles are read-only here' });
  }

  async function fetchRoute(req, res, { url }) {
    const id = url.pathname.split('/').pop();
    const session = lms.sessions.get(id);
    const entry = { method: req.method, path: '/cmi5/fetch', status: 0 };
    lms.log.push(entry);
    if (!session) { entry.status = 404; return send(res, 404, 'no such session'); }
    if (req.method !== 'POST') {
      lms.violations.push(`${req.method} on the fetch URL (cmi5 requires POST)`);
      entry.status = 405;
      return send(res, 405, 'POST only', undefined, { Allow: 'POST' });
    }
    session.fetchCalls++;
    entry.status = 200;
    if (session.fetchCalls > 1) {
      lms.violations.push('the fetch URL was called more than once');
      return send(res, 200, { 'error-code': '1', 'error-text': 'The fetch URL has already been used' });
    }
    return send(res, 200, { 'auth-token': ralph.basicAuth.replace(/^Basic /, '') });
  }

  lms.server = await startServer({
    routes: {
      '/content/*': async (req, res, { url }) => {
        const rel = url.pathname.replace(/^\/content/, '') || '/';
        const file = resolveInRoot(await fsp.realpath(root), rel.endsWith('/') ? `${rel}index.html` : rel);
        const data = file && (await fsp.readFile(file).catch(() => null));
        if (!data) return send(res, 404, 'not found\n');
        return send(res, 200, data, mimeType(file));
      },
      '/lrs/statements': statementsRoute,
      '/lrs/activities/state': stateRoute,
      '/lrs/agents/profile': profileRoute,
      'GET /lrs/about': (req, res) => send(res, 200, { version: [XAPI_VERSION] }),
      '/cmi5/fetch/*': fetchRoute,
      'GET /return/*': (req, res) => send(res, 200, '<!doctype html><html lang="en"><title>LMS</title><main><h1>Back in the LMS</h1></main></html>', 'text/html; charset=utf-8'),
    },
  });
  lms.origin = lms.server.origin;
  lms.endpoint = `${lms.origin}/lrs/`;
  lms.url = (p) => `${lms.origin}/content/${p.replace(/^\/+/, '')}`;

  /**
   * A TinCan launch URL for `file` (relative to the package root).
   * @param {{ actor: object, registration?: string, activityId?: string, grouping?: string, auth?: string, file?: string, extra?: Record<string,string> }} o
   */
  lms.tincanLaunch = (o) => {
    const q = new URLSearchParams();
    q.set('endpoint', lms.endpoint);
    q.set('auth', o.auth ?? ralph.basicAuth);
    q.set('actor', JSON.stringify(o.actor));
    if (o.registration) q.set('registration', o.registration);
    if (o.activityId) q.set('activity_id', o.activityId);
    if (o.grouping) q.set('grouping', o.grouping);
    for (const [k, v] of Object.entries(o.extra ?? {})) q.set(k, v);
    return `${lms.url(o.file ?? 'index.html')}?${q}`;
  };

  /**
   * A new cmi5 session (one launch) of the AU at `file`: registers its fetch
   * URL and LMS.LaunchData, and returns the launch URL and what was set up.
   */
  lms.cmi5Launch = (o) => {
    const id = crypto.randomUUID();
    const sessionId = crypto.randomUUID();
    const registration = o.registration ?? crypto.randomUUID();
    const activityId = o.activityId ?? `https://lms.example/activities/${crypto.randomUUID()}`;
    const returnURL = o.returnURL === undefined ? `${lms.origin}/return/${id}` : o.returnURL;
    const launchData = {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: 'Activity', id: o.publisherId }] },
        extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sessionId },
      },
      launchMode: o.launchMode ?? 'Normal',
      moveOn: o.moveOn ?? 'CompletedAndPassed',
    };
    if (o.masteryScore !== undefined) launchData.masteryScore = o.masteryScore;
    if (returnURL) launchData.returnURL = returnURL;
    const q = new URLSearchParams({ agent: JSON.stringify(o.actor), activityId, registration, stateId: 'LMS.LaunchData' });
    lms.state.set(stateKey(q), JSON.stringify(launchData));
    if (o.preferences) {
      lms.profiles.set(`${agentKey(o.actor)}\ncmi5LearnerPreferences`, JSON.stringify(o.preferences));
    }
    const session = { id, sessionId, registration, activityId, launchData, fetchCalls: 0, returnURL };
    lms.sessions.set(id, session);
    const launch = new URLSearchParams({
      endpoint: lms.endpoint,
      fetch: `${lms.origin}/cmi5/fetch/${id}`,
      actor: JSON.stringify(o.actor),
      registration,
      activityId,
    });
    session.url = `${lms.url(o.file ?? 'index.html')}${o.file?.includes('?') ? '&' : '?'}${launch}`;
    return session;
  };

  /**
   * The State API document `stateId` of an activity, agent and registration, parsed, or null;
   * without `stateId`, the learner's saved state as the player reads it: the newer (higher `seq`)
   * of `coursepack-state` (normal writes) and `coursepack-state-last` (a page's last write).
   */
  lms.stateDoc = ({ activityId, actor, registration = '', stateId }) => {
    const one = (id) => {
      const q = new URLSearchParams({ activityId, agent: JSON.stringify(actor), registration, stateId: id });
      const text = lms.state.get(stateKey(q));
      return text ? JSON.parse(text) : null;
    };
    if (stateId) return one(stateId);
    const [main, last] = [one('coursepack-state'), one('coursepack-state-last')];
    return main && last ? ((last.seq ?? 0) > (main.seq ?? 0) ? last : main) : main ?? last;
  };

  /**
   * Resolves once no statement request has been in progress for `quietMs`
   * (a request the page sent as it went away may still be on its way: a
   * real browser keeps it going after the tab closes, a test's closing
   * context would cut it).
   */
  lms.idle = async (quietMs = 400, maxMs = 30000) => {
    const end = Date.now() + maxMs;
    while (Date.now() < end) {
      if (lms.inFlight === 0 && Date.now() - lms.lastActivity >= quietMs) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  /**
   * Resolves once a statement matching `pred` has reached the LMS (whatever
   * the LRS then said), then waits for the LMS to be idle. A test that closes
   * the browser context right after the page went away would otherwise cut
   * the request the page sent as it left, which a real browser completes.
   */
  lms.waitForStatement = async (pred, maxMs = 30000) => {
    const end = Date.now() + maxMs;
    while (Date.now() < end && !lms.receivedStatements.some(pred)) await new Promise((r) => setTimeout(r, 50));
    await lms.idle();
  };

  lms.close = () => lms.server.close();
  return lms;
}
