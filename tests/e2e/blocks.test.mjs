// Browser tests of the interactive blocks (docs/authoring.md, "Blocks";
// crates/coursepack-render/assets/widgets/), driven by the keyboard alone.
//
//   COURSEPACK_BIN=<coursepack binary> node --test tests/e2e/blocks.test.mjs
//
// fixtures/blocks/all is a module that uses every block. It is built once for
// every target with $COURSEPACK_BIN. On the web target, each block is
// operated with Tab, arrows, Enter and Space: its roles, states and focus
// follow the WAI-ARIA Authoring Practices pattern it implements, axe-core
// finds nothing in each state, the focus indicator is visible and not hidden
// (WCAG 2.4.7, 2.4.11), its targets are at least 24 by 24 CSS pixels (2.5.8),
// and its state comes back after a reload. Without JavaScript, and in print,
// every block shows all of its content. In the four LMS targets (SCORM 1.2 and
// 2004 in scorm-again; xAPI and cmi5 with Ralph as the LRS), the same state
// is saved to the LMS and comes back when the learner resumes.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, assertSameOriginOnly, closeBrowser, openPage } from './lib/browser.mjs';
import { expectFocusVisible } from './lib/keyboard.mjs';
import { startLms } from './lib/lms.mjs';
import { buildForEveryTarget } from './lib/packages.mjs';
import { startScormLms } from './lib/lms-scorm.mjs';
import { expectPage, waitForPlayerReady } from './lib/player.mjs';
import { startRalph } from './lib/ralph.mjs';
import { startServer } from './lib/server.mjs';
import { waitInPage, waitUntil } from './lib/wait.mjs';
import { test } from './lib/test.mjs';
import { withoutExpected404s } from './lib/xapi-checks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'blocks', 'all');
const cli = process.env.COURSEPACK_BIN;

if (!cli) {
  test('COURSEPACK_BIN names the coursepack binary', () => {
    assert.fail('COURSEPACK_BIN is not set: run `cargo xtask e2e`, or set it to a built coursepack binary');
  });
}

/** The unpacked package of each target, built once for the whole file. */
let dirs = {};
let removePackages = async () => {};
before(async () => {
  if (!cli) return;
  ({ dirs, remove: removePackages } = await buildForEveryTarget(cli, fixture, 'cp-blocks-'));
});
after(async () => {
  await closeBrowser();
  await removePackages();
});

/* ---------- keyboard helpers: key presses go to the page, focus is read in the frame ---------- */

/**
 * Press Tab until the focused element matches `selector`; its focus
 * indicator must be visible and not obscured.
 */
async function tabTo(page, frame, selector, { max = 200, backwards = false } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const at = await frame.evaluate((s) => {
      const el = document.activeElement;
      if (el && el.matches(s)) return null;
      return el ? `${el.tagName.toLowerCase()}#${el.id}.${el.className}` : '(none)';
    }, selector);
    if (at === null) {
      await expectFocusVisible(frame, selector);
      return;
    }
    seen.push(at);
  }
  assert.fail(`Tab never reached ${selector}; went through ${seen.slice(-20).join(', ')}`);
}

/** The focused element matches `selector` (after the browser handled the last key). */
async function expectFocus(frame, selector, what) {
  await waitInPage(frame, (s) => Boolean(document.activeElement?.matches(s)), selector, { what: `${what}: focus on ${selector}` });
  await expectFocusVisible(frame, selector);
}

/** Every element matching `selector` is at least 24 by 24 CSS pixels (WCAG 2.5.8). */
async function expectTargetSize(frame, selector) {
  const small = await frame.evaluate((s) => [...document.querySelectorAll(s)]
    .filter((el) => el.checkVisibility())
    .map((el) => ({ el: el.outerHTML.slice(0, 80), r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 24 || r.height < 24)
    .map(({ el, r }) => `${el} (${r.width}x${r.height})`), selector);
  assert.deepEqual(small, [], `targets under 24x24 CSS px: ${selector}`);
}

/** Show page `index` (0-based) by its contents link, with the keyboard. */
async function goToPage(page, frame, index) {
  const id = await frame.evaluate((i) => document.querySelectorAll('section.cp-page')[i].id, index);
  await tabTo(page, frame, `.cp-toc a[href="#${id}"]`);
  await page.keyboard.press('Enter');
  await expectPage(frame, index, { focusHeading: true, what: `the contents link to page ${index + 1}` });
}

/** The state the player keeps for a block (coursepack.widgetState), read in the page. */
function blockState(frame, id) {
  return frame.evaluate((i) => window.coursepack.widgetState.get(i), id);
}

/** Wait until the player has saved a state whose `b[id]` equals `value` (localStorage on the web target). */
async function expectSavedWeb(frame, id, value) {
  await waitInPage(frame, ({ id, value }) => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('coursepack:blocks-all:'));
    if (!key) return false;
    try { return JSON.stringify(JSON.parse(localStorage.getItem(key)).b?.[id]) === JSON.stringify(value); } catch { return false; }
  }, { id, value }, { what: `the saved state to hold b.${id} = ${JSON.stringify(value)}` });
}

/* ---------- each block: operate it by keyboard, and read its state back ---------- */

/**
 * In the views below, "shown" means not hidden by the block (the page the
 * block is on may itself be hidden: the learner resumed on another page).
 */
/** The accordion's buttons' aria-expanded values, and which panels are shown. */
function accordionView(frame, id) {
  return frame.evaluate((id) => {
    const block = document.getElementById(`cpb-${id}`);
    const buttons = [...block.querySelectorAll(':scope > .cp-acc-item > .cp-acc-heading > button')];
    return buttons.map((b) => {
      const panel = document.getElementById(b.getAttribute('aria-controls'));
      return {
        expanded: b.getAttribute('aria-expanded'),
        shown: !panel.closest('[hidden]:not(.cp-page)'),
        inHeading: /^H[2-6]$/.test(b.parentElement.tagName),
        region: panel.getAttribute('role') === 'region' && panel.getAttribute('aria-labelledby') === b.id,
        name: b.textContent.trim(),
      };
    });
  }, id);
}

/**
 * What each block's state is after `operate`, and how it shows: the same
 * driver serves the web tests and the LMS resume tests.
 */
const BLOCKS = {
  accordion: {
    id: 'bases',
    page: 0,
    /** open panels 2 and 3 (0-based 1 and 2) by keyboard; the saved mask is 0b110 */
    async operate(page, frame) {
      await tabTo(page, frame, '#cpb-bases-h1 button');
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowDown');
      await expectFocus(frame, '#cpb-bases-h2 button', 'ArrowDown');
      await page.keyboard.press(' ');
    },
    value: 6,
    async expectRestored(frame) {
      const view = await accordionView(frame, 'bases');
      assert.deepEqual(view.map((v) => [v.expanded, v.shown]), [['false', false], ['true', true], ['true', true]]);
    },
  },
  reveal: {
    id: 'model',
    page: 0,
    async operate(page, frame) {
      await tabTo(page, frame, '#cpb-model-h0 button');
      await page.keyboard.press('Enter');
    },
    value: 1,
    async expectRestored(frame) {
      const view = await accordionView(frame, 'model');
      assert.deepEqual(view.map((v) => [v.expanded, v.shown]), [['true', true]]);
    },
  },
};

/** The tabs' roles and states. */
function tabsView(frame, id) {
  return frame.evaluate((id) => {
    const block = document.getElementById(`cpb-${id}`);
    const list = block.querySelector('[role=tablist]');
    const tabs = [...list.querySelectorAll('[role=tab]')];
    return {
      label: list.getAttribute('aria-label'),
      tabs: tabs.map((t) => {
        const panel = document.getElementById(t.getAttribute('aria-controls'));
        return {
          name: t.textContent.trim(),
          selected: t.getAttribute('aria-selected'),
          tabindex: t.tabIndex,
          shown: !panel.closest('[hidden]:not(.cp-page)'),
          panel: panel.getAttribute('role') === 'tabpanel' && panel.getAttribute('aria-labelledby') === t.id,
        };
      }),
    };
  }, id);
}

/** The flashcards: pressed state, and which side of each card shows. */
function cardsView(frame, id) {
  return frame.evaluate((id) => [...document.querySelectorAll(`#cpb-${id} .cp-card`)].map((card) => {
    const b = card.querySelector('button.cp-card-turn');
    return {
      pressed: b.getAttribute('aria-pressed'),
      described: document.getElementById(b.getAttribute('aria-describedby'))?.textContent.trim(),
      front: !card.querySelector('.cp-card-front').closest('[hidden]:not(.cp-page)'),
      back: !card.querySelector('.cp-card-back').closest('[hidden]:not(.cp-page)'),
    };
  }), id);
}

/** The labelled graphic: markers (name, expanded, visited, inside the image) and notes shown. */
function graphicView(frame, id) {
  return frame.evaluate((id) => {
    const block = document.getElementById(`cpb-${id}`);
    const img = block.querySelector('.cp-graphic-stage img').getBoundingClientRect();
    return [...block.querySelectorAll('.cp-graphic-marker')].map((m) => {
      const r = m.getBoundingClientRect();
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      return {
        name: m.getAttribute('aria-label'),
        expanded: m.getAttribute('aria-expanded'),
        visited: m.classList.contains('cp-graphic-visited'),
        onImage: cx >= img.left && cx <= img.right && cy >= img.top && cy <= img.bottom,
        noteShown: !document.getElementById(m.getAttribute('aria-controls')).closest('[hidden]:not(.cp-page)'),
      };
    });
  }, id);
}

/** The process: the step shown and the counter. */
function processView(frame, id) {
  return frame.evaluate((id) => {
    const block = document.getElementById(`cpb-${id}`);
    const steps = [...block.querySelectorAll('.cp-step')];
    const count = block.querySelector('.cp-step-count');
    return {
      shown: steps.flatMap((s, i) => (s.closest('[hidden]:not(.cp-page)') ? [] : [i])),
      count: count.textContent,
      live: count.getAttribute('aria-live'),
    };
  }, id);
}

Object.assign(BLOCKS, {
  tabs: {
    id: 'help',
    page: 2,
    /** the third tab, by arrow keys from the first */
    async operate(page, frame) {
      await tabTo(page, frame, '#cpb-help [role=tab][aria-selected=true]');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expectFocus(frame, '#cpb-help-p2-tab', 'ArrowRight twice');
    },
    value: 2,
    async expectRestored(frame) {
      const view = await tabsView(frame, 'help');
      assert.deepEqual(view.tabs.map((t) => [t.selected, t.shown]), [['false', false], ['false', false], ['true', true]]);
    },
  },
  flashcards: {
    id: 'words',
    page: 2,
    /** the second card turned */
    async operate(page, frame) {
      await tabTo(page, frame, '#cpb-words-c1 button.cp-card-turn');
      await page.keyboard.press('Enter');
    },
    value: 2,
    async expectRestored(frame) {
      const view = await cardsView(frame, 'words');
      assert.deepEqual(view.map((c) => [c.pressed, c.front, c.back]), [['false', true, false], ['true', false, true]]);
    },
  },
  graphic: {
    id: 'plan',
    page: 2,
    /** notes 1 and 3 opened from their markers */
    async operate(page, frame) {
      await tabTo(page, frame, '#cpb-plan .cp-graphic-marker[aria-controls="cpb-plan-p0"]');
      await page.keyboard.press('Enter');
      await expectFocus(frame, '#cpb-plan-h0-button', 'a marker opens its note and moves the focus to it');
      await tabTo(page, frame, '#cpb-plan .cp-graphic-marker[aria-controls="cpb-plan-p2"]', { backwards: true });
      await page.keyboard.press('Enter');
      await expectFocus(frame, '#cpb-plan-h2-button', 'the third marker');
    },
    value: 5,
    async expectRestored(frame) {
      const view = await graphicView(frame, 'plan');
      assert.deepEqual(view.map((m) => m.visited), [true, false, true]);
    },
  },
  process: {
    id: 'breach',
    page: 2,
    /** moved on to the second step */
    async operate(page, frame) {
      await tabTo(page, frame, '#cpb-breach .cp-step-next');
      await page.keyboard.press('Enter');
      await expectFocus(frame, '#cpb-breach-h1', 'Next step moves the focus to the new step\'s heading');
    },
    value: 1,
    async expectRestored(frame) {
      const view = await processView(frame, 'breach');
      assert.deepEqual([view.shown, view.count], [[1], 'Step 2 of 3']);
    },
  },
});

/** Operate every block in page order, and check what each keeps. */
async function operateAll(page, frame) {
  let at = 0;
  for (const [name, b] of Object.entries(BLOCKS)) {
    if (b.page !== at) {
      await goToPage(page, frame, b.page);
      at = b.page;
    }
    await b.operate(page, frame);
    assert.deepEqual(await blockState(frame, b.id), b.value, `${name}: the state it keeps`);
  }
}

async function expectAllRestored(frame, what) {
  for (const [name, b] of Object.entries(BLOCKS)) {
    await b.expectRestored(frame);
    assert.deepEqual(await blockState(frame, b.id), b.value, `${what}: ${name}'s state`);
  }
}

/* ---------- the web target ---------- */

describe('web', () => {
  let server;
  before(async () => {
    if (dirs.web) server = await startServer({ root: dirs.web });
  });
  after(async () => server?.close());

  test('accordion: APG accordion by keyboard, regions, axe in each state, kept over a reload', async () => {
    const s = await openPage(server.url('index.html'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    let view = await accordionView(frame, 'bases');
    assert.equal(view.length, 3);
    for (const v of view) {
      assert.equal(v.expanded, 'false', 'panels start closed');
      assert.equal(v.shown, false);
      assert.ok(v.inHeading, 'each button is inside a heading');
      assert.ok(v.region, 'with three panels, each is a region labelled by its button');
    }
    assert.deepEqual(view.map((v) => v.name), ['Public task', 'Consent', 'Legitimate interests']);
    await assertNoAxeViolations(page, 'accordion closed');
    await expectTargetSize(frame, '.cp-acc-button');

    await tabTo(page, frame, '#cpb-bases-h0 button');
    await page.keyboard.press('Enter');
    view = await accordionView(frame, 'bases');
    assert.deepEqual(view.map((v) => v.expanded), ['true', 'false', 'false'], 'Enter opens the panel');
    assert.equal(view[0].shown, true);
    await expectFocus(frame, '#cpb-bases-h0 button', 'after Enter, focus stays on the button');
    await page.keyboard.press(' ');
    view = await accordionView(frame, 'bases');
    assert.deepEqual(view.map((v) => v.expanded), ['false', 'false', 'false'], 'Space closes it');
    // Arrow keys move between the buttons, wrapping; Home and End go to the ends.
    await page.keyboard.press('ArrowUp');
    await expectFocus(frame, '#cpb-bases-h2 button', 'ArrowUp from the first wraps to the last');
    await page.keyboard.press('ArrowDown');
    await expectFocus(frame, '#cpb-bases-h0 button', 'ArrowDown from the last wraps to the first');
    await page.keyboard.press('End');
    await expectFocus(frame, '#cpb-bases-h2 button', 'End');
    await page.keyboard.press('Home');
    await expectFocus(frame, '#cpb-bases-h0 button', 'Home');
    // Tab leaves the accordion's buttons in order, then goes on to the panel's links and the next block.
    await page.keyboard.press('Tab');
    await expectFocus(frame, '#cpb-bases-h1 button', 'Tab');

    await BLOCKS.accordion.operate(page, frame);
    await expectSavedWeb(frame, 'bases', 6);
    await assertNoAxeViolations(page, 'accordion with two panels open');
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await BLOCKS.accordion.expectRestored(frame);
    assertNoConsoleErrors(s);
    assertSameOriginOnly(s);
    await s.close();
  });

  test('reveal: APG disclosure by keyboard, axe, kept over a reload', async () => {
    const s = await openPage(server.url('index.html'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    const intro = await frame.evaluate(() => document.querySelector('#cpb-model .cp-block-intro').checkVisibility());
    assert.ok(intro, 'the question the reveal answers stays visible');
    let view = await accordionView(frame, 'model');
    assert.deepEqual(view.map((v) => [v.expanded, v.shown, v.name]), [['false', false, 'A model answer']]);
    await expectTargetSize(frame, '#cpb-model button');
    await BLOCKS.reveal.operate(page, frame);
    view = await accordionView(frame, 'model');
    assert.deepEqual(view.map((v) => [v.expanded, v.shown]), [['true', true]]);
    await expectFocus(frame, '#cpb-model-h0 button', 'focus stays on the reveal button');
    await assertNoAxeViolations(page, 'reveal open');
    await expectSavedWeb(frame, 'model', 1);
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await BLOCKS.reveal.expectRestored(frame);
    await page.keyboard.press('Tab');
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('timeline: an ordered list of dated events, machine-readable dates, axe', async () => {
    const s = await openPage(server.url('index.html#page-history'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    const events = await frame.evaluate(() => [...document.querySelectorAll('.cp-timeline ol.cp-timeline-list > li')].map((li) => ({
      date: li.querySelector('.cp-event-date').textContent,
      datetime: li.querySelector('time')?.getAttribute('datetime') ?? null,
      heading: li.querySelector('h2, h3, h4')?.textContent,
    })));
    assert.deepEqual(events, [
      { date: '1964', datetime: '1964', heading: 'The Public Libraries and Museums Act' },
      { date: '25 May 2018', datetime: '2018-05-25', heading: 'The Data Protection Act' },
      { date: 'Spring 2025', datetime: null, heading: 'A new strategy' },
    ]);
    await assertNoAxeViolations(page, 'timeline');
    await s.close();
  });

  test('tabs: APG tabs by keyboard (roving tabindex, arrows, Home, End), axe, kept over a reload', async () => {
    const s = await openPage(server.url('index.html#page-explore'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    let view = await tabsView(frame, 'help');
    assert.equal(view.label, 'Ways to help a member');
    assert.deepEqual(view.tabs.map((t) => [t.name, t.selected, t.tabindex, t.shown, t.panel]), [
      ['In person', 'true', 0, true, true],
      ['On the phone', 'false', -1, false, true],
      ['By email', 'false', -1, false, true],
    ]);
    await expectTargetSize(frame, '#cpb-help [role=tab]');
    await assertNoAxeViolations(page, 'tabs');
    await tabTo(page, frame, '#cpb-help-p0-tab');
    await page.keyboard.press('ArrowLeft');
    await expectFocus(frame, '#cpb-help-p2-tab', 'ArrowLeft from the first wraps to the last');
    view = await tabsView(frame, 'help');
    assert.deepEqual(view.tabs.map((t) => [t.selected, t.shown]), [['false', false], ['false', false], ['true', true]], 'focus selects (automatic activation)');
    await page.keyboard.press('Home');
    await expectFocus(frame, '#cpb-help-p0-tab', 'Home');
    await page.keyboard.press('End');
    await expectFocus(frame, '#cpb-help-p2-tab', 'End');
    await page.keyboard.press('Tab');
    await expectFocus(frame, '#cpb-help-p2', 'Tab goes from the selected tab to its panel');
    await expectSavedWeb(frame, 'help', 2);
    await assertNoAxeViolations(page, 'tabs, third selected');
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await BLOCKS.tabs.expectRestored(frame);
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('flashcards: a toggle button per card, the side read out, pointer or keyboard, kept over a reload', async () => {
    const s = await openPage(server.url('index.html#page-explore'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    let view = await cardsView(frame, 'words');
    assert.deepEqual(view, [
      { pressed: 'false', described: 'Controller', front: true, back: false },
      { pressed: 'false', described: 'Processor', front: true, back: false },
    ]);
    await expectTargetSize(frame, '#cpb-words button');
    await tabTo(page, frame, '#cpb-words-c0 button.cp-card-turn');
    await page.keyboard.press(' ');
    view = await cardsView(frame, 'words');
    assert.deepEqual([view[0].pressed, view[0].front, view[0].back], ['true', false, true]);
    await expectFocus(frame, '#cpb-words-c0 button.cp-card-turn', 'focus stays on the button');
    const said = await frame.evaluate(() => document.querySelector('#cpb-words [aria-live=polite]').textContent);
    assert.match(said, /^Back The organisation that decides why and how personal data is used\.$/);
    await assertNoAxeViolations(page, 'a card turned');
    await page.keyboard.press('Enter');
    view = await cardsView(frame, 'words');
    assert.deepEqual([view[0].pressed, view[0].front], ['false', true], 'Enter turns it back');
    // A single pointer: a tap anywhere on the card turns it (WCAG 2.5.7 needs no drag here).
    await frame.click('#cpb-words-c1 .cp-card-title');
    view = await cardsView(frame, 'words');
    assert.equal(view[1].pressed, 'true');
    await expectSavedWeb(frame, 'words', 2);
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await BLOCKS.flashcards.expectRestored(frame);
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('labelled graphic: numbered markers on the image in reading order, notes as disclosures, focus there and back', async () => {
    const s = await openPage(server.url('index.html#page-explore'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    let view = await graphicView(frame, 'plan');
    assert.deepEqual(view.map((m) => [m.name, m.expanded, m.onImage, m.noteShown]), [
      ['1: Front desk', 'false', true, false],
      ['2: Study room', 'false', true, false],
      ["3: Children's corner", 'false', true, false],
    ]);
    await expectTargetSize(frame, '#cpb-plan button');
    await assertNoAxeViolations(page, 'labelled graphic');
    await tabTo(page, frame, '#cpb-plan .cp-graphic-marker[aria-controls="cpb-plan-p1"]');
    await page.keyboard.press('Enter');
    await expectFocus(frame, '#cpb-plan-h1-button', 'the marker opens its note and focus moves there');
    view = await graphicView(frame, 'plan');
    assert.deepEqual(view.map((m) => [m.expanded, m.noteShown, m.visited]), [['false', false, false], ['true', true, true], ['false', false, false]]);
    await assertNoAxeViolations(page, 'a note open');
    await tabTo(page, frame, '#cpb-plan-p1 .cp-graphic-back');
    await page.keyboard.press('Enter');
    await expectFocus(frame, '#cpb-plan .cp-graphic-marker[aria-controls="cpb-plan-p1"]', 'Back to the image');
    await page.keyboard.press('Enter');
    view = await graphicView(frame, 'plan');
    assert.deepEqual([view[1].expanded, view[1].noteShown, view[1].visited], ['false', false, true], 'the marker closes its open note; it stays visited');
    await expectSavedWeb(frame, 'plan', 2);
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    view = await graphicView(frame, 'plan');
    assert.deepEqual(view.map((m) => m.visited), [false, true, false]);
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('process: one step at a time, the counter in a live region, focus on the new step, start again', async () => {
    const s = await openPage(server.url('index.html#page-explore'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    let view = await processView(frame, 'breach');
    assert.deepEqual(view, { shown: [0], count: 'Step 1 of 3', live: 'polite' });
    const prevDisabled = await frame.evaluate(() => document.querySelector('#cpb-breach .cp-step-prev').disabled);
    assert.ok(prevDisabled, 'no previous step on the first');
    await expectTargetSize(frame, '#cpb-breach button');
    await assertNoAxeViolations(page, 'process');
    await tabTo(page, frame, '#cpb-breach .cp-step-next');
    await page.keyboard.press('Enter');
    await expectFocus(frame, '#cpb-breach-h1', 'Next step');
    await tabTo(page, frame, '#cpb-breach .cp-step-next');
    await page.keyboard.press('Enter');
    await expectFocus(frame, '#cpb-breach-h2', 'Next step again');
    view = await processView(frame, 'breach');
    assert.deepEqual([view.shown, view.count], [[2], 'Step 3 of 3']);
    await tabTo(page, frame, '#cpb-breach .cp-step-again');
    await page.keyboard.press('Enter');
    await expectFocus(frame, '#cpb-breach-h0', 'Start again');
    await tabTo(page, frame, '#cpb-breach .cp-step-next');
    await page.keyboard.press('Enter');
    await expectFocus(frame, '#cpb-breach-h1', 'Next step');
    await tabTo(page, frame, '#cpb-breach .cp-step-prev', { backwards: true });
    await page.keyboard.press('Enter');
    await expectFocus(frame, '#cpb-breach-h0', 'Previous step');
    await tabTo(page, frame, '#cpb-breach .cp-step-next');
    await page.keyboard.press('Enter');
    await expectSavedWeb(frame, 'breach', 1);
    await assertNoAxeViolations(page, 'process, step 2');
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await BLOCKS.process.expectRestored(frame);
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('knowledge checks: matching pairs and ordering items show their own feedback after checking, kept over a reload', async () => {
    const s = await openPage(server.url('index.html#page-checks'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    /** The explanation line of a question, as the learner reads it. */
    const explained = (id) => frame.evaluate((id) => document.querySelector(`#cpq-${id} .cp-q-explanation`)?.innerText.trim() ?? null, id);
    assert.equal(await explained('match-data'), null, 'nothing before checking');
    const selects = frame.locator('#cpq-match-data select.cp-q-match');
    await selects.nth(0).selectOption({ label: 'Personal data' });
    await selects.nth(1).selectOption({ label: 'Special category data' });
    await tabTo(page, frame, '#cpq-match-data .cp-q-check');
    await page.keyboard.press('Enter');
    await waitInPage(frame, () => Boolean(document.querySelector('#cpq-match-data .cp-q-explanation')), null, { what: 'the pairs\' feedback' });
    assert.equal(await explained('match-data'), [
      "Explanation: A member's name and address: A name and an address identify a living person.",
      'Visits to each branch last year: A count with no names in it is about the service, not a person.',
    ].join('\n'));
    await assertNoAxeViolations(page, 'matching with per-pair feedback');
    await tabTo(page, frame, '#cpq-order-breach .cp-q-check');
    await page.keyboard.press('Enter');
    await waitInPage(frame, () => Boolean(document.querySelector('#cpq-order-breach .cp-q-explanation')), null, { what: 'the items\' feedback' });
    assert.equal(await explained('order-breach'), [
      'Explanation: Contain it: First stop the data going further, before anything else.',
      'Assess the risk to people: The organisation assesses the risk once it knows what happened.',
    ].join('\n'));
    await page.reload({ waitUntil: 'load' });
    await waitForPlayerReady(frame);
    await waitInPage(frame, () => document.querySelectorAll('#page-checks .cp-q-explanation').length === 2, null, { what: 'the feedback after a reload' });
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('images in a question: the prompt\'s without JavaScript and with it, the feedback\'s after checking, files of the package', async () => {
    /** Each image of the question's `where`: alt text, loaded, from this package (images load lazily: each is scrolled to first). */
    const images = (frame, where) => frame.evaluate((where) => [...document.querySelectorAll(`#cpq-plan-exit ${where} img`)]
      .map((img) => ({ alt: img.alt, loaded: img.complete && img.naturalWidth > 0, local: img.src.startsWith(location.origin) })), where);
    const plan = { alt: 'A floor plan of the branch', loaded: true, local: true };
    const bare = await openPage(server.url('index.html#page-checks'), { goto: false });
    await bare.page.route('**/player/player.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
    await bare.page.goto(server.url('index.html'), { waitUntil: 'load' });
    await waitInPage(bare.page.mainFrame(), () => { const img = document.querySelector('#cpq-plan-exit legend img'); img?.scrollIntoView(); return img?.complete && img.naturalWidth > 0; }, null, { what: 'the prompt\'s image' });
    assert.deepEqual(await images(bare.page.mainFrame(), 'legend'), [plan], 'the prompt\'s image without JavaScript');
    await bare.close();

    const s = await openPage(server.url('index.html#page-checks'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    await waitInPage(frame, () => { const img = document.querySelector('#cpq-plan-exit legend img'); img?.scrollIntoView(); return img?.complete && img.naturalWidth > 0; }, null, { what: 'the prompt\'s image' });
    assert.deepEqual(await images(frame, 'legend'), [plan]);
    await frame.locator('#cpq-plan-exit label', { hasText: 'By the study room' }).click();
    await tabTo(page, frame, '#cpq-plan-exit .cp-q-check');
    await page.keyboard.press('Enter');
    await waitInPage(frame, () => { const img = document.querySelector('#cpq-plan-exit .cp-q-feedback img'); img?.scrollIntoView(); return img?.complete && img.naturalWidth > 0; }, null, { what: 'the feedback\'s image' });
    assert.deepEqual(await images(frame, '.cp-q-feedback'), [{ alt: 'The study room, at the back of the plan', loaded: true, local: true }]);
    await assertNoAxeViolations(page, 'a question with images, checked');
    assertNoConsoleErrors(s);
    await s.close();
  });

  test('without JavaScript every block shows all its content, under its headings', async () => {
    // The package's one script is served empty, so the page is what a browser without
    // JavaScript shows (axe-core, which is itself a script, can still check it).
    const s = await openPage(server.url('index.html'), { goto: false });
    await s.page.route('**/player/player.js', (route) => route.fulfill({ body: '', contentType: 'text/javascript' }));
    await s.page.goto(server.url('index.html'), { waitUntil: 'load' });
    const frame = s.page.mainFrame();
    assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('cp-js')), false);
    const hidden = await frame.evaluate(() => [...document.querySelectorAll('.cp-block *')]
      .filter((el) => !el.checkVisibility() && !el.closest('[hidden]:not(.cp-page)'))
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(hidden, [], 'nothing in a block is hidden without JavaScript');
    const buttons = await frame.evaluate(() => document.querySelectorAll('.cp-block button').length);
    assert.equal(buttons, 0, 'no button that would do nothing');
    const headings = await frame.evaluate(() => [...document.querySelectorAll('#cpb-bases h3')].map((h) => h.textContent));
    assert.deepEqual(headings, ['Public task', 'Consent', 'Legitimate interests']);
    const notes = await frame.evaluate(() => [...document.querySelectorAll('#cpb-plan ol > li h3')].map((h) => h.textContent));
    assert.deepEqual(notes, ['Front desk', 'Study room', "Children's corner"], 'the notes are an ordered list after the image');
    const sides = await frame.evaluate(() => document.querySelector('#cpb-words-c0').innerText.replace(/\s+/g, ' ').trim());
    assert.match(sides, /Front Controller Back The organisation/i, 'both sides of a card');
    await assertNoAxeViolations(s.page, 'blocks without JavaScript');
    await s.close();
  });

  test('in print every block shows all its content, with its state as the learner left it', async () => {
    const s = await openPage(server.url('index.html'));
    const { page } = s;
    const frame = page.mainFrame();
    await waitForPlayerReady(frame);
    await page.emulateMedia({ media: 'print' });
    const hidden = await frame.evaluate(() => [...document.querySelectorAll('.cp-block .cp-acc-panel, .cp-block .cp-block-intro, .cp-event, .cp-tab-panel, .cp-tab-title, .cp-card-front, .cp-card-back, .cp-graphic-text, .cp-step')]
      .filter((el) => !el.checkVisibility())
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(hidden, [], 'closed panels print');
    const tabTitle = await frame.evaluate(() => document.getElementById('cpb-help-h1').getBoundingClientRect().height);
    assert.ok(tabTitle > 10, `each tab's title prints as a heading (${tabTitle} px high)`);
    const controls = await frame.evaluate(() => [...document.querySelectorAll('.cp-tablist, .cp-card-turn, .cp-step-nav, .cp-graphic-back')].filter((el) => el.checkVisibility()).length);
    assert.equal(controls, 0, 'no controls on paper');
    await s.close();
  });
});

/* ---------- the LMS targets: the state is saved to the LMS and comes back on resume ---------- */

for (const std of ['scorm12', 'scorm2004']) {
  describe(std, () => {
    test('every block keeps its state in suspend_data and gets it back when the learner resumes', async () => {
      const lms = await startScormLms({ dir: dirs[std], std });
      try {
        const first = await lms.launch();
        await waitForPlayerReady(first.frame);
        await operateAll(first.page, first.frame);
        await first.exit();
        await lms.settled();
        const cmi = lms.stored;
        const suspend = std === 'scorm12' ? cmi.core?.suspend_data ?? cmi.suspend_data : cmi.suspend_data;
        const saved = JSON.parse(suspend);
        for (const [name, b] of Object.entries(BLOCKS)) assert.deepEqual(saved.b?.[b.id], b.value, `${name} in suspend_data`);
        await first.close();
        const again = await lms.launch({ resume: true });
        await waitForPlayerReady(again.frame);
        await expectAllRestored(again.frame, `${std} resume`);
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

    test('every block keeps its state in the State API and gets it back in the next session', async () => {
      const lms = await startLms({ root: dirs[target], ralph });
      try {
        const actor = { objectType: 'Agent', name: 'Block Learner', account: { homePage: 'https://lms.example', name: `blocks-${crypto.randomUUID().slice(0, 8)}` } };
        const registration = crypto.randomUUID();
        const activityId = JSON.parse(fs.readFileSync(path.join(dirs[target], 'index.html'), 'utf8')
          .match(/<script type="application\/json" id="cp-data">([\s\S]*?)<\/script>/)[1]).activity.id;
        const launch = () => (target === 'xapi'
          ? lms.tincanLaunch({ actor, registration, activityId })
          : lms.cmi5Launch({ actor, registration, activityId, publisherId: activityId }).url);
        const first = await openPage(launch());
        await waitForPlayerReady(first.page.mainFrame());
        await operateAll(first.page, first.page.mainFrame());
        const stateOf = () => lms.stateDoc({ activityId, actor, registration });
        await waitUntil(() => {
          const doc = stateOf();
          if (!doc) return false;
          const st = typeof doc.state === 'string' ? JSON.parse(doc.state) : doc.state;
          return Object.entries(BLOCKS).every(([, b]) => JSON.stringify(st?.b?.[b.id]) === JSON.stringify(b.value));
        }, { what: 'the State API document to hold every block\'s state' });
        await first.close();
        await lms.idle();
        const again = await openPage(launch());
        await waitForPlayerReady(again.page.mainFrame());
        await expectAllRestored(again.page.mainFrame(), `${target} resume`);
        assertNoConsoleErrors(withoutExpected404s(again));
        await again.close();
      } finally {
        await lms.close();
      }
    });
  });
}
