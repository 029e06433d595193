// The scenario player's pure functions (assets/scenario.js) on the player data
// the build gives (tests/player-data.json, kept current by tests/player.rs):
// saved paths replayed, loops cut, and the records reported for a decision
// and an ending, with every value checked against scorm-again's SCORM 1.2 and
// 2004 runtimes (the same check the quiz's interactions get).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
// COURSEPACK_MINIFIED_ASSETS: run on the minified scenario.js packages ship
// (crates/coursepack-render/tests/shipped_js.rs).
const scriptPath = process.env.COURSEPACK_MINIFIED_ASSETS
  ? `${process.env.COURSEPACK_MINIFIED_ASSETS}/scenario.js`
  : here('../assets/scenario.js');
const context = vm.createContext({});
vm.runInContext(readFileSync(scriptPath, 'utf8'), context, { filename: 'scenario.js' });
const lib = context.coursepackScenario;
const data = JSON.parse(readFileSync(here('../tests/player-data.json'), 'utf8'));
// start(0) -a-> a(1) -a-> end-good(3); start -b-> b(2) -a-> start (loop) | -b-> end-bad(4)

const plain = (v) => JSON.parse(JSON.stringify(v));
const dist = here('../../../tests/e2e/node_modules/scorm-again/dist/esm/');
if (!existsSync(dist)) throw new Error(`${dist} is missing: run scripts/install-test-deps.sh`);
const { Scorm2004API } = await import(pathToFileURL(`${dist}scorm2004.js`));
const { Scorm12API } = await import(pathToFileURL(`${dist}scorm12.js`));

test('a saved path replays to the node the learner left', () => {
  assert.deepEqual(plain(lib.replay(data, '')), { nodes: [0], choices: [] });
  assert.deepEqual(plain(lib.replay(data, 'aa')), { nodes: [0, 1, 3], choices: [0, 0] });
  assert.deepEqual(plain(lib.replay(data, 'bb')), { nodes: [0, 2, 4], choices: [1, 1] });
});

test('a path that no longer fits the scenario is cut at its first impossible step', () => {
  assert.deepEqual(plain(lib.replay(data, 'az')), { nodes: [0, 1], choices: [0] });
  assert.deepEqual(plain(lib.replay(data, 'ba')), { nodes: [0, 2], choices: [1] }, 'a loop is never stored');
  assert.deepEqual(plain(lib.replay(data, 42)), { nodes: [0], choices: [] });
});

test('taking a choice lengthens the path, and a loop cuts it back', () => {
  assert.equal(lib.take(data, '', 1), 'b');
  assert.equal(lib.take(data, 'b', 0), '', 'b -> start goes back to where the path began');
  assert.equal(lib.take(data, 'b', 1), 'bb');
  assert.equal(lib.take(data, 'a', 0), 'aa');
});

test('the longest saved path is what the build bounds', () => {
  // longest_path(VALID) = 2 (crates/coursepack-scenario/tests/graph.rs): no sequence of choices saves more.
  let longest = 0;
  const walk = (path, depth) => {
    longest = Math.max(longest, path.length);
    if (depth > 8) return;
    const at = lib.replay(data, path).nodes.at(-1);
    data.nodes[at].choices.forEach((_, k) => walk(lib.take(data, path, k), depth + 1));
  };
  walk('', 0);
  assert.equal(longest, 2);
});

test('a decision is reported as a choice interaction of its node', () => {
  const r = plain(lib.decisionRecord(data, 0, 1, 2.5));
  assert.equal(r.questionId, 'laptop/start');
  assert.equal(r.correct, false, 'a [ ] choice is wrong');
  assert.equal(r.latencySeconds, 2.5);
  assert.deepEqual(r.interaction.scorm12, {
    id: 'scn_laptop__start', type: 'choice', correctResponses: ['a'], learnerResponse: 'b', description: '',
  });
  assert.equal(r.interaction.scorm2004.learnerResponse, 'b_put_it_straight_back_on_the_shelf');
  assert.deepEqual(r.interaction.scorm2004.correctResponses, ['a_check_it_was_wiped']);
  assert.equal(r.interaction.scorm2004.description, 'Monday, 9 am');
  assert.equal(r.interaction.xapi.activity, 'scenario/laptop/node/start');
  assert.deepEqual(r.interaction.xapi.parent, {
    activity: 'scenario/laptop', type: 'http://adlnet.gov/expapi/activities/simulation', name: 'The returned laptop',
  });
  assert.deepEqual(r.interaction.xapi.choices.map((c) => c.text), ['Check it was wiped', 'Put it straight back on the shelf']);
  assert.equal(plain(lib.decisionRecord(data, 0, 0, 0)).correct, true);
  assert.equal(plain(lib.decisionRecord(data, 1, 0, 0)).correct, null, 'an unmarked choice is neutral');
});

test('an ending is reported with its score and success', () => {
  const good = plain(lib.endingRecord(data, 3, 1));
  assert.equal(good.questionId, 'laptop');
  assert.equal(good.correct, true);
  assert.equal(good.score, 2);
  assert.equal(good.maxScore, 2);
  assert.equal(good.weighting, 1);
  assert.equal(good.interaction.scorm12.id, 'scn_laptop');
  assert.equal(good.interaction.scorm12.learnerResponse, 'a');
  assert.deepEqual(good.interaction.scorm12.correctResponses, ['a']);
  assert.equal(good.interaction.xapi.activity, 'scenario/laptop');
  assert.equal(good.interaction.xapi.activityType, 'http://adlnet.gov/expapi/activities/simulation');
  assert.equal(good.interaction.xapi.completion, true);
  const bad = plain(lib.endingRecord(data, 4, 1));
  assert.equal(bad.correct, false);
  assert.equal(bad.score, 0);
  assert.equal(bad.interaction.scorm2004.learnerResponse, 'b_data_exposed');
});

test('every value SCORM gets is accepted by scorm-again (1.2 and 2004)', () => {
  const records = [];
  data.nodes.forEach((node, at) => node.choices.forEach((_, k) => records.push(lib.decisionRecord(data, at, k, 1))));
  data.nodes.forEach((node, at) => { if (node.end) records.push(lib.endingRecord(data, at, 1)); });
  for (const [std, Api, prefix] of [['scorm12', Scorm12API, 'cmi'], ['scorm2004', Scorm2004API, 'cmi']]) {
    const api = new Api({ logLevel: 5 });
    const init = std === 'scorm12' ? 'LMSInitialize' : 'Initialize';
    const set = std === 'scorm12' ? 'LMSSetValue' : 'SetValue';
    const err = std === 'scorm12' ? 'LMSGetLastError' : 'GetLastError';
    assert.equal(api[init](''), 'true');
    records.forEach((r, n) => {
      const i = r.interaction[std];
      const base = `${prefix}.interactions.${n}.`;
      const pairs = [[`${base}id`, i.id], [`${base}type`, i.type]];
      i.correctResponses.forEach((p, c) => pairs.push([`${base}correct_responses.${c}.pattern`, p]));
      pairs.push([`${base}${std === 'scorm12' ? 'student_response' : 'learner_response'}`, i.learnerResponse]);
      if (std === 'scorm2004' && i.description) pairs.push([`${base}description`, i.description]);
      if (typeof r.weighting === 'number') pairs.push([`${base}weighting`, String(r.weighting)]);
      for (const [el, v] of pairs) {
        assert.equal(api[set](el, v), 'true', `${std} ${el} = ${JSON.stringify(v)}: error ${api[err]()}`);
      }
      assert.match(i.id, /^[A-Za-z0-9_]+$/, 'Moodle accepts only [\\w.] in ids');
    });
  }
});
