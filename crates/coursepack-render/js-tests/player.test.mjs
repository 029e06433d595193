// The real player.js on the real rendered index.html (the insta snapshot of
// the English fixture), in a small fake DOM with controlled timers.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeStorage } from './harness.mjs';
import { HTML, open } from './page.mjs';

test('starts on the first page with only that page shown', async () => {
  const p = await open();
  assert.ok(p.doc.documentElement.classList.contains('cp-js'));
  assert.deepEqual(p.visible(), ['page-welcome']);
  assert.equal(p.$('.cp-controls').hidden, false);
  assert.equal(p.$('.cp-progress-text').textContent, 'Page 1 of 3');
  assert.equal(p.$('.cp-progress-bar').value, 1);
  assert.equal(p.$('.cp-toc a[data-page-id="welcome"]').getAttribute('aria-current'), 'page');
  assert.equal(p.$('[data-action="previous"]').disabled, true);
  assert.equal(p.$('[data-action="next"]').hidden, false);
  assert.equal(p.$('[data-action="finish"]').hidden, true);
  assert.equal(p.doc.activeElement, null, 'no focus is taken on load');
  assert.deepEqual(p.stored(), { seen: '1', loc: 'welcome' });
});

test('Next and Previous move through pages, focus the heading and update progress and contents', async () => {
  const p = await open();
  await p.click('next');
  assert.equal(p.win.location.hash, '#page-data');
  assert.deepEqual(p.visible(), ['page-data']);
  assert.equal(p.doc.activeElement.id, 'cp-title-data');
  assert.ok(p.win.scrolls > 0, 'scrolled to the top');
  assert.equal(p.$('.cp-progress-text').textContent, 'Page 2 of 3');
  assert.equal(p.$('.cp-toc a[data-page-id="welcome"]').hasAttribute('aria-current'), false);
  assert.equal(p.$('.cp-toc a[data-page-id="welcome"] .cp-toc-visited').hidden, false, 'visited is marked in text');
  assert.equal(p.$('.cp-toc a[data-page-id="reflect"] .cp-toc-visited').hidden, true);
  await p.click('next');
  assert.equal(p.$('[data-action="next"]').hidden, true);
  assert.equal(p.$('[data-action="finish"]').hidden, false);
  await p.click('previous');
  assert.deepEqual(p.visible(), ['page-data']);
  assert.equal(p.doc.activeElement.id, 'cp-title-data');
});

test('back and forward arrive as hashchange, and an empty hash is the first page shown', async () => {
  const p = await open();
  await p.click('next');
  p.win.location.hash = '#page-reflect';
  await p.settle();
  assert.deepEqual(p.visible(), ['page-reflect']);
  p.win.location.hash = '#page-welcome';
  await p.settle();
  assert.deepEqual(p.visible(), ['page-welcome']);
});

test("the learner's place survives a reload, and a page hash wins over it", async () => {
  const storage = fakeStorage();
  const first = await open({ storage });
  await first.click('next');
  first.fire('pagehide');
  const again = await open({ storage });
  assert.deepEqual(again.visible(), ['page-data']);
  assert.equal(again.$('.cp-progress-text').textContent, 'Page 2 of 3');
  assert.equal(again.$('.cp-toc a[data-page-id="welcome"] .cp-toc-visited').hidden, false);
  const linked = await open({ storage, hash: '#page-reflect' });
  assert.deepEqual(linked.visible(), ['page-reflect']);
});

test('completion by all pages shows the message on the last page and is kept', async () => {
  const storage = fakeStorage();
  const p = await open({ storage });
  assert.equal(p.$('.cp-completion').textContent, '');
  await p.click('next');
  await p.click('next');
  assert.equal(p.$('.cp-completion').textContent, 'You have completed this module.');
  assert.equal(p.stored().done, 1);
  await p.click('finish');
  assert.equal(p.$('.cp-notice').textContent, 'You have completed this module.');
  const again = await open({ storage });
  assert.equal(again.$('.cp-completion').textContent, 'You have completed this module.');
});

test('Finish before the end says how far the learner got', async () => {
  const html = HTML.replace('data-action="finish" hidden', 'data-action="finish"');
  const p = await open({ html });
  await p.click('finish');
  assert.match(p.$('.cp-notice').textContent, /Pages viewed: 1 of 3/);
});

test('reflections are restored and saved after typing stops, with a Saved status', async () => {
  const storage = fakeStorage();
  const p = await open({ storage, hash: '#page-reflect' });
  const box = p.$('textarea[data-reflection-id="next-step"]');
  box.value = 'Run a code club';
  box.dispatch('input');
  await p.settle(300);
  assert.equal(p.stored().refl, undefined, 'not saved while still typing');
  await p.settle(700);
  assert.deepEqual(p.stored().refl, { 'next-step': 'Run a code club' });
  const status = p.$('.cp-reflection .cp-reflection-status');
  assert.equal(status.getAttribute('role'), 'status');
  assert.equal(status.textContent, 'Saved');
  box.dispatch('input');
  assert.equal(status.textContent, '', 'cleared while typing again');
  const again = await open({ storage });
  assert.equal(again.$('textarea[data-reflection-id="next-step"]').value, 'Run a code club');
});

test('a reflection box takes the limit the build proved, shows it, and counts what is left', async () => {
  const html = HTML.replace('"reflectionMaxChars":2000', '"reflectionMaxChars":600');
  assert.notEqual(html, HTML, 'the fixture carries the limit in #cp-data');
  const storage = fakeStorage();
  const p = await open({ storage, html, hash: '#page-reflect' });
  const box = p.$('textarea[data-reflection-id="next-step"]');
  assert.equal(box.getAttribute('maxlength'), '600');
  const limit = p.$('#cp-reflection-next-step-limit');
  const count = p.$('#cp-reflection-next-step-count');
  assert.equal(limit.textContent, 'You can write up to 600 characters.');
  assert.equal(count.textContent, 'Characters left: 600');
  assert.deepEqual(box.getAttribute('aria-describedby').split(' '), [limit.id, count.id], 'both are read with the box');
  box.value = 'Run a code club';
  box.dispatch('input');
  assert.equal(count.textContent, 'Characters left: 585', 'updated as the learner types');
  // What is stored is cleaned (no control characters, no lone surrogates) and never over the limit.
  box.value = 'a\u0007b\ud800c\n' + 'x'.repeat(700);
  box.dispatch('input');
  await p.settle(700);
  const saved = p.stored().refl['next-step'];
  assert.equal(saved, 'abc\n' + 'x'.repeat(596));
  assert.equal(saved.length, 600);
  assert.equal(count.textContent, 'Characters left: 0');
});

test('the Welsh player shows the limit in Welsh', async () => {
  const cy = readFileSync(new URL('../tests/snapshots/render__index_cy.snap', import.meta.url), 'utf8');
  const html = cy.slice(cy.indexOf('---', 4) + 4);
  const page = html.replace('"reflectionMaxChars":2000', '"reflectionMaxChars":750');
  const p = await open({ html: page, hash: '#page-reflect' });
  const box = p.$('textarea[data-reflection-id="next-step"]');
  assert.equal(box.getAttribute('maxlength'), '750');
  assert.equal(p.$('#cp-reflection-next-step-limit').textContent, 'Gallwch ysgrifennu hyd at 750 nod.');
  assert.equal(p.$('#cp-reflection-next-step-count').textContent, 'Nodau ar ôl: 750');
});

test('a reflection still being typed when the learner leaves is kept (the page goes away or is hidden)', async () => {
  const storage = fakeStorage();
  const p = await open({ storage, hash: '#page-reflect' });
  const box = p.$('textarea[data-reflection-id="next-step"]');
  box.value = 'Run a code club';
  box.dispatch('input');
  await p.settle(100); // typing has not stopped: nothing saved yet
  assert.equal(p.stored()?.refl, undefined);
  p.fire('pagehide');
  assert.deepEqual(p.stored().refl, { 'next-step': 'Run a code club' }, 'the text typed before leaving is in the saved state');
  const again = await open({ storage });
  assert.equal(again.$('textarea[data-reflection-id="next-step"]').value, 'Run a code club');

  const hidden = await open({ storage: fakeStorage(), hash: '#page-reflect' });
  const box2 = hidden.$('textarea[data-reflection-id="next-step"]');
  box2.value = 'Ask the team';
  box2.dispatch('input');
  hidden.doc.visibilityState = 'hidden';
  hidden.doc.dispatch('visibilitychange');
  await hidden.settle();
  assert.deepEqual(hidden.stored().refl, { 'next-step': 'Ask the team' }, 'saved when the page is hidden');
});

test('without storage the player works from memory and says so once', async () => {
  const p = await open({ storage: new Error('SecurityError') });
  assert.match(p.$('.cp-notice').textContent, /not letting this page save/);
  await p.click('next');
  assert.deepEqual(p.visible(), ['page-data']);
  p.$('.cp-notice').textContent = '';
  await p.click('next');
  assert.equal(p.$('.cp-notice').textContent, '', 'said only once');
});

test('a runtime without its adapter falls back to the web adapter and tells the learner', async () => {
  const html = HTML.replace('{"runtime":"web"', '{"runtime":"scorm12"');
  const p = await open({ html });
  assert.match(p.$('.cp-notice').textContent, /could not connect to your learning platform/);
  assert.deepEqual(p.stored(), { seen: '1', loc: 'welcome' });
});

function recordingAdapter(log, { startResult = { state: null, entry: 'ab-initio' }, saveResult = true } = {}) {
  return (win) => win.coursepack.registerAdapter({
    name: 'scorm12',
    maxStateLength: 120,
    start: (ctx) => { log.push(['start', typeof ctx.notify]); return startResult; },
    save: (state, summary) => { log.push(['save', state, summary]); return saveResult; },
    recordInteraction: (r) => log.push(['answer', r]),
    page: (id) => log.push(['page', id]),
    finish: (state, summary, reason) => log.push(['finish', reason, summary.completed]),
  });
}

test('an LMS adapter gets start, page, save, answers and exactly one finish', async () => {
  const html = HTML.replace('{"runtime":"web"', '{"runtime":"scorm12"');
  const log = [];
  const p = await open({ html, plugin: recordingAdapter(log, { startResult: { state: '{"loc":"data","seen":"11"}', entry: 'resume' } }) });
  assert.deepEqual(p.visible(), ['page-data'], 'resumed from the LMS state');
  p.win.coursepack.reportAnswer({ questionId: 'q1', correct: true });
  p.win.coursepack.state.set('refl', { 'next-step': 'x'.repeat(300) });
  await p.settle(500);
  await p.click('finish'); // hidden but clickable: the explicit exit
  p.fire('pagehide');
  p.fire('beforeunload');
  const kinds = log.map((e) => e[0]);
  assert.deepEqual(kinds.filter((k) => k === 'start'), ['start']);
  assert.equal(log.find((e) => e[0] === 'page'), undefined, 'the page a session resumes on is not a new view (no experienced)');
  const answer = log.find((e) => e[0] === 'answer')[1];
  assert.equal(answer.questionId, 'q1');
  assert.match(answer.timestamp, /^\d{4}-\d\d-\d\dT.*Z$/);
  const saves = log.filter((e) => e[0] === 'save');
  assert.ok(saves.length >= 1);
  // Nothing is shortened in what the LMS gets: the build proved the whole state fits.
  assert.equal(JSON.parse(saves.at(-1)[1]).refl['next-step'], 'x'.repeat(300), 'the whole reflection is sent');
  const summary = saves.at(-1)[2];
  assert.equal(summary.location, 'data');
  assert.equal(summary.pageCount, 3);
  assert.deepEqual(log.filter((e) => e[0] === 'finish'), [['finish', 'explicit', false]]);
  assert.ok(kinds.lastIndexOf('finish') === kinds.length - 1, 'nothing after finish');
  await p.click('next');
  assert.equal(log.length, kinds.length, 'no adapter call after finish');
});

test('after resuming, leaving the resumed page and coming back are new views; a fresh start reports its first page', async () => {
  const html = HTML.replace('{"runtime":"web"', '{"runtime":"scorm12"');
  const log = [];
  const p = await open({ html, plugin: recordingAdapter(log, { startResult: { state: '{"loc":"data","seen":"11"}', entry: 'resume' } }) });
  await p.click('previous');
  await p.click('next');
  assert.deepEqual(log.filter((e) => e[0] === 'page').map((e) => e[1]), [p.win.coursepack.data.module.pages[0].id, 'data']);
  const fresh = [];
  await open({ html, plugin: recordingAdapter(fresh, { startResult: { state: null, entry: 'ab-initio' } }) });
  assert.equal(fresh.filter((e) => e[0] === 'page').length, 1, 'a new session views its first page');
  const unseen = [];
  await open({ html, plugin: recordingAdapter(unseen, { startResult: { state: '{"loc":"data","seen":"1"}', entry: 'resume' } }) });
  assert.deepEqual(unseen.filter((e) => e[0] === 'page').map((e) => e[1]), ['data'], 'a saved place never shown before is a new view');
});

test('a failed LMS save keeps a device copy and warns once', async () => {
  const html = HTML.replace('{"runtime":"web"', '{"runtime":"scorm12"');
  const storage = fakeStorage();
  const p = await open({ html, storage, plugin: recordingAdapter([], { saveResult: false }) });
  assert.match(p.$('.cp-notice').textContent, /could not be saved to the learning platform/);
  assert.deepEqual(p.stored(), { seen: '1', loc: 'welcome' });
});

test('an LMS adapter whose start finds no LMS falls back to the web adapter', async () => {
  const html = HTML.replace('{"runtime":"web"', '{"runtime":"scorm12"');
  const log = [];
  const p = await open({ html, plugin: recordingAdapter(log, { startResult: null }) });
  assert.match(p.$('.cp-notice').textContent, /could not connect/);
  await p.click('next');
  assert.equal(log.filter((e) => e[0] === 'save').length, 0);
  assert.equal(p.stored().loc, 'data');
});

test('plug-in errors never reach the page', async () => {
  const p = await open({
    plugin: (win) => {
      win.coursepack.on('page', () => { throw new Error('plug-in bug'); });
      win.console = { warn() {} };
    },
  });
  await p.click('next');
  assert.deepEqual(p.visible(), ['page-data']);
});
