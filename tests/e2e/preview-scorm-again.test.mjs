// The preview's LMS-side SCORM API against npm scorm-again on a whole
// play-through: a shipped module, built for SCORM 1.2 and 2004, is played in
// the preview (every page, every question answered, Finish); the calls the
// package made, as the inspector recorded them, are then made again in the
// same order on scorm-again, started with the same run-time data. Every call
// must get the same result and error code, and at the end both LMSs must
// hold the same data model. (The table of bad calls is in
// crates/coursepack-preview/js-tests/scorm-api.test.mjs.)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { after } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { closeBrowser, openPage } from './lib/browser.mjs';
import { playerData, walkModule } from './lib/learner.mjs';
import { packageFrame, startPreview, waitForCall } from './lib/preview.mjs';
import { test } from './lib/test.mjs';
import { waitUntil } from './lib/wait.mjs';

after(closeBrowser);

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const ROOT = here('../../');
const MODULE = path.join(ROOT, 'modules-src/digital-leadership-for-libraries/digital-leadership');
const SCORM_AGAIN = here('./node_modules/scorm-again/dist/esm/');

/** The preview's scorm-api.js, run as the browser runs it, for its `nextLaunch`. */
function previewLms() {
  const sandbox = { console };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(path.join(ROOT, 'crates/coursepack-preview/assets/scorm-api.js'), 'utf8'), sandbox);
  return sandbox.CoursepackScormLms;
}

/** Flat `cmi.a.b` keys → the nested object scorm-again's loadFromJSON takes (relative to `cmi`). */
function nest(flat) {
  const out = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.replace(/^cmi\./, '').split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) at = at[p] ??= {};
    at[parts.at(-1)] = value;
  }
  return out;
}

/** scorm-again's data model as flat `cmi.a.b` keys (arrays as `cmi.interactions.0.id`). */
function flatten(value, prefix = 'cmi', out = {}) {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}.${k}`, out);
  } else if (value !== undefined && value !== null) {
    out[prefix] = String(value);
  }
  return out;
}

/**
 * A value as compared. scorm-again 3.4.3 rewrites a SCORM 1.2 interaction's
 * latency through seconds ("00:00:00.70" is kept as "00:00:00.7"); the
 * preview keeps what the package sent, as the standard asks of an LMS. Both
 * are the same timespan, so timespans are compared in seconds.
 */
function comparable(key, value) {
  const m = /^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)$/.exec(value);
  if (/\.latency$/.test(key) && m) return `${Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])} s`;
  return value;
}

/** Every event the preview published so far. */
async function events(url) {
  const res = await fetch(new URL('/_preview/api/events?after=0', url));
  const body = await res.json();
  assert.equal(body.lost, false, 'no event was dropped');
  return body.events;
}

for (const [target, version, init, finish, statusKeys] of [
  ['scorm12', '1.2', 'LMSInitialize', 'LMSFinish', ['cmi.core.lesson_status', 'cmi.core.score.raw', 'cmi.core.score.min', 'cmi.core.score.max', 'cmi.core.lesson_location', 'cmi.suspend_data']],
  ['scorm2004', '2004', 'Initialize', 'Terminate', ['cmi.completion_status', 'cmi.success_status', 'cmi.score.scaled', 'cmi.score.raw', 'cmi.location', 'cmi.suspend_data', 'cmi.progress_measure']],
]) {
  test(`a ${target} play-through of a shipped module gives the same answers and data model in the preview and in scorm-again`, async () => {
    const pv = await startPreview(MODULE, ['--target', target]);
    const s = await openPage(pv.url);
    let state;
    try {
      const frame = await packageFrame(s.page);
      await waitForCall(s.page, new RegExp(`${init}\\(""\\) → "true"`));
      const data = await playerData(frame);
      await walkModule(s.page, frame, data, { answers: 'right', finish: true });
      // the SCO ends its session when the learner leaves it: the LMS unloads its frame
      await s.page.evaluate(() => document.getElementById('pv-package').setAttribute('src', 'about:blank'));
      await waitForCall(s.page, new RegExp(`${finish}\\(""\\) → "true"`));
      state = await (await fetch(new URL('/_preview/api/state', pv.url))).json();
      const pkg = state.packages[0];
      const launch = pkg.launches[0];
      const all = await events(pv.url);
      const session = all.filter((e) => e.kind === 'log' && e.source === 'scorm').map((e) => e.entry).filter((e) => !e.method.startsWith('('));
      assert.ok(session.length > 30, `${session.length} calls recorded`);
      // what the preview stored at the last commit (Terminate's), once that request has arrived
      const lastSet = {};
      for (const c of session) if (/SetValue$/.test(c.method) && c.result === 'true') lastSet[c.args[0]] = c.args[1];
      const query = `?package=${encodeURIComponent(pkg.name)}&launch=${encodeURIComponent(launch.id)}`;
      let stored = {};
      await waitUntil(async () => {
        stored = (await (await fetch(new URL(`/_preview/api/scorm${query}`, pv.url))).json()) ?? {};
        return Object.entries(lastSet).every(([k, v]) => /session_time$/.test(k) || stored[k] === v);
      }, { what: 'the preview to store the last commit', describe: () => JSON.stringify(stored) });
      assert.equal(session[0].method, init);
      assert.equal(session.at(-1).method, finish);

      // scorm-again, started as the preview started this launch
      const { Scorm12API } = await import(pathToFileURL(`${SCORM_AGAIN}scorm12.js`));
      const { Scorm2004API } = await import(pathToFileURL(`${SCORM_AGAIN}scorm2004.js`));
      const start = previewLms().nextLaunch(version, null, {
        masteryScore: launch.mastery_score,
        launchData: launch.launch_data,
        maxTimeAllowed: launch.max_time_allowed,
        timeLimitAction: launch.time_limit_action,
        completionThreshold: launch.completion_threshold,
        scaledPassingScore: launch.scaled_passing_score,
      }, state.learner, { mode: 'normal' });
      const api = version === '1.2' ? new Scorm12API({ logLevel: 5, autocommit: false }) : new Scorm2004API({ logLevel: 5, autocommit: false });
      api.loadFromJSON(nest(start));
      const lastError = version === '1.2' ? 'LMSGetLastError' : 'GetLastError';

      const differences = [];
      const setOk = new Set();
      for (const call of session) {
        const result = String(api[call.method](...call.args));
        const error = String(api[lastError]());
        if (result !== call.result || error !== call.error) {
          differences.push(`${call.method}(${call.args.map((a) => JSON.stringify(a)).join(', ')}): preview ${JSON.stringify(call.result)} error ${call.error}, scorm-again ${JSON.stringify(result)} error ${error}`);
        }
        if (/SetValue$/.test(call.method) && call.result === 'true') setOk.add(call.args[0]);
      }
      assert.deepEqual(differences, [], 'every call of the play-through gets the same result and error code');

      // the data model both hold: every element the package set, and the status, score and place
      const theirs = flatten(api.renderCMIToJSONObject().cmi);
      const keys = [...new Set([...setOk, ...statusKeys])].filter((k) => !/session_time$/.test(k)).sort();
      const ours = Object.fromEntries(keys.map((k) => [k, comparable(k, stored[k] ?? '')]));
      const again = Object.fromEntries(keys.map((k) => [k, comparable(k, theirs[k] ?? '')]));
      assert.deepEqual(ours, again, 'the preview and scorm-again hold the same data model');
      assert.ok(keys.some((k) => /interactions\.\d+\.id$/.test(k)), 'the answers were recorded as interactions');
      assert.equal(ours[version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status'], 'passed');
    } finally {
      await s.close();
      await pv.stop();
    }
  });
}
