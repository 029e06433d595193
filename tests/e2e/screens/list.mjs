// Every screen the screenshot tests (../screenshots.test.mjs) take, at each
// width of lib/screenshot.mjs (320, 768 and 1280 px), in light and, where
// `dark` is set, dark mode. The reference images are in reference/, named
// `<screen>-<width>[-dark].png`.
//
// A screen is { name, fixture, target, open, show, selector, dark }:
//   fixture   a folder under fixtures/screens/ (a module, or a course for xapi)
//   target    what it is built for: 'web' (default), 'cmi5' or 'xapi'
//   show      async (page, s) => { ... } brings the player to the screen;
//             s.goTo(pageId) shows a page of the module, s.click(selector),
//             s.press(key), s.reload()
//   selector  screenshot only this element (default: the whole page)
//   dark      also take it with prefers-color-scheme: dark
//
// Adding a block is one line: `block('accordion')` screenshots the page with
// id `accordion` of the fixture module fixtures/screens/blocks/ (a page file
// such as `03-accordion.md`); give `show` to open or operate it first, and
// `selector` to frame it.

/** @typedef {import('playwright-core').Page} Page */

/**
 * @typedef {object} Steps
 * @property {(pageId: string) => Promise<void>} goTo   show a page of the module (by its id) and wait for it
 * @property {(selector: string) => Promise<void>} click
 * @property {(key: string) => Promise<void>} press
 * @property {() => Promise<void>} reload
 */

/**
 * @typedef {object} Screen
 * @property {string} name
 * @property {string} fixture
 * @property {'web' | 'cmi5' | 'xapi'} [target]
 * @property {(page: Page, s: Steps) => Promise<void>} [show]
 * @property {string} [selector]
 * @property {boolean} [dark]
 */

/**
 * A page of the blocks fixture, with its block(s), in light and dark mode.
 * @param {string} name  the page id (and the screen's name, after `block-`)
 * @param {{ show?: Screen['show'], selector?: string }} [options]
 * @returns {Screen}
 */
export function block(name, { show, selector } = {}) {
  return {
    name: `block-${name}`,
    fixture: 'blocks',
    dark: true,
    selector,
    show: async (page, s) => {
      await s.goTo(name);
      if (show) await show(page, s);
    },
  };
}

/** Answer the three questions of the look fixture's quiz page, as given. */
async function answerCheck(page, s, { wrong = false } = {}) {
  await s.goTo('check');
  const pick = wrong
    ? ['#cpq-store-where label:has-text("In the loft")', '#cpq-handle label:has-text("sticky tape")', '#cpq-tape label:has-text("True")']
    : ['#cpq-store-where label:has-text("inside room")', '#cpq-handle label:has-text("Washing")', '#cpq-handle label:has-text("edges")', '#cpq-tape label:has-text("False")'];
  for (const sel of pick) await s.click(sel);
  for (const id of ['store-where', 'handle', 'tape']) await s.click(`#cpq-${id} .cp-q-check`);
  await page.locator('.cp-quiz-result').waitFor();
}

/** The scenario fixture's scenario after the choices given (each the nth button of the node shown). */
async function playScenario(page, s, picks) {
  await s.goTo('case');
  for (const n of picks) {
    await s.click(`#cp-scenario-returned-laptop .cp-scenario-node:not([hidden]) .cp-scenario-choice:nth-child(${n}) button`);
  }
}

/** @type {Screen[]} */
export const SCREENS = [
  { name: 'first-page', fixture: 'look', dark: true },
  { name: 'content-page', fixture: 'look', dark: true, show: (page, s) => s.goTo('looking-after-items') },
  { name: 'quiz', fixture: 'look', show: (page, s) => s.goTo('check') },
  { name: 'quiz-results-failed', fixture: 'look', dark: true, show: (page, s) => answerCheck(page, s, { wrong: true }) },
  { name: 'quiz-results-passed', fixture: 'look', show: (page, s) => answerCheck(page, s) },
  {
    name: 'finish',
    fixture: 'look',
    dark: true,
    show: async (page, s) => {
      await s.goTo('summary');
      await s.click('.cp-pagenav [data-action="finish"]');
      await page.locator('.cp-notice:not(:empty)').waitFor();
    },
  },
  {
    name: 'cmi5-session-ended',
    fixture: 'look',
    target: 'cmi5',
    dark: true,
    show: async (page, s) => {
      await s.reload();
      await page.locator('#cp-session-ended').waitFor();
    },
  },
  { name: 'xapi-course-page', fixture: 'course', target: 'xapi', dark: true },
  // Blocks, one line each (see `block` above), each framed on its page and
  // shown once operated, so both states of its controls are in the picture.
  block('accordion', { selector: '#page-accordion', show: (page, s) => s.click('#cpb-retention .cp-acc-button') }),
  block('tabs', { selector: '#page-tabs', show: (page, s) => s.click('#cpb-ways-to-help .cp-tab:nth-child(2)') }),
  block('flashcards', { selector: '#page-flashcards', show: (page, s) => s.click('#cpb-data-words-c1 .cp-card-turn') }),
  block('labelled-graphic', { selector: '#page-labelled-graphic', show: (page, s) => s.click('#cpb-branch-plan .cp-graphic-marker') }),
  block('process', { selector: '#page-process', show: (page, s) => s.click('#cpb-breach-steps .cp-step-next') }),
  block('timeline', { selector: '#page-timeline' }),
  block('reveal', { selector: '#page-reveal', show: (page, s) => s.click('#cpb-address-answer .cp-acc-button') }),
  block('check', {
    selector: '#page-check',
    show: async (page, s) => {
      await s.click('#cpq-basis-for-address label:has-text("Consent")');
      await s.click('#cpq-basis-for-address .cp-q-check');
      await page.locator('#cpq-basis-for-address .cp-q-feedback:not(:empty)').first().waitFor();
    },
  }),
  {
    name: 'block-sorting',
    fixture: 'sorting',
    dark: true,
    selector: '#page-sorting',
    show: async (page) => {
      await page.locator('#cpq-keep-or-destroy .cp-sort-card', { hasText: 'Minutes' }).locator('select').selectOption({ label: 'Keep' });
      await page.locator('#cpq-keep-or-destroy .cp-sort-card', { hasText: 'draft poster' }).locator('select').selectOption({ label: 'Keep' });
    },
  },
  {
    name: 'block-sorting-checked',
    fixture: 'sorting',
    selector: '#page-sorting',
    show: async (page, s) => {
      for (const [item, box] of [['Minutes', 'Keep'], ['draft poster', 'Keep'], ['Loan registers', 'Send to the archive'], ['invoices', 'Keep']]) {
        await page.locator('#cpq-keep-or-destroy .cp-sort-card', { hasText: item }).locator('select').selectOption({ label: box });
      }
      await s.click('#cpq-keep-or-destroy .cp-q-check');
      await page.locator('#cpq-keep-or-destroy .cp-q-feedback:not(:empty)').first().waitFor();
    },
  },
  // A matching and an ordering question once checked: each pair and item
  // marked right or wrong, in words (fixtures/screens/items).
  {
    name: 'quiz-matching-checked',
    fixture: 'items',
    dark: true,
    selector: '#cpq-match-records',
    show: async (page, s) => {
      await s.goTo('checks');
      for (const [n, label] of [[0, 'For ever'], [1, 'For ever'], [2, 'Until the final version is printed'], [3, 'For ever']]) {
        await page.locator(`#cpq-match-records-m${n}`).selectOption({ label });
      }
      await s.click('#cpq-match-records .cp-q-check');
      await page.locator('#cpq-match-records .cp-q-mark:not(:empty)').first().waitFor();
    },
  },
  {
    name: 'quiz-ordering-checked',
    fixture: 'items',
    dark: true,
    selector: '#cpq-order-opening',
    show: async (page, s) => {
      await s.goTo('checks');
      // the alarm moved from the bottom to the top: two items right, two wrong
      for (let n = 0; n < 3; n++) await s.click('#cpq-order-opening li[data-item="0"] .cp-q-up');
      await s.click('#cpq-order-opening .cp-q-check');
      await page.locator('#cpq-order-opening .cp-q-mark:not(:empty)').first().waitFor();
    },
  },
  { name: 'scenario-start', fixture: 'scenario', dark: true, selector: '.cp-scenario', show: (page, s) => playScenario(page, s, []) },
  { name: 'scenario-consequence', fixture: 'scenario', dark: true, selector: '.cp-scenario', show: (page, s) => playScenario(page, s, [2]) },
  { name: 'scenario-try-again', fixture: 'scenario', selector: '.cp-scenario', show: (page, s) => playScenario(page, s, [3, 1]) },
  { name: 'scenario-ending', fixture: 'scenario', dark: true, selector: '.cp-scenario', show: (page, s) => playScenario(page, s, [2, 1]) },
];
