// The real player.js on the real rendered index.html (the insta snapshot of
// the English fixture), in a small fake DOM with controlled timers. Shared by
// player.test.mjs and scorm.test.mjs.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { parseDocument } from './dom.mjs';
import { fakeStorage, fakeTimers } from './harness.mjs';
import { readAsset } from './source.mjs';

const PLAYER = readAsset('player.js');
const snap = readFileSync(new URL('../tests/snapshots/render__index_en.snap', import.meta.url), 'utf8');
export const HTML = snap.slice(snap.indexOf('---', 4) + 4);
export const KEY = 'coursepack:digital-leadership:1.0.0';

/** Opens the page: returns helpers to drive it. `plugin(window)` runs after player.js, like an appended script. */
export async function open({ storage = fakeStorage(), hash = '', html = HTML, plugin } = {}) {
  const timers = fakeTimers();
  const doc = parseDocument(html);
  const win = { document: doc, console, Date, JSON, Promise, scrolls: 0, listeners: {} };
  let currentHash = hash;
  win.location = {
    get hash() { return currentHash; },
    set hash(v) {
      const next = v.startsWith('#') ? v : `#${v}`;
      if (next === currentHash) return;
      currentHash = next;
      timers.setTimeout(() => fire('hashchange'), 0);
    },
  };
  Object.defineProperty(win, 'localStorage', { get: () => { if (storage instanceof Error) throw storage; return storage; } });
  win.setTimeout = timers.setTimeout;
  win.clearTimeout = timers.clearTimeout;
  win.scrollTo = () => { win.scrolls++; };
  win.addEventListener = (type, fn) => { (win.listeners[type] ||= []).push(fn); };
  win.window = win;
  const fire = (type) => (win.listeners[type] || []).forEach((fn) => fn({ type }));
  vm.createContext(win);
  vm.runInContext(PLAYER, win, { filename: 'player.js' });
  if (plugin) plugin(win);
  const settle = async (ms = 0) => {
    for (let i = 0; i < 5; i++) { timers.advance(ms); ms = 0; await new Promise((r) => setImmediate(r)); }
  };
  await settle();
  const $ = (sel) => doc.querySelector(sel);
  const visible = () => doc.querySelectorAll('.cp-page').filter((s) => !s.hidden).map((s) => s.id);
  const stored = () => JSON.parse(storage instanceof Error ? 'null' : storage.getItem(KEY));
  const click = async (action) => { $(`[data-action="${action}"]`).dispatch('click'); await settle(); };
  return { win, doc, $, visible, stored, click, settle, fire, storage };
}
