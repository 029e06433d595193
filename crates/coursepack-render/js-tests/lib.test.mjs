// Pure logic of the player: strings, state, completion, storage, adapters, saving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, fakeStorage, fakeTimers } from './harness.mjs';

const cp = load();
const lib = cp.lib;
const pages = (n) => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, title: `Page ${i + 1}` }));
const plain = (v) => JSON.parse(JSON.stringify(v)); // objects from the vm context have another prototype

test('the public object is complete without a document', () => {
  for (const key of ['strings', 'format', 'data', 'state', 'on', 'reportAnswer', 'reportScore', 'finish']) {
    assert.ok(key in cp, key);
  }
  assert.equal(cp.data.runtime, 'web');
  assert.deepEqual(plain(cp.data.module.pages), []);
});

test('format fills named placeholders and keeps unknown ones', () => {
  assert.equal(lib.format('Page {current} of {total}', { current: 2, total: 7 }), 'Page 2 of 7');
  assert.equal(lib.format('{a}{a} {b}', { a: 'x' }), 'xx {b}');
  assert.equal(lib.format('Tudalen {current} o {total}', { current: 0, total: 3 }), 'Tudalen 0 o 3');
  assert.equal(lib.format('{toString}', {}), '{toString}');
  assert.equal(lib.format(null, {}), '');
});

test('state strings round-trip and bad input gives an empty state', () => {
  const values = { loc: 'p2', seen: '110', refl: { r1: 'Zoë said "hi"\n' }, quiz: { q1: [1, 2] } };
  assert.deepEqual(plain(lib.parseState(lib.serializeState(values))), values);
  assert.deepEqual(plain(lib.parseState('not json')), {});
  assert.deepEqual(plain(lib.parseState('[1,2]')), {});
  assert.deepEqual(plain(lib.parseState('null')), {});
  assert.deepEqual(plain(lib.parseState(null)), {});
});

test('seen pages are a 0/1 string by page index', () => {
  let seen = lib.markSeen('', 2);
  assert.equal(seen, '001');
  seen = lib.markSeen(seen, 0);
  assert.equal(seen, '101');
  assert.equal(lib.markSeen(seen, 0), '101');
  assert.equal(lib.countSeen(seen, 3), 2);
  assert.equal(lib.countSeen('1111', 2), 2, 'pages beyond the module do not count');
  assert.equal(lib.countSeen(undefined, 3), 0);
});

test('scores are normalised and judged against the pass mark', () => {
  assert.deepEqual(plain(lib.normaliseScore({ raw: 8, max: 10 }, 80)), { raw: 8, min: 0, max: 10, scaled: 0.8, passed: true });
  assert.equal(lib.normaliseScore({ raw: 7, max: 10 }, 80).passed, false);
  assert.equal(lib.normaliseScore({ raw: 7, max: 10, passed: true }, 80).passed, true, 'the widget decides when it says');
  assert.equal(lib.normaliseScore({ raw: 7, max: 10 }, null).passed, null);
  assert.equal(lib.normaliseScore({ raw: 12, max: 10 }, 80).scaled, 1);
  assert.equal(lib.normaliseScore({ max: 10 }, 80), null);
});

test('all-pages completion needs every page and progress stays below 1 until then', () => {
  const module = { pages: pages(4), completion: 'all-pages', passMark: null };
  let s = lib.summarize(module, { loc: 'p3', seen: '1110' }, 1234);
  assert.equal(s.completed, false);
  assert.equal(s.pagesVisited, 3);
  assert.equal(s.progress, 0.75);
  assert.equal(s.location, 'p3');
  assert.equal(s.pageIndex, 2);
  assert.equal(s.sessionMs, 1234);
  s = lib.summarize(module, { loc: 'p4', seen: '1111' }, 0);
  assert.equal(s.completed, true);
  assert.equal(s.progress, 1);
});

test('quiz-passed completion ignores pages but needs a pass', () => {
  const module = { pages: pages(3), completion: 'quiz-passed', passMark: 80 };
  const failed = lib.summarize(module, { seen: '111', score: { raw: 5, max: 10 } }, 0);
  assert.equal(failed.completed, false);
  assert.equal(failed.passed, false);
  assert.ok(failed.progress < 1);
  const passed = lib.summarize(module, { seen: '1', score: { raw: 9, max: 10 } }, 0);
  assert.equal(passed.completed, true);
  assert.equal(passed.passed, true);
  assert.deepEqual(plain(passed.score), { raw: 9, min: 0, max: 10, scaled: 0.9 });
});

test('all-pages-and-quiz needs both', () => {
  const module = { pages: pages(2), completion: 'all-pages-and-quiz', passMark: 80 };
  assert.equal(lib.summarize(module, { seen: '11' }, 0).completed, false);
  assert.equal(lib.summarize(module, { seen: '10', score: { raw: 1, max: 1 } }, 0).completed, false);
  assert.equal(lib.summarize(module, { seen: '11', score: { raw: 1, max: 1 } }, 0).completed, true);
  assert.equal(lib.summarize(module, { seen: '10', score: { raw: 1, max: 1 } }, 0).progress, 0.67);
});

test('completion is sticky once recorded and unknown locations fall back to the first page', () => {
  const module = { pages: pages(2), completion: 'all-pages', passMark: null };
  const s = lib.summarize(module, { seen: '', done: 1, loc: 'gone' }, 0);
  assert.equal(s.completed, true);
  assert.equal(s.location, 'p1');
  assert.equal(s.pageIndex, 0);
});

test('cleanText keeps what a learner writes, minus what JSON would inflate, within max code units', () => {
  assert.equal(lib.cleanText('Line one\nline "two" \\ ŵ 😀', 2000), 'Line one\nline "two" \\ ŵ 😀');
  assert.equal(lib.cleanText('a\u0000b\tc\rd\u007fe\u0085f', 2000), 'abcdef', 'control characters go, line feeds stay');
  assert.equal(lib.cleanText('x\ud800y\udc00z', 2000), 'xyz', 'lone surrogates go');
  assert.equal(lib.cleanText('ab😀', 3), 'ab', 'a pair is never split');
  assert.equal(lib.cleanText('ab😀', 4), 'ab😀');
  assert.equal(lib.cleanText(null, 10), '');
  // Every code unit kept costs at most two characters once serialised.
  const worst = lib.cleanText('"\\\n\u0001\ud800😀'.repeat(300), 1000);
  assert.equal(worst.length, 1000);
  assert.ok(JSON.stringify(worst).length <= 2 + 2 * worst.length);
});

test('limitBox sets maxlength, the hint and a live count', () => {
  const attrs = {};
  const listeners = {};
  const box = {
    value: '', setAttribute: (k, v) => { attrs[k] = v; },
    addEventListener: (t, fn) => { listeners[t] = fn; },
  };
  const limit = { textContent: '' };
  const count = { textContent: '' };
  const strings = { reflection_limit: 'Up to {max}.', characters_left: 'Left: {count}' };
  lib.limitBox(box, 900, limit, count, strings);
  assert.equal(attrs.maxlength, '900');
  assert.equal(limit.textContent, 'Up to 900.');
  assert.equal(count.textContent, 'Left: 900');
  box.value = 'x'.repeat(905);
  listeners.input();
  assert.equal(count.textContent, 'Left: 0', 'never negative (text restored from a longer limit)');
  lib.limitBox(box, 5, null, null, strings); // no hint elements: nothing breaks
  assert.equal(attrs.maxlength, '5');
});

test('createStore uses storage when it works', () => {
  const storage = fakeStorage();
  const store = lib.createStore(() => storage, 'coursepack:m:1');
  assert.equal(store.persistent(), true);
  assert.equal(store.get(), null);
  assert.equal(store.set('{"loc":"a"}'), true);
  assert.equal(storage.items.get('coursepack:m:1'), '{"loc":"a"}');
  assert.equal(storage.items.has('coursepack:m:1:probe'), false, 'probe removed');
});

test('createStore falls back to memory when storage throws', () => {
  const store = lib.createStore(() => { throw new Error('SecurityError'); }, 'k');
  assert.equal(store.persistent(), false);
  assert.equal(store.set('abc'), false);
  assert.equal(store.get(), 'abc', 'kept in memory');
});

test('createStore switches to memory when a write fails later (quota)', () => {
  const storage = fakeStorage({ failAfter: 2 }); // the probe is write 1
  const store = lib.createStore(() => storage, 'k');
  assert.equal(store.set('one'), true);
  assert.equal(store.set('two'), false);
  assert.equal(store.persistent(), false);
  assert.equal(store.get(), 'two');
});

test('the web adapter resumes what it saved and warns once without storage', () => {
  const storage = fakeStorage();
  const notices = [];
  const ctx = { strings: { storage_unavailable: 'not saved' }, notify: (t) => notices.push(t) };
  const web = lib.webAdapter(lib.createStore(() => storage, 'k'));
  assert.deepEqual(plain(web.start(ctx)), { state: null, entry: 'ab-initio' });
  assert.equal(web.save('{"loc":"p2"}', {}), true);
  const again = lib.webAdapter(lib.createStore(() => storage, 'k'));
  assert.deepEqual(plain(again.start(ctx)), { state: '{"loc":"p2"}', entry: 'resume' });
  assert.deepEqual(notices, []);

  const broken = lib.webAdapter(lib.createStore(() => null, 'k'));
  broken.start(ctx);
  assert.equal(broken.save('{}', {}), false);
  broken.save('{}', {});
  assert.deepEqual(notices, ['not saved']);
});

test('adapters are chosen by runtime with the web adapter as fallback', () => {
  const registry = { web: { name: 'web' }, scorm12: { name: 'scorm12' } };
  assert.equal(lib.chooseAdapter('web', registry).adapter.name, 'web');
  assert.deepEqual(plain(lib.chooseAdapter('scorm12', registry)), { adapter: { name: 'scorm12' }, fallback: false });
  assert.deepEqual(plain(lib.chooseAdapter('cmi5', registry)), { adapter: { name: 'web' }, fallback: true });
});

test('saves are coalesced and spaced by the adapter interval', () => {
  const t = fakeTimers();
  let saves = 0;
  const saver = lib.createSaver({ delay: 400, interval: 5000, now: t.now, setTimeout: t.setTimeout, clearTimeout: t.clearTimeout, save: () => ++saves });
  for (let i = 0; i < 20; i++) saver.request();
  assert.equal(t.pending(), 1);
  t.advance(399);
  assert.equal(saves, 0);
  t.advance(1);
  assert.equal(saves, 1, 'twenty requests, one save');
  saver.request();
  t.advance(4000);
  assert.equal(saves, 1, 'not before the interval has passed');
  t.advance(1000);
  assert.equal(saves, 2);
  saver.request();
  assert.equal(saver.pending(), true);
  saver.flush();
  assert.equal(saves, 3);
  assert.equal(t.pending(), 0, 'flush cancels the timer');
  saver.request();
  saver.cancel();
  t.advance(10000);
  assert.equal(saves, 3);
});

test('page hashes map to page indexes', () => {
  const list = pages(3);
  assert.equal(lib.pageIndexForHash(list, '#page-p2'), 1);
  assert.equal(lib.pageIndexForHash(list, 'page-p3'), 2);
  assert.equal(lib.pageIndexForHash(list, '#page-nope'), -1);
  assert.equal(lib.pageIndexForHash(list, '#cp-main'), -1);
  assert.equal(lib.pageIndexForHash(list, ''), -1);
});

test('module data is normalised defensively', () => {
  const data = lib.parseData('{"module":{"id":"m","pages":[{"id":"a","title":"A"}],"passMark":80,"completion":"quiz-passed"},"runtime":"scorm12"}');
  assert.equal(data.runtime, 'scorm12');
  assert.equal(data.module.passMark, 80);
  assert.equal(data.module.completion, 'quiz-passed');
  assert.deepEqual(plain(data.module.reflections), []);
  const broken = lib.parseData('{oops');
  assert.equal(broken.module.completion, 'all-pages');
  assert.equal(broken.runtime, 'web');
});

test('urgent saves go at the next tick but still respect the interval', () => {
  const t = fakeTimers();
  let saves = 0;
  const saver = lib.createSaver({ delay: 400, interval: 3000, now: t.now, setTimeout: t.setTimeout, clearTimeout: t.clearTimeout, save: () => ++saves });
  saver.request();
  saver.request(true);
  assert.equal(t.pending(), 1, 'the urgent request replaced the slower timer');
  t.advance(0);
  assert.equal(saves, 1);
  saver.request(true);
  t.advance(2999);
  assert.equal(saves, 1, 'an urgent save waits for the interval');
  saver.request();
  t.advance(1);
  assert.equal(saves, 2, 'and a later non-urgent request does not delay it');
});
