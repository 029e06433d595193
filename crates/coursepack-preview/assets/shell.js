// @ts-check
/* coursepack preview: the page around the package.
 *
 * It launches the package as an LMS would (SCORM: the API object of
 * scorm-api.js on this window; xAPI/cmi5: the launch URL the server makes,
 * whose LRS is the server), reloads it after every good build keeping the
 * learner's place (the page shown and the scroll position; the LMS keeps the
 * rest), shows a build's errors in an overlay while the last good build stays
 * playable, and draws the inspector: every call and request, the data model,
 * the statements, the problems. It follows the server's events by long
 * polling /_preview/api/events.
 */
(function (root) {
  'use strict';

  var doc = root.document;

  /**
   * @param {string} id
   * @returns {HTMLElement}
   */
  function byId(id) {
    var found = doc.getElementById(id);
    if (!found) throw new Error('missing #' + id);
    return found;
  }

  /**
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  function make(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var frame = /** @type {HTMLIFrameElement} */ (byId('pv-package'));
  var launchSelect = /** @type {HTMLSelectElement} */ (byId('pv-launch'));
  var targetSelect = /** @type {HTMLSelectElement} */ (byId('pv-target'));
  var lmsSelect = /** @type {HTMLSelectElement} */ (byId('pv-lms'));
  var modeSelect = /** @type {HTMLSelectElement} */ (byId('pv-mode'));
  var quirkUnload = /** @type {HTMLInputElement} */ (byId('pv-q-unload'));
  var quirkMode = /** @type {HTMLInputElement} */ (byId('pv-q-mode'));
  var quirkLrs = /** @type {HTMLSelectElement} */ (byId('pv-q-lrs'));
  var status = byId('pv-status');

  /**
   * @typedef {object} Launched
   * @property {string} kind
   * @property {number} package
   * @property {string} url
   * @property {any} launch
   * @property {{ id: string, name: string, registration: string }} learner
   * @property {string} [session]
   */

  var view = {
    /** @type {any} */
    info: null,
    generation: -1,
    last: 0,
    /** @type {Launched | null} */
    current: null,
    /** @type {PvScormLmsInstance | null} */
    instance: null,
    /** @type {Promise<unknown>} */
    persisting: Promise.resolve(),
    /** @type {PvCallEntry[]} */
    queue: [],
    /** a batch of the queue is on its way to the server */
    sending: false,
    calls: 0,
    problems: 0,
    /** @type {any[]} */
    statements: [],
    /** @type {{ test: (e: any) => boolean, done: () => void }[]} */
    waiters: [],
    overlayHiddenAt: -1,
    launching: false,
    launches: 0,
    /** @type {any} */
    lrsData: null
  };

  // ---------- server ----------

  /**
   * @param {string} url
   * @param {string} [method]
   * @param {unknown} [body]
   * @param {boolean} [keepalive]
   * @returns {Promise<any>}
   */
  function request(url, method, body, keepalive) {
    /** @type {RequestInit} */
    var init = { method: method || 'GET', headers: { 'Content-Type': 'application/json' }, keepalive: !!keepalive };
    if (body !== undefined) init.body = JSON.stringify(body);
    return root.fetch(url, init).then(function (res) {
      if (res.status === 204) return null;
      return res.json().then(function (/** @type {any} */ data) {
        if (!res.ok) throw new Error(data && data.error ? data.error : 'HTTP ' + res.status);
        return data;
      });
    });
  }

  /** @param {string} text */
  function say(text) {
    status.textContent = text;
  }

  // ---------- controls ----------

  /**
   * @param {HTMLSelectElement} select
   * @param {string[]} values
   * @param {string} chosen
   */
  function fillSelect(select, values, chosen) {
    select.textContent = '';
    values.forEach(function (v) {
      var option = /** @type {HTMLOptionElement} */ (make('option', '', v));
      option.value = v;
      option.selected = v === chosen;
      select.appendChild(option);
    });
  }

  function fillLaunches() {
    var info = view.info;
    var chosen = launchSelect.value;
    launchSelect.textContent = '';
    var many = info.packages.length > 1;
    info.packages.forEach(function (/** @type {any} */ p) {
      p.launches.forEach(function (/** @type {any} */ l) {
        var option = /** @type {HTMLOptionElement} */ (make('option', '', (many ? p.name + ': ' : '') + l.title));
        option.value = p.index + '\u001f' + l.id;
        launchSelect.appendChild(option);
      });
    });
    if (chosen && Array.prototype.some.call(launchSelect.options, function (/** @type {HTMLOptionElement} */ o) { return o.value === chosen; })) {
      launchSelect.value = chosen;
    }
    var empty = byId('pv-empty');
    if (!launchSelect.options.length) {
      empty.hidden = false;
      empty.textContent = info.findings && info.findings.refused
        ? 'This package is not served: ' + info.findings.refused + '. The validator\'s findings are in the inspector, under Problems.'
        : 'Nothing to launch yet: the first build has errors (see above).';
      frame.hidden = true;
    } else {
      empty.hidden = true;
      frame.hidden = false;
    }
  }

  /** @returns {any} the chosen package */
  function chosenPackage() {
    var parts = launchSelect.value.split('\u001f');
    return view.info.packages[+parts[0]] || null;
  }

  function showModeField() {
    var p = chosenPackage();
    var kind = p ? p.kind : '';
    byId('pv-mode-field').hidden = !(kind === 'scorm12' || kind === 'scorm2004' || kind === 'cmi5');
  }

  function quirks() {
    return { blockUnload: quirkUnload.checked, noLessonMode: quirkMode.checked, lrs: quirkLrs.value };
  }

  // ---------- launching ----------

  /**
   * The learner's place in the framed page: its hash (the page shown) and scroll.
   * @returns {{ hash: string, scroll: number }}
   */
  function place() {
    try {
      var win = frame.contentWindow;
      if (win && win.location.href !== 'about:blank') return { hash: win.location.hash, scroll: win.scrollY };
    } catch (e) { /* another origin: nothing to keep */ }
    return { hash: '', scroll: 0 };
  }

  /**
   * Unload the package (its page ends its session as when a learner leaves).
   * @returns {Promise<void>}
   */
  function unloadFrame() {
    return new Promise(function (resolve) {
      if (!frame.getAttribute('src') || frame.getAttribute('src') === 'about:blank') { resolve(); return; }
      var done = function () { frame.removeEventListener('load', done); resolve(); };
      frame.addEventListener('load', done);
      frame.setAttribute('src', 'about:blank');
    });
  }

  /**
   * Wait until an event passes `test`, or `ms` pass.
   * @param {(e: any) => boolean} test
   * @param {number} ms
   * @returns {Promise<void>}
   */
  function waitForEvent(test, ms) {
    return new Promise(function (resolve) {
      var waiter = { test: test, done: function () { root.clearTimeout(timer); resolve(); } };
      var timer = root.setTimeout(function () {
        view.waiters = view.waiters.filter(function (w) { return w !== waiter; });
        resolve();
      }, ms);
      view.waiters.push(waiter);
    });
  }

  /**
   * End the running session, then launch the chosen SCO / AU / page.
   * `before`: something to finish first as well (the page's state being read again).
   * @param {{ keepPlace?: boolean, reason?: string, before?: Promise<void> }} options
   * @returns {Promise<void>}
   */
  function relaunch(options) {
    // A launch asked for while one is starting is dropped: that one has not fetched the package yet,
    // and the server takes in a build before it tells the page, so it loads the newest build anyway.
    // (tests/e2e/preview.test.mjs: a second save while the first reload is under way is shown too)
    if (view.launching) return Promise.resolve();
    view.launching = true;
    var kept = options.keepPlace ? place() : { hash: '', scroll: 0 };
    var previous = view.current;
    var ended = previous && (previous.kind === 'xapi' || previous.kind === 'cmi5')
      ? waitForEvent(function (e) {
        return e.kind === 'log' && (e.statements || []).some(function (/** @type {any} */ s) {
          return s.verb && s.verb.id === 'http://adlnet.gov/expapi/verbs/terminated';
        });
      }, 4000)
      : Promise.resolve();
    return unloadFrame()
      .then(function () {
        endScormSession();
        return Promise.all([ended, view.persisting, options.before]);
      })
      .then(function () { return start(kept, options.reason || ''); })
      .catch(function (/** @type {Error} */ err) { say('Could not launch: ' + err.message); })
      .then(function () { view.launching = false; });
  }

  /** The SCORM session of the last launch ends with its page: note a missing finish. */
  function endScormSession() {
    var inst = view.instance;
    if (!inst || !view.current) return;
    if (inst.state() === 'running') {
      var finish = view.current.kind === 'scorm12' ? 'LMSFinish' : 'Terminate';
      queueEntry({
        n: 0, method: '(page closed)', args: [], argTypes: [], result: '', error: '0', errorString: '', afterFinish: false,
        diagnostic: '',
        note: 'The package\'s page went away without calling ' + finish + ': an LMS keeps only what was committed.'
      });
    }
    delete root.API;
    delete root.API_1484_11;
    view.instance = null;
  }

  /**
   * @param {{ hash: string, scroll: number }} kept
   * @param {string} reason
   * @returns {Promise<void>}
   */
  function start(kept, reason) {
    if (!launchSelect.value) return Promise.resolve();
    var parts = launchSelect.value.split('\u001f');
    var p = view.info.packages[+parts[0]];
    var mode = modeSelect.value;
    return request('/_preview/api/launch', 'POST', {
      package: +parts[0],
      launch: parts[1],
      launchMode: mode.charAt(0).toUpperCase() + mode.slice(1)
    }).then(function (/** @type {Launched} */ answer) {
      view.current = answer;
      if (answer.kind === 'scorm12' || answer.kind === 'scorm2004') return scormSession(answer, p.name, mode);
      return null;
    }).then(function () {
      var current = view.current;
      if (!current) return;
      var url = current.url;
      if (kept.hash && url.indexOf('#') < 0) url += kept.hash;
      var loaded = function () {
        frame.removeEventListener('load', loaded);
        // tests and tools wait on this count: the package of launch n has loaded
        view.launches++;
        doc.body.setAttribute('data-launches', String(view.launches));
        if (kept.scroll) {
          root.requestAnimationFrame(function () {
            try { if (frame.contentWindow) frame.contentWindow.scrollTo(0, kept.scroll); } catch (e) { /* another origin */ }
          });
        }
        renderData();
      };
      frame.addEventListener('load', loaded);
      frame.setAttribute('src', url);
      say((reason ? reason + ' ' : '') + 'Launched ' + current.launch.title + ' (' + current.kind + ').');
    });
  }

  /**
   * Set up the SCORM API for this launch from what the LMS stored.
   * @param {Launched} answer
   * @param {string} packageName
   * @param {string} mode
   * @returns {Promise<void>}
   */
  function scormSession(answer, packageName, mode) {
    var found = root.CoursepackScormLms;
    if (!found) throw new Error('the SCORM API script did not load');
    var lms = found;
    var version = /** @type {'1.2' | '2004'} */ (answer.kind === 'scorm12' ? '1.2' : '2004');
    var query = '?package=' + encodeURIComponent(packageName) + '&launch=' + encodeURIComponent(answer.launch.id);
    return request('/_preview/api/scorm' + query).then(function (/** @type {Record<string, string> | null} */ stored) {
      var l = answer.launch;
      var cmi = lms.nextLaunch(version, stored, {
        masteryScore: l.mastery_score,
        launchData: l.launch_data,
        maxTimeAllowed: l.max_time_allowed,
        timeLimitAction: l.time_limit_action,
        completionThreshold: l.completion_threshold,
        scaledPassingScore: l.scaled_passing_score
      }, answer.learner, { mode: mode });
      var inst = lms.create({
        version: version,
        cmi: cmi,
        quirks: { noLessonMode: quirkMode.checked },
        onCall: function (entry) { queueEntry(entry); scheduleData(); },
        onCommit: function (values) {
          view.persisting = request('/_preview/api/scorm', 'PUT', { package: packageName, launch: l.id, cmi: values }, true)
            .catch(function () { say('Could not store the SCORM data on the preview server.'); });
        }
      });
      view.instance = inst;
      if (version === '1.2') root.API = inst.api;
      else root.API_1484_11 = inst.api;
      queueEntry({
        n: 0, method: '(launch)', args: [], argTypes: [], result: '', error: '0', errorString: '', afterFinish: false, diagnostic: '',
        note: 'entry "' + (cmi['cmi.core.entry'] || cmi['cmi.entry']) + '", mode "' + mode + '"' + (quirkMode.checked ? ' (the LMS will not say)' : '')
      });
    });
  }

  // ---------- the log ----------

  /** @param {PvCallEntry} entry */
  function queueEntry(entry) {
    view.queue.push(entry);
    if (view.queue.length === 1) root.setTimeout(flushLog, 150);
  }

  /**
   * Send the queued calls to the server, which numbers them for the log. One
   * batch at a time, so the log keeps the order of the calls; a batch the
   * server did not take goes back at the head of the queue and is sent again.
   * `keepalive` (the page is going): send everything now, in a request that
   * outlives the page.
   * @param {boolean} [keepalive]
   */
  function flushLog(keepalive) {
    if (!view.queue.length || (view.sending && !keepalive)) return;
    var batch = view.queue;
    view.queue = [];
    if (keepalive) {
      request('/_preview/api/log', 'POST', batch, true).catch(function () { /* lost with the page */ });
      return;
    }
    view.sending = true;
    request('/_preview/api/log', 'POST', batch).then(function () {
      view.sending = false;
      flushLog();
    }, function () {
      view.sending = false;
      view.queue = batch.concat(view.queue);
      root.setTimeout(flushLog, 1000);
    });
  }

  /**
   * The problem a SCORM call shows, if any.
   * @param {PvCallEntry} c
   * @returns {string}
   */
  function scormProblem(c) {
    if (c.method.charAt(0) === '(') return c.note && c.method === '(page closed)' ? c.note : '';
    var getter = /GetValue$/.test(c.method);
    if (c.afterFinish) return c.method + ' after the session finished';
    if (c.argTypes.some(function (t) { return t !== 'string' && t !== 'undefined'; })) {
      return c.method + ' was given a non-string argument (SCORM values are strings)';
    }
    // a read of a value the LMS does not hold yet (2004: 403) is normal
    if (getter && (c.error === '403' || c.error === '0')) return '';
    if (/GetLastError|GetErrorString|GetDiagnostic/.test(c.method)) return '';
    if (c.result === 'false' || c.error !== '0') return c.method + ' failed: ' + c.error + ' ' + c.errorString + (c.diagnostic ? ' (' + c.diagnostic + ')' : '');
    return '';
  }

  /**
   * @param {string} source
   * @param {any} entry
   * @param {any[]} statements
   */
  function addLog(source, entry, statements) {
    var list = byId('pv-calls');
    var li = make('li');
    var problems = /** @type {string[]} */ ([]);
    li.appendChild(make('span', 'pv-source', source === 'scorm' ? 'SCORM' : 'LRS'));
    li.appendChild(doc.createTextNode(' '));
    if (source === 'scorm') {
      var c = /** @type {PvCallEntry} */ (entry);
      if (c.method.charAt(0) === '(') {
        li.className = 'pv-launch';
        li.appendChild(make('span', 'pv-method', c.method === '(launch)' ? 'New session' : 'Page closed'));
        li.appendChild(make('span', 'pv-note', ' ' + c.note));
        if (c.method === '(page closed)') { li.className = 'pv-warn'; problems.push(c.note); }
      } else {
        li.appendChild(make('span', 'pv-method', c.method));
        li.appendChild(doc.createTextNode('(' + c.args.map(function (a, i) { return c.argTypes[i] === 'string' ? JSON.stringify(a) : a; }).join(', ') + ') → '));
        li.appendChild(make('span', c.error === '0' ? 'pv-result' : 'pv-error', JSON.stringify(c.result)));
        if (c.error !== '0') li.appendChild(make('span', 'pv-note', ' error ' + c.error + ' ' + c.errorString + (c.diagnostic ? ': ' + c.diagnostic : '')));
        var problem = scormProblem(c);
        if (problem) { problems.push(problem); li.className = 'pv-bad'; }
      }
    } else {
      li.appendChild(make('span', 'pv-method', entry.method + ' ' + entry.resource));
      li.appendChild(doc.createTextNode(' → '));
      li.appendChild(make('span', entry.status < 300 ? 'pv-result' : 'pv-error', String(entry.status)));
      if (entry.summary) li.appendChild(make('span', 'pv-note', ' ' + entry.summary + (entry.alternate ? ' (alternate request syntax)' : '')));
      (entry.problems || []).forEach(function (/** @type {string} */ p) { problems.push(entry.method + ' ' + entry.resource + ': ' + p); });
      if (entry.problems && entry.problems.length) li.className = 'pv-bad';
      else if (entry.status >= 400) li.className = 'pv-warn';
      if (entry.body) {
        var details = make('details');
        details.appendChild(make('summary', '', 'Request body'));
        details.appendChild(make('pre', 'pv-pre', JSON.stringify(entry.body, null, 2)));
        li.appendChild(details);
      }
    }
    // (the spaces keep the row's text readable as one line: screen readers, copy and paste)
    problems.forEach(function (p) { li.appendChild(make('span', 'pv-problem', ' ' + p)); addProblem(source === 'scorm' ? 'SCORM' : 'LRS', p); });
    list.appendChild(li);
    view.calls++;
    byId('pv-count-calls').textContent = String(view.calls);
    (statements || []).forEach(addStatement);
  }

  /**
   * @param {string} source
   * @param {string} text
   */
  function addProblem(source, text) {
    var li = make('li', 'pv-bad');
    li.appendChild(make('span', 'pv-source', source));
    li.appendChild(doc.createTextNode(' ' + text));
    byId('pv-problems').appendChild(li);
    view.problems++;
    var count = byId('pv-count-problems');
    count.textContent = String(view.problems);
    count.classList.add('pv-has-bad');
  }

  /**
   * A language map's text (the first value).
   * @param {any} map
   * @returns {string}
   */
  function langText(map) {
    if (!map || typeof map !== 'object') return '';
    var keys = Object.keys(map);
    return keys.length ? String(map[keys[0]]) : '';
  }

  /** @param {any} s */
  function addStatement(s) {
    view.statements.push(s);
    var li = make('li');
    var verb = langText(s.verb && s.verb.display) || String(s.verb && s.verb.id || '').split('/').pop() || '?';
    var object = s.object || {};
    var name = langText(object.definition && object.definition.name) || object.id || '';
    var when = String(s.timestamp || '').replace(/^.*T(\d\d:\d\d:\d\d).*$/, '$1');
    li.appendChild(make('span', 'pv-source', when));
    li.appendChild(doc.createTextNode(' '));
    li.appendChild(make('span', 'pv-method', verb));
    li.appendChild(doc.createTextNode(' ' + name));
    var r = s.result;
    if (r) {
      var bits = [];
      if (r.response !== undefined) bits.push('response ' + JSON.stringify(r.response));
      if (r.success !== undefined) bits.push(r.success ? 'success' : 'no success');
      if (r.completion !== undefined) bits.push(r.completion ? 'complete' : 'not complete');
      if (r.score) bits.push('score ' + (r.score.scaled !== undefined ? r.score.scaled : r.score.raw));
      if (r.duration) bits.push(r.duration);
      if (bits.length) li.appendChild(make('span', 'pv-note', bits.join(' · ')));
    }
    var details = make('details');
    details.appendChild(make('summary', '', 'JSON'));
    details.appendChild(make('pre', 'pv-pre', JSON.stringify(s, null, 2)));
    li.appendChild(details);
    byId('pv-statements').appendChild(li);
    byId('pv-count-statements').textContent = String(view.statements.length);
    byId('pv-statements-json').textContent = JSON.stringify(view.statements, null, 2);
    scheduleData();
  }

  // ---------- the data model ----------

  var dataTimer = 0;
  function scheduleData() {
    if (dataTimer) return;
    dataTimer = root.setTimeout(function () { dataTimer = 0; renderData(); }, 120);
  }

  /**
   * @param {HTMLElement} dl
   * @param {string} term
   * @param {string | Node} value
   */
  function row(dl, term, value) {
    dl.appendChild(make('dt', '', term));
    var dd = make('dd');
    if (typeof value === 'string') dd.textContent = value === '' ? '(empty)' : value;
    else dd.appendChild(value);
    dl.appendChild(dd);
  }

  /**
   * Characters used against the limit, with a meter.
   * @param {number} used
   * @param {number} limit
   * @returns {HTMLElement}
   */
  function sizeAgainst(used, limit) {
    var span = make('span');
    var meter = /** @type {HTMLMeterElement} */ (make('meter', 'pv-meter'));
    meter.min = 0;
    meter.max = limit;
    meter.value = Math.min(used, limit);
    meter.high = limit * 0.9;
    meter.optimum = 0;
    meter.setAttribute('aria-label', 'suspend data used');
    span.appendChild(make('span', used > limit ? 'pv-over' : '', used + ' of ' + limit + ' characters (' + Math.round((used / limit) * 100) + '%) '));
    span.appendChild(meter);
    return span;
  }

  function renderData() {
    var box = byId('pv-data');
    box.textContent = '';
    var current = view.current;
    if (!current) { box.appendChild(make('p', '', 'Nothing launched yet.')); return; }
    if (current.kind === 'scorm12' || current.kind === 'scorm2004') renderScorm(box, current.kind === 'scorm12');
    else if (current.kind === 'web') renderWeb(box);
    else renderLrs(box);
  }

  /**
   * @param {HTMLElement} box
   * @param {boolean} v12
   */
  function renderScorm(box, v12) {
    var inst = view.instance;
    if (!inst) { box.appendChild(make('p', '', 'The session has ended; relaunch to start another.')); return; }
    var v = inst.values();
    /** @param {string} k */
    var g = function (k) { return v[k] === undefined ? '' : v[k]; };
    var dl = make('dl', 'pv-summary');
    row(dl, 'Session', inst.state() === 'running' ? 'running' : inst.state() === 'new' ? 'not initialised yet' : 'finished');
    row(dl, 'Location', g(v12 ? 'cmi.core.lesson_location' : 'cmi.location'));
    if (v12) row(dl, 'Status', g('cmi.core.lesson_status'));
    else {
      row(dl, 'Completion', g('cmi.completion_status') + (g('cmi.progress_measure') ? ' (progress ' + g('cmi.progress_measure') + ')' : ''));
      row(dl, 'Success', g('cmi.success_status'));
    }
    var score = v12
      ? [g('cmi.core.score.raw'), g('cmi.core.score.min'), g('cmi.core.score.max')]
      : [g('cmi.score.raw'), g('cmi.score.min'), g('cmi.score.max')];
    row(dl, 'Score', (v12 ? '' : 'scaled ' + (g('cmi.score.scaled') || '–') + ', ') + 'raw ' + (score[0] || '–') + ' (min ' + (score[1] || '–') + ', max ' + (score[2] || '–') + ')');
    var interactions = 0;
    Object.keys(v).forEach(function (k) {
      var m = /^cmi\.interactions\.(\d+)\./.exec(k);
      if (m && +m[1] + 1 > interactions) interactions = +m[1] + 1;
    });
    row(dl, 'Interactions', String(interactions));
    var suspend = g('cmi.suspend_data');
    row(dl, 'Suspend data', sizeAgainst(suspend.length, v12 ? 4096 : 64000));
    row(dl, 'Entry, mode', g(v12 ? 'cmi.core.entry' : 'cmi.entry') + ', ' + (g(v12 ? 'cmi.core.lesson_mode' : 'cmi.mode') || '(not set)'));
    row(dl, 'Total time', g(v12 ? 'cmi.core.total_time' : 'cmi.total_time'));
    box.appendChild(dl);
    box.appendChild(make('h3', 'pv-data-heading', 'Every element'));
    var table = make('table', 'pv-table');
    var head = make('tr');
    head.appendChild(make('th', '', 'Element'));
    head.appendChild(make('th', '', 'Value'));
    var thead = make('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = make('tbody');
    Object.keys(v).sort(byElement).forEach(function (k) {
      var tr = make('tr');
      tr.appendChild(make('td', 'pv-mono', k));
      var value = v[k];
      tr.appendChild(make('td', 'pv-mono', value.length > 300 ? value.slice(0, 300) + '… (' + value.length + ' characters)' : value));
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    if (suspend) {
      var details = make('details');
      details.appendChild(make('summary', '', 'Suspend data in full'));
      details.appendChild(make('pre', 'pv-pre', suspend));
      box.appendChild(details);
    }
  }

  /**
   * Element names in a natural order (cmi.interactions.2 before .10).
   * @param {string} a
   * @param {string} b
   */
  function byElement(a, b) {
    var pa = a.split('.');
    var pb = b.split('.');
    for (var i = 0; i < Math.min(pa.length, pb.length); i++) {
      if (pa[i] === pb[i]) continue;
      var na = /^\d+$/.test(pa[i]);
      var nb = /^\d+$/.test(pb[i]);
      if (na && nb) return +pa[i] - +pb[i];
      return pa[i] < pb[i] ? -1 : 1;
    }
    return pa.length - pb.length;
  }

  /** @param {HTMLElement} box */
  function renderWeb(box) {
    box.appendChild(make('p', '', 'The web target has no LMS: the player keeps the learner\'s state in this browser\'s local storage.'));
    var dl = make('dl', 'pv-summary');
    try {
      var store = frame.contentWindow ? frame.contentWindow.localStorage : null;
      if (store) {
        var local = store;
        Object.keys(local).forEach(function (key) {
          if (key.indexOf('coursepack:') === 0) row(dl, key, local.getItem(key) || '');
        });
      }
    } catch (e) { /* storage not readable */ }
    box.appendChild(dl);
  }

  var lrsTimer = 0;
  /** @param {HTMLElement} box */
  function renderLrs(box) {
    var dl = make('dl', 'pv-summary');
    var count = view.statements.length;
    var outcome = view.statements.filter(function (s) {
      return /\/(completed|passed|failed)$/.test(String(s.verb && s.verb.id));
    }).map(function (s) {
      var verb = String(s.verb.id).split('/').pop();
      var sc = s.result && s.result.score;
      return verb + (sc ? ' (score ' + (sc.scaled !== undefined ? sc.scaled : sc.raw) + ')' : '');
    });
    row(dl, 'Statements', String(count));
    row(dl, 'Outcome', outcome.join(', ') || 'none reported yet');
    row(dl, 'Registration', view.current ? view.current.learner.registration : '');
    box.appendChild(dl);
    var docs = view.lrsData ? view.lrsData.state : [];
    box.appendChild(make('h3', 'pv-data-heading', 'State documents'));
    if (!docs.length) box.appendChild(make('p', '', 'None yet.'));
    docs.forEach(function (/** @type {any} */ d) {
      var details = make('details');
      var content = typeof d.content === 'string' ? d.content : JSON.stringify(d.content, null, 2);
      details.appendChild(make('summary', '', d.stateId + ' (' + d.size + ' bytes, ' + d.activityId + ')'));
      details.appendChild(make('pre', 'pv-pre', content));
      box.appendChild(details);
    });
    if (!lrsTimer) {
      lrsTimer = root.setTimeout(function () {
        request('/_preview/api/lrs').then(function (data) {
          var changed = JSON.stringify(data.state) !== JSON.stringify(view.lrsData && view.lrsData.state);
          view.lrsData = data;
          lrsTimer = 0;
          if (changed) renderData();
        }, function () { lrsTimer = 0; });
      }, 300);
    }
  }

  // ---------- builds and findings ----------

  /** @param {any} build */
  function showBuild(build) {
    var overlay = byId('pv-overlay');
    if (!build || build.ok) { overlay.hidden = true; return; }
    var list = byId('pv-overlay-list');
    list.textContent = '';
    (build.diagnostics || []).forEach(function (/** @type {any} */ d) {
      if (d.severity !== 'error') return;
      var li = make('li');
      var where = d.location ? d.location.file + ':' + d.location.line + ':' + d.location.column : '';
      li.appendChild(make('span', 'pv-where', where ? where + ' ' : ''));
      li.appendChild(doc.createTextNode(d.message + ' [' + d.code + ']'));
      if (d.hint) li.appendChild(make('span', 'pv-note', 'Hint: ' + d.hint));
      list.appendChild(li);
    });
    if (!list.childNodes.length) list.appendChild(make('li', '', build.text || 'The build failed.'));
    byId('pv-overlay-text').textContent = build.text || '';
    byId('pv-overlay-title').textContent = 'The last change has ' + build.errors + ' error' + (build.errors === 1 ? '' : 's');
    overlay.hidden = view.overlayHiddenAt === view.last;
    say('The last change has ' + build.errors + ' error' + (build.errors === 1 ? '' : 's') + '; the last build that worked is still playable.');
  }

  /** @param {any} findings */
  function showFindings(findings) {
    var box = byId('pv-findings');
    box.textContent = '';
    if (!findings) return;
    box.appendChild(make('h3', 'pv-data-heading', 'The validator on this package (' + (findings.standard || 'no standard detected') + '): ' +
      findings.errors + ' error' + (findings.errors === 1 ? '' : 's') + ', ' + findings.warnings + ' warning' + (findings.warnings === 1 ? '' : 's')));
    var list = make('ul', 'pv-log');
    (findings.diagnostics || []).forEach(function (/** @type {any} */ d) {
      var li = make('li', d.severity === 'error' ? 'pv-bad' : d.severity === 'warning' ? 'pv-warn' : '');
      var where = d.location ? d.location.file + (d.location.line ? ':' + d.location.line + ':' + d.location.column : '') + ' ' : '';
      li.appendChild(make('span', 'pv-source', d.severity));
      li.appendChild(doc.createTextNode(' ' + where + d.message + ' [' + d.code + ']'));
      if (d.hint) li.appendChild(make('span', 'pv-note', 'Hint: ' + d.hint));
      list.appendChild(li);
    });
    box.appendChild(list);
    if (findings.errors) {
      var count = byId('pv-count-problems');
      view.problems += findings.errors;
      count.textContent = String(view.problems);
      count.classList.add('pv-has-bad');
    }
  }

  // ---------- events ----------

  /** @param {any} e */
  function handle(e) {
    view.last = e.seq;
    view.waiters.slice().forEach(function (w) {
      if (w.test(e)) { view.waiters.splice(view.waiters.indexOf(w), 1); w.done(); }
    });
    switch (e.kind) {
      case 'build':
        view.overlayHiddenAt = -1;
        if (e.ok && e.generation !== view.generation) {
          view.generation = e.generation;
          // tests and tools wait on this: the page has taken in build n
          doc.body.setAttribute('data-generation', String(e.generation));
          showBuild(e);
          // the package list is read while the old package unloads (one round trip less before the reload)
          relaunch({ keepPlace: true, reason: 'Rebuilt in ' + e.ms + ' ms.', before: refresh() });
        } else {
          showBuild(e);
          if (view.info) view.info.build = e;
        }
        break;
      case 'log':
        addLog(e.source, e.entry, e.statements || []);
        if (e.source === 'lrs') scheduleData();
        break;
      case 'launch':
        if (e.launch && e.launch.kind !== 'scorm12' && e.launch.kind !== 'scorm2004') {
          var li = make('li', 'pv-launch');
          li.appendChild(make('span', 'pv-method', 'New session'));
          li.appendChild(make('span', 'pv-note', e.launch.launch.title + ' (' + e.launch.kind + (e.launch.session ? ', session ' + e.launch.session : '') + ')'));
          byId('pv-calls').appendChild(li);
        }
        break;
      case 'returned':
        say('The AU ended its session and returned to the LMS. Relaunch to start a new session.');
        break;
      case 'reset':
        view.statements = [];
        byId('pv-statements').textContent = '';
        byId('pv-statements-json').textContent = '';
        byId('pv-count-statements').textContent = '0';
        view.lrsData = null;
        break;
      default:
        break;
    }
  }

  function poll() {
    request('/_preview/api/events?after=' + view.last).then(function (data) {
      (data.events || []).forEach(handle);
      if (!data.events.length) view.last = Math.max(view.last, 0);
      poll();
    }, function () {
      say('The preview server does not answer; is `coursepack preview` still running?');
      root.setTimeout(poll, 2000);
    });
  }

  /** @returns {Promise<void>} */
  function refresh() {
    return request('/_preview/api/state').then(function (info) {
      view.info = info;
      byId('pv-input').textContent = info.input;
      doc.title = 'coursepack preview: ' + info.input;
      var source = info.mode === 'source';
      byId('pv-target-field').hidden = !source;
      byId('pv-lms-field').hidden = !source;
      fillSelect(targetSelect, info.targets, info.settings.target);
      fillSelect(lmsSelect, info.lmsProfiles, info.settings.lms);
      fillLaunches();
      showModeField();
    });
  }

  // ---------- tabs (WAI-ARIA APG tabs, automatic activation) ----------

  var tabs = /** @type {HTMLElement[]} */ (Array.prototype.slice.call(doc.querySelectorAll('[role="tab"]')));
  /** @param {HTMLElement} tab */
  function selectTab(tab) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      byId(/** @type {string} */ (t.getAttribute('aria-controls'))).hidden = !on;
    });
    if (tab.id === 'pv-tab-data') renderData();
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener('click', function () { selectTab(tab); });
    tab.addEventListener('keydown', function (ev) {
      var next = -1;
      if (ev.key === 'ArrowRight') next = (i + 1) % tabs.length;
      else if (ev.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
      else if (ev.key === 'Home') next = 0;
      else if (ev.key === 'End') next = tabs.length - 1;
      if (next < 0) return;
      ev.preventDefault();
      selectTab(tabs[next]);
      tabs[next].focus();
    });
  });

  // ---------- wiring ----------

  byId('pv-relaunch').addEventListener('click', function () { relaunch({ reason: 'Relaunched (resume test).' }); });
  byId('pv-reset').addEventListener('click', function () {
    unloadFrame().then(function () {
      endScormSession();
      return view.persisting;
    }).then(function () { return request('/_preview/api/reset', 'POST', {}); })
      .then(function () { view.current = null; return relaunch({ reason: 'Learner reset: a first attempt.' }); });
  });
  byId('pv-overlay-hide').addEventListener('click', function () {
    view.overlayHiddenAt = view.last;
    byId('pv-overlay').hidden = true;
    frame.focus();
  });
  launchSelect.addEventListener('change', function () { showModeField(); relaunch({}); });
  modeSelect.addEventListener('change', function () { relaunch({ reason: 'Mode ' + modeSelect.value + '.' }); });
  targetSelect.addEventListener('change', function () {
    say('Building for ' + targetSelect.value + '…');
    request('/_preview/api/settings', 'POST', { target: targetSelect.value }).catch(function (/** @type {Error} */ e) { say(e.message); });
  });
  lmsSelect.addEventListener('change', function () {
    say('Building for the ' + lmsSelect.value + ' profile…');
    request('/_preview/api/settings', 'POST', { lms: lmsSelect.value }).catch(function (/** @type {Error} */ e) { say(e.message); });
  });
  [quirkUnload, quirkMode].forEach(function (box) {
    box.addEventListener('change', function () {
      request('/_preview/api/settings', 'POST', { quirks: quirks() })
        .then(function () { return relaunch({ keepPlace: true, reason: 'LMS quirks changed.' }); });
    });
  });
  quirkLrs.addEventListener('change', function () {
    request('/_preview/api/settings', 'POST', { quirks: quirks() }).then(function () { say('The LRS ' + quirkLrs.options[quirkLrs.selectedIndex].text + '.'); });
  });
  root.addEventListener('pagehide', function () { flushLog(true); });
  frame.addEventListener('load', function () {
    try {
      var path = frame.contentWindow ? frame.contentWindow.location.pathname : '';
      if (path.indexOf('/_preview/returned/') === 0) say('The AU ended its session and returned to the LMS. Relaunch to start a new session.');
    } catch (e) { /* another origin */ }
  });
  var bar = doc.querySelector('.pv-bar');
  function fitBar() {
    if (bar) doc.documentElement.style.setProperty('--pv-bar-height', /** @type {HTMLElement} */ (bar).offsetHeight + 'px');
  }
  root.addEventListener('resize', fitBar);

  refresh().then(function () {
    fitBar();
    view.generation = view.info.generation;
    doc.body.setAttribute('data-generation', String(view.generation));
    view.last = view.info.last;
    showBuild(view.info.build);
    showFindings(view.info.findings);
    poll();
    return relaunch({});
  });
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
