// A learner at the keyboard: moves through a package's pages and answers its
// questions with Tab, arrow keys, Space, Enter and typing only (never a click,
// never setting a value from script). The right (or a wrong) answer of each
// question comes from the package's own #cp-data, so it works on any module.
//
//   const data = await playerData(frame);
//   await answerQuestions(page, frame, data, 'right');   // every visible question on this page
//   await nextPage(page, frame);                         // Tab to Next, Enter
//   await walkModule(page, frame, data, { answers: 'right', finish: true });
//
// Key presses go to the page (they reach the focused element inside the
// iframe); focus is read in the frame.

import assert from 'node:assert/strict';

import { expectPage } from './player.mjs';
import { waitInPage } from './wait.mjs';

/** The package's #cp-data (module, quiz, strings). */
export function playerData(frame) {
  return frame.evaluate(() => JSON.parse(document.getElementById('cp-data').textContent));
}

/**
 * Press Tab until the focused element in `frame` matches `selector`.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Frame} frame
 * @param {string} selector
 * @param {{ max?: number }} [options]
 */
export async function tabToSelector(page, frame, selector, { max = 400 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const here = await frame.evaluate((sel) => {
      const el = document.activeElement;
      if (el && el !== document.body && el.matches(sel)) return null;
      return el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ')[0] : ''}` : '(none)';
    }, selector);
    if (here === null) return;
    seen.push(here);
  }
  assert.fail(`Tab never reached ${selector} in ${max} presses; went through: ${seen.slice(-30).join(', ')}`);
}

async function press(page, key, times = 1) {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** Index of the page shown (0-based), from the player's DOM. */
export function currentPage(frame) {
  return frame.evaluate(() => [...document.querySelectorAll('section.cp-page')].findIndex((s) => !s.hidden));
}

/**
 * Tab to Next (or Finish on the last page) and press Enter; waits for the
 * next page with focus on its heading.
 */
export async function nextPage(page, frame) {
  const at = await currentPage(frame);
  await tabToSelector(page, frame, '.cp-pagenav [data-action="next"]');
  await page.keyboard.press('Enter');
  await expectPage(frame, at + 1, { focusHeading: true, what: 'after Next' });
}

/** Tab to Previous and press Enter. */
export async function previousPage(page, frame) {
  const at = await currentPage(frame);
  await tabToSelector(page, frame, '.cp-pagenav [data-action="previous"]');
  await page.keyboard.press('Enter');
  await expectPage(frame, at - 1, { focusHeading: true, what: 'after Previous' });
}

/** Tab to Finish (last page) and press Enter. */
export async function finishModule(page, frame) {
  await tabToSelector(page, frame, '.cp-pagenav [data-action="finish"]');
  await page.keyboard.press('Enter');
}

/** Choose option `value` of a select by arrow keys (its position among the options). */
async function chooseInSelect(page, frame, selector, value) {
  await tabToSelector(page, frame, selector);
  const pos = await frame.evaluate(
    ({ sel, v }) => [...document.querySelector(sel).options].findIndex((o) => o.value === String(v)),
    { sel: selector, v: value },
  );
  assert.ok(pos > 0, `${selector} has no option ${value}`);
  await press(page, 'ArrowDown', pos);
  const got = await frame.evaluate((sel) => document.querySelector(sel).value, selector);
  assert.equal(got, String(value), `arrow keys did not choose option ${value} of ${selector}`);
}

/** Check the option with data-option=index in a radio group, by arrow keys (or Space for the first). */
async function chooseRadio(page, frame, base, index) {
  const options = await frame.evaluate((b) => [...document.querySelectorAll(`#${b} .cp-q-option`)].map((o) => Number(o.getAttribute('data-option'))), base);
  const pos = options.indexOf(index);
  assert.ok(pos >= 0, `${base} has no option ${index}`);
  await tabToSelector(page, frame, `#${base} input[type=radio]`);
  const start = await frame.evaluate((b) => [...document.querySelectorAll(`#${b} input[type=radio]`)].indexOf(document.activeElement), base);
  if (start === pos) await page.keyboard.press(' ');
  else await press(page, start < pos ? 'ArrowDown' : 'ArrowUp', Math.abs(pos - start));
  const checked = await frame.evaluate(({ b, i }) => document.querySelector(`#${b} .cp-q-option[data-option="${i}"] input`).checked, { b: base, i: index });
  assert.ok(checked, `option ${index} of ${base} is not checked`);
}

/**
 * The answer a learner gives: 'right' (full marks) or 'wrong' (no marks).
 * Returns what to do for the question (used by answerQuestion).
 */
export function plannedAnswer(q, mode) {
  const right = mode === 'right';
  const options = q.options ?? [];
  switch (q.type) {
    case 'single':
    case 'truefalse': {
      const i = options.findIndex((o) => (right ? o.correct : !o.correct && !o.credit));
      return { kind: 'radio', index: i };
    }
    case 'likert':
      return { kind: 'radio', index: right ? 0 : (q.scale?.length ?? 2) - 1 };
    case 'multiple':
      return { kind: 'checkboxes', indexes: options.flatMap((o, i) => ((right ? o.correct : !o.correct) ? [i] : [])) };
    case 'fill':
      return { kind: 'texts', texts: q.blanks.map((b) => (right ? b.accepted[0] : 'not this')) };
    case 'dropdown':
      return { kind: 'selects', values: q.blanks.map((b) => (right ? b.correct : (b.correct + 1) % b.options.length)) };
    case 'numeric': {
      // answers: [{ min, max, credit }] (older data: min/max on the question)
      const answers = q.answers ?? [{ min: q.min, max: q.max, credit: 100 }];
      const best = answers.reduce((a, b) => ((b.credit ?? 100) > (a.credit ?? 100) ? b : a));
      const far = Math.max(...answers.map((a) => Math.abs(a.max))) * 10 + 1000;
      return { kind: 'number', text: right ? String(best.min) : String(far) };
    }
    case 'matching':
      return { kind: 'pairs', values: q.pairs.map((p, i) => (right ? p.target : q.pairs[(i + 1) % q.pairs.length].target)) };
    case 'ordering':
      return { kind: 'order', order: right ? q.items.map((_, i) => i) : q.items.map((_, i) => q.items.length - 1 - i) };
    case 'reflection':
      return { kind: 'reflection', text: 'I will try this with my team next week.' };
    default:
      throw new Error(`learner.mjs cannot answer a ${q.type} question`);
  }
}

/**
 * Answer one question by keyboard, then Tab to its Check button and press Enter.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Frame} frame
 * @param {any} q  the question from #cp-data quiz.questions
 * @param {'right' | 'wrong'} mode
 */
export async function answerQuestion(page, frame, q, mode) {
  const base = `cpq-${q.id}`;
  const plan = plannedAnswer(q, mode);
  switch (plan.kind) {
    case 'radio':
      await chooseRadio(page, frame, base, plan.index);
      break;
    case 'checkboxes':
      for (const i of plan.indexes) {
        await tabToSelector(page, frame, `#${base} .cp-q-option[data-option="${i}"] input`);
        await page.keyboard.press(' ');
      }
      break;
    case 'texts':
      for (let b = 0; b < plan.texts.length; b++) {
        await tabToSelector(page, frame, `#${base}-b${b}`);
        await page.keyboard.type(plan.texts[b]);
      }
      break;
    case 'selects':
      for (let b = 0; b < plan.values.length; b++) await chooseInSelect(page, frame, `#${base}-b${b}`, plan.values[b]);
      break;
    case 'number':
      await tabToSelector(page, frame, `#${base}-n`);
      await page.keyboard.type(plan.text);
      break;
    case 'pairs':
      for (let i = 0; i < plan.values.length; i++) await chooseInSelect(page, frame, `#${base}-m${i}`, plan.values[i]);
      break;
    case 'order':
      await orderItems(page, frame, base, plan.order);
      break;
    case 'reflection':
      await tabToSelector(page, frame, `#${base}-text`);
      await page.keyboard.type(plan.text);
      await page.keyboard.press('Tab'); // leaving the box reports the reflection (change event)
      return;
  }
  await tabToSelector(page, frame, `#${base} .cp-q-check`);
  await page.keyboard.press('Enter');
  await waitInPage(frame, (b) => document.querySelector(`#${b} .cp-q-check`).disabled || document.querySelector(`#${b} .cp-q-check`).hidden || document.querySelector(`#${b} .cp-q-feedback`).textContent.trim() !== '', base, {
    what: `question ${q.id} to take its answer (Check locked or hidden, or feedback shown)`,
  });
}

/** Put the items of an ordering question in `order` (data-item ids) with the Move up buttons. */
async function orderItems(page, frame, base, order) {
  for (let target = 0; target < order.length; target++) {
    const items = await frame.evaluate((b) => [...document.querySelectorAll(`#${b} li.cp-q-item`)].map((li) => Number(li.getAttribute('data-item'))), base);
    const from = items.indexOf(order[target]);
    if (from === target) continue;
    await tabToSelector(page, frame, `#${base} li.cp-q-item[data-item="${order[target]}"] .cp-q-up`);
    await press(page, 'Enter', from - target); // focus stays on the moved item's button
  }
  const final = await frame.evaluate((b) => [...document.querySelectorAll(`#${b} li.cp-q-item`)].map((li) => Number(li.getAttribute('data-item'))), base);
  assert.deepEqual(final, order, `${base}: the keyboard did not put the items in order`);
}

/**
 * Answer every visible, not yet answered question of the current page, top to bottom.
 * @returns {Promise<string[]>} ids of the questions answered
 */
export async function answerQuestions(page, frame, data, mode) {
  const quiz = data.quiz;
  if (!quiz) return [];
  const ids = await frame.evaluate(() =>
    [...document.querySelectorAll('section.cp-page:not([hidden]) .cp-question')]
      .filter((n) => !n.hidden && !n.closest('[hidden]'))
      .filter((n) => {
        const check = n.querySelector('.cp-q-check');
        const text = n.querySelector('textarea');
        return check ? !check.hidden : !(text && text.value);
      })
      .map((n) => n.getAttribute('data-question-id')),
  );
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  for (const id of ids) await answerQuestion(page, frame, byId.get(id), mode);
  return ids;
}

/**
 * Go through the module from the page shown to the last one, answering
 * every question on the way, and press Finish when asked.
 * @param {{ answers?: 'right' | 'wrong', finish?: boolean, stopBefore?: number }} options
 *   stopBefore: stop on arriving at this page index (quit half-way)
 */
export async function walkModule(page, frame, data, { answers = 'right', finish = true, stopBefore } = {}) {
  const total = data.module.pages.length;
  const answered = [];
  for (let at = await currentPage(frame); ; at++) {
    if (stopBefore !== undefined && at >= stopBefore) return answered;
    answered.push(...(await answerQuestions(page, frame, data, answers)));
    if (at === total - 1) break;
    await nextPage(page, frame);
  }
  if (finish) await finishModule(page, frame);
  return answered;
}
