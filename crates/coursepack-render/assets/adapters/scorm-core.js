// @ts-check
/* coursepack SCORM core: what the SCORM 1.2 and SCORM 2004 adapters share.
 * Prepended to scorm12.js / scorm2004.js (see Runtime::adapter_js); it only
 * defines coursepack.scorm, and each version's script builds its adapter with
 * coursepack.scorm.createAdapter(version). ADAPTERS.md ("SCORM adapters")
 * describes the behaviour; js-tests/scorm.test.mjs tests it with a fake LMS.
 *
 *   findApi(win, name, methods, maxHops)  the API object, or null: win and its
 *                   parents, then the openers of win and of its top window,
 *                   each chain at most maxHops (default 500) hops; a window
 *                   that throws on access (another origin) is skipped
 *   connect(api, names, log)  calls with return and GetLastError checks, one
 *                   retry on a transient error, never a throw
 *   time formats    timespan12 (HH:MM:SS.SS), clock12 (HH:MM:SS),
 *                   duration2004 (PT1H2M3.45S), timestamp2004 (2 decimals), decimal
 *   percentScore(score)  { raw, min, max } as both versions send them: the
 *                   percentage out of 0-100
 *   profile(data, version)  the LMS quirk settings from #cp-data "lms"
 *   createAdapter(version)  the adapter object the player registers
 * Types: CpScorm, ScormVersion, ScormConnection... in ../types.d.ts.
 */
(function (root) {
  'use strict';

  var found = root.coursepack;
  if (!found) return;
  var cp = found;

  var MAX_HOPS = 500;

  /* ---------- API discovery ---------- */

  /**
   * win[name], or null when it throws (another origin).
   * @param {Window} win
   * @param {string} name
   * @returns {unknown} whatever the window holds under that name
   */
  function read(win, name) {
    /* any: a window's properties by a name known only at run time (API, API_1484_11, opener) */
    try { return /** @type {any} */ (win)[name] || null; } catch (e) { return null; }
  }

  /**
   * @param {Window} win
   * @returns {Window | null}
   */
  function parentOf(win) {
    try {
      var p = win.parent;
      return p && p !== win ? p : null;
    } catch (e) { return null; }
  }

  /**
   * @param {unknown} obj
   * @param {string[]} methods
   * @returns {obj is ScormApi}
   */
  function hasMethods(obj, methods) {
    if (!obj) return false;
    try {
      for (var i = 0; i < methods.length; i++) {
        if (typeof (/** @type {Record<string, unknown>} */ (obj))[methods[i]] !== 'function') return false;
      }
      return true;
    } catch (e) { return false; }
  }

  /**
   * Climbs from win through its parents.
   * @param {Window} win
   * @param {string} name
   * @param {string[]} methods
   * @param {number} maxHops
   * @returns {{ api: ScormApi | null, top: Window }}
   */
  function climb(win, name, methods, maxHops) {
    /** @type {Window | null} */
    var w = win;
    var top = win;
    for (var hops = 0; w && hops <= maxHops; hops++) {
      var api = read(w, name);
      if (hasMethods(api, methods)) return { api: api, top: w };
      top = w;
      w = parentOf(w);
    }
    return { api: null, top: top };
  }

  /**
   * @param {Window} win
   * @param {string} name
   * @param {string[]} methods
   * @param {number} [maxHops]
   * @returns {ScormApi | null}
   */
  function findApi(win, name, methods, maxHops) {
    var limit = typeof maxHops === 'number' ? maxHops : MAX_HOPS;
    var first = climb(win, name, methods, limit);
    if (first.api) return first.api;
    var openers = /** @type {Array<Window | null>} */ ([read(win, 'opener'), first.top !== win ? read(first.top, 'opener') : null]);
    for (var i = 0; i < openers.length; i++) {
      var opener = openers[i];
      if (!opener || (i === 1 && opener === openers[0])) continue;
      var api = climb(opener, name, methods, limit).api;
      if (api) return api;
    }
    return null;
  }

  /* ---------- calls ---------- */

  /**
   * Errors worth one more try: general/initialisation/termination failures
   * (below 200) and general get/set/commit failures (300-399). Argument and
   * data-model errors (200s, 400s) would fail the same way again.
   * @param {string | number} code
   */
  function transient(code) {
    var n = Number(code);
    return !(n >= 200 && n < 300) && !(n >= 400);
  }

  /**
   * @param {ScormApi} api
   * @param {ScormMethodNames} names
   * @param {(text: string) => void} [log]
   * @returns {ScormConnection}
   */
  function connect(api, names, log) {
    function lastError() {
      try { return String(api[names.error]()); } catch (e) { return '101'; }
    }
    /** @param {string} code */
    function describe(code) {
      var text = '';
      try { text = String(api[names.errorString](code)); } catch (e) { text = ''; }
      try {
        var more = String(api[names.diagnostic](code));
        if (more && more !== text) text += ' (' + more + ')';
      } catch (e) { /* no diagnostic */ }
      return text;
    }
    /**
     * @param {keyof ScormMethodNames} method
     * @param {string[]} args
     * @param {boolean} isGet
     * @returns {ScormCallResult}
     */
    function once(method, args, isGet) {
      /** @type {unknown} */
      var value;
      try { value = api[names[method]].apply(api, args); } catch (e) { return { ok: false, value: '', code: '101' }; }
      var text = value == null ? '' : String(value);
      if (isGet) {
        var code = lastError();
        return { ok: code === '0' || code === '', value: text, code: code };
      }
      if (text === 'true') return { ok: true, value: text, code: '0' };
      return { ok: false, value: text, code: lastError() };
    }
    /**
     * @param {keyof ScormMethodNames} method
     * @param {string[]} args
     * @param {boolean} isGet
     */
    function call(method, args, isGet) {
      var r = once(method, args, isGet);
      if (!r.ok && transient(r.code)) r = once(method, args, isGet);
      if (!r.ok && log) log(names[method] + '(' + args.map(function (a) { return JSON.stringify(String(a).slice(0, 60)); }).join(', ') + ') failed: ' + r.code + ' ' + describe(r.code));
      return r;
    }
    return {
      init: function () { return call('init', [''], false); },
      finish: function () { return call('finish', [''], false); },
      commit: function () { return call('commit', [''], false); },
      set: function (element, value) { return call('set', [element, String(value)], false); },
      /* a read that may legitimately fail (an element the LMS has no value for) is not logged */
      get: function (element) {
        var r = once('get', [element], true);
        if (!r.ok && transient(r.code)) r = once('get', [element], true);
        return r;
      }
    };
  }

  /* ---------- formats ---------- */

  /**
   * @param {number} n
   * @param {number} width
   */
  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  /** @param {unknown} ms */
  function centiseconds(ms) {
    var v = Number(ms);
    return isFinite(v) && v > 0 ? Math.round(v / 10) : 0;
  }

  /**
   * SCORM 1.2 CMITimespan: HHHH:MM:SS.SS with 2 to 4 hour digits.
   * @param {number} ms
   */
  function timespan12(ms) {
    var cs = centiseconds(ms);
    if (cs >= 10000 * 360000) return '9999:59:59.99';
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = Math.floor(cs / 100) % 60;
    return pad(h, 2) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }

  /**
   * @param {unknown} d
   * @returns {d is Date}
   */
  function validDate(d) {
    return !!d && typeof (/** @type {Date} */ (d)).getTime === 'function' && !isNaN((/** @type {Date} */ (d)).getTime());
  }

  /**
   * SCORM 1.2 CMITime: a time of day, HH:MM:SS, local clock.
   * @param {Date} [date]
   */
  function clock12(date) {
    var d = validDate(date) ? date : new Date();
    return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2);
  }

  /* SCORM 2004 timeinterval: PT[nH][nM][n[.nn]S], at most 2 decimals, never a bare PT
   * (the player's ISO 8601 durations, shared with xAPI). */
  var duration2004 = cp.lib.isoDuration;

  /**
   * SCORM 2004 time (second): YYYY-MM-DDThh:mm:ss.ssZ, UTC, 2 decimals.
   * @param {unknown} value a Date, a time in ms or a date string
   */
  function timestamp2004(value) {
    var d = validDate(value) ? value : new Date(typeof value === 'number' || typeof value === 'string' ? value : NaN);
    if (!validDate(d)) d = new Date();
    var iso = d.toISOString();
    return iso.slice(0, 22) + 'Z';
  }

  /**
   * A decimal without exponent, at most `places` decimals, trailing zeros dropped.
   * @param {unknown} value
   * @param {number} places
   */
  function decimal(value, places) {
    var v = Number(value);
    if (!isFinite(v)) v = 0;
    var s = v.toFixed(places);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s === '-0' ? '0' : s;
  }

  /**
   * The score as SCORM 1.2 and 2004 both send it: raw is the percentage
   * (scaled x 100, 0-100, 2 decimals) out of min 0 and max 100. LMSs grade
   * from different elements (Moodle takes raw alone, out of 100), so every
   * element gives the same percentage.
   * @param {{ scaled: number } | null | undefined} score
   * @returns {{ raw: string, min: string, max: string }}
   */
  function percentScore(score) {
    var scaled = Number(score && score.scaled);
    if (!isFinite(scaled)) scaled = 0;
    return { raw: decimal(Math.max(0, Math.min(100, scaled * 100)), 2), min: '0', max: '100' };
  }

  /* ---------- LMS quirk profiles ---------- */

  /**
   * What each profile changes in the adapter; keys given in #cp-data "lms"
   * override the profile's values. Documented in ADAPTERS.md.
   * @type {Record<string, Partial<Omit<ScormSettings, 'name'>>>} */
  var PROFILES = {
    generic: {},
    moodle: { navRequest: false },
    totara: { navRequest: false },
    successfactors: {}
  };

  /** @type {Record<string, any>} the value of each key when neither #cp-data nor the profile gives one */
  var DEFAULTS = {
    maxStateLength: { scorm12: 4096, scorm2004: 64000 },
    saveInterval: 0,
    navRequest: true,
    interactions: true
  };

  /**
   * @param {unknown} v
   * @param {number} fallback
   */
  function positive(v, fallback) {
    return typeof v === 'number' && isFinite(v) && v > 0 ? Math.floor(v) : fallback;
  }

  /**
   * @param {CpData | null | undefined} data
   * @param {string} version 'scorm12' | 'scorm2004'
   * @returns {ScormSettings}
   */
  function profile(data, version) {
    /** @type {Record<string, unknown>} */
    var lms = data && data.lms && typeof data.lms === 'object' ? /** @type {Record<string, unknown>} */ (data.lms) : {};
    var name = typeof lms.profile === 'string' && has(PROFILES, lms.profile) ? lms.profile : 'generic';
    /** @type {Record<string, unknown>} */
    var base = PROFILES[name];
    /** @param {string} key */
    function pick(key) {
      if (has(lms, key)) return lms[key];
      if (has(base, key)) return base[key];
      return DEFAULTS[key];
    }
    var max = pick('maxStateLength');
    if (max && typeof max === 'object') max = (/** @type {Record<string, unknown>} */ (max))[version];
    var hardMax = DEFAULTS.maxStateLength[version];
    return {
      name: name,
      maxStateLength: Math.min(positive(max, hardMax), hardMax),
      saveInterval: positive(pick('saveInterval'), 0),
      navRequest: pick('navRequest') !== false,
      interactions: pick('interactions') !== false
    };
  }

  /* ---------- the adapter ---------- */

  /**
   * version: {
   *   name, apiName, names (method names), std ('scorm12'|'scorm2004'),
   *   elements: { entry, mode, suspend, location, learner, status, count },
   *   locationLimit,
   *   initialStatus(status) -> [[el, value]...]   first-launch status
   *   report(summary) -> [[el, value]...]          status, score, progress
   *   interaction(record, i, n, id) -> [[el, value]...]
   *   close(summary, reason, conn, settings) -> [[el, value]...]  session time, exit, nav request
   *   uniqueIds    interaction ids must be unique (2004): read the existing ones
   * }
   * @param {ScormVersion} version
   * @returns {CpAdapter}
   */
  function createAdapter(version) {
    var settings = profile(cp.data, version.std);
    /** @type {ScormConnection} the API, once start found it (nothing is called before) */
    var conn;
    /** @type {CpAdapterContext | null} */
    var ctxRef = null;
    var initialized = false;
    var terminated = false;
    var readOnly = false;
    var reporting = true;
    var interactionsOn = settings.interactions;
    var nextIndex = 0;
    /** @type {Record<string, boolean>} */
    var usedIds = {};
    /** @type {Record<string, string>} values the LMS accepted, by element */
    var sent = {};
    var dirty = false;
    /** @type {string | null} */
    var pendingKey = null;

    /** @param {string} text */
    function warn(text) {
      if (root.console && root.console.warn) root.console.warn('coursepack ' + version.name + ': ' + text);
    }

    function storage() {
      try { return root.localStorage || null; } catch (e) { return null; }
    }

    /**
     * The state the LMS did not accept, kept per learner on this device so a
     * later launch can send it again (cleared by the next successful save).
     * @param {string} state
     */
    function keepPending(state) {
      var s = storage();
      if (!s || !pendingKey) return;
      try { s.setItem(pendingKey, state); } catch (e) { /* nothing more to do */ }
    }
    function readPending() {
      var s = storage();
      if (!s || !pendingKey) return null;
      try { return s.getItem(pendingKey); } catch (e) { return null; }
    }
    function clearPending() {
      var s = storage();
      if (!s || !pendingKey) return;
      try { s.removeItem(pendingKey); } catch (e) { /* nothing more to do */ }
    }

    /**
     * Writes the values that changed since the LMS last accepted them.
     * @param {ScormPair[]} pairs
     */
    function write(pairs) {
      var ok = true;
      for (var i = 0; i < pairs.length; i++) {
        var el = pairs[i][0];
        var value = String(pairs[i][1]);
        if (sent[el] === value) continue;
        var r = conn.set(el, value);
        if (r.ok) { sent[el] = value; dirty = true; } else { delete sent[el]; ok = false; }
      }
      return ok;
    }

    /**
     * @param {string} state
     * @param {CpSummary} summary
     */
    function stateAndReport(state, summary) {
      /** @type {ScormPair[]} */
      var pairs = [[version.elements.location, String(summary.location || '').slice(0, version.locationLimit)]];
      var ok = true;
      if (state.length > settings.maxStateLength) {
        warn('state of ' + state.length + ' characters is over the limit of ' + settings.maxStateLength + '; not sent');
        ok = false;
      } else {
        pairs.push([version.elements.suspend, state]);
      }
      if (reporting) pairs = pairs.concat(version.report(summary));
      return write(pairs) && ok;
    }

    function commitIfDirty() {
      if (!dirty) return true;
      var r = conn.commit();
      if (r.ok) { dirty = false; return true; }
      sent = {}; /* nothing is known to be stored: send everything again next time */
      return false;
    }

    /** @type {CpAdapter} */
    var adapter = {
      name: version.name,
      maxStateLength: settings.maxStateLength,
      saveInterval: settings.saveInterval,

      start: function (ctx) {
        ctxRef = ctx;
        var api = findApi(root, version.apiName, [version.names.init, version.names.finish, version.names.get,
          version.names.set, version.names.commit, version.names.error]);
        if (!api) return null;
        conn = connect(api, version.names, warn);
        var init = conn.init();
        if (!init.ok && !(version.alreadyInitialized && init.code === version.alreadyInitialized)) return null;
        initialized = true;
        var el = version.elements;
        /** @param {string} name */
        var get = function (name) { var r = conn.get(name); return r.ok ? r.value : ''; };
        var entry = get(el.entry);
        var mode = get(el.mode);
        readOnly = mode === 'review';
        reporting = !readOnly && mode !== 'browse';
        var learner = get(el.learner);
        pendingKey = ctx && ctx.local && ctx.local.key ? ctx.local.key + ':unsent:' + version.name + ':' + learner : null;
        var suspended = get(el.suspend);
        var location = get(el.location);
        var count = Number(get(el.count));
        nextIndex = isFinite(count) && count > 0 ? Math.floor(count) : 0;
        var interactionId = version.interactionId;
        if (version.uniqueIds && interactionId) {
          for (var i = 0; i < nextIndex; i++) usedIds[get(interactionId(i))] = true;
        }
        var pending = readPending();
        /** @type {string | null} */
        var state = null;
        /* A state the LMS did not accept last time is newer than the LMS's copy;
         * it is not carried into a new attempt once it was complete. */
        if (pending && !(entry === 'ab-initio' && cp.lib.parseState(pending).done)) state = pending;
        else if (entry !== 'ab-initio' && suspended) state = suspended;
        if (pending && state !== pending) clearPending();
        /* what the LMS already holds is not sent again */
        if (suspended) sent[el.suspend] = suspended;
        if (location) sent[el.location] = location;
        if (!readOnly) {
          var status = get(el.status);
          if (status) sent[el.status] = status;
          /** @type {ScormPair[]} */
          var first = reporting ? version.initialStatus(status) : [];
          write(first.concat([[el.exit, 'suspend']]));
          commitIfDirty();
        }
        return { state: state, entry: state ? 'resume' : 'ab-initio', location: location || undefined };
      },

      save: function (state, summary) {
        if (!initialized || terminated) return false;
        if (readOnly) return true;
        var ok = stateAndReport(String(state), summary);
        ok = commitIfDirty() && ok;
        if (ok) clearPending(); else keepPending(String(state));
        return ok;
      },

      recordInteraction: function (record) {
        if (!initialized || terminated || !reporting || !interactionsOn || !record) return;
        var i = record.interaction && record.interaction[version.std];
        if (!i || !i.id || !i.type) return;
        var id = String(i.id).replace(/[^A-Za-z0-9_.-]/g, '_');
        if (version.uniqueIds && usedIds[id]) {
          var k = 2;
          while (usedIds[id + '_' + k]) k++;
          id = id + '_' + k;
        }
        var n = nextIndex;
        var pairs = version.interaction(record, i, n, id);
        for (var p = 0; p < pairs.length; p++) {
          var r = conn.set(pairs[p][0], pairs[p][1]);
          if (r.ok) { dirty = true; continue; }
          if (p === 0) {
            /* the LMS keeps no interactions (optional in SCORM 1.2: 401/402) */
            if (r.code === '401' || r.code === '402') interactionsOn = false;
            return;
          }
        }
        usedIds[id] = true;
        nextIndex = n + 1;
      },

      page: function (pageId) {
        if (!initialized || terminated || readOnly) return;
        write([[version.elements.location, String(pageId || '').slice(0, version.locationLimit)]]);
      },

      finish: function (state, summary, reason) {
        if (!initialized || terminated) return;
        terminated = true;
        var ok = true;
        if (!readOnly) {
          ok = stateAndReport(String(state), summary);
          ok = write(version.close(summary, reason, conn, settings)) && ok;
        }
        var done = conn.finish();
        if (done.ok && ok) clearPending();
        else {
          keepPending(String(state));
          if (ctxRef && ctxRef.notify) ctxRef.notify(ctxRef.strings && ctxRef.strings.save_failed);
        }
      }
    };
    return adapter;
  }

  /**
   * @param {object} object
   * @param {PropertyKey} key
   */
  function has(object, key) { return cp.lib.has(object, key); }

  cp.scorm = {
    findApi: findApi,
    connect: connect,
    transient: transient,
    timespan12: timespan12,
    clock12: clock12,
    duration2004: duration2004,
    timestamp2004: timestamp2004,
    decimal: decimal,
    percentScore: percentScore,
    profile: profile,
    profiles: PROFILES,
    createAdapter: createAdapter,
    maxHops: MAX_HOPS
  };
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
