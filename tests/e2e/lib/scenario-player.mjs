// A keyboard-only learner for branching scenarios (coursepack-scenario's
// scenario.js), and the routes that cover a scenario:
//
//   routes(s)                      every route from the start to an ending that passes no node twice,
//                                  then one route for each choice those never take (a loop back, a
//                                  "try again"), each ending at the nearest ending
//   await openPageOf(page, frame, data, pageId)   the module page holding the scenario, by the contents list
//   await playRoute(page, frame, s, route)        Tab to each choice and press Enter; waits for the focus
//   await startAgain(page, frame, s)              Tab to "Start again", Enter, focus back at the start
//   records(s, route)              what the LMS must record for a route, in order
//
// `s` is one entry of #cp-data.scenarios (coursepack-scenario src/player.rs).
// Nothing here waits for time: every step waits for the focus to land where
// the player puts it.

import assert from 'node:assert/strict';

import { tabToSelector } from './learner.mjs';
import { waitInPage } from './wait.mjs';

/** The element id of a node's section. */
export const nodeAnchor = (s, i) => `cp-scenario-${s.id}__${s.nodes[i].id}`;

/**
 * Routes covering every choice of `s`. A route is `{ steps: [{ at, k }], end }`:
 * the choice `k` taken at node `at`, in order, and the ending node reached.
 * @param {any} s
 * @param {{ max?: number }} [options]
 */
export function routes(s, { max = 200 } = {}) {
  const out = [];
  const walk = (at, path, steps) => {
    assert.ok(out.length <= max, `${s.id}: more than ${max} routes; the test would be slow`);
    if (s.nodes[at].end) {
      out.push({ steps, end: at });
      return;
    }
    s.nodes[at].choices.forEach((c, k) => {
      if (c.to === at || path.includes(c.to)) return;
      walk(c.to, [...path, c.to], [...steps, { at, k }]);
    });
  };
  walk(s.start, [s.start], []);
  const taken = new Set(out.flatMap((r) => r.steps.map((st) => `${st.at}:${st.k}`)));
  // the shortest route (by choices, no node twice) from `from` to `to` (a node index) or to any ending (to = -1)
  const shortest = (from, to) => {
    const prev = new Map([[from, null]]);
    const queue = [from];
    while (queue.length) {
      const at = queue.shift();
      if (to === -1 ? s.nodes[at].end : at === to) {
        const steps = [];
        for (let n = at; prev.get(n); n = prev.get(n).at) steps.unshift(prev.get(n));
        return { steps, end: at };
      }
      s.nodes[at].choices.forEach((c, k) => {
        if (!prev.has(c.to)) {
          prev.set(c.to, { at, k });
          queue.push(c.to);
        }
      });
    }
    return null;
  };
  s.nodes.forEach((node, at) => node.choices.forEach((c, k) => {
    if (taken.has(`${at}:${k}`)) return;
    const there = shortest(s.start, at);
    assert.ok(there, `${s.id}: node ${node.id} is reachable`);
    const onward = shortest(c.to, -1);
    assert.ok(onward, `${s.id}: an ending is reachable after choice ${k} of ${node.id}`);
    out.push({ steps: [...there.steps, { at, k }, ...onward.steps], end: onward.end });
  }));
  return out;
}

/**
 * What the LMS records for a route, in order: one decision per step, then the ending.
 * @returns {Array<{ kind: 'decision', at: number, k: number } | { kind: 'ending', at: number }>}
 */
export function records(s, route) {
  return [...route.steps.map((st) => ({ kind: 'decision', ...st })), { kind: 'ending', at: route.end }];
}

/** The node shown (index into s.nodes), from the DOM. */
export function shownNode(frame, s) {
  return frame.evaluate((sc) => {
    const nodes = [...document.querySelectorAll(`#cp-scenario-${sc.id} .cp-scenario-node`)];
    const shown = nodes.filter((n) => !n.hidden);
    return shown.length === 1 ? sc.nodes.findIndex((n) => n.id === shown[0].getAttribute('data-node-id')) : -1;
  }, { id: s.id, nodes: s.nodes.map((n) => ({ id: n.id })) });
}

/** Wait until node `i` is the one shown and its heading (or its consequence box) has the focus. */
async function waitForNode(frame, s, i, { focus = 'heading' } = {}) {
  const anchor = nodeAnchor(s, i);
  await waitInPage(frame, ({ a, f }) => {
    const node = document.getElementById(a);
    if (!node || node.hidden) return false;
    const el = document.activeElement;
    return f === 'heading' ? el && el.id === `${a}-title` : el && el.classList.contains('cp-scenario-consequence') && node.contains(el);
  }, { a: anchor, f: focus }, { what: `scenario ${s.id}: node ${s.nodes[i].id} shown with the focus on its ${focus}` });
}

/**
 * Open the module page `pageId` by its link in the contents (Tab, Enter) and
 * wait for the scenario's player to be ready.
 */
export async function openPageOf(page, frame, pageId, s) {
  const shown = await frame.evaluate((id) => !document.getElementById(`page-${id}`).hidden, pageId);
  if (!shown) {
    await tabToSelector(page, frame, `.cp-toc a[data-page-id="${pageId}"]`);
    await page.keyboard.press('Enter');
    await waitInPage(frame, (id) => !document.getElementById(`page-${id}`).hidden, pageId, { what: `page ${pageId} shown` });
  }
  await waitInPage(frame, (id) => document.getElementById(`cp-scenario-${id}`)?.classList.contains('cp-scenario-js'), s.id, {
    what: `scenario ${s.id} hydrated by scenario.js`,
  });
}

/** Take choice `k` at the node shown (which must be `at`) by keyboard. */
export async function choose(page, frame, s, at, k) {
  assert.equal(await shownNode(frame, s), at, `scenario ${s.id}: node ${s.nodes[at].id} is shown before choice ${k}`);
  await tabToSelector(page, frame, `#${nodeAnchor(s, at)} .cp-scenario-choice[data-choice="${k}"] button`);
  await page.keyboard.press('Enter');
  const to = s.nodes[at].choices[k].to;
  await waitForNode(frame, s, to, { focus: to === at ? 'consequence' : 'heading' });
}

/** Play a route from the node shown (the route's first node). */
export async function playRoute(page, frame, s, route) {
  for (const { at, k } of route.steps) await choose(page, frame, s, at, k);
  assert.equal(await shownNode(frame, s), route.end, `scenario ${s.id}: the route ends at ${s.nodes[route.end].id}`);
}

/** "Start again" by keyboard; waits for the start node with focus on its heading. */
export async function startAgain(page, frame, s) {
  await tabToSelector(page, frame, `#cp-scenario-${s.id} .cp-scenario-restart`);
  await page.keyboard.press('Enter');
  await waitForNode(frame, s, s.start);
}

/** "Back one step" by keyboard; waits for node `to` with focus on its heading. */
export async function stepBack(page, frame, s, to) {
  await tabToSelector(page, frame, `#cp-scenario-${s.id} .cp-scenario-back`);
  await page.keyboard.press('Enter');
  await waitForNode(frame, s, to);
}

/** The module's scenario (its `page` is the id of the page it is played on), or null. */
export function scenarioOf(data) {
  return data.scenarios?.[0] ?? null;
}
