// Every interaction the quiz compiler defines, and every learner response in
// tests/scoring-cases.json, set through scorm-again's SCORM 1.2 and SCORM 2004
// runtimes (npm `scorm-again`, installed in tests/e2e by
// scripts/install-test-deps.sh): the LMS side must accept each value with no
// error. Moodle's stricter formats (standards.md §2.7) are checked as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadQuiz } from './load.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const cases = JSON.parse(readFileSync(here('../tests/scoring-cases.json'), 'utf8'));
const dist = here('../../../tests/e2e/node_modules/scorm-again/dist/esm/');
if (!existsSync(dist)) throw new Error(`${dist} is missing: run scripts/install-test-deps.sh`);
const { Scorm2004API } = await import(pathToFileURL(`${dist}scorm2004.js`));
const { Scorm12API } = await import(pathToFileURL(`${dist}scorm12.js`));

const { quiz } = loadQuiz();

/** Moodle (mod/scorm): ids of choice, matching, sequencing and likert; CMIIdentifier ends alphanumeric. */
const MOODLE_ID = /^[\w.]{1,250}$/;
/** Moodle's SCORM 2004 CMIDecimal. */
const MOODLE_DECIMAL = /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/;

function scorm2004() {
  const api = new Scorm2004API({ logLevel: 5 });
  assert.equal(api.Initialize(''), 'true');
  return (key, value) => {
    const ok = api.SetValue(key, value);
    return { ok: String(ok), error: String(api.GetLastError()) };
  };
}

function scorm12() {
  const api = new Scorm12API({ logLevel: 5 });
  assert.equal(api.LMSInitialize(''), 'true');
  return (key, value) => {
    const ok = api.LMSSetValue(key, value);
    return { ok: String(ok), error: String(api.LMSGetLastError()) };
  };
}

function expectAccepted(set, key, value, what) {
  const r = set(key, value);
  assert.deepEqual(r, { ok: 'true', error: '0' }, `${what}: ${key} = ${JSON.stringify(value)} was refused (error ${r.error})`);
}

for (const c of cases.questions) {
  const q = c.question;
  test(`SCORM 2004 (scorm-again) accepts every value of ${c.name}`, () => {
    const i = q.interactions.scorm2004;
    c.responses.forEach((r) => {
      const set = scorm2004();
      const at = `cmi.interactions.0`; // a fresh runtime for each response
      expectAccepted(set, `${at}.id`, i.id, c.name);
      expectAccepted(set, `${at}.type`, i.type, c.name);
      if (i.description) expectAccepted(set, `${at}.description`, i.description, c.name);
      i.patterns.forEach((p, k) => expectAccepted(set, `${at}.correct_responses.${k}.pattern`, p, c.name));
      const learner = quiz.formatResponse(q, i, r.response);
      assert.equal(learner, r.formatted.scorm2004, 'quiz.js and Rust agree');
      // quiz.js reports no empty answer (it asks for one first), so '' is never sent.
      if (learner !== '') expectAccepted(set, `${at}.learner_response`, learner, c.name);
      if (i.type === 'numeric' && learner !== '') assert.match(learner, MOODLE_DECIMAL, `${c.name}: Moodle refuses ${learner}`);
    });
  });

  test(`SCORM 1.2 (scorm-again) accepts every value of ${c.name}`, () => {
    const i = q.interactions.scorm12;
    c.responses.forEach((r) => {
      const set = scorm12();
      const at = `cmi.interactions.0`; // a fresh runtime for each response
      expectAccepted(set, `${at}.id`, i.id, c.name);
      expectAccepted(set, `${at}.type`, i.type, c.name);
      i.patterns.forEach((p, k) => expectAccepted(set, `${at}.correct_responses.${k}.pattern`, p, c.name));
      const learner = quiz.formatResponse(q, i, r.response);
      if (learner !== '') expectAccepted(set, `${at}.student_response`, learner, c.name);
      assert.ok([...learner].length <= 255, `${c.name}: a SCORM 1.2 response over 255 characters`);
      if (['choice', 'likert', 'sequencing'].includes(i.type)) {
        for (const id of i.response.ids) assert.match(id, /^[0-9a-z]$/, `${c.name}: SCORM 1.2 ${i.type} ids are one character`);
      }
    });
  });

  test(`ids of ${c.name} are ones Moodle accepts`, () => {
    for (const std of ['scorm12', 'scorm2004', 'xapi']) {
      const i = q.interactions[std];
      assert.match(i.id, MOODLE_ID, `${std} interaction id`);
      assert.match(i.id, /[A-Za-z0-9]$/, `${std} interaction id must end with a letter or digit`);
      for (const id of [...(i.response.ids ?? []), ...(i.response.sources ?? []), ...(i.response.targets ?? [])]) {
        assert.match(id, MOODLE_ID, `${std} component id ${id}`);
        assert.match(id, /[A-Za-z0-9]$/, `${std} component id ${id}`);
      }
      if (std === 'scorm2004' && i.type === 'numeric') {
        for (const p of i.patterns) assert.match(p, /\[:\]/, 'a SCORM 2004 numeric pattern must contain [:]');
      }
    }
  });
}

test('the case file covers every interaction type the compiler uses', () => {
  const types = new Set(cases.questions.flatMap((c) => ['scorm12', 'scorm2004', 'xapi'].map((s) => `${s}:${c.question.interactions[s].type}`)));
  for (const t of ['scorm12:choice', 'scorm12:true-false', 'scorm12:fill-in', 'scorm12:numeric', 'scorm12:matching', 'scorm12:sequencing', 'scorm12:likert',
    'scorm2004:choice', 'scorm2004:true-false', 'scorm2004:fill-in', 'scorm2004:long-fill-in', 'scorm2004:numeric', 'scorm2004:matching', 'scorm2004:sequencing', 'scorm2004:likert']) {
    assert.ok(types.has(t), `no case reports ${t}`);
  }
});
