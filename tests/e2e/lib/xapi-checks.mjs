// Checks shared by the xAPI and cmi5 browser tests: what a package declares
// (read from its index.html and manifest), Ralph's verdicts, and the rules
// every statement of a session must keep.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The project's one copy of the official schemas (crates/coursepack-package/xsd/README.md). */
export const SCHEMAS = path.resolve(REPO, 'crates', 'coursepack-package', 'xsd');

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$/;
export const VERB = (name) => `http://adlnet.gov/expapi/verbs/${name}`;
export const verbOf = (s) => s.verb.id.replace(/^.*\//, '');

/** #cp-data of the player page at `file`. */
export function playerData(file) {
  const html = fs.readFileSync(file, 'utf8');
  const m = /<script type="application\/json" id="cp-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, `${file} has no #cp-data`);
  return JSON.parse(m[1]);
}

/** Validate an XML file with xmllint against an XSD; fails with xmllint's words. */
export async function assertSchemaValid(xml, xsd) {
  assert.ok(fs.existsSync(xsd), `${xsd} is missing (the official schemas live in crates/coursepack-package/xsd)`);
  try {
    await run('xmllint', ['--noout', '--nonet', '--schema', xsd, xml]);
  } catch (err) {
    assert.fail(`${path.basename(xml)} is not valid against ${path.basename(xsd)}:\n${err.stderr || err.message}`);
  }
}

/** Every statement valid by Ralph's strict BaseXapiStatement model. */
export async function assertRalphValid(ralph, statements, what = '') {
  assert.ok(statements.length > 0, `${what}: no statement reached the LRS`);
  const verdicts = await ralph.validate(statements);
  const bad = verdicts.flatMap((v, i) => (v ? [`${verbOf(statements[i])} ${statements[i].id}: ${v}`] : []));
  assert.deepEqual(bad, [], `${what}: statements Ralph's BaseXapiStatement model rejects`);
}

/**
 * Rules for every statement of a session: an AU-made UUID id, unique; a UTC
 * timestamp; the launch actor; the registration; stored in the order they
 * were made (timestamps never go back in the LRS's order).
 */
export function assertSessionBasics(statements, { actor, registration }, what = '') {
  const ids = new Set();
  let last = -Infinity;
  for (const s of statements) {
    assert.match(s.id, UUID, `${what}: statement id ${s.id} is not a UUID`);
    assert.ok(!ids.has(s.id), `${what}: statement ${s.id} stored twice`);
    ids.add(s.id);
    assert.match(s.timestamp, UTC, `${what}: ${verbOf(s)} timestamp ${s.timestamp} is not UTC`);
    assert.deepEqual(stripName(s.actor), stripName(actor), `${what}: ${verbOf(s)} actor is not the launch actor`);
    if (registration) assert.equal(s.context?.registration, registration, `${what}: ${verbOf(s)} without the launch registration`);
    const t = Date.parse(s.timestamp);
    assert.ok(t >= last, `${what}: ${verbOf(s)} (${s.timestamp}) stored after a later statement: out of order`);
    last = t;
  }
}

function stripName(agent) {
  const { name, objectType, ...ifi } = agent ?? {};
  return ifi;
}

/** Parses tincan.xml's activities: [{ id, type, launch, interactionType }]. */
export function tincanActivities(xml) {
  const list = [];
  for (const m of xml.matchAll(/<activity\b([^>]*)>([\s\S]*?)<\/activity>/g)) {
    const attr = (n) => new RegExp(`\\b${n}="([^"]*)"`).exec(m[1])?.[1];
    const unescape = (s) => s?.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
    list.push({
      id: unescape(attr('id')),
      type: unescape(attr('type')),
      launch: /<launch\b/.test(m[2]),
      interactionType: /<interactionType>([^<]*)<\/interactionType>/.exec(m[2])?.[1],
    });
  }
  return list;
}

/**
 * The page session with the console errors Chromium logs for the 404s the
 * xAPI protocol expects removed: a State API document or an agent profile
 * that does not exist yet (the first launch) answers 404 by the spec.
 * Every other console error stays.
 */
export function withoutExpected404s(session) {
  const expected = /^Failed to load resource: the server responded with a status of 404 \(Not Found\) \(https?:\/\/[^/]+\/lrs\/(activities\/state|agents\/profile)\?/;
  return { ...session, consoleErrors: session.consoleErrors.filter((e) => !expected.test(e)) };
}
