// A learner at the keyboard: moves through a coursepack module and answers
// its questions with Tab, Shift+Tab, arrows, Space, Enter and typing only —
// never a click or a script setting a value. The answers come from the
// module's own #cp-data (the quiz compiler's data), so the same driver can
// answer every question right (to pass) or wrong (to fail).
//
//   await answerPageQuestions(page, { correct: true });
//   await goNext(page);  await finish(page);
//
// Works on the player page itself; `frame` (a Playwright Frame) when the
// player is inside an LMS page.

import assert from 'node:assert/strict';
import { uiStrings } from './player.mjs';
import { tabTo } from './keyboard.mjs';

/**
 * Press Tab (or Shift+Tab when the element is before the focus) until the
 * element matching `selector` has the focus.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {{ frame?: import('playwright-core').Frame, max?: number }} [o]
 */
export async function focusByKeyboard(page, selector, { frame, max = 120 } = {}) {
  const target = frame ?? page;
  const where = () => target.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return 'missing';
    const a = document.activeElement;
    if (a === el) return 'here';
    if (!a || a === document.body) return 'after';
    return a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before';
  }, selector);
  let w = await where();
  assert.notEqual(w, 'missing', `no element matches ${selector}`);
  const key = w === 'before' ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i < max && w !== 'here'; i++) {
    await page.keyboard.press(key);
    w = await where();
  }
  assert.equal(w, 'here', `${selector} was not reached with ${max} x ${key}`);
}

async function press(page, key, times = 1) {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** The quiz data of the player (#cp-data .quiz.questions), by id. */
async function questionData(target) {
  return target.evaluate(() => {
    const data = JSON.parse(document.getElementById('cp-data').textContent);
    return Object.fromEntries(((data.quiz && data.quiz.questions) || []).map((q) => [q.id, q]));
  });
}

/** Ids and types of the questions on the visible page, in document order. */
async function visibleQuestions(target) {
  return target.evaluate(() => [...document.querySelectorAll('section.cp-page:not([hidden]) .cp-question')]
    .filter((q) => !q.querySelector('.cp-q-check')?.disabled && !q.querySelector('.cp-q-check')?.hidden)
    .map((q) => ({ id: q.dataset.questionId, type: q.dataset.type, dom: q.id })));
}

/** Choose the radio with value `value` in a group, by keyboard (Tab in, arrows, Space). */
async function chooseRadio(page, target, base, value) {
  const radios = await target.evaluate((b) => [...document.querySelectorAll(`#${b} input[type=radio]`)].map((r) => r.value), base);
  const at = radios.indexOf(String(value));
  assert.ok(at >= 0, `${base}: no option ${value}`);
  await focusByKeyboard(page, `#${base} input[type=radio]`, { frame: target === page ? undefined : target });
  const focusedAt = await target.evaluate((b) => [...document.querySelectorAll(`#${b} input[type=radio]`)].indexOf(document.activeElement), base);
  if (focusedAt === at) await press(page, 'Space');
  else await press(page, at > focusedAt ? 'ArrowDown' : 'ArrowUp', Math.abs(at - focusedAt));
}

/** Set a <select> to the option with `value`, by keyboard (arrows on the focused, closed select). */
async function chooseOption(page, target, selector, value) {
  const frame = target === page ? undefined : target;
  await focusByKeyboard(page, selector, { frame });
  const { at, current } = await target.evaluate(([sel, v]) => {
    const s = document.querySelector(sel);
    return { at: [...s.options].findIndex((o) => o.value === v), current: s.selectedIndex };
  }, [selector, String(value)]);
  assert.ok(at >= 0, `${selector}: no option ${value}`);
  await press(page, at > current ? 'ArrowDown' : 'ArrowUp', Math.abs(at - current));
  const now = await target.evaluate((sel) => document.querySelector(sel).value, selector);
  assert.equal(now, String(value), `${selector}: the arrow keys did not select option ${value}`);
}

async function typeInto(page, target, selector, text) {
  await focusByKeyboard(page, selector, { frame: target === page ? undefined : target });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Put an ordering question's items in `order` (item indexes) with its Move up buttons. */
async function arrange(page, target, base, order) {
  const frame = target === page ? undefined : target;
  for (let pos = 0; pos < order.length; pos++) {
    for (;;) {
      const now = await target.evaluate((b) => [...document.querySelectorAll(`#${b} .cp-q-item`)].map((li) => Number(li.dataset.item)), base);
      const at = now.indexOf(order[pos]);
      if (at <= pos) break;
      await focusByKeyboard(page, `#${base} .cp-q-item[data-item="${order[pos]}"] .cp-q-up`, { frame });
      await press(page, 'Enter');
    }
  }
}

/** The answer plan of one question: what to enter, right or wrong. */
function plan(q, correct) {
  switch (q.type) {
    case 'single':
    case 'truefalse': {
      const i = q.options.findIndex((o) => o.correct === correct);
      return { radio: i >= 0 ? i : 0 };
    }
    case 'likert':
      return { radio: 0 };
    case 'multiple': {
      const right = q.options.flatMap((o, i) => (o.correct ? [i] : []));
      const wrong = q.options.flatMap((o, i) => (o.correct ? [] : [i]));
      return { boxes: correct ? right : [wrong[0] ?? 0] };
    }
    case 'fill':
      return { texts: q.blanks.map((b) => (correct ? b.accepted[0] : 'zzz not this')) };
    case 'dropdown':
      return { selects: q.blanks.map((b) => (correct ? b.correct : (b.correct + 1) % b.options.length)) };
    case 'numeric':
      return { number: String(correct ? q.min : q.max + 1000) };
    case 'matching':
      return { pairs: q.pairs.map((p) => (correct ? p.target : (p.target + 1) % q.targets.length)) };
    case 'ordering': {
      const order = q.items.map((_, i) => i);
      return { order: correct ? order : order.reverse() };
    }
    case 'reflection':
      return { text: 'A reflection typed at the keyboard.' };
    default:
      throw new Error(`question ${q.id}: unknown type ${q.type}`);
  }
}

/**
 * Answer every question still open on the visible page, each followed by its
 * Check button (Enter). Returns the ids answered, in order.
 * @param {import('playwright-core').Page} page
 * @param {{ correct?: boolean | ((id: string) => boolean), frame?: import('playwright-core').Frame }} [o]
 */
export async function answerPageQuestions(page, { correct = true, frame } = {}) {
  const target = frame ?? page;
  const data = await questionData(target);
  const done = [];
  for (const { id, dom } of await visibleQuestions(target)) {
    const q = data[id];
    assert.ok(q, `question ${id} is not in #cp-data`);
    const right = typeof correct === 'function' ? correct(id) : correct;
    const p = plan(q, right);
    if (p.radio !== undefined) await chooseRadio(page, target, dom, p.radio);
    if (p.boxes) {
      for (const i of p.boxes) {
        await focusByKeyboard(page, `#${dom} input[type=checkbox][value="${i}"]`, { frame });
        await press(page, 'Space');
      }
    }
    if (p.texts) for (let b = 0; b < p.texts.length; b++) await typeInto(page, target, `#${dom} .cp-q-blank[data-blank="${b}"]`, p.texts[b]);
    if (p.selects) for (let b = 0; b < p.selects.length; b++) await chooseOption(page, target, `#${dom} .cp-q-blank[data-blank="${b}"]`, p.selects[b]);
    if (p.number !== undefined) await typeInto(page, target, `#${dom} .cp-q-number`, p.number);
    if (p.pairs) for (let i = 0; i < p.pairs.length; i++) await chooseOption(page, target, `#${dom} .cp-q-match[data-pair="${i}"]`, p.pairs[i]);
    if (p.order) await arrange(page, target, dom, p.order);
    if (p.text !== undefined) await typeInto(page, target, `#${dom} textarea`, p.text);
    await focusByKeyboard(page, `#${dom} .cp-q-check`, { frame });
    await press(page, 'Enter');
    await target.waitForFunction((d) => {
      const fb = document.querySelector(`#${d} .cp-q-feedback`);
      return fb && fb.textContent.trim() !== '';
    }, dom, { timeout: 3000 }).catch(() => {});
    done.push(id);
  }
  return done;
}

/** Press the Next button (by keyboard). */
export async function goNext(page, { frame, lang = 'en' } = {}) {
  await tabTo(page, { name: uiStrings(lang).next, role: 'button', frame, max: 400 });
  await press(page, 'Enter');
}

/** Press the Finish button on the last page (by keyboard). */
export async function finish(page, { frame, lang = 'en' } = {}) {
  await tabTo(page, { name: uiStrings(lang).finish, role: 'button', frame, max: 400 });
  await press(page, 'Enter');
}

/**
 * Go through the module from the page shown to the last one, answering the
 * questions on each page (`answer` false: leave them), `pages` pages at most.
 * @returns {Promise<string[]>} the ids of the questions answered
 */
export async function walkModule(page, { correct = true, answer = true, frame, lang = 'en', pages = Infinity } = {}) {
  const target = frame ?? page;
  const answered = [];
  for (let n = 0; n < pages; n++) {
    if (answer) answered.push(...(await answerPageQuestions(page, { correct, frame })));
    const last = await target.evaluate(() => {
      const pagesEls = [...document.querySelectorAll('section.cp-page')];
      return pagesEls.findIndex((p) => !p.hidden) === pagesEls.length - 1;
    });
    if (last || n === pages - 1) break;
    const before = await target.evaluate(() => location.hash);
    await goNext(page, { frame, lang });
    await target.waitForFunction((h) => location.hash !== h, before, { timeout: 3000 });
  }
  return answered;
}
