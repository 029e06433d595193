// Browser tests of the marks a matching question puts beside each pair and an
// ordering question beside each item once the outcome is shown (docs/quiz.md,
// "Matching" and "Ordering"; crates/coursepack-quiz/assets/quiz.js, rowMarks
// and markRow).
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/item-marks.test.mjs
//
// fixtures/blocks/items has two knowledge checks (page 1: a matching and an
// ordering question, feedback at once, Try again) and an assessment whose
// feedback comes at the end (page 2), built once for every target. On the web
// target the questions are answered with the keyboard alone; after checking,
// each pair and item says "✓ Correct" or "✗ Incorrect" in words (its text, not
// only its colour), axe-core finds nothing, Try again clears the marks, and
// they come back after a reload. In the assessment an answer that is only
// saved until the end shows no mark; the review at the end marks every pair
// and item. Without JavaScript there is no mark and nothing to hide; in print
// the marks show as the learner left them. In SCORM 1.2 and 2004
// (scorm-again) and in xAPI and cmi5 (Ralph), the marks come back when the
// learner resumes.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, closeBrowser, openPage } from './lib/browser.mjs';
import { expectFocusVisible } from './lib/keyboard.mjs';
import { tabToSelector } from './lib/learner.mjs';
import { startLms } from './lib/lms.mjs';
import { buildForEveryTarget } from './lib/packages.mjs';
import { startScormLms } from './lib/lms-scorm.mjs';
import { waitForPlayerReady } from './lib/player.mjs';
import { startRalph } from './lib/ralph.mjs';
import { startServer } from './lib/server.mjs';
import { waitInPage, waitUntil } from './lib/wait.mjs';
import { test } from './lib/test.mjs';
import { withoutExpected404s } from './lib/xapi-checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'blocks', 'items');
const cli = process.env.COURSEPACK_BIN;

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
  });
}

let dirs = {};
let removePackages = async () => {};
before(async () => {
  if (!cli) return;
  ({ dirs, remove: removePackages } = await buildForEveryTarget(cli, fixture, 'cp-item-marks-'));
});
after(async () => {
  await closeBrowser();
  await removePackages();
});

const RIGHT = '✓ Correct';
const WRONG = '✗ Incorrect';

/** Press Tab until the focused element matches `selector`; its focus must show. */
async function tabTo(page, frame, selector) {
  await tabToSelector(page, frame, selector);
  await expectFocusVisible(frame, selector);
}

/**
 * Each pair or item of a question as the learner reads it (its rendered text,
 * so a mark hidden or shown by colour alone would not count), with whether its
 * mark is shown and its class.
 */
function rows(frame, id) {
  return frame.evaluate((id) => [...document.querySelectorAll(`#cpq-${id} .cp-q-pair, #cpq-${id} .cp-q-item`)].map((row) => {
    const mark = row.querySelector('.cp-q-mark');
    const text = (row.querySelector('label, .cp-q-item-text')?.innerText ?? '').trim();
    return {
      text,
      mark: mark && mark.checkVisibility() ? mark.innerText.trim() : null,
      state: row.classList.contains('cp-q-right') ? 'right' : row.classList.contains('cp-q-wrong') ? 'wrong' : '',
    };
  }), id);
}

/** The marks of a question, as `text: mark` lines (null when none shows). */
async function marks(frame, id) {
  return (await rows(frame, id)).map((r) => `${r.text}: ${r.mark ?? '-'}`);
}

/** Tab to a select and choose the option labelled `label` with the arrow keys alone. */
async function chooseByKeyboard(page, frame, selector, label) {
  await tabTo(page, frame, selector);
  const [index, from] = await frame.evaluate(({ selector, label }) => {
    const select = document.querySelector(selector);
    return [[...select.options].findIndex((o) => o.text === label), select.selectedIndex];
  }, { selector, label });
  assert.ok(index > 0, `${label} is a choice of ${selector}`);
  for (let n = from; n !== index; n += index > from ? 1 : -1) await page.keyboard.press(index > from ? 'ArrowDown' : 'ArrowUp');
  await waitInPage(frame, ({ selector, label }) => document.querySelector(selector).selectedOptions[0]?.text === label, { selector, label }, { what: `${label} chosen` });
}

/** Check a question's answer with the keyboard and wait for its feedback. */
async function checkAnswer(page, frame, id) {
  await tabTo(page, frame, `#cpq-${id} .cp-q-check`);
  await page.keyboard.press('Enter');
  await waitInPage(frame, (id) => document.querySelector(`#cpq-${id} .cp-q-feedback`).textContent.trim() !== '', id, { what: `${id}'s feedback` });
}

/** The knowledge checks answered (with the keyboard): one pair wrong, two items swapped. */
async function answerPractice(page, frame) {
  await chooseByKeyboard(page, frame, '#cpq-match-practice-m0', 'Personal data');
  await chooseByKeyboard(page, frame, '#cpq-match-practice-m1', 'Special category data');
  await chooseByKeyboard(page, frame, '#cpq-match-practice-m2', 'Special category data');
  await checkAnswer(page, frame, 'match-practice');
  await putInOrder(page, frame, 'order-practice', ['Contain the breach', 'Assess the risk to people', 'Report it to your data protection team', 'Notify the ICO if required']);
  await checkAnswer(page, frame, 'order-practice');
}

/** The marks the knowledge checks show after answerPractice. */
const PRACTICE_MARKS = {
  'match-practice': [`A member's name and address: ${RIGHT}`, `Visits to each branch last year: ${WRONG}`, `A member's health condition: ${RIGHT}`],
  'order-practice': [`Contain the breach: ${RIGHT}`, `Assess the risk to people: ${WRONG}`, `Report it to your data protection team: ${WRONG}`, `Notify the ICO if required: ${RIGHT}`],
};

async function expectPracticeMarks(frame, what) {
  for (const [id, expected] of Object.entries(PRACTICE_MARKS)) {
    await waitInPage(frame, (id) => Boolean(document.querySelector(`#cpq-${id} .cp-q-mark:not(:empty)`)), id, { what: `${id}'s marks (${what})` });
    assert.deepEqual(await marks(frame, id), expected, `${id}: ${what}`);
  }
}

/**
 * Put an ordering question's items in `order` with its Move up buttons and the
 * keyboard alone: for each place from the top, the item that belongs there is
 * moved up to it (the focus stays on its Move up button).
 */
async function putInOrder(page, frame, id, order) {
  for (let place = 0; place < order.length; place++) {
    const texts = await frame.evaluate((id) => [...document.querySelectorAll(`#cpq-${id} .cp-q-item-text`)].map((t) => t.textContent), id);
    let at = texts.indexOf(order[place]);
    assert.ok(at >= 0, `${order[place]} is an item of ${id}`);
    if (at === place) continue;
    const item = await frame.evaluate(({ id, text }) => [...document.querySelectorAll(`#cpq-${id} .cp-q-item`)].find((li) => li.querySelector('.cp-q-item-text').textContent === text).getAttribute('data-item'), { id, text: order[place] });
    await tabTo(page, frame, `#cpq-${id} li[data-item="${item}"] .cp-q-up`);
    for (; at > place; at--) {
      await page.keyboard.press('Enter');
      await waitInPage(frame, ({ id, text, to }) => document.querySelectorAll(`#cpq-${id} .cp-q-item-text`)[to]?.textContent === text, { id, text: order[place], to: at - 1 }, { what: `${order[place]} moved up` });
    }
  }
  const now = await frame.evaluate((id) => [...document.querySelectorAll(`#cpq-${id} .cp-q-item-text`)].map((t) => t.textContent), id);
  assert.deepEqual(now, order);
}

describe('web', () => {
  let server;
  before(async () => {
    if (dirs.web) server = await startServer({ root: dirs.web });
  });
  after(async () => server?.close());

  test('knowledge checks by keyboard alone: each pair and item says whether it is right, axe, Try again clears the marks, a reload brings them back', async () => {
    const s = await openPage(server.url('index.html#page-practice'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    for (const id of Object.keys(PRACTICE_MARKS)) {
      assert.ok((await rows(frame, id)).every((r) => r.mark === null && r.state === ''), `${id}: no mark before checking`);
    }
    await answerPractice(page, frame);
    await expectPracticeMarks(frame, 'after checking');
    const states = (await rows(frame, 'match-practice')).map((r) => r.state);
    assert.deepEqual(states, ['right', 'wrong', 'right'], 'each pair\'s mark takes its colour from the pair\'s class');
    const colours = await frame.evaluate(() => [...document.querySelectorAll('#cpq-match-practice .cp-q-mark')].map((m) => getComputedStyle(m).color));
    assert.notEqual(colours[0], colours[1], 'a right and a wrong mark differ in colour too');
    assert.match(await frame.evaluate(() => document.querySelector('#cpq-match-practice .cp-q-feedback').innerText), /Partly correct/);
    await assertNoAxeViolations(page, 'matching and ordering checks, marked');

    await tabTo(page, frame, '#cpq-match-practice .cp-q-retry');
    await page.keyboard.press('Enter');
    await waitInPage(frame, () => !document.querySelector('#cpq-match-practice .cp-q-mark:not(:empty)'), null, { what: 'Try again clears the pairs\' marks' });
    assert.ok((await rows(frame, 'match-practice')).every((r) => r.mark === null && r.state === ''), 'no mark and no class after Try again');
    assert.deepEqual(await marks(frame, 'order-practice'), PRACTICE_MARKS['order-practice'], 'the other question keeps its marks');
    await chooseByKeyboard(page, frame, '#cpq-match-practice-m1', 'Not personal data');
    await checkAnswer(page, frame, 'match-practice');
    await waitInPage(frame, () => document.querySelector('#cpq-match-practice .cp-q-status')?.textContent.includes('Correct'), null, { what: 'correct after Try again' });
    assert.deepEqual((await rows(frame, 'match-practice')).map((r) => r.mark), [RIGHT, RIGHT, RIGHT]);

    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await waitInPage(frame, () => document.querySelectorAll('#page-practice .cp-question .cp-q-mark:not(:empty)').length === 7, null, { what: 'the marks after a reload' });
    assert.deepEqual((await rows(frame, 'match-practice')).map((r) => r.mark), [RIGHT, RIGHT, RIGHT], 'the matching marks after a reload');
    assert.deepEqual(await marks(frame, 'order-practice'), PRACTICE_MARKS['order-practice'], 'the ordering marks after a reload');
    await assertNoAxeViolations(page, 'marked checks after a reload');
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('assessment with feedback at the end: no mark while an answer is only saved; the review marks every pair and item, after a reload too', async () => {
    const s = await openPage(server.url('index.html#page-quiz'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    await chooseByKeyboard(page, frame, '#cpq-match-quiz-m0', 'Keeping records for ever');
    await chooseByKeyboard(page, frame, '#cpq-match-quiz-m1', 'An address that was never updated');
    await chooseByKeyboard(page, frame, '#cpq-match-quiz-m2', 'Collecting dates of birth just in case');
    await checkAnswer(page, frame, 'match-quiz');
    assert.match(await frame.evaluate(() => document.querySelector('#cpq-match-quiz .cp-q-feedback').innerText), /saved/i);
    assert.ok((await rows(frame, 'match-quiz')).every((r) => r.mark === null && r.state === ''), 'no mark while the answer is only saved until the end');
    await putInOrder(page, frame, 'order-quiz', ['Check who is asking', 'Find the data', 'Send it within a month']);
    await checkAnswer(page, frame, 'order-quiz');
    await waitInPage(frame, () => Boolean(document.querySelector('.cp-quiz-result')), null, { what: 'the result' });
    const expected = {
      'match-quiz': [`Storage limitation: ${RIGHT}`, `Data minimisation: ${WRONG}`, `Accuracy: ${WRONG}`],
      'order-quiz': [`Check who is asking: ${RIGHT}`, `Find the data: ${RIGHT}`, `Send it within a month: ${RIGHT}`],
    };
    for (const [id, lines] of Object.entries(expected)) assert.deepEqual(await marks(frame, id), lines, `${id} in the review`);
    await assertNoAxeViolations(page, 'the assessment reviewed with its marks');
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await waitInPage(frame, () => document.querySelectorAll('#page-quiz .cp-question .cp-q-mark:not(:empty)').length === 6, null, { what: 'the review\'s marks after a reload' });
    for (const [id, lines] of Object.entries(expected)) assert.deepEqual(await marks(frame, id), lines, `${id} in the review after a reload`);
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('without JavaScript no mark shows and nothing is hidden; in print the marks show as the learner left them', async () => {
    const bare = await openPage(server.url('index.html#page-practice'), { goto: false });
    await bare.page.route('**/player/player.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
    await bare.page.goto(server.url('index.html#page-practice'), { waitUntil: 'load' });
    const bf = bare.page.mainFrame();
    for (const id of ['match-practice', 'order-practice', 'match-quiz', 'order-quiz']) {
      const r = await rows(bf, id);
      assert.ok(r.length >= 3 && r.every((x) => x.text !== '' && x.mark === null), `${id} without JavaScript: its pairs or items, no mark`);
    }
    await assertNoAxeViolations(bare.page, 'matching and ordering without JavaScript');
    await bare.close();

    const s = await openPage(server.url('index.html#page-practice'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    await answerPractice(page, frame);
    await expectPracticeMarks(frame, 'before printing');
    await page.emulateMedia({ media: 'print' });
    for (const [id, expected] of Object.entries(PRACTICE_MARKS)) assert.deepEqual(await marks(frame, id), expected, `${id} in print`);
    await s.close();
  });
});

/* ---------- the LMS targets: the marks come back when the learner resumes ---------- */

for (const std of ['scorm12', 'scorm2004']) {
  describe(std, () => {
    test('the knowledge checks\' marks come back when the learner resumes', async () => {
      const lms = await startScormLms({ dir: dirs[std], std });
      try {
        const first = await lms.launch();
        await waitForPlayerReady(first.frame);
        await answerPractice(first.page, first.frame);
        await expectPracticeMarks(first.frame, `${std}, after checking`);
        await first.exit();
        await lms.settled();
        await first.close();
        const again = await lms.launch({ resume: true });
        await waitForPlayerReady(again.frame);
        await expectPracticeMarks(again.frame, `${std}, resumed`);
        await again.close();
      } finally {
        await lms.close();
      }
    });
  });
}

/** One Ralph for the xAPI and cmi5 tests, started by the first of them. */
let ralphStarted = null;
after(async () => { if (ralphStarted) await (await ralphStarted).stop(); });

for (const target of ['xapi', 'cmi5']) {
  describe(target, () => {
    let ralph;
    before(async () => { if (dirs[target]) ralph = await (ralphStarted ??= startRalph()); });

    test('the knowledge checks\' marks come back in the next session (State API)', async () => {
      const lms = await startLms({ root: dirs[target], ralph });
      try {
        const actor = { objectType: 'Agent', name: 'Marks Learner', account: { homePage: 'https://lms.example', name: `marks-${crypto.randomUUID().slice(0, 8)}` } };
        const registration = crypto.randomUUID();
        const activityId = JSON.parse(fs.readFileSync(path.join(dirs[target], 'index.html'), 'utf8')
          .match(/<script type="application\/json" id="cp-data">([\s\S]*?)<\/script>/)[1]).activity.id;
        const launch = () => (target === 'xapi'
          ? lms.tincanLaunch({ actor, registration, activityId })
          : lms.cmi5Launch({ actor, registration, activityId, publisherId: activityId }).url);
        const first = await openPage(launch());
        const frame = first.page.mainFrame();
        await waitForPlayerReady(frame);
        await answerPractice(first.page, frame);
        await expectPracticeMarks(frame, `${target}, after checking`);
        const stateOf = () => lms.stateDoc({ activityId, actor, registration });
        await waitUntil(() => {
          const doc = stateOf();
          if (!doc) return false;
          const st = typeof doc.state === 'string' ? JSON.parse(doc.state) : doc.state;
          const answers = st?.quiz?.a ?? [];
          return answers.filter((e) => Array.isArray(e) && e[0] > 0).length === 2;
        }, { what: 'the State API document to hold both checked answers' });
        await first.close();
        await lms.idle();
        const again = await openPage(launch());
        await waitForPlayerReady(again.page.mainFrame());
        await expectPracticeMarks(again.page.mainFrame(), `${target}, next session`);
        assertNoConsoleErrors(withoutExpected404s(again));
        await again.close();
      } finally {
        await lms.close();
      }
    });
  });
}
