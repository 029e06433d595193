// Self-test of the bench's runtime measurements (runtime.mjs) in headless
// Chromium, on a hand-written package whose LMS calls are known exactly:
//
//   node --test xtask/bench-js/
//
// The fixture follows the player's DOM contract (ADAPTERS.md) and talks to the
// LMS in a fixed way, so the counts the bench reports can be checked: with
// scorm-again's SCORM 1.2 and 2004 APIs, with the fake LRS for xAPI and cmi5,
// and with no LMS at all for the web target.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { closeBrowser } from '../../tests/e2e/lib/browser.mjs';
import { fakeLrs, lmsPage, manifestId, measurePackage } from './runtime.mjs';

const PAGES = 3;

// A player that shows one page at a time and reports to the LMS like this, per runtime:
//   start:   SCORM Initialize + 1 GetValue; LRS: 1 GET state, 1 POST statement
//   page:    SCORM 1 SetValue + 1 Commit;   LRS: 1 PUT state
//   answer:  SCORM 2 SetValue;              LRS: 1 POST statement
//   finish:  SCORM 1 SetValue + 1 Commit + Finish/Terminate; LRS: 1 PUT state, 1 POST statement
const FIXTURE_JS = `(function () {
  var runtime = document.documentElement.getAttribute('data-runtime');
  var readyFns = [];
  window.coursepack = { on: function (ev, fn) { if (ev === 'ready') readyFns.push(fn); } };
  var params = new URLSearchParams(location.search);
  var api = null;
  if (runtime === 'scorm12') api = window.parent.API;
  if (runtime === 'scorm2004') api = window.parent.API_1484_11;
  var v12 = runtime === 'scorm12';
  function call(name12, name2004, a, b) { if (!api) return; return v12 ? api[name12](a, b) : api[name2004](a, b); }
  var endpoint = params.get('endpoint');
  function lrs(method, resource, body) {
    if (!endpoint) return Promise.resolve();
    return fetch(endpoint + resource, { method: method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  }
  var sections = Array.prototype.slice.call(document.querySelectorAll('.cp-page'));
  var current = 0;
  function show(i, report) {
    current = i;
    sections.forEach(function (s, k) { s.hidden = k !== i; });
    document.querySelector('[data-action=next]').hidden = i === sections.length - 1;
    document.querySelector('[data-action=finish]').hidden = i !== sections.length - 1;
    document.querySelector('[data-action=previous]').disabled = i === 0;
    if (report) {
      call('LMSSetValue', 'SetValue', v12 ? 'cmi.core.lesson_location' : 'cmi.location', sections[i].id);
      call('LMSCommit', 'Commit', '');
      lrs('PUT', 'activities/state?stateId=bookmark', { page: i });
    }
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelector('.cp-controls').hidden = false;
    show(0, false);
    call('LMSInitialize', 'Initialize', '');
    call('LMSGetValue', 'GetValue', v12 ? 'cmi.core.lesson_location' : 'cmi.location');
    var started = endpoint ? lrs('GET', 'activities/state?stateId=bookmark').then(function () { return lrs('POST', 'statements', { verb: 'initialized' }); }) : Promise.resolve();
    document.querySelector('[data-action=next]').addEventListener('click', function () { show(current + 1, true); });
    document.querySelector('[data-action=previous]').addEventListener('click', function () { show(current - 1, true); });
    document.querySelector('[data-action=finish]').addEventListener('click', function () {
      call('LMSSetValue', 'SetValue', v12 ? 'cmi.core.lesson_status' : 'cmi.completion_status', 'completed');
      call('LMSCommit', 'Commit', '');
      call('LMSFinish', 'Terminate', '');
      lrs('PUT', 'activities/state?stateId=bookmark', { done: 1 }).then(function () { return lrs('POST', 'statements', [{ verb: 'completed' }, { verb: 'terminated' }]); });
    });
    Array.prototype.forEach.call(document.querySelectorAll('.cp-q-check'), function (button) {
      button.addEventListener('click', function () {
        call('LMSSetValue', 'SetValue', v12 ? 'cmi.interactions.0.id' : 'cmi.interactions.0.id', 'q1');
        call('LMSSetValue', 'SetValue', v12 ? 'cmi.interactions.0.type' : 'cmi.interactions.0.type', 'choice');
        lrs('POST', 'statements', { verb: 'answered' });
      });
    });
    started.then(function () { readyFns.forEach(function (fn) { fn(); }); });
  });
})();
`;

function writeFixture(root, runtime) {
  const dir = path.join(root, runtime);
  fs.mkdirSync(dir, { recursive: true });
  const pages = Array.from({ length: PAGES }, (_, i) => {
    const question = i === 1 ? '<div class="cp-question"><label><input type="radio" name="q1"> A</label><button type="button" class="cp-q-check">Check</button></div>' : '';
    return `<section class="cp-page" id="page-p${i}"${i ? ' hidden' : ''}><h1>Page ${i + 1}</h1>${question}</section>`;
  }).join('\n');
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html lang="en" data-runtime="${runtime}"><head><meta charset="utf-8"><title>Fixture</title></head><body>
<main id="cp-main">${pages}</main>
<div class="cp-controls" hidden><nav class="cp-pagenav"><button type="button" data-action="previous">Previous</button><button type="button" data-action="next">Next</button><button type="button" data-action="finish" hidden>Finish</button></nav></div>
<script src="fixture.js"></script></body></html>`,
  );
  fs.writeFileSync(path.join(dir, 'fixture.js'), FIXTURE_JS);
  if (runtime === 'xapi') fs.writeFileSync(path.join(dir, 'tincan.xml'), '<tincan><activities><activity id="https://example.org/fixture" type="x"/></activities></tincan>');
  if (runtime === 'cmi5') fs.writeFileSync(path.join(dir, 'cmi5.xml'), '<courseStructure><course id="https://example.org/c"/><au id="https://example.org/fixture/au"/></courseStructure>');
  return dir;
}

let root;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-bench-runtime-'));
});
after(async () => {
  await closeBrowser();
  fs.rmSync(root, { recursive: true, force: true });
});

function checkTimings(result, samples) {
  assert.equal(result.firstRenderMs.length, samples);
  assert.equal(result.navigationMs.length, samples);
  // the baselines, measured in turns with the package: the same page as static HTML, an empty page
  assert.equal(result.staticMs.length, samples);
  assert.equal(result.emptyMs.length, samples);
  for (const ms of [...result.firstRenderMs, ...result.navigationMs, ...result.staticMs, ...result.emptyMs]) assert.ok(ms > 0 && ms < 15000, `implausible ${ms} ms`);
  assert.equal(result.readyMs.length, samples);
}

test('counts every SCORM 1.2 call of a full run through scorm-again', async () => {
  const result = await measurePackage({ target: 'scorm12', dir: writeFixture(root, 'scorm12') }, 2);
  checkTimings(result, 2);
  assert.match(result.launch, /scorm-again/);
  const { detail, commits, setValues, answered } = result.lms;
  assert.equal(answered, 1);
  // 2 page changes (1 SetValue + 1 Commit each), 1 answer (2 SetValue), finish (1 SetValue + 1 Commit).
  assert.equal(setValues, 2 + 2 + 1);
  assert.equal(commits, 2 + 1);
  assert.equal(detail.LMSInitialize, 1);
  assert.equal(detail.LMSFinish, 1);
  assert.equal(detail.LMSGetValue, 1);
  assert.equal(result.lms.calls, 1 + 1 + 5 + 3 + 1);
});

test('counts SCORM 2004 calls under their 2004 names', async () => {
  const result = await measurePackage({ target: 'scorm2004', dir: writeFixture(root, 'scorm2004') }, 1);
  const { detail, commits, setValues } = result.lms;
  assert.deepEqual([detail.Initialize, detail.Terminate, commits, setValues], [1, 1, 3, 5]);
});

test('counts xAPI writes to the LRS as commits, and the statements in them', async () => {
  const result = await measurePackage({ target: 'xapi', dir: writeFixture(root, 'xapi') }, 1);
  checkTimings(result, 1);
  const { commits, statements, detail } = result.lms;
  // Writes: initialized, 2 bookmark PUTs, answered, final PUT, final POST of 2 statements.
  assert.equal(commits, 6);
  // Statements: initialized, answered, and the final two (state documents are not statements).
  assert.equal(statements, 1 + 1 + 2);
  assert.equal(detail['GET activities/state'], 1);
});

test('gives cmi5 the same fake LRS, with its launch parameters', async () => {
  const result = await measurePackage({ target: 'cmi5', dir: writeFixture(root, 'cmi5') }, 1);
  assert.equal(result.lms.commits, 6);
  assert.match(result.lms.api, /LRS/);
});

test('reports no LMS for the web target', async () => {
  const result = await measurePackage({ target: 'web', dir: writeFixture(root, 'web') }, 1);
  checkTimings(result, 1);
  assert.equal(result.lms.api, null);
  assert.equal(result.lms.commits, null);
  assert.equal(result.lms.answered, 1);
});

test('the LMS page wraps every API call of its version', () => {
  assert.match(lmsPage('scorm12'), /window\.API = api/);
  assert.match(lmsPage('scorm2004'), /window\.API_1484_11 = api/);
  assert.match(lmsPage('scorm2004'), /"Commit"/);
});

test('reads activity ids from package manifests', () => {
  const dir = writeFixture(root, 'xapi');
  assert.equal(manifestId(dir, 'tincan.xml', 'activity'), 'https://example.org/fixture');
  assert.equal(manifestId(dir, 'cmi5.xml', 'au'), null);
});

test('the fake LRS answers what adapters ask and logs it', async () => {
  const lrs = fakeLrs();
  const calls = [];
  const res = (status, body) => calls.push({ status, body });
  const fakeRes = () => {
    const r = { headersSent: false, writableEnded: false, writeHead(status) { r.status = status; }, end(body) { res(r.status, body); r.writableEnded = true; } };
    return r;
  };
  const request = (method, url, body) => {
    const chunks = body ? [Buffer.from(JSON.stringify(body))] : [];
    const req = { method, async *[Symbol.asyncIterator]() { yield* chunks; } };
    return lrs.handler(req, fakeRes(), { url: new URL(url, 'http://127.0.0.1') });
  };
  await request('GET', '/__bench/lrs/activities/state?stateId=LMS.LaunchData&activityId=a');
  assert.equal(calls[0].status, 200);
  assert.equal(JSON.parse(calls[0].body).launchMode, 'Normal');
  await request('POST', '/__bench/lrs/statements', [{}, {}]);
  assert.equal(JSON.parse(calls[1].body).length, 2);
  await request('PUT', '/__bench/lrs/activities/state?stateId=s&activityId=a', { x: 1 });
  await request('GET', '/__bench/lrs/activities/state?stateId=s&activityId=a');
  assert.equal(calls[3].status, 200);
  assert.deepEqual(JSON.parse(calls[3].body), { x: 1 });
  await request('GET', '/__bench/lrs/activities/state?stateId=other&activityId=a');
  assert.equal(calls[4].status, 404);
  assert.deepEqual(lrs.log.map((e) => `${e.method} ${e.resource} ${e.statements}`), [
    'GET activities/state 0',
    'POST statements 2',
    'PUT activities/state 0',
    'GET activities/state 0',
    'GET activities/state 0',
  ]);
  lrs.reset();
  assert.equal(lrs.log.length, 0);
});
