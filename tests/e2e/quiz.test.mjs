// Browser tests of the quiz widgets (crates/coursepack-quiz/assets/quiz.js),
// driven by the keyboard alone: Tab, Shift+Tab, arrow keys, Space, Enter and
// typing. Never a click.
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/quiz.test.mjs
//
// (`cargo xtask e2e` sets the variable.) The fixture modules in
// fixtures/quiz/ are built for the web target with that binary:
// - `immediate`: every question type as a knowledge check (page 1), then a
//   scored assessment with immediate feedback, two attempts, review and
//   score bands (page 2);
// - `end`: an assessment whose feedback is shown only at the end, with a
//   question pool (draw 1 of 2), review and score bands.
// Each question type is answered correctly, incorrectly and (where it can
// be) partly; the feedback must appear in the question's live region, focus
// must move sensibly, and axe-core must find nothing on the quiz pages in
// each state.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, assertNoFailedRequests, assertSameOriginOnly, closeBrowser, openPage } from './lib/browser.mjs';
import { focused, focusIndicator, focusObscured, pressEnter, pressSpace, tabTo } from './lib/keyboard.mjs';
import { expectPage, waitForPlayerReady } from './lib/player.mjs';
import { startServer } from './lib/server.mjs';
import { extractZip, removeDir } from './lib/unzip.mjs';
import { waitInPage } from './lib/wait.mjs';
import { test } from './lib/test.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'quiz');
const cli = process.env.COURSEPACK_BIN;

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
  });
}

after(closeBrowser);

/** Build a fixture module for the web target; returns the extracted package folder. */
async function buildFixture(name, out) {
  const stdout = execFileSync(cli, ['build', path.join(fixtures, name), '--target', 'web', '--out', out], { encoding: 'utf8' });
  const zip = stdout.trim().split('\n').pop();
  assert.ok(zip && fs.existsSync(zip), `coursepack build printed no zip for ${name}: ${stdout}`);
  return extractZip(zip);
}

/* ---------- keyboard helpers (identify elements by selector, move only with keys) ---------- */

/**
 * Press Tab (Shift+Tab with backwards) until the focused element matches
 * `selector`; check its focus indicator is visible and not obscured.
 */
async function tabToSel(page, selector, { max = 120, backwards = false } = {}) {
  const key = backwards ? 'Shift+Tab' : 'Tab';
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => Boolean(document.activeElement?.matches(s)), selector)) {
      const ind = await focusIndicator(page);
      assert.ok(ind.visible, `no visible focus indicator on ${selector} (outline ${ind.outline})`);
      assert.equal(await focusObscured(page), '', `focus on ${selector} is hidden`);
      return focused(page);
    }
    const f = await focused(page);
    seen.push(f.isBody ? '(nothing)' : `${f.role || f.tag} "${f.name}" #${f.id}`);
  }
  assert.fail(`Tab never reached ${selector}; focus went to:\n  ${seen.slice(-15).join('\n  ')}`);
}

/** Select all the text in the focused field and type over it. */
async function retype(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

/** Tab to the question's "Check answer"/"Submit" button and press Enter. */
async function check(page, id) {
  await tabToSel(page, `#cpq-${id} .cp-q-check`);
  await pressEnter(page);
}

/** Tab to the question's "Try again" button (focus is usually already there) and press Enter. */
async function tryAgain(page, id) {
  const sel = `#cpq-${id} .cp-q-retry`;
  if (!(await page.evaluate((s) => document.activeElement?.matches(s), sel))) await tabToSel(page, sel, { backwards: true });
  await pressEnter(page);
  const f = await page.evaluate((id) => {
    const a = document.activeElement;
    return { inQuestion: Boolean(a?.closest(`#cpq-${id} fieldset`)), disabled: Boolean(a?.disabled) };
  }, id);
  assert.ok(f.inQuestion && !f.disabled, `after Try again, focus is not on the question's first control`);
}

/** The question's feedback: its text, and whether it is a polite live region. */
async function feedback(page, id) {
  return page.evaluate((id) => {
    const fb = document.getElementById(`cpq-${id}-feedback`);
    return {
      text: fb.innerText.replace(/\s+/g, ' ').trim(),
      live: fb.getAttribute('role') === 'status' && fb.getAttribute('aria-live') === 'polite',
      focused: document.activeElement === fb,
    };
  }, id);
}

/** Check the feedback text (in the live region) contains every string in `parts`, and no status it should not. */
async function expectFeedback(page, id, parts, { not = [] } = {}) {
  const fb = await feedback(page, id);
  assert.ok(fb.live, `#cpq-${id}-feedback is not a polite live region`);
  for (const p of parts) assert.ok(fb.text.includes(p), `${id}: feedback "${fb.text}" lacks "${p}"`);
  for (const p of not) assert.ok(!fb.text.includes(p), `${id}: feedback "${fb.text}" should not contain "${p}"`);
  return fb;
}

/** What has focus, as a short description. */
async function focusDesc(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}#${a.id}.${a.className}` : '';
  });
}

async function expectFocusOn(page, selector, what) {
  const ok = await page.evaluate((s) => Boolean(document.activeElement?.matches(s)), selector);
  assert.ok(ok, `${what}: focus is on ${await focusDesc(page)}, not ${selector}`);
}

/** The learner state the web adapter keeps in localStorage. */
async function storedState(page) {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.startsWith('coursepack:')) return JSON.parse(localStorage.getItem(key));
    }
    return null;
  });
}

/**
 * The stored learner state once attempt `attempt` has been scored. The player saves at the next
 * tick after the result is shown, so reading localStorage at once can see the attempt in progress.
 */
async function scoredAttemptState(page, attempt) {
  await waitInPage(page, (n) => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key.startsWith('coursepack:')) continue;
      const st = JSON.parse(localStorage.getItem(key));
      return st.quiz && st.quiz.t === n && st.quiz.s >= 0 && st.score != null;
    }
    return false;
  }, attempt, { what: `attempt ${attempt} to be stored scored (quiz.t ${attempt}, quiz.s >= 0, a score)` });
  return storedState(page);
}

/** Open the package and wait for the quiz widgets to be hydrated. */
async function openQuiz(server) {
  const s = await openPage(server.url('index.html'));
  await waitInPage(s.page, () => window.coursepackQuiz && window.coursepack && document.querySelector('.cp-question .cp-q-check'), null, {
    what: 'the player and the quiz script to load',
  });
  // the widgets are hydrated by the quiz's 'ready' listener
  await waitForPlayerReady(s.page);
  return s;
}

function assertClean(s, what) {
  assertSameOriginOnly(s, what);
  assertNoConsoleErrors(s, what);
  assertNoFailedRequests(s, what);
}

/* ---------- the immediate-feedback module ---------- */

describe('quiz widgets, immediate feedback', { skip: !cli }, () => {
  let tmp;
  let dir;
  let server;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-quiz-e2e-'));
    dir = await buildFixture('immediate', tmp);
    server = await startServer({ root: dir });
  });
  after(async () => {
    await server?.close();
    if (dir) await removeDir(dir);
    if (tmp) await removeDir(tmp);
  });

  test('every question type as a knowledge check: correct, incorrect, partly, by keyboard', async () => {
    const s = await openQuiz(server);
    const { page } = s;
    try {
      await expectPage(page, 0, { what: 'on opening' });
      await assertNoAxeViolations(page, 'knowledge checks, unanswered');

      // ---- single choice, with a hint, "answer first", option feedback and the explanation ----
      await tabToSel(page, '#cpq-lawful-basis-o0');
      await check(page, 'lawful-basis');
      await expectFeedback(page, 'lawful-basis', ['Answer the question first.']);
      await tabToSel(page, '#cpq-lawful-basis .cp-q-hint-toggle');
      await pressEnter(page);
      const hint = await page.evaluate(() => {
        const t = document.querySelector('#cpq-lawful-basis .cp-q-hint-toggle');
        const h = document.getElementById('cpq-lawful-basis-hint');
        return { expanded: t.getAttribute('aria-expanded'), label: t.textContent, shown: !h.hidden, text: h.innerText };
      });
      assert.deepEqual([hint.expanded, hint.label, hint.shown], ['true', 'Hide hint', true]);
      assert.match(hint.text, /Think about why the library exists in law/);
      await tabToSel(page, '#cpq-lawful-basis-o0', { backwards: true });
      await page.keyboard.press('ArrowDown'); // selects "Consent"
      assert.ok(await page.isChecked('#cpq-lawful-basis-o1'), 'ArrowDown did not select the second option');
      await check(page, 'lawful-basis');
      await expectFeedback(page, 'lawful-basis', ['✗ Incorrect', 'Have another look', 'Consent can be withdrawn', 'Explanation:', 'Public Libraries and Museums Act 1964'], { not: ['✓'] });
      await expectFocusOn(page, '#cpq-lawful-basis .cp-q-retry', 'after checking a knowledge check');
      assert.equal(await page.locator('#cpq-lawful-basis .cp-q-retry').innerText(), 'Try again');
      assert.match(await page.locator('#cpq-lawful-basis [data-option="1"] .cp-q-mark').innerText(), /✗ Incorrect/);
      assert.ok(await page.isDisabled('#cpq-lawful-basis-o0'), 'options stay locked until Try again');
      await assertNoAxeViolations(page, 'single choice with feedback shown');
      await tryAgain(page, 'lawful-basis');
      assert.equal((await feedback(page, 'lawful-basis')).text, '', 'Try again clears the feedback');
      await page.keyboard.press('ArrowUp'); // back to "Public task"
      await check(page, 'lawful-basis');
      await expectFeedback(page, 'lawful-basis', ['✓ Correct', 'Well done.', 'The law gives the council a duty'], { not: ['✗'] });

      // ---- multiple response: incorrect, partly, correct ----
      await tabToSel(page, '#cpq-personal-data-o2');
      await pressSpace(page);
      await check(page, 'personal-data');
      await expectFeedback(page, 'personal-data', ['✗ Incorrect']);
      await tryAgain(page, 'personal-data');
      await tabToSel(page, '#cpq-personal-data-o2');
      await pressSpace(page); // untick the opening hours
      await tabToSel(page, '#cpq-personal-data-o0', { backwards: true });
      await pressSpace(page);
      await check(page, 'personal-data');
      await expectFeedback(page, 'personal-data', ['◐ Partly correct', 'Some of your choices are right.']);
      await tryAgain(page, 'personal-data');
      await tabToSel(page, '#cpq-personal-data-o1');
      await pressSpace(page);
      await check(page, 'personal-data');
      await expectFeedback(page, 'personal-data', ['✓ Correct'], { not: ['Some of your choices'] });

      // ---- true/false ----
      await tabToSel(page, '#cpq-paper-records-o0');
      await page.keyboard.press('ArrowDown');
      await check(page, 'paper-records');
      await expectFeedback(page, 'paper-records', ['✗ Incorrect']);
      await tryAgain(page, 'paper-records');
      await page.keyboard.press('ArrowUp');
      await check(page, 'paper-records');
      await expectFeedback(page, 'paper-records', ['✓ Correct']);

      // ---- fill in, two blanks ----
      const blank1 = await tabToSel(page, '#cpq-regulator-b0');
      assert.equal(blank1.name, 'Blank 1 of 2');
      await page.keyboard.type('  the ICO');
      await tabToSel(page, '#cpq-regulator-b1');
      await page.keyboard.type('France');
      await check(page, 'regulator');
      await expectFeedback(page, 'regulator', ['✗ Incorrect']);
      await tryAgain(page, 'regulator');
      await retype(page, 'ico');
      await check(page, 'regulator');
      await expectFeedback(page, 'regulator', ['◐ Partly correct', 'One of the two blanks is right.']);
      await tryAgain(page, 'regulator');
      await tabToSel(page, '#cpq-regulator-b1');
      await retype(page, 'united   kingdom');
      await check(page, 'regulator');
      await expectFeedback(page, 'regulator', ['✓ Correct']);

      // ---- dropdown in a sentence ----
      const select = await tabToSel(page, '#cpq-deadline-b0');
      assert.equal(select.role, 'combobox');
      await page.keyboard.press('ArrowDown'); // one month
      await page.keyboard.press('ArrowDown'); // two weeks
      assert.equal(await page.inputValue('#cpq-deadline-b0'), '1');
      await check(page, 'deadline');
      await expectFeedback(page, 'deadline', ['✗ Incorrect']);
      await tryAgain(page, 'deadline');
      await page.keyboard.press('ArrowUp');
      await check(page, 'deadline');
      await expectFeedback(page, 'deadline', ['✓ Correct']);

      // ---- numeric, with a partial-credit answer ----
      await tabToSel(page, '#cpq-breach-hours-n');
      await page.keyboard.type('200');
      await check(page, 'breach-hours');
      await expectFeedback(page, 'breach-hours', ['✗ Incorrect'], { not: ['Close'] });
      await tryAgain(page, 'breach-hours');
      await retype(page, '60');
      await check(page, 'breach-hours');
      await expectFeedback(page, 'breach-hours', ['◐ Partly correct', 'Nearly.', 'Close: check the exact number.']);
      await tryAgain(page, 'breach-hours');
      await retype(page, ' 72,0 ');
      await check(page, 'breach-hours');
      await expectFeedback(page, 'breach-hours', ['✓ Correct', 'Exactly 72 hours.']);

      // ---- matching (with a distractor), chosen by typing the first letter in each list ----
      const pair0 = await tabToSel(page, '#cpq-principles-m0');
      assert.equal(pair0.name, 'Keeping records for ever');
      const choices = await page.$$eval('#cpq-principles-m0 option', (os) => os.map((o) => o.textContent));
      assert.deepEqual(choices, ['Choose an answer', 'Accuracy', 'Data minimisation', 'Storage limitation']);
      await page.keyboard.type('S');
      await tabToSel(page, '#cpq-principles-m1');
      await page.keyboard.type('A');
      await check(page, 'principles');
      await expectFeedback(page, 'principles', ['◐ Partly correct']);
      await tryAgain(page, 'principles');
      await tabToSel(page, '#cpq-principles-m1');
      await page.keyboard.type('D');
      await check(page, 'principles');
      await expectFeedback(page, 'principles', ['✓ Correct']);

      // ---- ordering with Move up / Move down ----
      const order = () => page.$$eval('#cpq-breach-steps li.cp-q-item', (lis) => lis.map((li) => Number(li.dataset.item)));
      const start = await order();
      assert.notDeepEqual(start, [0, 1, 2], 'the ordering question must not start in the right order');
      const rightAtStart = start.filter((item, pos) => item === pos).length;
      await check(page, 'breach-steps');
      await expectFeedback(page, 'breach-steps', [rightAtStart ? '◐ Partly correct' : '✗ Incorrect']);
      await tryAgain(page, 'breach-steps');
      // Put item k at position k, moving it up with its own "Move up" button.
      for (let k = 0; k < 3; k++) {
        let current = await order();
        while (current.indexOf(k) > k) {
          const sel = `#cpq-breach-steps li[data-item="${k}"] .cp-q-up`;
          if (!(await page.evaluate((s) => document.activeElement?.matches(s), sel))) {
            // The button is before or after the focus: try forwards, then backwards.
            const forwards = await page.evaluate((s) => {
              const b = document.querySelector(s);
              return Boolean(document.activeElement.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
            }, sel);
            await tabToSel(page, sel, { backwards: !forwards, max: 20 });
          }
          await pressEnter(page);
          current = await order();
        }
      }
      assert.deepEqual(await order(), [0, 1, 2]);
      const moved = await page.locator('#cpq-breach-steps-moved').innerText();
      assert.match(moved, /position \d of 3/, 'moves are announced in a live region');
      assert.equal(await page.getAttribute('#cpq-breach-steps-moved', 'aria-live'), 'polite');
      await check(page, 'breach-steps');
      await expectFeedback(page, 'breach-steps', ['✓ Correct']);

      // ---- likert (not scored): "Submit", no right or wrong ----
      await tabToSel(page, '#cpq-confidence-o0');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const submit = await tabToSel(page, '#cpq-confidence .cp-q-check');
      assert.equal(submit.name, 'Submit');
      await pressEnter(page);
      await expectFeedback(page, 'confidence', ['Your answer has been saved.'], { not: ['✓', '✗', '◐'] });

      // ---- reflection (not scored, kept) ----
      await tabToSel(page, '#cpq-reflect-team-text');
      await page.keyboard.type('Lock the filing cabinet every evening.');
      await page.waitForFunction(() => document.getElementById('cpq-reflect-team-saved').textContent === 'Saved');
      assert.equal(await page.getAttribute('#cpq-reflect-team-saved', 'role'), 'status');

      await assertNoAxeViolations(page, 'knowledge checks with every kind of feedback shown');

      // The answers are kept in the learner state and restored on reload; nothing here is scored.
      await waitInPage(page, () => {
        for (let i = 0; i < localStorage.length; i++) if (localStorage.getItem(localStorage.key(i)).includes('filing cabinet')) return true;
        return false;
      }, null, { what: 'the reflection to be in the stored state' });
      const st = await storedState(page);
      assert.equal(st.quiz.a[0][1], 0, 'the single-choice answer is its option index');
      assert.deepEqual(st.quiz.a[1][1], [0, 1]);
      assert.equal(st.quiz.a[9][1], 'Lock the filing cabinet every evening.');
      assert.equal(st.score ?? null, null, 'knowledge checks report no score');
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => document.getElementById('cpq-reflect-team-text').value !== '');
      assert.equal(await page.inputValue('#cpq-reflect-team-text'), 'Lock the filing cabinet every evening.');
      await expectFeedback(page, 'breach-hours', ['✓ Correct', 'Exactly 72 hours.']);
      assertClean(s, 'knowledge checks');
    } finally {
      await s.close();
    }
  });

  /** Go to the assessment page with the keyboard (Next). */
  async function toAssessment(page) {
    await tabTo(page, { name: 'Next', role: 'button', max: 200 });
    await pressEnter(page);
    await expectPage(page, 1, { what: 'after Next', focusHeading: true });
  }

  /** Answer the three assessment questions: [controller option, hours text, [match0 letter, match1 letter]]. */
  async function answerAssessment(page, [option, hours, [m0, m1]]) {
    await tabToSel(page, '#cpq-a-controller-o0');
    if (option === 1) await page.keyboard.press('ArrowDown');
    else await pressSpace(page);
    const button = await tabToSel(page, '#cpq-a-controller .cp-q-check');
    assert.equal(button.name, 'Check answer');
    await pressEnter(page);
    // Assessed questions have no "Try again": focus goes to the feedback.
    await expectFocusOn(page, '#cpq-a-controller-feedback', 'after checking an assessed question');
    assert.ok(await page.locator('#cpq-a-controller .cp-q-retry').isHidden());
    await tabToSel(page, '#cpq-a-hours-n');
    await retype(page, hours);
    await check(page, 'a-hours');
    await tabToSel(page, '#cpq-a-match-m0');
    await page.keyboard.type(m0);
    await tabToSel(page, '#cpq-a-match-m1');
    await page.keyboard.type(m1);
    await check(page, 'a-match');
  }

  /** The result section: its text, and whether its heading has focus and the summary is a live region. */
  async function result(page) {
    await page.waitForSelector('section.cp-quiz-result');
    return page.evaluate(() => {
      const r = document.querySelector('section.cp-quiz-result');
      const summary = r.querySelector('.cp-quiz-summary');
      return {
        text: r.innerText.replace(/\s+/g, ' ').trim(),
        headingFocused: document.activeElement === r.querySelector('h2'),
        live: summary.getAttribute('role') === 'status',
        retry: r.querySelector('button.cp-quiz-retry')?.textContent ?? null,
      };
    });
  }

  test('the assessment: immediate feedback, score bands, review, a second attempt that passes', async () => {
    const s = await openQuiz(server);
    const { page } = s;
    try {
      await toAssessment(page);
      await assertNoAxeViolations(page, 'assessment, unanswered');
      // Wrong, wrong, half right: 0.5 of 3 points.
      await answerAssessment(page, [1, '70', ['S', 'S']]);
      await expectFeedback(page, 'a-controller', ['✗ Incorrect']);
      await expectFeedback(page, 'a-match', ['◐ Partly correct']);
      const r1 = await result(page);
      assert.ok(r1.headingFocused, 'focus moves to the result heading when the attempt ends');
      assert.ok(r1.live, 'the result summary is a live region');
      for (const part of ['Your result', 'Your score: 16.67%', 'Read the module again before your next try.', 'Attempts left: 1']) {
        assert.ok(r1.text.includes(part), `result "${r1.text}" lacks "${part}"`);
      }
      assert.match(r1.text, /✗/);
      assert.equal(r1.retry, 'Try the quiz again');
      // Review: the correct answers are shown next to the learner's.
      await expectFeedback(page, 'a-controller', ['✗ Incorrect', 'Correct answer:', 'The controller']);
      await expectFeedback(page, 'a-hours', ['Correct answer:', '72']);
      assert.equal(await page.inputValue('#cpq-a-hours-n'), '70', "review keeps the learner's answer in view");
      await assertNoAxeViolations(page, 'assessment result and review');
      let st = await scoredAttemptState(page, 1);
      assert.equal(st.quiz.t, 1);
      assert.equal(st.quiz.f, 1);
      assert.equal(st.quiz.s, 16.67);
      assert.equal(st.score.passed, false);

      // Second attempt, all right.
      await tabToSel(page, 'section.cp-quiz-result button.cp-quiz-retry');
      await pressEnter(page);
      await expectFocusOn(page, '#cpq-a-controller-o0', 'after Try the quiz again');
      assert.equal((await feedback(page, 'a-controller')).text, '');
      assert.ok(!(await page.isChecked('#cpq-a-controller-o0')) && !(await page.isChecked('#cpq-a-controller-o1')), 'a new attempt starts empty');
      assert.equal(await page.locator('section.cp-quiz-result').count(), 0);
      await page.keyboard.press('Shift+Tab'); // answerAssessment tabs forward to the first option
      await answerAssessment(page, [0, '72', ['S', 'H']]);
      const r2 = await result(page);
      for (const part of ['Your score: 100%', 'You passed. The pass mark is 80%.', 'Well done: you know this well.']) {
        assert.ok(r2.text.includes(part), `result "${r2.text}" lacks "${part}"`);
      }
      assert.equal(r2.retry, null, 'no retry after passing');
      st = await scoredAttemptState(page, 2);
      assert.equal(st.quiz.t, 2);
      assert.equal(st.quiz.s, 100);
      assert.deepEqual([st.score.raw, st.score.max, st.score.passed], [3, 3, true]);
      assertClean(s, 'assessment');
    } finally {
      await s.close();
    }
  });

  test('the assessment: two failed attempts leave no attempt, with the middle score band', async () => {
    const s = await openQuiz(server);
    const { page } = s;
    try {
      await toAssessment(page);
      await answerAssessment(page, [1, '1', ['H', 'S']]);
      const r1 = await result(page);
      assert.ok(r1.text.includes('Your score: 0%') && r1.text.includes('Attempts left: 1'), r1.text);
      await tabToSel(page, 'section.cp-quiz-result button.cp-quiz-retry');
      await pressEnter(page);
      await page.keyboard.press('Shift+Tab');
      // Right, right, wrong: 2 of 3.
      await answerAssessment(page, [0, '72', ['H', 'S']]);
      const r2 = await result(page);
      for (const part of ['Your score: 66.67%', 'Nearly there: look again at the questions you missed.', 'No attempts left.']) {
        assert.ok(r2.text.includes(part), `result "${r2.text}" lacks "${part}"`);
      }
      assert.equal(r2.retry, null, 'no retry when no attempt is left');
      // A reload shows the same result, with the review.
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('section.cp-quiz-result');
      assert.ok((await result(page)).text.includes('No attempts left.'));
      await expectFeedback(page, 'a-match', ['✗ Incorrect', 'Correct answer:']);
      await assertNoAxeViolations(page, 'assessment with no attempt left');
      assertClean(s, 'assessment, attempts used up');
    } finally {
      await s.close();
    }
  });
});

/* ---------- the feedback-at-the-end module ---------- */

describe('quiz widgets, feedback at the end, with a question pool', { skip: !cli }, () => {
  let tmp;
  let dir;
  let server;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-quiz-e2e-'));
    dir = await buildFixture('end', tmp);
    server = await startServer({ root: dir });
  });
  after(async () => {
    await server?.close();
    if (dir) await removeDir(dir);
    if (tmp) await removeDir(tmp);
  });

  test('answers are only saved until the end, then scored, banded and reviewed', async () => {
    const s = await openQuiz(server);
    const { page } = s;
    try {
      // The pool draws one of its two questions; the other is hidden and out of the Tab order.
      const shown = await page.$$eval('.cp-question[data-question-id^="e-principle"]', (qs) => qs.filter((q) => !q.hidden).map((q) => q.dataset.questionId));
      assert.equal(shown.length, 1, `one pooled question is shown, not ${shown}`);
      const pooled = shown[0];
      await assertNoAxeViolations(page, 'end-feedback assessment, unanswered');

      await tabToSel(page, '#cpq-e-basis-o0');
      await page.keyboard.press('ArrowDown'); // Consent: wrong
      const submit = await tabToSel(page, '#cpq-e-basis .cp-q-check');
      assert.equal(submit.name, 'Submit');
      await pressEnter(page);
      const fb = await expectFeedback(page, 'e-basis', ['Your answer has been saved.'], { not: ['Correct', 'Incorrect', '✓', '✗'] });
      assert.ok(fb.focused, 'focus moves to the saved message');
      assert.equal(await page.locator(`#cpq-e-basis [data-option="1"] .cp-q-mark`).innerText(), '', 'no mark before the end');

      await tabToSel(page, '#cpq-e-regulator-b0');
      await page.keyboard.type('ico');
      await check(page, 'e-regulator');
      await expectFeedback(page, 'e-regulator', ['Your answer has been saved.'], { not: ['Correct'] });

      const visited = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate(() => document.activeElement?.closest('.cp-question')?.dataset.questionId ?? '');
        visited.push(id);
        if (id === pooled) break;
      }
      const other = pooled === 'e-principle-1' ? 'e-principle-2' : 'e-principle-1';
      assert.ok(!visited.includes(other), 'the question not drawn is never reached by Tab');
      await pressSpace(page); // the first option is the right one
      await check(page, pooled);

      const r = await result(page);
      for (const part of ['Your score: 66.67%', 'You passed. The pass mark is 50%.', 'You passed: well done.']) {
        assert.ok(r.text.includes(part), `result "${r.text}" lacks "${part}"`);
      }
      assert.ok(r.headingFocused);
      // Review after the end: marks, the right answers, the learner's own answers.
      await expectFeedback(page, 'e-basis', ['✗ Incorrect', 'Correct answer:', 'Public task']);
      await expectFeedback(page, 'e-regulator', ['✓ Correct']);
      await expectFeedback(page, pooled, ['✓ Correct']);
      assert.match(await page.locator(`#cpq-e-basis [data-option="1"] .cp-q-mark`).innerText(), /✗ Incorrect/);
      await assertNoAxeViolations(page, 'end-feedback result and review');
      const st = await scoredAttemptState(page, 1);
      assert.deepEqual(st.quiz.d.length, 3, 'the attempt holds the two unbanked questions and one drawn');
      assert.deepEqual([st.score.raw, st.score.max, st.score.passed], [2, 3, true]);
      assertClean(s, 'end-feedback assessment');
    } finally {
      await s.close();
    }
  });

  async function result(page) {
    await page.waitForSelector('section.cp-quiz-result');
    return page.evaluate(() => {
      const r = document.querySelector('section.cp-quiz-result');
      return { text: r.innerText.replace(/\s+/g, ' ').trim(), headingFocused: document.activeElement === r.querySelector('h2') };
    });
  }
});
