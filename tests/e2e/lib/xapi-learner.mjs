// The keyboard learner of the xAPI and cmi5 tests: the player page itself
// (no LMS frame), driven with Tab, arrows, Space, Enter and typing only. How
// each question is answered, right or wrong, is learner.mjs's (one place that
// knows the quiz data); this adds what these tests need: a choice per
// question, a number of pages, and waiting for each new page to be really
// shown (its heading focused) before the next key press.
//
//   await walkModule(page, { correct: true });              // every page, every question
//   await walkModule(page, { correct: (id) => id !== 'q1', pages: 3 });
//   await goNext(page);  await finish(page);

import assert from 'node:assert/strict';
import { answerQuestion, playerData, tabToSelector } from './learner.mjs';

/** Ids of the questions on the visible page still open for an answer, top to bottom. */
function openQuestions(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('section.cp-page:not([hidden]) .cp-question')]
      .filter((n) => !n.hidden && !n.closest('[hidden]'))
      .filter((n) => {
        const check = n.querySelector('.cp-q-check');
        const text = n.querySelector('textarea');
        return check ? !check.hidden && !check.disabled : !(text && text.value);
      })
      .map((n) => n.getAttribute('data-question-id')));
}

/**
 * Answer every open question of the visible page.
 * @param {import('playwright-core').Page} page
 * @param {{ correct?: boolean | ((id: string) => boolean) }} [o]
 * @returns {Promise<string[]>} the ids answered, in order
 */
export async function answerPageQuestions(page, { correct = true } = {}) {
  const frame = page.mainFrame();
  const data = await playerData(frame);
  if (!data.quiz) return [];
  const byId = new Map(data.quiz.questions.map((q) => [q.id, q]));
  const ids = await openQuestions(frame);
  for (const id of ids) {
    const right = typeof correct === 'function' ? correct(id) : correct;
    await answerQuestion(page, frame, byId.get(id), right ? 'right' : 'wrong');
  }
  return ids;
}

/**
 * Tab to Next, press Enter, and wait until the next page is shown with its
 * heading focused (hashchange is handled asynchronously; a key pressed
 * before it would go astray).
 */
export async function goNext(page) {
  const frame = page.mainFrame();
  const before = await frame.evaluate(() => location.hash);
  await tabToSelector(page, frame, '.cp-pagenav [data-action="next"]');
  await page.keyboard.press('Enter');
  const moved = await frame.waitForFunction((h) => location.hash !== h
    && document.activeElement?.matches('section.cp-page:not([hidden]) h1'), before, { timeout: 30000 }).then(() => true, () => false);
  if (!moved) {
    const active = await frame.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
    assert.fail(`Next did not move on from ${before}: focus on ${active}`);
  }
}

/** Tab to Finish (on the last page) and press Enter. */
export async function finish(page) {
  await tabToSelector(page, page.mainFrame(), '.cp-pagenav [data-action="finish"]');
  await page.keyboard.press('Enter');
}

/**
 * From the page shown, answer the questions of each page (unless `answer`
 * is false) and go on, to the last page or for `pages` pages.
 * @returns {Promise<string[]>} the ids of the questions answered
 */
export async function walkModule(page, { correct = true, answer = true, pages = Infinity } = {}) {
  const frame = page.mainFrame();
  const answered = [];
  for (let n = 0; n < pages; n++) {
    if (answer) answered.push(...(await answerPageQuestions(page, { correct })));
    const last = await frame.evaluate(() => {
      const all = [...document.querySelectorAll('section.cp-page')];
      return all.findIndex((p) => !p.hidden) === all.length - 1;
    });
    if (last || n === pages - 1) break;
    await goNext(page);
  }
  return answered;
}
