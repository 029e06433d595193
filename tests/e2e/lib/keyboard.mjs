// Keyboard-only driving: Tab, Shift+Tab, Enter and Space, never a click.
//
//   await tabTo(page, { name: 'Next', role: 'button' });
//   await pressEnter(page);
//
// Names are computed in the page, close enough to the accessible name for the
// controls a player has: aria-labelledby, aria-label, <label>s, alt, then the
// text content, then title.

import assert from 'node:assert/strict';

/**
 * @typedef {object} FocusInfo
 * @property {string} name   accessible name (whitespace collapsed)
 * @property {string} role   explicit role, else the implicit one ('' when none)
 * @property {string} tag    lower-case tag name
 * @property {string} id
 * @property {string} href   the `href` attribute as written ('' when none)
 * @property {string} html   the start of the outer HTML, for messages
 * @property {boolean} isBody  true when nothing is focused
 */

/**
 * Describe an element. Runs inside the page (serialised with toString()).
 * @param {Element} el
 * @returns {FocusInfo}
 */
function describeElement(el) {
  const clean = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const byIds = (ids) =>
    ids
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
  const tag = el.tagName.toLowerCase();
  const implicitRole = () => {
    if (tag === 'a' || tag === 'area') return el.hasAttribute('href') ? 'link' : '';
    if (tag === 'button' || tag === 'summary') return 'button';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'select') return 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') {
      const t = (el.getAttribute('type') ?? 'text').toLowerCase();
      const roles = { checkbox: 'checkbox', radio: 'radio', button: 'button', submit: 'button', reset: 'button', range: 'slider', number: 'spinbutton' };
      return roles[t] ?? 'textbox';
    }
    return { main: 'main', nav: 'navigation', section: 'region' }[tag] ?? '';
  };
  const name = () => {
    const lb = el.getAttribute('aria-labelledby');
    if (lb) return byIds(lb);
    const al = el.getAttribute('aria-label');
    if (al && al.trim()) return al;
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ');
    if (el.getAttribute('alt')) return el.getAttribute('alt');
    const text = el.innerText ?? el.textContent;
    if (text && text.trim()) return text;
    return el.getAttribute('title') ?? '';
  };
  return {
    name: clean(name()),
    role: el.getAttribute('role') ?? implicitRole(),
    tag,
    id: el.id,
    href: el.getAttribute('href') ?? '',
    html: el.outerHTML.slice(0, 160),
    isBody: el === document.body || el === document.documentElement,
  };
}

// Evaluated as a string through the DevTools protocol: a page's CSP cannot block it.
const DESCRIBE = describeElement.toString();

/**
 * Describe the focused element (`document.activeElement`) of a page, or of a
 * frame (for a player inside an LMS page's iframe).
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 * @returns {Promise<FocusInfo>}
 */
export function focused(target) {
  return target.evaluate(`(${DESCRIBE})(document.activeElement ?? document.body)`);
}

/** Lower case, typographic apostrophes made straight. */
const fold = (s) => s.replace(/[\u2018\u2019\u02bc]/g, "'").toLowerCase();

function matches(info, { name, role }) {
  const nameOk =
    name === undefined || (name instanceof RegExp ? name.test(info.name) : fold(info.name) === fold(String(name)));
  return nameOk && (role === undefined || info.role === role);
}

/**
 * Press Tab (or Shift+Tab) until the focused element has this accessible name
 * (and role, when given). Fails, listing the focus stops seen, after `max`
 * presses.
 * @param {import('playwright-core').Page} page  receives the key presses
 * @param {object} target
 * @param {string | RegExp} [target.name]  a string matches whole, ignoring case
 *   and apostrophe style; a RegExp is tested as is
 * @param {string} [target.role]  e.g. 'button', 'link'
 * @param {number} [target.max=60]  presses before giving up
 * @param {boolean} [target.backwards]  Shift+Tab instead of Tab
 * @param {import('playwright-core').Frame} [target.frame]  read focus in this
 *   frame (a player in an iframe) instead of the page
 * @returns {Promise<FocusInfo>} the element reached
 */
export async function tabTo(page, { name, role, max = 60, backwards = false, frame }) {
  const key = backwards ? 'Shift+Tab' : 'Tab';
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const info = await focused(frame ?? page);
    if (matches(info, { name, role })) return info;
    seen.push(info.isBody ? '(nothing)' : `${info.role || info.tag} "${info.name}"`);
  }
  assert.fail(
    `no ${role ?? 'element'} named ${name} reached with ${max} x ${key}; focus went to:\n  ${seen.join('\n  ')}`,
  );
}

const TABBABLE =
  'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), ' +
  'textarea:not([disabled]), summary, iframe, audio[controls], video[controls], [contenteditable="true"], [tabindex]';

/**
 * Every rendered element Tab can reach, in DOM order (players should not use
 * tabindex > 0, so that order is the Tab order).
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 * @returns {Promise<FocusInfo[]>}
 */
export function tabbables(target) {
  return target.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(TABBABLE)})]
      .filter((el) => el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }) && !el.closest('[inert]'))
      .map((el) => (${DESCRIBE})(el))`,
  );
}

/**
 * Is the focus indicator of the focused element visible? Looks at the outline
 * and box-shadow Chromium computes for it (WCAG 2.4.7).
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 * @returns {Promise<{ visible: boolean, outline: string, boxShadow: string }>}
 */
export function focusIndicator(target) {
  return target.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { visible: false, outline: '', boxShadow: '' };
    const cs = getComputedStyle(el);
    const outline = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
    const visible =
      (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow && cs.boxShadow !== 'none');
    return { visible: Boolean(visible), outline, boxShadow: cs.boxShadow };
  });
}

/**
 * Is the focused element hidden from view: outside the viewport, of zero size,
 * or covered (at its centre) by another element such as a sticky header
 * (WCAG 2.4.11)? Returns '' when it can be seen, else the reason.
 * @param {import('playwright-core').Page | import('playwright-core').Frame} target
 * @returns {Promise<string>}
 */
export function focusObscured(target) {
  // Measured once the browser has rendered the focus change (two animation
  // frames): the scroll that brings a newly focused element into view is part
  // of that rendering, and a busy machine can run this check before it.
  return target.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing is focused';
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return 'it has no size';
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return 'it is outside the viewport';
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 10), 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    if (!top || top === el || el.contains(top) || top.contains(el)) return '';
    return `it is covered by ${top.outerHTML.slice(0, 100)}`;
  });
}

/**
 * Press Enter on the focused element.
 * @param {import('playwright-core').Page} page
 */
export async function pressEnter(page) {
  await page.keyboard.press('Enter');
}

/**
 * Press Space on the focused element.
 * @param {import('playwright-core').Page} page
 */
export async function pressSpace(page) {
  await page.keyboard.press(' ');
}

/** The focused element in `target` shows a visible focus indicator that nothing covers (WCAG 2.4.7, 2.4.11). */
export async function expectFocusVisible(target, what) {
  const ind = await focusIndicator(target);
  assert.ok(ind.visible, `no visible focus indicator on ${what} (${ind.outline})`);
  assert.equal(await focusObscured(target), '', `the focus on ${what} is hidden`);
}
