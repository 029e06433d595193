// @ts-check
/* coursepack player runtime. Dependency-free; works from file:// and in an iframe.
 *
 * window.coursepack exists before any plug-in script (appended after this one) runs:
 *
 *   strings              interface strings of the module, by key (already localised)
 *   format(str, vars)    fills {name} placeholders from vars; unknown ones stay as written
 *   data                 parsed #cp-data: { runtime, strings, quiz,
 *                          module: { id, version, title, language, pages: [{id, title}],
 *                                    completion: 'all-pages'|'quiz-passed'|'all-pages-and-quiz',
 *                                    passMark: 0-100|null, reflections: [{id, pageId}],
 *                                    reflectionMaxChars: the longest text each reflection may hold,
 *                                    proved by the build to fit the target's state limit } }
 *   state.get(key)       a copy of the learner-state value under key (JSON values), or undefined
 *   state.set(key, val)  stores val (JSON-serialisable), marks the state dirty, schedules a coalesced save.
 *                        Keys used by the player itself: loc, seen, refl, score, done, b.
 *   widgetState.get(id)  a copy of the state a widget keeps for its element [data-state-id=id], or undefined
 *   widgetState.set(id, v) stores it under the state's "b" object (the build proved v's worst-case
 *                        length; each widget checks what it reads). Entries of ids no element has are
 *                        dropped when the state is restored.
 *   on(event, fn)        'ready' (state restored; fires at once if already ready), 'page' (pageId),
 *                        'finish' (summary)
 *   reportAnswer(record) an answered question, forwarded to the adapter (see ADAPTERS.md for fields)
 *   reportScore(score)   { raw, max, min?, scaled?, passed? }; scaled defaults to raw/max and
 *                        passed to scaled >= passMark
 *   finish()             explicit exit: a final save and the adapter's finish, exactly once
 *   limitBox(box, max, limitEl, countEl)  gives a reflection box its maxlength, the visible
 *                        "up to N characters" hint and a characters-left count (quiz.js uses it too)
 *   registerAdapter(a)   used by LMS adapter scripts (the adapter interface is below)
 *   lib                  the pure functions below, shared with the other scripts of the
 *                        bundle (clone, has, cleanText...) and exposed for tests
 *
 * Adapter interface (one object per runtime; the web adapter below is the reference and the fallback):
 *
 *   name                 'web' | 'scorm12' | 'scorm2004' | 'xapi' | 'cmi5'; matched to data.runtime
 *   maxStateLength       optional; the build proved the state never exceeds it (every reflection
 *                        box holds at most module.reflectionMaxChars); the player never shortens
 *                        what it sends, and an adapter refuses (save returns false) a longer one
 *   saveInterval         optional; minimum milliseconds between two save() calls (coalescing)
 *   start(ctx)           ctx = { data, strings, format, notify(text), local }; returns (or resolves to)
 *                        { state: string|null, entry: 'ab-initio'|'resume', location?: pageId }, or
 *                        null/throws/rejects when no LMS is there: the player then falls back to
 *                        the web adapter and tells the learner (strings.no_lms)
 *   save(state, summary) persist; return false (or resolve to false) on failure: the player keeps a
 *                        copy on the device (ctx.local) and shows strings.save_failed once
 *   recordInteraction(record)   one answered question
 *   page(pageId, summary)       optional; called on every page view (xAPI "experienced"), but
 *                        not for the page a resumed session opens on when the learner had seen it
 *   finish(state, summary, reason)  exactly once, on Finish, pagehide or beforeunload
 *                        (reason 'explicit' | 'pagehide' | 'unload'); nothing is called after it
 *
 *   summary = { location, pageIndex, pageCount, pagesVisited, progress (0-1), completed,
 *               passed (true|false|null), score ({raw, min, max, scaled}|null), sessionMs }
 *
 * The types of all of these (Coursepack, CpAdapter, CpSummary, CpData...) are in types.d.ts.
 */
(function (root) {
  'use strict';

  var SAVE_DELAY = 400;
  /* Where the build sets no tighter limit (coursepack_compile::REFLECTION_MAX_CHARS). */
  var REFLECTION_MAX_CHARS = 2000;
  var RESERVED = ['loc', 'seen', 'refl', 'score', 'done', 'b'];

  /**
   * The learner state the player keeps (plug-ins add their own keys).
   * @typedef {{ loc?: string, seen?: string, refl?: Record<string, string>,
   *   score?: CpScore & { passed: boolean | null }, done?: number, [key: string]: unknown }} PlayerValues
   */

  /* ---------- pure helpers ---------- */

  /**
   * Fills {name} placeholders from vars; unknown ones stay as written.
   * @param {string | null | undefined} str
   * @param {Record<string, unknown>} [vars]
   * @returns {string}
   */
  function format(str, vars) {
    return String(str == null ? '' : str).replace(/\{(\w+)\}/g, function (all, name) {
      return vars && has(vars, name) ? String(vars[name]) : all;
    });
  }

  /**
   * A deep copy of a JSON value (undefined stays undefined).
   * @template T
   * @param {T} value
   * @returns {T}
   */
  function clone(value) {
    return value === undefined ? value : JSON.parse(JSON.stringify(value));
  }

  /**
   * Whether `key` is an own property of `object`.
   * @param {object} object
   * @param {PropertyKey} key
   */
  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /**
   * An ISO 8601 duration to the hundredth of a second, as SCORM 2004's
   * timeinterval and xAPI's result.duration want it: PT1H2M3.45S, never a
   * bare PT (PT0S), at most 2 decimals, no trailing zero.
   * @param {unknown} ms
   * @returns {string}
   */
  function isoDuration(ms) {
    var v = Number(ms);
    var cs = isFinite(v) && v > 0 ? Math.round(v / 10) : 0;
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var rest = cs % 6000;
    var out = 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '');
    if (rest || (!h && !m)) {
      var frac = rest % 100;
      out += Math.floor(rest / 100) + (frac ? ('.' + (frac < 10 ? '0' : '') + frac).replace(/0$/, '') : '') + 'S';
    }
    return out;
  }

  /**
   * #cp-data's text, parsed, with every field the player reads given a value of its type.
   * @param {string | null | undefined} text
   * @returns {CpData}
   */
  function parseData(text) {
    /** @type {any} the JSON as written; checked field by field below */
    var data = {};
    try { data = JSON.parse(text || '{}') || {}; } catch (e) { data = {}; }
    var m = data.module || {};
    data.module = {
      id: String(m.id || 'module'),
      version: String(m.version || '0'),
      title: String(m.title || ''),
      language: String(m.language || 'en'),
      pages: Array.isArray(m.pages) ? m.pages : [],
      completion: m.completion || 'all-pages',
      passMark: typeof m.passMark === 'number' ? m.passMark : null,
      reflections: Array.isArray(m.reflections) ? m.reflections : [],
      reflectionMaxChars: typeof m.reflectionMaxChars === 'number' && m.reflectionMaxChars >= 0
        ? Math.floor(m.reflectionMaxChars) : REFLECTION_MAX_CHARS
    };
    data.strings = data.strings || {};
    data.runtime = data.runtime || 'web';
    data.quiz = data.quiz === undefined ? null : data.quiz;
    return data;
  }

  /**
   * A saved state string as an object ({} for anything else).
   * @param {unknown} text
   * @returns {PlayerValues}
   */
  function parseState(text) {
    if (typeof text !== 'string' || !text) return {};
    try {
      var v = JSON.parse(text);
      return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    } catch (e) { return {}; }
  }

  /** @param {PlayerValues | null | undefined} values */
  function serializeState(values) {
    return JSON.stringify(values || {});
  }

  /**
   * Seen pages: a string with one '0'/'1' per page index.
   * @param {unknown} seen
   * @param {number} index
   */
  function markSeen(seen, index) {
    var s = typeof seen === 'string' ? seen : '';
    while (s.length <= index) s += '0';
    return s.slice(0, index) + '1' + s.slice(index + 1);
  }

  /**
   * @param {unknown} seen
   * @param {number} pageCount
   */
  function countSeen(seen, pageCount) {
    var n = 0;
    for (var i = 0; i < pageCount; i++) if (typeof seen === 'string' && seen.charAt(i) === '1') n++;
    return n;
  }

  /**
   * @param {CpScoreInput | null | undefined} score
   * @param {number | null} passMark
   * @returns {(CpScore & { passed: boolean | null }) | null}
   */
  function normaliseScore(score, passMark) {
    if (!score || typeof score.raw !== 'number') return null;
    var max = typeof score.max === 'number' ? score.max : 100;
    var min = typeof score.min === 'number' ? score.min : 0;
    var scaled = typeof score.scaled === 'number' ? score.scaled : (max > min ? (score.raw - min) / (max - min) : 0);
    scaled = Math.max(-1, Math.min(1, scaled));
    var passed = typeof score.passed === 'boolean' ? score.passed
      : (passMark == null ? null : scaled * 100 >= passMark - 1e-9);
    return { raw: score.raw, min: min, max: max, scaled: scaled, passed: passed };
  }

  /**
   * Completion by the module's rule; a rule that needs a quiz only counts the
   * quiz when the module has a pass mark (the compiler requires one).
   * @param {CpModuleInfo} module
   * @param {PlayerValues} values
   * @param {number} sessionMs
   * @returns {CpSummary}
   */
  function summarize(module, values, sessionMs) {
    var pages = module.pages || [];
    var total = pages.length;
    var visited = countSeen(values.seen, total);
    var score = values.score ? normaliseScore(values.score, module.passMark) : null;
    var passed = score ? score.passed : null;
    var needsQuiz = module.completion !== 'all-pages' && module.passMark != null;
    var needsPages = module.completion !== 'quiz-passed' || !needsQuiz;
    var done = (!needsPages || visited >= total) && (!needsQuiz || passed === true);
    var completed = !!values.done || done;
    var units = (needsPages || needsQuiz ? total : 0) + (needsQuiz ? 1 : 0);
    var got = visited + (needsQuiz && passed === true ? 1 : 0);
    var progress = completed ? 1 : (units ? Math.min(got / units, 0.99) : 0);
    var index = -1;
    for (var i = 0; i < total; i++) if (pages[i].id === values.loc) index = i;
    return {
      location: index >= 0 ? pages[index].id : (pages[0] && pages[0].id) || '',
      pageIndex: Math.max(index, 0),
      pageCount: total,
      pagesVisited: visited,
      progress: Math.round(progress * 100) / 100,
      completed: completed,
      passed: passed,
      score: score ? { raw: score.raw, min: score.min, max: score.max, scaled: score.scaled } : null,
      sessionMs: Math.max(0, sessionMs || 0)
    };
  }

  /**
   * Learner text as it is stored (mirrors clean_text in the quiz crate's
   * state.rs; quiz.js uses this one): control characters dropped (line feeds
   * too, unless multiline), lone surrogates dropped (JSON would write each as
   * six characters), and cut to max UTF-16 code units without splitting a
   * pair. So every code unit kept costs at most two characters in the saved
   * state, as the build's proof assumes.
   * @param {unknown} text
   * @param {number} max
   * @param {boolean} [multiline] keep line feeds (the default; false for one-line answers)
   * @returns {string}
   */
  function cleanText(text, max, multiline) {
    var keepLines = multiline !== false;
    var s = String(text == null ? '' : text), out = '', units = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), ch = s.charAt(i);
      if (c >= 0xD800 && c <= 0xDBFF) {
        var low = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (low < 0xDC00 || low > 0xDFFF) continue;
        ch = s.slice(i, i + 2);
        i++;
      } else if (c >= 0xDC00 && c <= 0xDFFF) continue;
      else if ((c <= 0x1f && !(keepLines && c === 0x0a)) || (c >= 0x7f && c <= 0x9f)) continue;
      if (units + ch.length > max) break;
      units += ch.length;
      out += ch;
    }
    return out;
  }

  /**
   * A reflection box's limit, shown: its maxlength, the "up to N characters"
   * hint (limitEl, named by the box's aria-describedby) and the characters
   * left (countEl, also named by it, so a screen reader hears both on focus),
   * kept up to date as the learner types. Returns the update function.
   * @param {HTMLTextAreaElement | HTMLInputElement} box
   * @param {number} max
   * @param {Element | null} limitEl
   * @param {Element | null} countEl
   * @param {CpStrings} [strings]
   * @returns {() => void}
   */
  function limitBox(box, max, limitEl, countEl, strings) {
    var s = strings || {};
    box.setAttribute('maxlength', String(max));
    if (limitEl) limitEl.textContent = format(s.reflection_limit, { max: max });
    function update() {
      if (countEl) countEl.textContent = format(s.characters_left, { count: Math.max(0, max - String(box.value || '').length) });
    }
    update();
    box.addEventListener('input', update);
    return update;
  }

  /**
   * Local storage with a memory fallback: private modes, quotas and file://
   * policies can make every access throw.
   * @param {() => Storage} getStorage
   * @param {string} key
   * @returns {CpStore}
   */
  function createStore(getStorage, key) {
    /** @type {Storage | null} */
    var storage = null;
    /** @type {string | null} */
    var memory = null;
    try {
      storage = getStorage();
      var probe = key + ':probe';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
    } catch (e) { storage = null; }
    return {
      key: key,
      persistent: function () { return storage !== null; },
      get: function () {
        if (storage) {
          try { return storage.getItem(key); } catch (e) { storage = null; }
        }
        return memory;
      },
      set: function (text) {
        memory = text;
        if (!storage) return false;
        try { storage.setItem(key, text); return true; } catch (e) { storage = null; return false; }
      }
    };
  }

  /**
   * The adapter of the web target, and every LMS adapter's fallback.
   * @param {CpStore} store
   * @returns {CpAdapter}
   */
  function webAdapter(store) {
    var warned = false;
    /** @param {CpAdapterContext | null} ctx */
    function warn(ctx) {
      if (!warned && ctx) { warned = true; ctx.notify(ctx.strings.storage_unavailable || ''); }
    }
    /** @type {CpAdapterContext | null} */
    var ctxRef = null;
    return {
      name: 'web',
      start: function (ctx) {
        ctxRef = ctx;
        if (!store.persistent()) warn(ctx);
        var state = store.get();
        return { state: state, entry: state ? 'resume' : 'ab-initio' };
      },
      save: function (state) {
        var ok = store.set(state);
        if (!ok) warn(ctxRef);
        return ok;
      },
      recordInteraction: function () {},
      finish: function (state) { store.set(state); }
    };
  }

  /**
   * @param {string} runtime
   * @param {Record<string, CpAdapter>} registry
   * @returns {{ adapter: CpAdapter, fallback: boolean }}
   */
  function chooseAdapter(runtime, registry) {
    var wanted = registry[runtime];
    if (runtime !== 'web' && wanted) return { adapter: wanted, fallback: false };
    return { adapter: registry.web, fallback: runtime !== 'web' };
  }

  /**
   * Coalesces save requests: one pending timer, at least `interval` ms (a
   * number, or a function giving it) between saves. Urgent requests (page
   * change, answer, score) go at the next tick, others after `delay`.
   * @param {{ delay: number, interval: number | (() => number), now: () => number,
   *   setTimeout: (fn: () => void, ms: number) => unknown, clearTimeout: (timer: any) => void,
   *   save: () => Promise<boolean> }} opts
   */
  function createSaver(opts) {
    /** @type {unknown} the pending timer's handle, or null */
    var timer = null;
    var due = Infinity;
    var last = -Infinity;
    function run() {
      timer = null;
      due = Infinity;
      last = opts.now();
      return opts.save();
    }
    return {
      /** @param {boolean} [urgent] */
      request: function (urgent) {
        var now = opts.now();
        var interval = (typeof opts.interval === 'function' ? opts.interval() : opts.interval) || 0;
        var at = now + Math.max(urgent ? 0 : opts.delay, last + interval - now);
        if (timer !== null) {
          if (at >= due) return;
          opts.clearTimeout(timer);
        }
        due = at;
        timer = opts.setTimeout(run, at - now);
      },
      flush: function () {
        if (timer !== null) opts.clearTimeout(timer);
        return run();
      },
      cancel: function () {
        if (timer !== null) opts.clearTimeout(timer);
        timer = null;
        due = Infinity;
      },
      pending: function () { return timer !== null; }
    };
  }

  /**
   * The index of the page a location hash (`#page-<id>`) names, or -1.
   * @param {CpPageInfo[]} pages
   * @param {string | null | undefined} hash
   */
  function pageIndexForHash(pages, hash) {
    var id = String(hash || '').replace(/^#/, '');
    if (id.indexOf('page-') !== 0) return -1;
    id = id.slice(5);
    for (var i = 0; i < pages.length; i++) if (pages[i].id === id) return i;
    return -1;
  }

  /* ---------- the public object ---------- */

  var doc = root.document;
  var dataEl = doc && doc.getElementById ? doc.getElementById('cp-data') : null;
  var data = parseData(dataEl ? dataEl.textContent : '');
  var module = data.module;
  /** @type {PlayerValues} */
  var values = {};
  /** @type {Record<CpEventName, Array<(arg?: unknown) => void>>} */
  var listeners = { ready: [], page: [], finish: [] };
  /** @type {Record<string, CpAdapter>} */
  var registry = {};
  var ready = false;
  var started = false;
  var finished = false;
  /** @type {CpAdapter} the adapter in use once the player starts (the web one until then) */
  var adapter;
  /** @type {CpAnswerRecord[]} answers reported before the adapter started */
  var pendingAnswers = [];
  var startTime = Date.now();
  var local = createStore(function () { return root.localStorage; }, 'coursepack:' + module.id + ':' + module.version);
  registry.web = webAdapter(local);
  adapter = registry.web;

  /**
   * `fn`, made to log what it throws instead of throwing it into the page
   * (or into the code that called it: one plug-in cannot stop the player).
   * @template {unknown[]} A
   * @template R
   * @param {(...args: A) => R} fn
   * @returns {(...args: A) => R | undefined}
   */
  function guard(fn) {
    return /** @this {unknown} */ function () {
      var args = /** @type {A} */ (/** @type {unknown} */ (arguments));
      try { return fn.apply(this, args); } catch (e) {
        if (root.console && root.console.warn) root.console.warn('coursepack:', e);
        return undefined;
      }
    };
  }

  /**
   * @param {CpEventName} name
   * @param {unknown} [arg]
   */
  function emit(name, arg) {
    (listeners[name] || []).slice().forEach(function (fn) { guard(fn)(arg); });
  }

  /** @type {Record<string, boolean>} */
  var noticeShown = {};
  /** @param {string | null | undefined} text */
  function notify(text) {
    if (!text || !doc || noticeShown[text]) return;
    noticeShown[text] = true;
    var el = doc.querySelector('.cp-notice');
    if (el) el.textContent = text;
  }

  function summary() { return summarize(module, values, Date.now() - startTime); }

  /** @returns {Promise<boolean>} */
  function doSave() {
    if (!started) return Promise.resolve(false);
    var text = serializeState(values);
    if (finished) return Promise.resolve(local.set(text));
    /** @type {boolean | Promise<boolean>} */
    var result;
    try { result = adapter.save(text, summary()); } catch (e) { result = false; }
    return Promise.resolve(result).then(function (ok) {
      if (ok === false && adapter !== registry.web) {
        local.set(text);
        notify(data.strings.save_failed);
      }
      return ok !== false;
    }, function () {
      if (adapter !== registry.web) { local.set(text); notify(data.strings.save_failed); }
      return false;
    });
  }

  var saver = createSaver({
    delay: SAVE_DELAY,
    /* the adapter's minimum time between two saves (LMS quirk profiles) */
    interval: function () { return adapter.saveInterval && adapter.saveInterval > 0 ? adapter.saveInterval : 0; },
    now: function () { return Date.now(); },
    setTimeout: function (fn, ms) { return root.setTimeout(guard(fn), ms); },
    clearTimeout: function (t) { root.clearTimeout(t); },
    save: doSave
  });

  /** @type {Coursepack} */
  var coursepack = {
    strings: data.strings,
    format: format,
    data: data,
    state: {
      get: function (key) { return clone(values[key]); },
      set: function (key, value) {
        values[key] = clone(value);
        saver.request();
      }
    },
    widgetState: {
      get: function (id) {
        var b = values.b;
        return b && typeof b === 'object' ? clone(/** @type {Record<string, unknown>} */ (b)[id]) : undefined;
      },
      set: function (id, value) {
        var b = values.b && typeof values.b === 'object' ? /** @type {Record<string, unknown>} */ (values.b) : {};
        b[id] = clone(value);
        values.b = b;
        saver.request();
      }
    },
    on: function (name, fn) {
      if (!listeners[name] || typeof fn !== 'function') return;
      listeners[name].push(fn);
      if (name === 'ready' && ready) root.setTimeout(guard(fn), 0);
    },
    reportAnswer: guard(/** @param {CpAnswerRecord} record */ function (record) {
      var r = clone(record);
      if (!r || typeof r !== 'object') return;
      if (!r.timestamp) r.timestamp = new Date().toISOString();
      if (!started) { pendingAnswers.push(r); return; }
      if (!finished && adapter.recordInteraction) adapter.recordInteraction(r);
      saver.request(true);
    }),
    reportScore: guard(/** @param {CpScoreInput} score */ function (score) {
      var s = normaliseScore(score, module.passMark);
      if (!s) return;
      values.score = { raw: s.raw, min: s.min, max: s.max, scaled: s.scaled, passed: s.passed };
      updateCompletion();
      saver.request(true);
    }),
    finish: guard(function () { finishSession('explicit'); }),
    limitBox: function (box, max, limitEl, countEl) {
      try { return limitBox(box, max, limitEl, countEl, data.strings); } catch (e) { return function () {}; }
    },
    registerAdapter: function (a) { if (a && a.name) registry[a.name] = a; },
    lib: {
      format: format, parseData: parseData, parseState: parseState, serializeState: serializeState,
      markSeen: markSeen, countSeen: countSeen, normaliseScore: normaliseScore, summarize: summarize,
      cleanText: cleanText, limitBox: limitBox, createStore: createStore, webAdapter: webAdapter, chooseAdapter: chooseAdapter,
      createSaver: createSaver, pageIndexForHash: pageIndexForHash, reserved: RESERVED, clone: clone, has: has,
      isoDuration: isoDuration
    }
  };
  root.coursepack = coursepack;

  /* ---------- the page ---------- */

  /**
   * The player's controls in the document.
   * @typedef {{ sections: HTMLElement[], tocLinks: HTMLAnchorElement[], controls: HTMLElement | null,
   *   prev: HTMLButtonElement | null, next: HTMLButtonElement | null, finish: HTMLButtonElement | null,
   *   progressText: HTMLElement | null, progressBar: HTMLProgressElement | null,
   *   completion: HTMLElement | null }} PlayerUi
   */

  /** @type {PlayerUi | null} */
  var ui = null;
  var current = -1;
  var initial = 0;

  function updateCompletion() {
    var s = summary();
    if (s.completed && !values.done) values.done = 1;
    if (ui && s.completed && ui.completion && !ui.completion.textContent) {
      ui.completion.textContent = data.strings.completed || '';
    }
    return s;
  }

  /**
   * @param {number} index
   * @param {boolean} focus move the focus to the page's heading
   */
  function showPage(index, focus) {
    if (!ui) return;
    var pages = ui.sections;
    if (index < 0 || index >= pages.length) return;
    var changed = index !== current;
    current = index;
    pages.forEach(function (section, i) { section.hidden = i !== index; });
    var id = module.pages[index] ? module.pages[index].id : sectionId(pages[index]);
    var seen = markSeen(values.seen, index);
    values.loc = id;
    values.seen = seen;
    ui.tocLinks.forEach(function (a, i) {
      if (i === index) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
      var mark = /** @type {HTMLElement | null} */ (a.querySelector('.cp-toc-visited'));
      if (mark) mark.hidden = !(seen.charAt(i) === '1');
    });
    var last = index === pages.length - 1;
    if (ui.prev) ui.prev.disabled = index === 0;
    if (ui.next) ui.next.hidden = last;
    if (ui.finish) ui.finish.hidden = !last;
    if (ui.progressText) ui.progressText.textContent = format(data.strings.progress, { current: index + 1, total: pages.length });
    if (ui.progressBar) ui.progressBar.value = index + 1;
    var s = updateCompletion();
    if (focus) {
      root.scrollTo(0, 0);
      var h = doc.getElementById('cp-title-' + id);
      if (h) h.focus();
    }
    if (changed && started) {
      emit('page', id);
      var resumed = index === resumedAt;
      resumedAt = -1;
      /* the page a resumed session opens on was already experienced: not a new view */
      if (!finished && adapter.page && !resumed) guard(adapter.page).call(adapter, id, s);
      saver.request(true);
    }
  }

  /** The page a resumed session opens on, until it has been shown (-1: none). */
  var resumedAt = -1;

  /** @param {HTMLElement} section */
  function sectionId(section) { return String(section.id || '').replace(/^page-/, ''); }

  /** @param {number} index */
  function go(index) {
    if (!ui || index < 0 || index >= ui.sections.length) return;
    var hash = '#page-' + sectionId(ui.sections[index]);
    if (root.location.hash === hash) showPage(index, true);
    else root.location.hash = hash;
  }

  function onHash() {
    var hash = root.location.hash;
    var index = hash ? pageIndexForHash(module.pages, hash) : initial;
    if (index >= 0) { showPage(index, index !== current || !!hash); return; }
    /* a link to something inside a page: show that page, then the target */
    var target = doc.getElementById(decodeURIComponent(hash.slice(1)));
    var section = target && target.closest ? /** @type {HTMLElement | null} */ (target.closest('.cp-page')) : null;
    if (target && section && ui) {
      showPage(ui.sections.indexOf(section), false);
      target.scrollIntoView();
    }
  }

  /* Copy into the state what the learner typed in a reflection box and the
   * debounce timer has not saved yet; true when there was some. */
  /** @type {Array<() => boolean>} */
  var unsavedReflections = [];
  function takeReflections() {
    var taken = false;
    unsavedReflections.forEach(function (take) { if (guard(take)()) taken = true; });
    return taken;
  }

  /** @param {CpFinishReason} reason */
  function finishSession(reason) {
    if (finished || !ui) return;
    takeReflections();
    saver.cancel();
    var s = updateCompletion();
    if (started) {
      finished = true;
      var text = serializeState(values);
      local.set(text);
      try { adapter.finish(text, s, reason); } catch (e) { /* nothing more to do */ }
      emit('finish', s);
    }
    if (reason === 'explicit') {
      var el = doc.querySelector('.cp-notice');
      if (el) {
        el.textContent = s.completed ? data.strings.completed
          : format(data.strings.finish_incomplete, { visited: s.pagesVisited, total: s.pageCount });
      }
    }
  }

  function bindReflections() {
    /** @type {HTMLTextAreaElement[]} */
    var boxes = Array.prototype.slice.call(doc.querySelectorAll('.cp-reflection textarea[data-reflection-id]'));
    boxes.forEach(function (box) {
      var id = box.getAttribute('data-reflection-id') || '';
      /** @type {Record<string, string>} */
      var refl = values.refl || {};
      if (typeof refl[id] === 'string' && !box.value) box.value = refl[id];
      var holder = box.closest('.cp-reflection') || /** @type {Element} */ (box.parentNode);
      limitBox(box, module.reflectionMaxChars, holder.querySelector('.cp-reflection-limit'), holder.querySelector('.cp-reflection-count'), data.strings);
      var found = holder.querySelector('.cp-reflection-status');
      var status = found || doc.createElement('p');
      if (!found) {
        status.className = 'cp-reflection-status';
        status.setAttribute('role', 'status');
        holder.appendChild(status);
      }
      /** @type {number | null} */
      var timer = null;
      var copy = function () {
        /** @type {Record<string, string>} */
        var kept = values.refl = values.refl || {};
        var text = cleanText(box.value, module.reflectionMaxChars, true);
        if (text) kept[id] = text; else delete kept[id];
      };
      /* the learner leaves (Finish, the page hidden) while still typing: keep the text */
      unsavedReflections.push(function () {
        if (!timer) return false;
        root.clearTimeout(timer);
        timer = null;
        copy();
        return true;
      });
      box.addEventListener('input', guard(function () {
        status.textContent = '';
        if (timer) root.clearTimeout(timer);
        timer = root.setTimeout(guard(function () {
          timer = null;
          copy();
          saver.flush().then(function (ok) {
            if (ok) status.textContent = data.strings.reflection_saved || '';
          });
        }), 700);
      }));
    });
  }

  /* Widget state only for the widgets this module has (a stale entry would
   * break the build's proof that the state fits). */
  function pruneWidgetState() {
    /** @type {Record<string, unknown>} */
    var kept = {};
    var any = false, b = values.b;
    if (b && typeof b === 'object') {
      var all = /** @type {Record<string, unknown>} */ (b);
      doc.querySelectorAll('[data-state-id]').forEach(function (el) {
        var id = el.getAttribute('data-state-id') || '';
        if (has(all, id)) { kept[id] = all[id]; any = true; }
      });
    }
    if (any) values.b = kept; else delete values.b;
  }

  /** @param {CpStartResult | null} result */
  function begin(result) {
    values = parseState(result && result.state);
    if (typeof values.seen !== 'string') values.seen = '';
    pruneWidgetState();
    started = true;
    var saved = -1;
    for (var i = 0; i < module.pages.length; i++) {
      if (module.pages[i].id === (values.loc || (result && result.location))) saved = i;
    }
    var fromHash = pageIndexForHash(module.pages, root.location.hash);
    initial = fromHash >= 0 ? fromHash : Math.max(saved, 0);
    var wasSeen = values.seen.charAt(initial) === '1';
    resumedAt = result && result.entry === 'resume' && initial === saved && wasSeen ? initial : -1;
    current = -1;
    showPage(initial, false);
    bindReflections();
    pendingAnswers.splice(0).forEach(function (r) { coursepack.reportAnswer(r); });
    ready = true;
    emit('ready');
  }

  function boot() {
    /** @type {HTMLElement[]} */
    var sections = Array.prototype.slice.call(doc.querySelectorAll('.cp-page'));
    if (!sections.length) return;
    doc.documentElement.classList.add('cp-js');
    var found = ui = {
      sections: sections,
      tocLinks: Array.prototype.slice.call(doc.querySelectorAll('.cp-toc a[data-page-id]')),
      controls: doc.querySelector('.cp-controls'),
      prev: doc.querySelector('.cp-pagenav [data-action="previous"]'),
      next: doc.querySelector('.cp-pagenav [data-action="next"]'),
      finish: doc.querySelector('.cp-pagenav [data-action="finish"]'),
      progressText: doc.querySelector('.cp-progress-text'),
      progressBar: doc.querySelector('.cp-progress-bar'),
      completion: doc.querySelector('.cp-completion')
    };
    if (found.controls) found.controls.hidden = false;
    var first = pageIndexForHash(module.pages, root.location.hash);
    showPage(first >= 0 ? first : 0, false);

    if (ui.prev) ui.prev.addEventListener('click', guard(function () { go(current - 1); }));
    if (ui.next) ui.next.addEventListener('click', guard(function () { go(current + 1); }));
    if (ui.finish) ui.finish.addEventListener('click', guard(function () { finishSession('explicit'); }));
    ui.tocLinks.forEach(function (a, i) {
      a.addEventListener('click', guard(function (ev) {
        if (root.location.hash === a.getAttribute('href')) { ev.preventDefault(); showPage(i, true); }
      }));
    });
    root.addEventListener('hashchange', guard(onHash));
    root.addEventListener('pagehide', guard(function () { finishSession('pagehide'); }));
    root.addEventListener('beforeunload', guard(function () { finishSession('unload'); }));
    doc.addEventListener('visibilitychange', guard(function () {
      if (doc.visibilityState === 'hidden' && (takeReflections() || saver.pending())) saver.flush();
    }));

    var ctx = { data: data, strings: data.strings, format: format, notify: notify, local: local };
    var choice = chooseAdapter(data.runtime, registry);
    adapter = choice.adapter;
    function fallback() {
      if (adapter !== registry.web) notify(data.strings.no_lms);
      adapter = registry.web;
      return adapter.start(ctx);
    }
    if (choice.fallback) notify(data.strings.no_lms);
    Promise.resolve()
      .then(function () { return adapter.start(ctx); })
      .then(function (result) { return result ? result : fallback(); }, fallback)
      .then(guard(begin), guard(function () { begin(null); }));
  }

  /* index.html loads this script with `defer`: it runs once the document is
   * parsed, before DOMContentLoaded. Booting in that event, not a task later,
   * shows the learner's page before the browser's first layout and paint (with
   * `blocking="render"` none comes before this script): no frame of every page
   * at once, and no layout of them all. */
  if (doc && doc.addEventListener) {
    var run = guard(boot);
    if (doc.readyState !== 'complete') doc.addEventListener('DOMContentLoaded', run);
    else root.setTimeout(run, 0);
  }
})(typeof window !== 'undefined' ? window : this);
