// widgets/sorting.js's pure functions: the order of the cards and the box
// each card goes in, whatever the page's attributes and the saved answers
// hold (a learner's saved state and a package's HTML are both untrusted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { readAsset } from './source.mjs';

/** sorting.js run with no document: it defines its pure functions and stops. */
function loadSorting() {
  const context = vm.createContext({});
  vm.runInContext(readAsset('widgets/sorting.js'), context, { filename: 'sorting.js' });
  assert.ok(context.coursepackSorting, 'sorting.js defines coursepackSorting');
  return context.coursepackSorting;
}

const { cardOrder, layout } = loadSorting();
const plain = (v) => JSON.parse(JSON.stringify(v));

test('cards follow the scrambled order the build wrote', () => {
  assert.deepEqual(plain(cardOrder('2 0 3 1', 4)), [2, 0, 3, 1]);
});

test('a damaged order still shows every item exactly once', () => {
  assert.deepEqual(plain(cardOrder('', 3)), [0, 1, 2]);
  assert.deepEqual(plain(cardOrder('1 1 9 -1 x 0.5 2', 3)), [1, 2, 0], 'repeats, out of range and non-integers dropped, the missing item added');
  assert.deepEqual(plain(cardOrder('0 1 2 3 4', 2)), [0, 1]);
});

test('each card goes in the box of its category, in card order; anything else leaves it unsorted', () => {
  // box 0: not sorted yet; box k + 1: category k
  assert.deepEqual(plain(layout(['1', '', '0', '1'], [3, 2, 1, 0], 2)), [[1], [2], [3, 0]]);
  assert.deepEqual(plain(layout(['', '', ''], [0, 1, 2], 3)), [[0, 1, 2], [], [], []]);
  assert.deepEqual(plain(layout(['5', '-1', '1.5', 'x'], [0, 1, 2, 3], 2)), [[0, 1, 2, 3], [], []], 'a value naming no category');
  assert.deepEqual(plain(layout([], [0, 1], 2)), [[0, 1], [], []], 'no values at all');
});
