// Reading the coursepack player's state through its DOM contract, for every
// target's browser tests (the web page itself, or the player's frame inside an
// LMS page: pass a Playwright Frame instead of the Page).
//
// The contract: <html lang>; first focusable element `a.cp-skip` -> `#cp-main`;
// a <nav> table of contents linking to `#page-<id>`; `<main id="cp-main">` with
// one `section.cp-page#page-<id>` per page, all but the current one hidden;
// the current page's <h1> focused after navigation; <button>s named
// Next/Previous (Finish on the last page), localised; `.cp-progress` reading
// "Page 2 of 7"; learner state in localStorage (web target).

import assert from 'node:assert/strict';

import { PAGE_MS, waitInPage } from './wait.mjs';

/** The player's interface strings the tests look for, by language. */
export const UI_STRINGS = Object.freeze({
  en: { skip: 'Skip to content', next: 'Next', previous: 'Previous', finish: 'Finish', progress: /Page (\d+) of (\d+)/ },
  cy: { skip: "Neidio i'r cynnwys", next: 'Nesaf', previous: 'Blaenorol', finish: 'Gorffen', progress: /Tudalen (\d+) o (\d+)/ },
});

/**
 * The strings for a BCP 47 tag: Welsh for `cy` and `cy-*`, English otherwise
 * (as the player chooses them).
 * @param {string} lang
 */
export function uiStrings(lang) {
  return /^cy(-|$)/i.test(lang) ? UI_STRINGS.cy : UI_STRINGS.en;
}

/**
 * @typedef {object} PlayerState
 * @property {string} lang
 * @property {string[]} pageIds      ids of the `section.cp-page` elements, in order
 * @property {number[]} visible      indexes of the rendered pages
 * @property {string} progress       text of the visible `.cp-progress` ('' when none)
 * @property {string} focusedId      id of the focused element ('' when none)
 * @property {string} focusedTag
 * @property {string} focusedPage  id of the page section holding the focus ('' when none)
 */

/**
 * Read the player's state.
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 * @returns {Promise<PlayerState>}
 */
export function playerState(target) {
  return target.evaluate(() => {
    const pages = [...document.querySelectorAll('section.cp-page')];
    const shown = (el) => el.checkVisibility({ visibilityProperty: true });
    const progress = [...document.querySelectorAll('.cp-progress')].find(shown);
    const active = document.activeElement;
    return {
      lang: document.documentElement.lang,
      pageIds: pages.map((p) => p.id),
      visible: pages.flatMap((p, i) => (shown(p) ? [i] : [])),
      progress: (progress?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      focusedId: active && active !== document.body ? active.id : '',
      focusedTag: active ? active.tagName.toLowerCase() : '',
      focusedPage: active?.closest?.('section.cp-page')?.id ?? '',
    };
  });
}

/**
 * Wait until exactly page `index` (0-based) is shown, then check the progress
 * indicator says so. Fails with the state seen when it does not happen.
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 * @param {number} index
 * @param {{ what?: string, timeout?: number, focusHeading?: boolean }} [options]
 *   timeout: ms (default PAGE_MS of lib/wait.mjs)
 *   focusHeading: also require focus on that page's <h1> (after a navigation)
 * @returns {Promise<PlayerState>}
 */
export async function expectPage(target, index, { what = '', timeout = PAGE_MS, focusHeading = false } = {}) {
  const reached = await target
    .waitForFunction(
      (i) => {
        const pages = [...document.querySelectorAll('section.cp-page')];
        const vis = pages.filter((p) => p.checkVisibility({ visibilityProperty: true }));
        return vis.length === 1 && vis[0] === pages[i];
      },
      index,
      { timeout },
    )
    .then(
      () => true,
      () => false,
    );
  const state = await playerState(target);
  const at = what ? `${what}: ` : '';
  assert.ok(
    reached,
    `${at}expected only page ${index + 1} of ${state.pageIds.length} to be shown, but shown: ` +
      `[${state.visible.map((i) => i + 1).join(', ')}] (progress "${state.progress}")`,
  );
  const total = state.pageIds.length;
  const m = uiStrings(state.lang).progress.exec(state.progress);
  assert.ok(m, `${at}progress indicator "${state.progress}" does not read like "${uiStrings(state.lang).progress.source}"`);
  assert.deepEqual([Number(m[1]), Number(m[2])], [index + 1, total], `${at}progress indicator says "${state.progress}"`);
  if (focusHeading) {
    const h1 = await target.evaluate((i) => {
      const page = document.querySelectorAll('section.cp-page')[i];
      const h = page.querySelector('h1');
      return { exists: Boolean(h), focused: Boolean(h) && document.activeElement === h, active: document.activeElement?.outerHTML.slice(0, 120) };
    }, index);
    assert.ok(h1.exists, `${at}page ${index + 1} has no <h1>`);
    assert.ok(h1.focused, `${at}after navigating to page ${index + 1}, focus is not on its <h1> but on ${h1.active}`);
  }
  return state;
}

/**
 * Wait until the coursepack player is ready: its adapter has started, the
 * learner state is restored and the 'ready' listeners (the quiz widgets'
 * hydration among them, registered before this one) have run.
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 */
export async function waitForPlayerReady(target) {
  await waitInPage(target, () => Boolean(window.coursepack && window.coursepack.on), null, { what: 'the player script to load' });
  await target.evaluate(() => window.coursepack.on('ready', () => { window.__cpReadySeen = true; }));
  await waitInPage(target, () => window.__cpReadySeen === true, null, { what: "the player's ready event" });
}
