// axe-core, injected from node_modules, run for WCAG 2.x A and AA.
//
//   const { violations, summary } = await runAxe(page);
//   assert.equal(violations.length, 0, summary);
//   // or: await assertNoAxeViolations(page, 'page 3 of intro.zip');
//
// axe skips content that is hidden, so a multi-page player must be checked on
// every page it shows.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The rule tags the project holds packages to. */
export const WCAG_TAGS = Object.freeze(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);

/** @type {string | null} */
let source = null;

function axeSource() {
  if (source === null) {
    let file;
    try {
      file = require.resolve('axe-core/axe.min.js');
    } catch {
      throw new Error('axe-core is not installed in tests/e2e/node_modules: run scripts/install-test-deps.sh');
    }
    source = fs.readFileSync(file, 'utf8');
  }
  return source;
}

/**
 * @typedef {object} AxeResult
 * @property {any[]} violations  axe's violation objects (id, impact, help, helpUrl, nodes...)
 * @property {string} summary    one block per rule: id, impact, help, and each node's target and reason
 * @property {string[]} ruleIds  ids of the violated rules
 */

/**
 * Run axe-core in the page (injected through the DevTools protocol, so a
 * package's Content-Security-Policy cannot block it).
 * @param {import('playwright-core').Page} page
 * @param {object} [options]
 * @param {string[]} [options.tags]  defaults to {@link WCAG_TAGS}
 * @param {string | string[]} [options.include]  CSS selector(s) to limit the check
 * @param {string[]} [options.disableRules]  rule ids to turn off (say why at the call site)
 * @returns {Promise<AxeResult>}
 */
export async function runAxe(page, options = {}) {
  const has = await page.evaluate(() => typeof window.axe?.run === 'function');
  if (!has) {
    await page.evaluate(axeSource());
    const ok = await page.evaluate(() => typeof window.axe?.run === 'function');
    if (!ok) throw new Error('axe-core did not load into the page');
  }
  const violations = await page.evaluate(
    async ({ tags, include, disableRules }) => {
      const context = include ? { include: [].concat(include) } : document;
      const rules = Object.fromEntries((disableRules ?? []).map((id) => [id, { enabled: false }]));
      const result = await window.axe.run(context, {
        runOnly: { type: 'tag', values: tags },
        rules,
        resultTypes: ['violations'],
      });
      return result.violations;
    },
    { tags: options.tags ?? [...WCAG_TAGS], include: options.include ?? null, disableRules: options.disableRules ?? [] },
  );
  return { violations, summary: summarize(violations), ruleIds: violations.map((v) => v.id) };
}

/**
 * Fail with a readable summary when axe finds violations.
 * @param {import('playwright-core').Page} page
 * @param {string} [what]  context for the message, e.g. "intro.zip, page 3"
 * @param {Parameters<typeof runAxe>[1]} [options]
 * @returns {Promise<void>}
 */
export async function assertNoAxeViolations(page, what = page.url(), options) {
  const { violations, summary } = await runAxe(page, options);
  assert.ok(violations.length === 0, `${what}: ${violations.length} axe violation(s):\n${summary}`);
}

/**
 * Format axe violations for a human.
 * @param {any[]} violations
 * @returns {string}
 */
export function summarize(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => {
          const why = (n.failureSummary ?? '').replace(/\s+/g, ' ').trim();
          return `    - ${[].concat(n.target).join(' ')}: ${n.html.slice(0, 160)}\n      ${why}`;
        })
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    ... and ${v.nodes.length - 5} more` : '';
      return `  [${v.id}] (${v.impact}) ${v.help} - ${v.nodes.length} node(s) - ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}
