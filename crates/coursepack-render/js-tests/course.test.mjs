// The course page script (assets/course.js): passes the launch query string
// on to every module link, and never throws into the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../assets/course.js', import.meta.url), 'utf8');

// A document holding links with the given hrefs; `readyState` as given.
function page(hrefs, readyState = 'complete') {
  const listeners = {};
  const links = hrefs.map((href) => {
    const attrs = { href, 'data-module-link': '' };
    return {
      attrs,
      getAttribute: (name) => (name in attrs ? attrs[name] : null),
      setAttribute: (name, value) => { attrs[name] = String(value); },
    };
  });
  return {
    links,
    listeners,
    readyState,
    querySelectorAll: (selector) => (selector === 'a[data-module-link]' ? links : []),
    addEventListener: (type, fn) => { listeners[type] = fn; },
  };
}

function run({ document, search }) {
  const win = { document, location: { search } };
  win.window = win;
  vm.createContext(win);
  vm.runInContext(source, win, { filename: 'course.js' });
  return win;
}

test('module links get the launch parameters', () => {
  const document = page(['intro/index.html', '2-check/index.html']);
  const search = '?endpoint=https%3A%2F%2Flrs.example%2FxAPI%2F&auth=Basic%20abc&actor=%7B%7D&registration=r-1';
  run({ document, search });
  assert.deepEqual(document.links.map((l) => l.attrs.href), [`intro/index.html${search}`, `2-check/index.html${search}`]);
});

test('links are rewritten once the document has loaded', () => {
  const document = page(['intro/index.html'], 'loading');
  run({ document, search: '?a=1' });
  assert.equal(document.links[0].attrs.href, 'intro/index.html');
  document.listeners.DOMContentLoaded();
  assert.equal(document.links[0].attrs.href, 'intro/index.html?a=1');
});

test('no query string leaves the links alone', () => {
  for (const search of ['', '?']) {
    const document = page(['intro/index.html']);
    run({ document, search });
    assert.equal(document.links[0].attrs.href, 'intro/index.html');
  }
});

test('withQuery keeps an existing query and a fragment', () => {
  const { withQuery } = run({ document: undefined, search: '' }).coursepackCourse;
  assert.equal(withQuery('m/index.html', '?a=1'), 'm/index.html?a=1');
  assert.equal(withQuery('m/index.html?x=2', '?a=1'), 'm/index.html?x=2&a=1');
  assert.equal(withQuery('m/index.html?', '?a=1'), 'm/index.html?a=1');
  assert.equal(withQuery('m/index.html#page-two', '?a=1'), 'm/index.html?a=1#page-two');
  assert.equal(withQuery('m/index.html', 'a=1'), 'm/index.html?a=1');
});

test('a failing document does not throw into the page', () => {
  const document = page(['intro/index.html']);
  document.querySelectorAll = () => { throw new Error('boom'); };
  assert.doesNotThrow(() => run({ document, search: '?a=1' }));
});
