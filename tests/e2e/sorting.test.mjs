// Browser tests of the sorting activity (docs/authoring.md, "Sorting
// activity"; crates/coursepack-render/assets/widgets/sorting.js).
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/sorting.test.mjs
//
// fixtures/blocks/sorting has an unscored sorting activity (a knowledge
// check, page 1) and a scored one (the assessment, page 2). It is built once
// for every target. On the web target the items are sorted with the keyboard
// alone (each card's own list of categories), with a pointer choosing from
// those lists, and by a real mouse drag; axe-core finds nothing in each state,
// the focus is visible and not hidden, targets are at least 24 by 24 CSS px,
// every move is announced, the answer comes back after a reload, and without
// JavaScript and in print the categories and items are lists. In SCORM 1.2 and
// 2004 (scorm-again) and in xAPI and cmi5 (Ralph), the scored activity is a
// `matching` interaction / an `answered` statement with the right pattern.

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
import { verbOf } from './lib/xapi-checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'blocks', 'sorting');
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
  ({ dirs, remove: removePackages } = await buildForEveryTarget(cli, fixture, 'cp-sorting-'));
});
after(async () => {
  await closeBrowser();
  await removePackages();
});

/** The scored activity's answer, item by category (the fixture's 02-quiz.md). */
const ANSWER = {
  "A member's name and address": 'Personal data',
  "A member's health condition, noted for a home delivery": 'Special category data',
  'Visits to each branch last year': 'Not personal data',
  "A reader's borrowing history": 'Personal data',
};
const CATEGORIES = ['Personal data', 'Special category data', 'Not personal data'];

/** Press Tab until the focused element matches `selector`; its focus must show. */
async function tabTo(page, frame, selector) {
  await tabToSelector(page, frame, selector);
  await expectFocusVisible(frame, selector);
}

/** Each box of an activity's board: its title, its group's name, and the items in it. */
function board(frame, id) {
  return frame.evaluate((id) => [...document.querySelectorAll(`#cpq-${id} .cp-sort-zone`)].map((z) => ({
    title: z.querySelector('.cp-sort-title').textContent,
    group: z.getAttribute('role') === 'group' && document.getElementById(z.getAttribute('aria-labelledby'))?.textContent,
    items: [...z.querySelectorAll('.cp-sort-text')].map((t) => t.textContent),
  })), id);
}

/** The items in each category (the "Not sorted yet" box left out when empty). */
async function sorted(frame, id) {
  const zones = await board(frame, id);
  return Object.fromEntries(zones.filter((z, k) => k > 0 || z.items.length).map((z) => [z.title, z.items.slice().sort()]));
}

function expectedBoxes(answer, categories) {
  return Object.fromEntries(categories.map((c) => [c, Object.keys(answer).filter((i) => answer[i] === c).sort()]));
}

/** The live region's last announcement. */
function announced(frame, id) {
  return frame.evaluate((id) => document.querySelector(`#cpq-${id} .cp-sort-board [aria-live]`).textContent, id);
}

/**
 * Sort one item with the keyboard: Tab to its card's list, then ArrowDown
 * to the category (the list starts at "Not sorted yet").
 */
async function sortByKeyboard(page, frame, id, item, category, categories) {
  const index = await frame.evaluate(({ id, item }) => [...document.querySelectorAll(`#cpq-${id} .cp-sort-card`)]
    .find((c) => c.querySelector('.cp-sort-text').textContent === item)
    .querySelector('select').getAttribute('aria-labelledby'), { id, item });
  const selector = `#cpq-${id} select[aria-labelledby="${index}"]`;
  await tabTo(page, frame, selector);
  const steps = categories.indexOf(category) + 1;
  for (let n = 0; n < steps; n++) await page.keyboard.press('ArrowDown');
  await waitInPage(frame, ({ id, item, category }) => [...document.querySelectorAll(`#cpq-${id} .cp-sort-zone`)]
    .some((z) => z.querySelector('.cp-sort-title').textContent === category
      && [...z.querySelectorAll('.cp-sort-text')].some((t) => t.textContent === item)), { id, item, category }, { what: `${item} in ${category}` });
  assert.ok(await frame.evaluate((s) => document.activeElement?.matches(s), selector), `the focus stays on ${item}'s list after the move`);
  await expectFocusVisible(frame, `${item}'s list after the move`);
  assert.equal(await announced(frame, id), `${item}: moved to ${category}`);
}

/** Check the answer with the keyboard. */
async function checkAnswer(page, frame, id) {
  await tabTo(page, frame, `#cpq-${id} .cp-q-check`);
  await page.keyboard.press('Enter');
  await waitInPage(frame, (id) => document.querySelector(`#cpq-${id} .cp-q-feedback`).textContent.trim() !== '', id, { what: 'the feedback' });
}

/** Drag a card by its centre to a box's centre with the mouse. */
async function drag(page, frame, id, item, category) {
  const card = frame.locator(`#cpq-${id} .cp-sort-card`, { hasText: item });
  const zone = frame.locator(`#cpq-${id} .cp-sort-zone`, { has: frame.locator('.cp-sort-title', { hasText: category }) });
  await card.locator('.cp-sort-text').scrollIntoViewIfNeeded();
  const from = await card.locator('.cp-sort-text').boundingBox();
  const to = await zone.locator('.cp-sort-title').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
}

describe('web', () => {
  let server;
  before(async () => {
    if (dirs.web) server = await startServer({ root: dirs.web });
  });
  after(async () => server?.close());

  test('scored sorting by keyboard alone: cards move to their category, each move announced, axe, kept over a reload', async () => {
    const s = await openPage(server.url('index.html#page-quiz'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    const start = await board(frame, 'sort-data');
    assert.deepEqual(start.map((z) => [z.title, z.group]), [['Not sorted yet', 'Not sorted yet'], ...CATEGORIES.map((c) => [c, c])]);
    assert.deepEqual(start[0].items.slice().sort(), Object.keys(ANSWER).sort(), 'every item starts unsorted');
    assert.equal(await frame.evaluate(() => getComputedStyle(document.querySelector('#cpq-sort-data .cp-sort-source')).display), 'none', 'the plain lists give way to the board');
    await assertNoAxeViolations(page, 'sorting, nothing sorted');
    const items = Object.keys(ANSWER);
    for (const item of items) await sortByKeyboard(page, frame, 'sort-data', item, ANSWER[item], CATEGORIES);
    assert.deepEqual(await sorted(frame, 'sort-data'), expectedBoxes(ANSWER, CATEGORIES));
    const small = await frame.evaluate(() => [...document.querySelectorAll('#cpq-sort-data .cp-sort-choice, #cpq-sort-data .cp-q-check')]
      .map((e) => e.getBoundingClientRect()).filter((r) => r.width < 24 || r.height < 24).length);
    assert.equal(small, 0, 'targets are at least 24 by 24 CSS px');
    await assertNoAxeViolations(page, 'sorting, every item sorted');
    await checkAnswer(page, frame, 'sort-data');
    const locked = () => frame.evaluate(() => [...document.querySelectorAll('#cpq-sort-data .cp-sort-card')]
      .map((c) => [c.draggable, c.querySelector('select').disabled]));
    assert.ok((await locked()).every(([d, x]) => !d && x), 'after checking, the cards can no longer move');
    await assertNoAxeViolations(page, 'sorting, checked');
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await waitInPage(frame, () => document.querySelectorAll('#cpq-sort-data .cp-sort-pool .cp-sort-card').length === 0, null, { what: 'the answer back on the board' });
    assert.deepEqual(await sorted(frame, 'sort-data'), expectedBoxes(ANSWER, CATEGORIES), 'the answer comes back after a reload');
    assert.ok((await locked()).every(([d, x]) => !d && x), 'and stays checked');
    const marks = await frame.evaluate(() => [...document.querySelectorAll('#cpq-sort-data .cp-sort-card')].map((c) => c.querySelector('.cp-sort-mark')?.textContent));
    assert.deepEqual(marks, Object.keys(ANSWER).map(() => '✓ Correct'), 'each card marked right, after the reload too');
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('unscored sorting with a pointer: a real mouse drag, a choice from a card\'s list, feedback, try again', async () => {
    const s = await openPage(server.url('index.html#page-practice'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    await drag(page, frame, 'sort-practice', 'Minutes of board meetings', 'Keep');
    await waitInPage(frame, () => [...document.querySelectorAll('#cpq-sort-practice .cp-sort-zone')][1].textContent.includes('Minutes of board meetings'), null, { what: 'the dragged card in Keep' });
    assert.equal(await announced(frame, 'sort-practice'), 'Minutes of board meetings: moved to Keep');
    assert.equal(await frame.locator('#cpq-sort-practice select.cp-q-match').first().inputValue(), '0', 'the drag answered the question');
    await frame.locator('#cpq-sort-practice .cp-sort-card', { hasText: 'A draft poster' }).locator('select').selectOption({ label: 'Keep' });
    await waitInPage(frame, () => [...document.querySelectorAll('#cpq-sort-practice .cp-sort-zone')][1].querySelectorAll('.cp-sort-card').length === 2, null, { what: 'the chosen card in Keep' });
    await assertNoAxeViolations(page, 'unscored sorting, sorted');
    await frame.locator('#cpq-sort-practice .cp-q-check').click();
    const feedback = () => frame.evaluate(() => document.querySelector('#cpq-sort-practice .cp-q-feedback').innerText);
    await waitInPage(frame, () => document.querySelector('#cpq-sort-practice .cp-q-feedback').textContent.includes('Partly'), null, { what: 'partly correct' });
    assert.match(await feedback(), /Minutes of board meetings: Board minutes are the library's memory/, 'the item\'s feedback');
    const marks = () => frame.evaluate(() => [...document.querySelectorAll('#cpq-sort-practice .cp-sort-card')]
      .map((c) => `${c.querySelector('.cp-sort-text').textContent}: ${c.querySelector('.cp-sort-mark')?.textContent ?? '-'}`).sort());
    assert.deepEqual(await marks(), ['A draft poster for a past event: ✗ Incorrect', 'Minutes of board meetings: ✓ Correct'], 'each card says whether it is right');
    await assertNoAxeViolations(page, 'unscored sorting, checked');
    await frame.locator('#cpq-sort-practice .cp-q-retry').click();
    await waitInPage(frame, () => !document.querySelector('#cpq-sort-practice .cp-sort-mark'), null, { what: 'Try again clears the marks' });
    await drag(page, frame, 'sort-practice', 'A draft poster', 'Destroy');
    await waitInPage(frame, () => [...document.querySelectorAll('#cpq-sort-practice .cp-sort-zone')][2].textContent.includes('A draft poster'), null, { what: 'the poster dragged to Destroy after Try again' });
    await frame.locator('#cpq-sort-practice .cp-q-check').click();
    await waitInPage(frame, () => document.querySelector('#cpq-sort-practice .cp-q-status')?.textContent.includes('Correct'), null, { what: 'correct' });
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('without JavaScript the categories and the items are lists; in print the board is lists of items under their category', async () => {
    const s = await openPage(server.url('index.html#page-quiz'), { goto: false });
    await s.page.route('**/player/player.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
    await s.page.goto(server.url('index.html#page-quiz'), { waitUntil: 'load' });
    const frame = s.page.mainFrame();
    const lists = await frame.evaluate(() => [...document.querySelectorAll('#cpq-sort-data ul')].map((ul) => ({
      label: document.getElementById(ul.getAttribute('aria-labelledby'))?.textContent,
      items: [...ul.children].map((li) => li.querySelector('label')?.textContent ?? li.textContent),
      shown: ul.checkVisibility(),
    })));
    assert.deepEqual(lists, [
      { label: 'Categories', items: CATEGORIES, shown: true },
      { label: 'Items to sort', items: Object.keys(ANSWER), shown: true },
    ]);
    await assertNoAxeViolations(s.page, 'sorting without JavaScript');
    await s.close();

    const p = await openPage(server.url('index.html#page-quiz'));
    const pf = p.page.mainFrame();
    await waitForPlayerReady(pf);
    await pf.locator('#cpq-sort-data .cp-sort-card', { hasText: 'Visits' }).locator('select').selectOption({ label: 'Not personal data' });
    await p.page.emulateMedia({ media: 'print' });
    const printed = await pf.evaluate(() => ({
      zones: [...document.querySelectorAll('#cpq-sort-data .cp-sort-zone')].filter((z) => z.checkVisibility()).map((z) => z.innerText.replace(/\s+/g, ' ').trim()),
      controls: [...document.querySelectorAll('#cpq-sort-data .cp-sort-choice')].filter((c) => c.checkVisibility()).length,
    }));
    assert.equal(printed.controls, 0, 'no lists of categories on paper');
    assert.equal(printed.zones.at(-1), 'Not personal data Visits to each branch last year');
    await p.close();
  });
});

/* ---------- tracking: the scored activity is a matching interaction ---------- */

const PATTERN_2004 = [
  "s1_a_member_s_name_and_addr[.]t1_personal_data",
  's2_a_member_s_health_condit[.]t2_special_category_data',
  's3_visits_to_each_branch_la[.]t3_not_personal_data',
  "s4_a_reader_s_borrowing_his[.]t1_personal_data",
].join('[,]');

/** Sort the scored activity correctly (each card's list) and check it. */
async function answerAll(page, frame) {
  for (const [item, category] of Object.entries(ANSWER)) {
    await frame.locator('#cpq-sort-data .cp-sort-card', { hasText: item }).locator('select').selectOption({ label: category });
  }
  await checkAnswer(page, frame, 'sort-data');
}

async function showQuizPage(frame) {
  await frame.locator('.cp-toc a[href="#page-quiz"]').click();
  await waitInPage(frame, () => !document.getElementById('page-quiz').hidden, null, { what: 'the quiz page' });
}

for (const std of ['scorm12', 'scorm2004']) {
  describe(std, () => {
    test('a sorting activity comes back on resume; the scored one is a matching interaction with its correct pattern', async () => {
      const lms = await startScormLms({ dir: dirs[std], std });
      try {
        const first = await lms.launch();
        await waitForPlayerReady(first.frame);
        const practice = first.frame.locator('#cpq-sort-practice .cp-sort-card');
        await practice.filter({ hasText: 'Minutes' }).locator('select').selectOption({ label: 'Keep' });
        await practice.filter({ hasText: 'A draft poster' }).locator('select').selectOption({ label: 'Destroy' });
        await checkAnswer(first.page, first.frame, 'sort-practice');
        await first.exit();
        await lms.settled();
        await first.close();
        const again = await lms.launch({ resume: true });
        await waitForPlayerReady(again.frame);
        await waitInPage(again.frame, () => document.querySelectorAll('#cpq-sort-practice .cp-sort-pool .cp-sort-card').length === 0, null, { what: 'the practice answer back on the board' });
        assert.deepEqual(await sorted(again.frame, 'sort-practice'), { Keep: ['Minutes of board meetings'], Destroy: ['A draft poster for a past event'] });
        await showQuizPage(again.frame);
        await answerAll(again.page, again.frame);
        await again.exit();
        await lms.settled();
        await again.close();
        const cmi = lms.stored;
        const found = Object.values(cmi.interactions ?? {}).filter((i) => i.id === 'sort_data' || i.id?.startsWith('sort_data_'));
        assert.equal(found.length, 1, 'one interaction for the scored activity');
        const [i] = found;
        assert.equal(i.type, 'matching');
        const patterns = Object.values(i.correct_responses ?? {}).map((p) => p.pattern);
        assert.deepEqual(patterns, [std === 'scorm12' ? '1.a,2.b,3.c,4.a' : PATTERN_2004]);
        assert.equal(std === 'scorm12' ? i.student_response : i.learner_response, std === 'scorm12' ? '1.a,2.b,3.c,4.a' : PATTERN_2004);
        assert.equal(i.result, 'correct');
        const raw = std === 'scorm12' ? cmi.core.score.raw : cmi.score.raw;
        assert.equal(Number(raw), 100, 'the scored activity is the whole assessment: 100%');
      } finally {
        await lms.close();
      }
    });
  });
}

let ralphStarted = null;
after(async () => { if (ralphStarted) await (await ralphStarted).stop(); });

for (const target of ['xapi', 'cmi5']) {
  describe(target, () => {
    let ralph;
    before(async () => { if (dirs[target]) ralph = await (ralphStarted ??= startRalph()); });

    test('the scored sorting activity is an answered statement of a matching interaction with its correct pattern', async () => {
      const lms = await startLms({ root: dirs[target], ralph });
      try {
        const actor = { objectType: 'Agent', name: 'Sorting Learner', account: { homePage: 'https://lms.example', name: `sorting-${crypto.randomUUID().slice(0, 8)}` } };
        const registration = crypto.randomUUID();
        const activityId = JSON.parse(fs.readFileSync(path.join(dirs[target], 'index.html'), 'utf8')
          .match(/<script type="application\/json" id="cp-data">([\s\S]*?)<\/script>/)[1]).activity.id;
        const url = target === 'xapi'
          ? lms.tincanLaunch({ actor, registration, activityId })
          : lms.cmi5Launch({ actor, registration, activityId, publisherId: activityId }).url;
        const s = await openPage(url);
        const frame = s.page.mainFrame();
        await waitForPlayerReady(frame);
        await showQuizPage(frame);
        await answerAll(s.page, frame);
        let answered = [];
        await waitUntil(async () => {
          answered = (await ralph.statements({ registration })).filter((st) => verbOf(st) === 'answered' && /sort_data$|sort-data$/.test(st.object.id));
          return answered.length > 0;
        }, { what: 'the answered statement in Ralph' });
        assert.equal(answered.length, 1);
        const [st] = answered;
        assert.equal(st.object.definition.interactionType, 'matching');
        assert.deepEqual(st.object.definition.correctResponsesPattern, [PATTERN_2004]);
        assert.equal(st.result.response, PATTERN_2004);
        assert.equal(st.result.success, true);
        assert.deepEqual(st.object.definition.target.map((t) => t.description['en-GB']), CATEGORIES);
        await s.close();
        await lms.idle();
      } finally {
        await lms.close();
      }
    });
  });
}
