// Loads assets/player.js into a fresh DOM-less context and returns its
// window.coursepack; with no document the player defines everything and
// does not start, so its pure functions can be tested one by one.
import vm from 'node:vm';
import { readAsset } from './source.mjs';

const source = readAsset('player.js');

export function load(extra = {}) {
  const win = { console, setTimeout, clearTimeout, ...extra };
  win.window = win;
  vm.createContext(win);
  vm.runInContext(source, win, { filename: 'player.js' });
  return win.coursepack;
}

// A Storage-like object; `failAfter` makes setItem throw (quota) after n writes.
export function fakeStorage({ failAfter = Infinity } = {}) {
  const items = new Map();
  let writes = 0;
  return {
    items,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => {
      if (++writes > failAfter) throw new Error('QuotaExceededError');
      items.set(k, String(v));
    },
    removeItem: (k) => items.delete(k),
  };
}

// A clock and timer queue under the test's control.
export function fakeTimers() {
  let now = 0;
  let next = 1;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout: (fn, ms) => { const id = next++; timers.set(id, { fn, at: now + ms }); return id; },
    clearTimeout: (id) => timers.delete(id),
    pending: () => timers.size,
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
  };
}
