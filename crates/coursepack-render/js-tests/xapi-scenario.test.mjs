// A scenario's decisions and ending as xAPI statements (xapi-core.js), from
// the records scenario.js makes on the build's player data: the node is the
// object (a choice cmi.interaction under the module's activity), the scenario
// (a simulation) its first parent, the choice in result.response; the ending
// has the scenario as object with its score, success and completion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { ENDPOINT, AUTH, ACTOR, REGISTRATION, query, openPlayer } from './lrs-harness.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const scenarioPath = process.env.COURSEPACK_MINIFIED_ASSETS
  ? `${process.env.COURSEPACK_MINIFIED_ASSETS}/scenario.js`
  : here('../../coursepack-scenario/assets/scenario.js');
const context = vm.createContext({});
vm.runInContext(readFileSync(scenarioPath, 'utf8'), context);
const lib = context.coursepackScenario;
const data = JSON.parse(readFileSync(here('../../coursepack-scenario/tests/player-data.json'), 'utf8'));
const ACTIVITY = 'https://example.org/xapi/module/digital-leadership';
const SIMULATION = 'http://adlnet.gov/expapi/activities/simulation';
const launch = () => query({ endpoint: ENDPOINT, auth: AUTH, actor: ACTOR, registration: REGISTRATION, activity_id: ACTIVITY });
const plain = (v) => JSON.parse(JSON.stringify(v));

test('a decision: the node as object, the choice as response, the scenario as parent', async () => {
  const p = await openPlayer({ search: launch() });
  p.cp.reportAnswer(plain(lib.decisionRecord(data, 0, 1, 3)));
  await p.settle();
  const answered = p.lrs.statements.find((s) => s.verb.id.endsWith('/answered'));
  assert.equal(answered.object.id, `${ACTIVITY}/scenario/laptop/node/start`);
  assert.deepEqual(answered.object.definition, {
    type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
    interactionType: 'choice',
    name: { 'en-GB': 'Monday, 9 am' },
    description: { 'en-GB': 'Monday, 9 am' },
    correctResponsesPattern: ['a_check_it_was_wiped'],
    choices: [
      { id: 'a_check_it_was_wiped', description: { 'en-GB': 'Check it was wiped' } },
      { id: 'b_put_it_straight_back_on_the_shelf', description: { 'en-GB': 'Put it straight back on the shelf' } },
    ],
  });
  assert.deepEqual(answered.result, { response: 'b_put_it_straight_back_on_the_shelf', success: false, duration: 'PT3S' });
  assert.deepEqual(answered.context.contextActivities.parent, [
    { objectType: 'Activity', id: `${ACTIVITY}/scenario/laptop`, definition: { type: SIMULATION, name: { 'en-GB': 'The returned laptop' } } },
    { objectType: 'Activity', id: ACTIVITY },
  ]);
});

test('a neutral decision has no success; the ending has the scenario as object, with score, success and completion', async () => {
  const p = await openPlayer({ search: launch() });
  p.cp.reportAnswer(plain(lib.decisionRecord(data, 1, 0, 1)));
  p.cp.reportAnswer(plain(lib.endingRecord(data, 3, 1)));
  await p.settle();
  const [neutral, ending] = p.lrs.statements.filter((s) => s.verb.id.endsWith('/answered'));
  assert.equal('success' in neutral.result, false);
  assert.equal(ending.object.id, `${ACTIVITY}/scenario/laptop`);
  assert.equal(ending.object.definition.type, SIMULATION);
  assert.equal(ending.object.definition.interactionType, 'choice');
  assert.deepEqual(ending.object.definition.name, { 'en-GB': 'The returned laptop' });
  assert.deepEqual(ending.object.definition.correctResponsesPattern, ['a_safe_to_lend']);
  assert.deepEqual(ending.object.definition.choices.map((c) => c.description['en-GB']), ['Safe to lend', 'Data exposed']);
  assert.deepEqual(ending.result, {
    response: 'a_safe_to_lend', success: true, completion: true,
    score: { scaled: 1, raw: 2, min: 0, max: 2 }, duration: 'PT1S',
  });
  assert.deepEqual(ending.context.contextActivities.parent, [{ objectType: 'Activity', id: ACTIVITY }]);
});
