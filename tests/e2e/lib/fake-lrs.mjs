// A fake LRS for tests that need an xAPI or cmi5 package to run without a
// real one (the benchmark, the screenshot tests): it answers what the
// xAPI and cmi5 adapters ask for (statements, the State API, agent profiles,
// LMS.LaunchData), keeps the statements it is sent so that it answers
// statements?statementId= as an LRS does, and records every request. Tests
// of what the LRS stores use Ralph (lib/ralph.mjs) instead.
//
//   const lrs = fakeLrs();                       // served under /__bench/lrs/
//   startServer({ root, routes: { '/__bench/lrs/*': lrs.handler } });

import { randomUUID } from 'node:crypto';

import { readBody, send } from './server.mjs';

/**
 * A fake LRS that answers what the xAPI and cmi5 adapters ask for and records every request.
 * Writes (statements, state and profile documents) are what the report counts as commits.
 */
export function fakeLrs({ prefix = '/__bench/lrs/' } = {}) {
  const log = [];
  const documents = new Map();
  /** @type {Map<string, Record<string, unknown>>} statements stored, by id */
  const statements = new Map();
  const launchData = (activityId) => ({
    contextTemplate: {
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': randomUUID() },
      contextActivities: { grouping: [{ id: activityId, objectType: 'Activity' }] },
    },
    launchMode: 'Normal',
    moveOn: 'CompletedOrPassed',
    returnURL: null,
  });
  const handler = async (req, res, { url }) => {
    const resource = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const body = await readBody(req);
    const entry = { method: req.method, resource, statements: 0 };
    if (resource.startsWith('statements') && body.length) {
      try {
        const parsed = JSON.parse(body.toString('utf8'));
        entry.statements = Array.isArray(parsed) ? parsed.length : 1;
      } catch {
        entry.statements = 1;
      }
    }
    log.push(entry);
    const docKey = `${resource}?${[...url.searchParams.entries()].filter(([k]) => k !== 'since').map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
    if (resource === 'about') return send(res, 200, { version: ['1.0.3'] });
    if (resource.startsWith('statements')) {
      if (req.method === 'POST' || req.method === 'PUT') {
        const list = parsedStatements(body);
        if (req.method === 'PUT' && list.length === 1 && !list[0].id) list[0].id = url.searchParams.get('statementId');
        const ids = list.map((s) => (typeof s.id === 'string' ? s.id : randomUUID()));
        list.forEach((s, i) => { if (!statements.has(ids[i])) statements.set(ids[i], s); });
        return req.method === 'PUT' ? send(res, 204) : send(res, 200, ids);
      }
      // as a real LRS answers statements?statementId=: the statement, or 404
      const id = url.searchParams.get('statementId');
      if (id) return statements.has(id) ? send(res, 200, statements.get(id)) : send(res, 404, 'not found\n');
      return send(res, 200, { statements: [], more: '' });
    }
    if (resource.startsWith('activities/state') || resource.startsWith('agents/profile') || resource.startsWith('activities/profile')) {
      if (req.method === 'GET') {
        if (documents.has(docKey)) return send(res, 200, documents.get(docKey), 'application/json');
        if (url.searchParams.get('stateId') === 'LMS.LaunchData') {
          return send(res, 200, launchData(url.searchParams.get('activityId') || ''));
        }
        return send(res, 404, 'not found\n');
      }
      if (req.method === 'PUT' || req.method === 'POST') {
        documents.set(docKey, body);
        return send(res, 204);
      }
      if (req.method === 'DELETE') {
        documents.delete(docKey);
        return send(res, 204);
      }
    }
    return send(res, 404, 'no such LRS resource\n');
  };
  return { log, handler, reset: () => log.splice(0) };
}

/** The statements of a POST or PUT body (one or a list); none when it is not JSON. */
function parsedStatements(body) {
  try {
    const parsed = JSON.parse(body.toString('utf8'));
    return (Array.isArray(parsed) ? parsed : [parsed]).filter((s) => s && typeof s === 'object');
  } catch {
    return [];
  }
}

