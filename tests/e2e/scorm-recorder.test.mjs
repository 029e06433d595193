// Self-test of the SCORM test LMS (lib/lms-scorm.mjs): its strict recorder
// must catch each value scorm-again lets through (real-clients.md) and stay
// quiet on a clean session. Needs no built package: a hand-written SCO
// (fixtures/scorm/sco.js) makes the calls inside the real LMS page.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { closeBrowser } from './lib/browser.mjs';
import { checkCalls, DURATION_2004, startScormLms, TIMESPAN_12, TIMESTAMP_2004 } from './lib/lms-scorm.mjs';
import { test } from './lib/test.mjs';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scorm');

after(closeBrowser);

test('the time formats follow the standards and reject the classic mistakes', () => {
  for (const ok of ['00:05:07.25', '0000:00:00', '123:59:59.9']) assert.match(ok, TIMESPAN_12);
  for (const bad of ['0:5:7', '00:61:00', '00:00:00.123', '12345:00:00', 'PT5S']) assert.doesNotMatch(bad, TIMESPAN_12);
  for (const ok of ['PT1H2M3.45S', 'PT0S', 'P1D', 'PT10M', 'P1DT2H']) assert.match(ok, DURATION_2004);
  for (const bad of ['PT', 'P', 'PT1.234S', 'P1DT', '00:00:05', 'PT-1S']) assert.doesNotMatch(bad, DURATION_2004);
  for (const ok of ['2024-05-01T10:00:00.12Z', '2024-05-01T10:00:00', '2038-01-01T00:00:00.1+01:00']) assert.match(ok, TIMESTAMP_2004);
  for (const bad of ['2024-05-01T10:00:00.123Z', '2024-05-01T10:00:00Z', '2039-01-01T00:00:00', '1969-12-31T23:59:59']) {
    assert.doesNotMatch(bad, TIMESTAMP_2004);
  }
});

/** A record as the LMS page keeps it, from [name, args, result] triples. */
function record(calls, { finishName } = {}) {
  let finished = false;
  const rec = { calls: [], sets: [], log: [] };
  for (const [name, args, result = 'true', error = '0'] of calls) {
    rec.calls.push({ name, args, result, error, afterFinish: finished });
    if (/SetValue$/.test(name) && String(args[0]).startsWith('cmi.')) rec.sets.push({ element: args[0], value: args[1], afterFinish: finished });
    if (name === finishName) finished = true;
  }
  return rec;
}

test('checkCalls: a clean SCORM 1.2 session has no problem, each defect is named', () => {
  const clean = [
    ['LMSInitialize', ['']],
    ['LMSGetValue', ['cmi.interactions._count'], '0'],
    ['LMSSetValue', ['cmi.core.lesson_status', 'passed']],
    ['LMSSetValue', ['cmi.core.score.raw', '83.33']],
    ['LMSSetValue', ['cmi.interactions.0.id', 'q_1']],
    ['LMSSetValue', ['cmi.interactions.0.result', 'wrong']],
    ['LMSSetValue', ['cmi.core.session_time', '00:01:05.00']],
    ['LMSFinish', ['']],
  ];
  assert.deepEqual(checkCalls('scorm12', record(clean, { finishName: 'LMSFinish' })), []);
  const cases = [
    [['LMSSetValue', ['cmi.suspend_data', 'x'.repeat(4097)]], /over SCORM 1.2's 4096/],
    [['LMSSetValue', ['cmi.core.score.raw', '101']], /0-100/],
    [['LMSSetValue', ['cmi.core.score.raw', '83.333']], /0-100/],
    [['LMSSetValue', ['cmi.interactions.1.id', 'q 2']], /CMIIdentifier/],
    [['LMSSetValue', ['cmi.interactions.0.result', 'incorrect']], /SCORM 1.2 says `wrong`/],
    [['LMSSetValue', ['cmi.interactions.0.latency', 'PT5S']], /CMITimespan/],
    [['LMSSetValue', ['cmi.interactions.5.id', 'q_6']], /not the next one/],
    [['LMSSetValue', ['cmi.interactions.3.type', 'choice']], /before the interaction's id/],
    [['LMSSetValue', ['cmi.interactions.0.student_response', 'a[,]b']], /SCORM 2004 delimiters/],
    [['LMSSetValue', ['cmi.core.session_time', '0:5:7']], /CMITimespan/],
    [['LMSSetValue', ['cmi.core.exit', 'normal']], /SCORM 1.2 exit/],
    [['LMSSetValue', ['cmi.core.lesson_status', 'not attempted']], /must not set/],
    [['LMSSetValue', ['cmi.completion_status', 'completed']], /not an element SCORM 1.2/],
    [['LMSCommit', ['x']], /instead of ""/],
    [['LMSSetValue', ['cmi.core.lesson_location', 'p'], 'false', '405'], /failed with error 405/],
  ];
  for (const [call, expected] of cases) {
    const calls = [...clean.slice(0, -1), call, clean.at(-1)];
    const problems = checkCalls('scorm12', record(calls, { finishName: 'LMSFinish' }));
    assert.ok(problems.some((p) => expected.test(p)), `${JSON.stringify(call)}: ${problems.join(' | ') || 'no problem found'}`);
  }
  const after = checkCalls('scorm12', record([...clean, ['LMSSetValue', ['cmi.core.lesson_location', 'p3']]], { finishName: 'LMSFinish' }));
  assert.ok(after.some((p) => /after LMSFinish/.test(p)), after.join(' | '));
  const twice = checkCalls('scorm12', record([...clean, ['LMSInitialize', ['']]], { finishName: 'LMSFinish' }));
  assert.ok(twice.some((p) => /2 calls of LMSInitialize/.test(p)), twice.join(' | '));
  const unfinished = checkCalls('scorm12', record(clean.slice(0, -1)));
  assert.ok(unfinished.some((p) => /0 calls of LMSFinish/.test(p)), unfinished.join(' | '));
  assert.deepEqual(checkCalls('scorm12', record(clean.slice(0, -1)), { finished: false }), []);
});

test('checkCalls: a clean SCORM 2004 session has no problem, each defect is named', () => {
  const clean = [
    ['Initialize', ['']],
    ['GetValue', ['cmi.interactions._count'], '1'],
    ['GetValue', ['cmi.interactions.0.id'], 'q1'],
    ['SetValue', ['cmi.interactions.1.id', 'q1_2']],
    ['SetValue', ['cmi.interactions.1.timestamp', '2024-05-01T10:00:00.12Z']],
    ['SetValue', ['cmi.interactions.1.result', 'incorrect']],
    ['SetValue', ['cmi.score.scaled', '0.8333']],
    ['SetValue', ['cmi.session_time', 'PT1H2M3.45S']],
    ['SetValue', ['adl.nav.request', 'exitAll']],
    ['Terminate', ['']],
  ];
  assert.deepEqual(checkCalls('scorm2004', record(clean, { finishName: 'Terminate' })), []);
  const cases = [
    [['SetValue', ['cmi.interactions.2.id', 'q1']], /used twice/],
    [['SetValue', ['cmi.interactions.2.id', 'q 3']], /identifier Moodle accepts/],
    [['SetValue', ['cmi.interactions.1.result', 'wrong']], /SCORM 2004 says `incorrect`/],
    [['SetValue', ['cmi.interactions.1.timestamp', '2024-05-01T10:00:00.123Z']], /at most 2 decimals/],
    [['SetValue', ['cmi.interactions.1.latency', 'PT']], /timeinterval/],
    [['SetValue', ['cmi.interactions.1.description', '{oops}']], /lang=/],
    [['SetValue', ['cmi.session_time', '00:01:00']], /timeinterval/],
    [['SetValue', ['cmi.score.scaled', '1.5']], /-1..1/],
    [['SetValue', ['cmi.progress_measure', '2']], /0-1/],
    [['SetValue', ['cmi.core.lesson_status', 'passed']], /not an element/],
    [['SetValue', ['adl.nav.request', 'next']], /navigation request/],
    [['SetValue', ['cmi.suspend_data', 'x'.repeat(64001)]], /over 64000/],
  ];
  for (const [call, expected] of cases) {
    const calls = [...clean.slice(0, -1), call, clean.at(-1)];
    const problems = checkCalls('scorm2004', record(calls, { finishName: 'Terminate' }));
    assert.ok(problems.some((p) => expected.test(p)), `${JSON.stringify(call)}: ${problems.join(' | ') || 'no problem found'}`);
  }
});

for (const std of ['scorm12', 'scorm2004']) {
  describe(`the ${std} test LMS records a real session with scorm-again`, () => {
    let lms;
    before(async () => { lms = await startScormLms({ dir: fixture, std }); });
    after(() => lms.close());

    test('a clean SCO passes, and the LMS stored what it sent', async () => {
      const s = await lms.launch({ content: `/index.html#${std}-clean` });
      try {
        await s.frame.waitForFunction(() => document.getElementById('done').textContent === 'done');
        const rec = await s.record();
        assert.deepEqual(checkCalls(std, rec), []);
        assert.deepEqual(s.session.consoleErrors, []);
        await lms.settled();
        const stored = lms.stored;
        if (std === 'scorm12') {
          assert.equal(stored.core.lesson_location, 'p2');
          assert.equal(stored.core.exit, 'suspend');
          assert.equal(stored.interactions['0'].result, 'wrong');
        } else {
          assert.equal(stored.location, 'p2');
          assert.equal(stored.exit, 'suspend');
          assert.equal(stored.interactions['0'].result, 'incorrect');
        }
      } finally {
        await s.close();
      }
    });

    test('the defects scorm-again lets through are caught', async () => {
      const s = await lms.launch({ content: `/index.html#${std}-defects` });
      try {
        await s.frame.waitForFunction(() => document.getElementById('done').textContent === 'done');
        const problems = checkCalls(std, await s.record()).join('\n');
        const expected = std === 'scorm12'
          ? [/cmi.suspend_data .*over SCORM 1.2's 4096/, /"q 1": not a CMIIdentifier/, /"incorrect": `incorrect` is SCORM 2004/,
            /"00:61:00": not a CMITimespan/, /"normal": not a SCORM 1.2 exit/, /LMSSetValue\("cmi.core.lesson_location", "p3"\) after LMSFinish/]
          : [/"wrong": `wrong` is SCORM 1.2/, /interaction id used twice/, /starts with `\{`/, /SetValue\("cmi.location", "p3"\) after Terminate/];
        for (const re of expected) assert.match(problems, re);
      } finally {
        await s.close();
      }
    });
  });
}
