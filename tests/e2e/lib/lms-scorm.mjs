// A test LMS for SCORM packages: an LMS page hosting npm scorm-again (the
// LMS side of SCORM 1.2 or 2004) with the package in an iframe, a commit
// endpoint that stores what the LMS received, and a strict recorder of every
// call the package makes.
//
//   const lms = await startScormLms({ dir, std: 'scorm12' });
//   const s = await lms.launch();                  // a fresh attempt
//   ... drive s.frame (the package) by keyboard ...
//   await s.exit();                                // the LMS's own Exit button
//   const data = lms.stored;                       // the CMI the LMS stored
//   const again = await lms.launch({ resume: true }); // fed back, as an LMS would
//   await lms.close();
//
// scorm-again is the judge of most values (it rejects bad formats and
// vocabularies with an error code), but it is lenient in a few places
// (real-clients.md): `checkCalls` adds the rules it does not enforce.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { openPage } from './browser.mjs';
import { sequencingFromManifest } from './scorm-sequencing.mjs';
import { readJson, send, startServer } from './server.mjs';
import { WAIT_MS, waitInPage, waitUntil } from './wait.mjs';

/** The field scorm-again adds to the commit LMSFinish/Terminate makes. */
const FINAL_FIELD = 'finalCommit';

/** scorm-again as installed by scripts/install-test-deps.sh (pinned in package.json). */
const SCORM_AGAIN = new URL('../node_modules/scorm-again/', import.meta.url);

/** The learner every launch uses. */
export const LEARNER = Object.freeze({ id: 'learner_0042', name: 'Example, Learner' });

/** Per standard: scorm-again's build, the API's global and method names, element names. */
export const STANDARDS = Object.freeze({
  scorm12: {
    file: 'dist/scorm12.js',
    global: 'Scorm12API',
    api: 'API',
    methods: ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
    init: 'LMSInitialize',
    finish: 'LMSFinish',
    set: 'LMSSetValue',
    commit: 'LMSCommit',
    listener: 'LMSSetValue.cmi.*',
  },
  scorm2004: {
    file: 'dist/scorm2004.js',
    global: 'Scorm2004API',
    api: 'API_1484_11',
    methods: ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'],
    init: 'Initialize',
    finish: 'Terminate',
    set: 'SetValue',
    commit: 'Commit',
    listener: 'SetValue.cmi.*',
  },
});

/**
 * The LMS page. `launch.cmi` is preloaded with scorm-again's loadFromJSON
 * (the attempt's stored data); every API call is recorded in window.__lms
 * (method, arguments, result, error code, whether it came after the finish,
 * and in a course the SCO it came from); SetValue values are also recorded
 * through scorm-again's listener.
 *
 * With `launch.course` (SCORM 2004), the page is a multi-SCO LMS: it reads
 * the manifest's sequencing into scorm-again (lib/scorm-sequencing.mjs),
 * starts the sequencing session, and on each activity scorm-again delivers
 * resets the API for the new SCO and loads it into the iframe. window.__course
 * lets the test ask what the LMS's sequencing allows.
 */
function lmsPage(std, launch) {
  const s = STANDARDS[std];
  const settings = {
    lmsCommitUrl: '/lms/commit',
    autocommit: false,
    logLevel: 1,
    // the commit made by LMSFinish/Terminate (sent with sendBeacon) says so
    terminateCommitPayloadField: FINAL_FIELD,
    ...(launch.settings ?? {}),
  };
  const course = launch.course ?? null;
  const data = { cmi: launch.cmi ?? null };
  const json = (v) => JSON.stringify(v).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<style>body{margin:0;font-family:sans-serif}header{padding:.5rem}iframe{border:0;width:100%;height:85vh;display:block}</style>
<script src="/lms/scorm-again.js"></script>
<script>
(function () {
  var launch = ${json(data)};
  var rec = window.__lms = { calls: [], sets: [], log: [], finished: false, sco: null };
  var settings = ${json(settings)};
  settings.onLogMessage = function (level, message) {
    rec.log.push([String(level), String(message)]);
    if (level === 4 || level === 'ERROR') console.error('scorm-again: ' + message);
  };
  var course = ${course ? `(${sequencingFromManifest.toString()})(${json(course.manifest)})` : 'null'};
  var quiet = false;
  if (course) {
    window.__course = { delivered: [], ended: null, launch: course.launch };
    settings.sequencing = {
      activityTree: course.tree,
      eventListeners: {
        onActivityDelivery: function (activity) { deliver(activity.id); },
        onSequencingSessionEnd: function (d) { window.__course.ended = JSON.parse(JSON.stringify(d || {})); }
      }
    };
  }
  var api = new ${s.global}(settings);
  if (launch.cmi) api.loadFromJSON(launch.cmi);
  api.on(${JSON.stringify(s.listener)}, function (element, value) {
    if (!quiet) rec.sets.push({ element: element, value: value, afterFinish: rec.finished, sco: rec.sco });
  });
  ${JSON.stringify(s.methods)}.forEach(function (name) {
    var original = api[name].bind(api);
    api[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var after = rec.finished;
      var sco = rec.sco; /* Terminate may deliver the next SCO before it returns */
      var result = original.apply(null, args);
      var code = String(api.lmsGetLastError ? api.lmsGetLastError() : api.GetLastError ? api.GetLastError() : '');
      if (name === ${JSON.stringify(s.finish)} && String(result) === 'true') rec.finished = true;
      if (!quiet && !/GetLastError|GetErrorString|GetDiagnostic/.test(name)) {
        rec.calls.push({ name: name, args: args, result: String(result), error: code, afterFinish: after, sco: sco });
      }
      return result;
    };
  });
  window.${s.api} = api;
  function deliver(id) {
    window.__course.delivered.push(id);
    var first = rec.sco === null;
    rec.sco = id;
    setTimeout(function () {
      if (!first) { api.reset(settings, { preserveListeners: true }); rec.finished = false; }
      document.querySelector('iframe').src = '/' + course.launch[id];
    }, 0);
  }
  if (course) {
    /* what the LMS's own navigation (its table of contents) may offer, asked while a SCO runs */
    window.__course.valid = function (request) {
      quiet = true;
      try { return api.GetValue('adl.nav.request_valid.' + request); } finally { quiet = false; }
    };
    /* the LMS's table of contents: a choice request, as a learner clicking a module */
    window.__course.choose = function (id) { return api.processNavigationRequest('choice', id); };
    window.__course.tree = function () {
      var show = function (a) {
        return { id: a.id, completion: a.completionStatus, success: a.successStatus, satisfied: a.objectiveSatisfiedStatus,
          children: (a.children || []).map(show) };
      };
      return show(api.getSequencingState().rootActivity);
    };
    window.addEventListener('DOMContentLoaded', function () { api.processNavigationRequest('start'); });
  }
  window.__exit = function () {
    var frame = document.querySelector('iframe');
    if (frame) frame.remove();
    document.getElementById('status').textContent = 'You have left the course.';
  };
})();
</script></head>
<body><header><button type="button" id="exit" onclick="__exit()">Exit course</button> <span id="status" role="status"></span></header>
<main><iframe title="Course"${course ? '' : ` src="${launch.content ?? '/index.html'}"`}></iframe></main></body></html>`;
}

/**
 * What an LMS takes from the package's imsmanifest.xml into the run-time data
 * of its (first) SCO: SCORM 1.2 `adlcp:masteryscore` -> student_data.mastery_score;
 * SCORM 2004 primary objective `minNormalizedMeasure` (with satisfiedByMeasure)
 * -> scaled_passing_score and `adlcp:completionThreshold@minProgressMeasure`
 * -> completion_threshold. Nothing when the package has no manifest.
 * @param {string} dir  the extracted package
 * @param {'scorm12' | 'scorm2004'} std
 */
export function manifestLaunchData(dir, std) {
  const file = path.join(dir, 'imsmanifest.xml');
  if (!fs.existsSync(file)) return {};
  const xml = fs.readFileSync(file, 'utf8');
  if (std === 'scorm12') {
    const m = /<adlcp:masteryscore>\s*([0-9.]+)\s*<\/adlcp:masteryscore>/.exec(xml);
    return m ? { student_data: { mastery_score: m[1] } } : {};
  }
  const out = {};
  const primary = /<imsss:primaryObjective\b([^>]*)>([\s\S]*?)<\/imsss:primaryObjective>/.exec(xml);
  if (primary && /satisfiedByMeasure="true"/.test(primary[1])) {
    const m = /<imsss:minNormalizedMeasure>\s*([0-9.]+)\s*</.exec(primary[2]);
    if (m) out.scaled_passing_score = m[1];
  }
  const threshold = /<adlcp:completionThreshold\b[^>]*minProgressMeasure="([0-9.]+)"/.exec(xml);
  if (threshold && /completedByMeasure="true"/.test(threshold[0])) out.completion_threshold = threshold[1];
  return out;
}

/** Deep merge of plain objects (b wins). */
function merge(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? merge(out[k], v) : v;
  }
  return out;
}

/**
 * The data an LMS keeps for the next launch, built from the last commit as
 * SCORM says: entry resume only after exit suspend (else a new attempt).
 * @param {string} std
 * @param {any} cmi  the `cmi` object of the last commit
 * @returns {any} a partial CMI object for loadFromJSON
 */
export function nextLaunchCmi(std, cmi) {
  if (std === 'scorm12') {
    const core = cmi.core ?? {};
    const resume = core.exit === 'suspend';
    if (!resume) return freshCmi(std);
    return {
      core: {
        student_id: LEARNER.id,
        student_name: LEARNER.name,
        entry: 'resume',
        lesson_status: core.lesson_status,
        lesson_location: core.lesson_location,
        lesson_mode: 'normal',
        credit: 'credit',
        score: core.score,
      },
      suspend_data: cmi.suspend_data,
      interactions: cmi.interactions,
    };
  }
  const resume = cmi.exit === 'suspend';
  if (!resume) return freshCmi(std);
  return {
    learner_id: LEARNER.id,
    learner_name: LEARNER.name,
    entry: 'resume',
    mode: 'normal',
    credit: 'credit',
    completion_status: cmi.completion_status,
    success_status: cmi.success_status,
    location: cmi.location,
    suspend_data: cmi.suspend_data,
    progress_measure: cmi.progress_measure,
    score: cmi.score,
    interactions: cmi.interactions,
  };
}

/** A first launch's data. */
export function freshCmi(std) {
  if (std === 'scorm12') {
    return { core: { student_id: LEARNER.id, student_name: LEARNER.name, entry: 'ab-initio', lesson_mode: 'normal', credit: 'credit' } };
  }
  return { learner_id: LEARNER.id, learner_name: LEARNER.name, entry: 'ab-initio', mode: 'normal', credit: 'credit' };
}

/**
 * @typedef {object} LmsSession
 * @property {import('./browser.mjs').PageSession} session
 * @property {import('playwright-core').Page} page
 * @property {import('playwright-core').Frame} frame   the package
 * @property {() => Promise<any>} record   window.__lms of the LMS page
 * @property {() => Promise<void>} exit   the LMS's Exit button, by keyboard: the package's page goes away
 * @property {() => Promise<void>} close
 */

/**
 * Serve an extracted package at / and the LMS at /lms/.
 * @param {{ dir: string, std: 'scorm12' | 'scorm2004', course?: boolean }} options
 *   course: a multi-SCO SCORM 2004 package, run with the manifest's sequencing
 *   (each launch starts a sequencing session; see `waitForSco`)
 */
export async function startScormLms({ dir, std, course = false }) {
  const s = STANDARDS[std];
  const file = new URL(s.file, SCORM_AGAIN);
  if (!fs.existsSync(file)) throw new Error(`${file.pathname} is missing: run scripts/install-test-deps.sh`);
  const scormAgain = fs.readFileSync(file);
  const lms = {
    std,
    /** every commit body the LMS received, in order */
    commits: [],
    /** the cmi of the last commit: what the LMS holds */
    stored: null,
    /** refuse this many commits (`{"result": false, "errorCode": 101}`), as an LMS with a failing back end */
    failCommits: 0,
    /** the commits refused */
    refused: [],
    /** commits made by LMSFinish/Terminate since the last launch */
    finalCommits: 0,
    launchCmi: freshCmi(std),
  };
  let launchOptions = {};
  const manifest = course ? fs.readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8') : null;
  if (course && std !== 'scorm2004') throw new Error('course sequencing runs with SCORM 2004 packages');
  const server = await startServer({
    root: dir,
    routes: {
      'GET /lms/lms.html': (req, res) => send(res, 200, lmsPage(std, { cmi: lms.launchCmi, ...launchOptions }), 'text/html; charset=utf-8'),
      'GET /lms/scorm-again.js': (req, res) => send(res, 200, scormAgain, 'text/javascript; charset=utf-8'),
      'POST /lms/commit': async (req, res) => {
        const body = await readJson(req);
        if (lms.failCommits > 0) {
          lms.failCommits--;
          lms.refused.push(body);
          return send(res, 200, { result: false, errorCode: 101 });
        }
        lms.commits.push(body);
        lms.stored = body.cmi ?? body;
        if (body[FINAL_FIELD] === true) lms.finalCommits++;
        send(res, 200, { result: true, errorCode: 0 });
      },
    },
  });
  lms.server = server;

  /**
   * Open the LMS page with the package in its iframe.
   * @param {{ resume?: boolean, cmi?: any, settings?: any, content?: string }} [options]
   *   resume: feed back what the LMS stored (entry resume after exit suspend);
   *   cmi: explicit launch data instead; settings: more scorm-again settings;
   *   content: the iframe's URL path (default /index.html)
   * @returns {Promise<LmsSession>}
   */
  lms.launch = async (options = {}) => {
    const attempt = options.cmi ?? (options.resume ? nextLaunchCmi(std, lms.stored ?? {}) : freshCmi(std));
    // a course's SCOs get their launch data from the sequencing (activity tree), not from here
    lms.launchCmi = course ? attempt : merge(attempt, manifestLaunchData(dir, std));
    lms.finalCommits = 0;
    launchOptions = { settings: options.settings, content: options.content, course: course ? { manifest } : undefined };
    const session = await openPage(server.url('lms/lms.html'));
    const page = session.page;
    const frameHandle = await page.waitForSelector('iframe');
    const frame = await frameHandle.contentFrame();
    if (course) {
      await waitForSco(page, frame, 0);
    } else {
      await frame.waitForLoadState('load');
      await waitInPage(frame, () => document.documentElement.classList.contains('cp-js'), null, {
        what: `the package (${launchOptions.content ?? '/index.html'}) to start its player (html.cp-js)`,
      });
      // the player has started once its adapter initialised: every package launched here finds the API
      await waitInPage(page, (init) => window.__lms.calls.some((c) => c.name === init), s.init, {
        what: `the package to call ${s.init} on the LMS's API`,
      });
    }
    const record = () => page.evaluate(() => JSON.parse(JSON.stringify(window.__lms)));
    return {
      session,
      page,
      frame,
      record,
      exit: async () => {
        await page.focus('#exit');
        await page.keyboard.press('Enter');
        await waitInPage(page, () => !document.querySelector('iframe'), null, { what: "the LMS's Exit button to remove the package's frame" });
      },
      close: () => session.close(),
    };
  };
  /**
   * Wait until the commit LMSFinish/Terminate made has reached the LMS (it
   * goes by sendBeacon, after the call has returned), so `lms.stored` is final.
   * @param {number} [count=1]  finish commits expected since the launch
   */
  lms.settled = async (count = 1) => {
    await waitUntil(() => lms.finalCommits >= count, {
      what: `${count} final commit(s) (by ${s.finish}, sent with sendBeacon) to reach the LMS`,
      describe: () => `it got ${lms.finalCommits}`,
    });
  };
  lms.close = () => server.close();
  return lms;
}

/**
 * In a course: wait until the LMS has delivered its `n`th SCO (0-based) and
 * that SCO's player has initialised with the API. Returns the activity id.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Frame} frame
 * @param {number} n
 * @returns {Promise<string>}
 */
export async function waitForSco(page, frame, n) {
  await waitInPage(page, (i) => window.__course.delivered.length > i, n, { what: `the LMS's sequencing to deliver SCO number ${n + 1}` });
  const id = await page.evaluate((i) => window.__course.delivered[i], n);
  const url = await page.evaluate((sco) => window.__course.launch[sco], id);
  await frame.waitForURL((u) => u.pathname === `/${url}`, { timeout: WAIT_MS });
  await waitInPage(frame, () => document.documentElement.classList.contains('cp-js'), null, { what: `SCO ${id} (/${url}) to start its player` });
  await waitInPage(page, (sco) => window.__lms.calls.some((c) => c.name === 'Initialize' && c.sco === sco && c.result === 'true'), id, {
    what: `SCO ${id} to call Initialize with success`,
  });
  return id;
}

/**
 * The calls one SCO of a course made (window.__lms filtered by SCO), for `checkCalls`.
 * @param {any} record
 * @param {string} sco  activity id
 */
export function scoRecord(record, sco) {
  return { ...record, calls: record.calls.filter((c) => c.sco === sco), sets: record.sets.filter((x) => x.sco === sco) };
}

/* ---------- the strict recorder's rules ---------- */

const VOCAB = {
  scorm12: {
    status: ['passed', 'completed', 'failed', 'incomplete', 'browsed'],
    exit: ['time-out', 'suspend', 'logout', ''],
    types: ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'],
    results: ['correct', 'wrong', 'unanticipated', 'neutral'],
  },
  scorm2004: {
    completion: ['completed', 'incomplete', 'unknown'],
    success: ['passed', 'failed', 'unknown'],
    exit: ['time-out', 'suspend', 'logout', 'normal', ''],
    types: ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'],
    results: ['correct', 'incorrect', 'unanticipated', 'neutral'],
    nav: /^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}\s]+\}(choice|jump))$/,
  },
};

/** SCORM 1.2 CMITimespan (Moodle's and ADL's reading: 2-4 hour digits). */
export const TIMESPAN_12 = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
/** SCORM 1.2 CMITime. */
export const TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
/** SCORM 2004 timeinterval: at most 2 decimals, never ending in P or T. */
export const DURATION_2004 = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
/** SCORM 2004 time (second,10,0) as ADL and Moodle read it: years 1970-2038, 1-2 decimals before a zone. */
export const TIMESTAMP_2004 = /^(19[7-9]\d|20[0-2]\d|203[0-8])-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2}(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?$/;
/** SCORM 1.2 CMIDecimal as Moodle checks it. */
const DECIMAL_12 = /^-?\d{0,3}(\.\d{1,2})?$/;
const REAL = /^-?\d+(\.\d+)?$/;
/** Identifiers: no whitespace; Moodle accepts only [A-Za-z0-9_.] (and - in 1.2). */
const ID = /^[A-Za-z0-9_.-]{1,255}$/;

/**
 * Check every call the package made against the standard: one initialise,
 * at most one finish and nothing after it, no failed call, and every value
 * within the standard's formats, vocabularies and limits, including what
 * scorm-again lets through. Returns a list of problems (empty when clean).
 * @param {'scorm12' | 'scorm2004'} std
 * @param {any} record  window.__lms
 * @param {{ finished?: boolean }} [expect]  finished: exactly one finish
 * @returns {string[]}
 */
export function checkCalls(std, record, { finished = true } = {}) {
  const s = STANDARDS[std];
  const v = VOCAB[std];
  const problems = [];
  const inits = record.calls.filter((c) => c.name === s.init);
  const finishes = record.calls.filter((c) => c.name === s.finish);
  if (inits.length !== 1) problems.push(`${inits.length} calls of ${s.init} (exactly one expected)`);
  if (finished ? finishes.length !== 1 : finishes.length > 1) problems.push(`${finishes.length} calls of ${s.finish}`);
  if (record.calls[0] && record.calls[0].name !== s.init) problems.push(`first call is ${record.calls[0].name}, not ${s.init}`);
  for (const c of record.calls) {
    if (c.afterFinish) problems.push(`${c.name}(${c.args.map((a) => JSON.stringify(a)).join(', ')}) after ${s.finish}`);
    // a read of an element the LMS holds no value for is allowed to fail (2004: 403)
    const benignRead = /GetValue$/.test(c.name) && (c.error === '403' || c.error === '401');
    if (c.result === 'false' || (/GetValue$/.test(c.name) && c.error !== '0' && c.error !== '' && !benignRead)) {
      problems.push(`${c.name}(${c.args.map((a) => JSON.stringify(a)).join(', ')}) failed with error ${c.error}`);
    }
  }
  for (const c of record.calls) {
    if (c.name === s.init || c.name === s.finish || c.name === s.commit) {
      if (c.args.length !== 1 || c.args[0] !== '') problems.push(`${c.name} called with ${JSON.stringify(c.args)} instead of ""`);
    }
  }
  const sets = record.calls.filter((c) => c.name === s.set).map((c) => [c.args[0], c.args[1]]);
  const listened = record.sets.map((x) => [x.element, x.value]);
  const cmiSets = sets.filter(([el]) => String(el).startsWith('cmi.'));
  if (JSON.stringify(listened) !== JSON.stringify(cmiSets)) {
    problems.push(`scorm-again's listener saw ${listened.length} cmi SetValues, the API got ${cmiSets.length}`);
  }
  // interactions already held by the LMS (a resumed attempt): what the package read
  const reads = record.calls.filter((c) => /GetValue$/.test(c.name) && c.error === '0');
  const count = reads.find((c) => c.args[0] === 'cmi.interactions._count');
  const nextIndex = { value: count ? Number(count.result) : 0 };
  const interactionIds = new Map(
    reads.flatMap((c) => {
      const m = /^cmi\.interactions\.(\d+)\.id$/.exec(c.args[0]);
      return m ? [[c.result, Number(m[1])]] : [];
    }),
  );
  for (const [el, value] of sets) {
    if (typeof value !== 'string') { problems.push(`${el}: value is a ${typeof value}, not a string`); continue; }
    const bad = std === 'scorm12' ? check12(el, value, v, nextIndex) : check2004(el, value, v, nextIndex, interactionIds);
    if (bad) problems.push(`${el} = ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value)}: ${bad}`);
  }
  return problems;
}

function interactionField(el) {
  const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(el);
  return m ? { n: Number(m[1]), field: m[2] } : null;
}

function check12(el, value, v, next) {
  const i = interactionField(el);
  if (i) {
    if (i.field === 'id') {
      if (i.n !== next.value && i.n !== next.value - 1) return `interaction index ${i.n} is not the next one (${next.value})`;
      next.value = Math.max(next.value, i.n + 1);
      return ID.test(value) ? '' : 'not a CMIIdentifier (no spaces, [A-Za-z0-9_.-])';
    }
    if (i.n >= next.value) return 'set before the interaction\'s id';
    if (i.field === 'time') return TIME_12.test(value) ? '' : 'not a CMITime HH:MM:SS';
    if (i.field === 'type') return v.types.includes(value) ? '' : 'not a SCORM 1.2 interaction type';
    if (i.field === 'weighting') return DECIMAL_12.test(value) ? '' : 'not a CMIDecimal';
    if (i.field === 'result') {
      if (value === 'incorrect') return '`incorrect` is SCORM 2004; SCORM 1.2 says `wrong`';
      return v.results.includes(value) || DECIMAL_12.test(value) ? '' : 'not a SCORM 1.2 result';
    }
    if (i.field === 'latency') return TIMESPAN_12.test(value) ? '' : 'not a CMITimespan HH:MM:SS.SS';
    if (i.field === 'student_response' || /^correct_responses\.\d+\.pattern$/.test(i.field)) {
      if (value.length > 255) return `${value.length} characters, over CMIFeedback's 255`;
      if (/\[[,.:]\]/.test(value)) return 'SCORM 2004 delimiters in a SCORM 1.2 value';
      return '';
    }
    if (/^objectives\.\d+\.id$/.test(i.field)) return ID.test(value) ? '' : 'not a CMIIdentifier';
    return 'not a SCORM 1.2 interaction element';
  }
  switch (el) {
    case 'cmi.core.lesson_location': return value.length <= 255 ? '' : `${value.length} characters, over 255`;
    case 'cmi.core.lesson_status':
      if (value === 'not attempted') return 'content must not set `not attempted`';
      return v.status.includes(value) ? '' : 'not a lesson_status';
    case 'cmi.core.exit': return v.exit.includes(value) ? '' : 'not a SCORM 1.2 exit value (`normal` is SCORM 2004)';
    case 'cmi.core.session_time': return TIMESPAN_12.test(value) ? '' : 'not a CMITimespan HH:MM:SS.SS with 2-4 hour digits';
    case 'cmi.core.score.raw':
    case 'cmi.core.score.min':
    case 'cmi.core.score.max':
      return DECIMAL_12.test(value) && Number(value) >= 0 && Number(value) <= 100 ? '' : 'not a decimal in 0-100';
    case 'cmi.suspend_data': return value.length <= 4096 ? '' : `${value.length} characters, over SCORM 1.2's 4096`;
    case 'cmi.comments': return value.length <= 4096 ? '' : 'over 4096';
    default: return 'not an element SCORM 1.2 content may set';
  }
}

function check2004(el, value, v, next, ids) {
  const i = interactionField(el);
  if (i) {
    if (i.field === 'id') {
      if (i.n !== next.value) return `interaction index ${i.n} is not the next one (${next.value})`;
      next.value = i.n + 1;
      if (ids.has(value)) return `interaction id used twice in this SCO (also at index ${ids.get(value)})`;
      ids.set(value, i.n);
      return /^[A-Za-z0-9_.]{1,4000}$/.test(value) && /[A-Za-z0-9]$/.test(value) ? '' : 'not an identifier Moodle accepts ([A-Za-z0-9_.], ending in a letter or digit)';
    }
    if (i.n >= next.value) return 'set before the interaction\'s id';
    if (i.field === 'type') return v.types.includes(value) ? '' : 'not a SCORM 2004 interaction type';
    if (i.field === 'description') {
      if (value.length > 250) return `${value.length} characters, over 250`;
      return /^\{(?!lang=)/.test(value) ? 'starts with `{` that is not a {lang=} delimiter' : '';
    }
    if (i.field === 'timestamp') return TIMESTAMP_2004.test(value) ? '' : 'not a SCORM 2004 time (at most 2 decimals on seconds)';
    if (i.field === 'weighting') return REAL.test(value) ? '' : 'not a real';
    if (i.field === 'result') {
      if (value === 'wrong') return '`wrong` is SCORM 1.2; SCORM 2004 says `incorrect`';
      return v.results.includes(value) || REAL.test(value) ? '' : 'not a SCORM 2004 result';
    }
    if (i.field === 'latency') return DURATION_2004.test(value) ? '' : 'not a SCORM 2004 timeinterval';
    if (i.field === 'learner_response' || /^correct_responses\.\d+\.pattern$/.test(i.field)) {
      return value.length <= 4000 ? '' : 'over 4000 characters';
    }
    if (/^objectives\.\d+\.id$/.test(i.field)) return '';
    return 'not a SCORM 2004 interaction element';
  }
  switch (el) {
    case 'cmi.location': return value.length <= 1000 ? '' : `${value.length} characters, over 1000`;
    case 'cmi.completion_status':
      if (value === 'not attempted') return 'content must not set `not attempted`';
      return v.completion.includes(value) ? '' : 'not a completion_status';
    case 'cmi.success_status': return v.success.includes(value) ? '' : 'not a success_status';
    case 'cmi.exit': return v.exit.includes(value) ? '' : 'not an exit value';
    case 'cmi.session_time': return DURATION_2004.test(value) ? '' : 'not a SCORM 2004 timeinterval (PT1H2M3.45S)';
    case 'cmi.progress_measure': return REAL.test(value) && Number(value) >= 0 && Number(value) <= 1 ? '' : 'not in 0-1';
    case 'cmi.score.scaled': return REAL.test(value) && Number(value) >= -1 && Number(value) <= 1 ? '' : 'not in -1..1';
    case 'cmi.score.raw':
    case 'cmi.score.min':
    case 'cmi.score.max':
      return REAL.test(value) && /^-?\d{1,5}(\.|$)/.test(value) ? '' : 'not a real Moodle accepts (at most 5 integer digits)';
    case 'cmi.suspend_data': return value.length <= 64000 ? '' : `${value.length} characters, over 64000`;
    case 'adl.nav.request': return v.nav.test(value) ? '' : 'not a navigation request';
    default: return 'not an element this content should set';
  }
}

/**
 * Fail with every problem `checkCalls` finds.
 * @param {'scorm12' | 'scorm2004'} std
 * @param {any} record
 * @param {string} what
 * @param {{ finished?: boolean }} [expect]
 */
export function assertStrictCalls(std, record, what, expect) {
  const problems = checkCalls(std, record, expect);
  assert.ok(problems.length === 0, `${what}: ${problems.length} call(s) outside the standard:\n  ${problems.join('\n  ')}`);
}

/** The scorm-again version installed (for messages). */
export function scormAgainVersion() {
  return JSON.parse(fs.readFileSync(new URL('package.json', SCORM_AGAIN), 'utf8')).version;
}
