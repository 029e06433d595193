// Browser test of `shuffle: true` (crates/coursepack-quiz/assets/quiz.js):
// choice options, the lists of a dropdown, the targets of a matching question
// and the start order of an ordering question are shown in a new order at
// each attempt, the same order after a reload, and scoring does not depend on
// the order shown.
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/quiz-shuffle.test.mjs
//
// (`cargo xtask e2e` sets the variable.) The fixture is fixtures/quiz/shuffle,
// built for the web target.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';

import { assertNoConsoleErrors, closeBrowser, openPage } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { waitForPlayerReady } from './lib/player.mjs';
import { test } from './lib/test.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'quiz', 'shuffle');
const cli = process.env.COURSEPACK_BIN;

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
  });
}

after(closeBrowser);

/** The order each question shows now, as the visible texts. */
function shownOrders(page) {
  return page.evaluate(() => {
    const texts = (nodes) => Array.from(nodes, (n) => n.textContent.trim());
    const selects = (sel) => Array.from(document.querySelectorAll(sel), (s) => texts(s.options));
    return {
      single: texts(document.querySelectorAll('#cpq-s-single .cp-q-option label')),
      drop: selects('#cpq-s-drop select.cp-q-blank'),
      match: selects('#cpq-s-match select.cp-q-match'),
      order: texts(document.querySelectorAll('#cpq-s-order li.cp-q-item .cp-q-item-text')),
      orderItems: Array.from(document.querySelectorAll('#cpq-s-order li.cp-q-item'), (li) => Number(li.dataset.item)),
      moveButtons: Array.from(document.querySelectorAll('#cpq-s-order li.cp-q-item'), (li) => [li.querySelector('.cp-q-up').disabled, li.querySelector('.cp-q-down').disabled]),
    };
  });
}

async function open(server) {
  const s = await openPage(server.url('index.html'));
  await s.page.waitForFunction(() => window.coursepackQuiz && document.querySelector('#cpq-s-order .cp-q-check'));
  await waitForPlayerReady(s.page); // the shuffle is applied when the widgets are hydrated, at 'ready'
  return s;
}

async function checkAll(page) {
  for (const id of ['s-single', 's-drop', 's-match', 's-order']) {
    await page.click(`#cpq-${id} .cp-q-check`);
    await page.waitForFunction((q) => document.querySelector(`#cpq-${q} .cp-q-feedback`).textContent.trim() !== '', id);
  }
}

/** Answer every question right, choosing by visible text (never by position). */
async function answerRight(page) {
  await page.check('#cpq-s-single .cp-q-option:has(label:text-is("Dundee")) input');
  await page.selectOption('#cpq-s-drop-b0', { label: 'Cardiff' });
  await page.selectOption('#cpq-s-drop-b1', { label: 'Edinburgh' });
  for (const [row, capital] of [[0, 'London'], [1, 'Edinburgh'], [2, 'Cardiff'], [3, 'Belfast']]) {
    await page.selectOption(`#cpq-s-match-m${row}`, { label: capital });
  }
  // Bring item k to position k with its Move up button.
  for (let k = 0; k < 5; k++) {
    for (;;) {
      const at = await page.evaluate((item) => Array.from(document.querySelectorAll('#cpq-s-order li.cp-q-item')).findIndex((li) => li.dataset.item === String(item)), k);
      if (at <= k) break;
      await page.click(`#cpq-s-order li.cp-q-item[data-item="${k}"] .cp-q-up`);
    }
  }
  await checkAll(page);
}

/** Answer every question wrongly (the ordering question as it starts, which is never right). */
async function answerWrong(page) {
  await page.check('#cpq-s-single .cp-q-option:has(label:text-is("Leeds")) input');
  await page.selectOption('#cpq-s-drop-b0', { label: 'Bangor' });
  await page.selectOption('#cpq-s-drop-b1', { label: 'Perth' });
  for (let row = 0; row < 4; row++) await page.selectOption(`#cpq-s-match-m${row}`, { label: 'Belfast' });
  await checkAll(page);
}

function assertWellFormed(o, what) {
  assert.deepEqual([...o.single].sort(), ['Bristol', 'Cardiff', 'Dundee', 'Leeds', 'Norwich', 'Swansea'], what);
  for (const list of [...o.drop, ...o.match]) assert.equal(list[0], 'Choose an answer', `${what}: the blank stays first`);
  assert.deepEqual([...o.drop[0]].sort(), ['Bangor', 'Cardiff', 'Choose an answer', 'Newport', 'St Davids', 'Wrexham'], what);
  assert.equal(o.match.length, 4);
  for (const list of o.match) assert.deepEqual(list, o.match[0], `${what}: every row of the matching question lists the targets in one order`);
  assert.notDeepEqual(o.orderItems, [0, 1, 2, 3, 4], `${what}: an ordering question never starts in the right order`);
  assert.deepEqual([...o.orderItems].sort(), [0, 1, 2, 3, 4], what);
  assert.deepEqual(o.moveButtons[0], [true, false], `${what}: the first item cannot move up`);
  assert.deepEqual(o.moveButtons[4], [false, true], `${what}: the last item cannot move down`);
}

describe('shuffle: true', { skip: !cli }, () => {
  let tmp;
  let dir;
  let server;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-shuffle-e2e-'));
    const stdout = execFileSync(cli, ['build', fixture, '--target', 'web', '--out', tmp], { encoding: 'utf8' });
    dir = await extractZip(stdout.trim().split('\n').pop());
    server = await startServer({ root: dir });
  });
  after(async () => {
    await server?.close();
    if (dir) await removeDir(dir);
    if (tmp) await removeDir(tmp);
  });

  test('a new order at each attempt, the same after a reload, and scoring by answer not by place', async () => {
    const s = await open(server);
    const { page } = s;
    try {
      const first = await shownOrders(page);
      assertWellFormed(first, 'attempt 1');
      // The source order is Dundee first and the matching targets in alphabetical order: the shuffle moved them.
      assert.notDeepEqual(first.single, ['Dundee', 'Cardiff', 'Swansea', 'Leeds', 'Bristol', 'Norwich'], 'the options are shuffled');
      assert.notDeepEqual(first.match[0], ['Choose an answer', 'Belfast', 'Cardiff', 'Edinburgh', 'London'], 'the targets are shuffled');
      assert.notDeepEqual(first.drop[0], ['Choose an answer', 'Cardiff', 'Newport', 'Wrexham', 'Bangor', 'St Davids'], 'the dropdown is shuffled');

      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => window.coursepackQuiz && document.querySelector('#cpq-s-order .cp-q-check'));
      await waitForPlayerReady(page);
      assert.deepEqual(await shownOrders(page), first, 'a reload shows the same order');

      // Attempt 1: every answer wrong, then try again.
      await answerWrong(page);
      await page.waitForSelector('section.cp-quiz-result button.cp-quiz-retry');
      await page.click('section.cp-quiz-result button.cp-quiz-retry');
      await page.waitForFunction(() => !document.querySelector('section.cp-quiz-result'));
      const second = await shownOrders(page);
      assertWellFormed(second, 'attempt 2');
      const changed = ['single', 'drop', 'match', 'order'].filter((k) => JSON.stringify(first[k]) !== JSON.stringify(second[k]));
      assert.ok(changed.length >= 3, `a new attempt shows a new order (changed: ${changed.join(', ')})`);

      await answerRight(page);
      await page.waitForSelector('section.cp-quiz-result');
      const result = (await page.innerText('section.cp-quiz-result')).replace(/\s+/g, ' ');
      assert.ok(result.includes('Your score: 100%'), result);
      assertNoConsoleErrors(s, 'shuffled quiz');
    } finally {
      await s.close();
    }
  });
});
