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
 */
(function (root) {
  'use strict';

  var cp = root.coursepack;
  if (!cp) return;

  var MAX_HOPS = 500;

  /* ---------- API discovery ---------- */

  function read(win, name) {
    try { return win[name] || null; } catch (e) { return null; }
  }

  function parentOf(win) {
    try {
      var p = win.parent;
      return p && p !== win ? p : null;
    } catch (e) { return null; }
  }

  function hasMethods(obj, methods) {
    if (!obj) return false;
    try {
      for (var i = 0; i < methods.length; i++) {
        if (typeof obj[methods[i]] !== 'function') return false;
      }
      return true;
    } catch (e) { return false; }
  }

  /* Climbs from win through its parents; returns { api, top }. */
  function climb(win, name, methods, maxHops) {
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

  function findApi(win, name, methods, maxHops) {
    var limit = typeof maxHops === 'number' ? maxHops : MAX_HOPS;
    var first = climb(win, name, methods, limit);
    if (first.api) return first.api;
    var openers = [read(win, 'opener'), first.top !== win ? read(first.top, 'opener') : null];
    for (var i = 0; i < openers.length; i++) {
      if (!openers[i] || (i === 1 && openers[1] === openers[0])) continue;
      var found = climb(openers[i], name, methods, limit).api;
      if (found) return found;
    }
    return null;
  }

  /* ---------- calls ---------- */

  /* Errors worth one more try: general/initialisation/termination failures
   * (below 200) and general get/set/commit failures (300-399). Argument and
   * data-model errors (200s, 400s) would fail the same way again. */
  function transient(code) {
    var n = Number(code);
    return !(n >= 200 && n < 300) && !(n >= 400);
  }

  /* names: { init, finish, get, set, commit, error, errorString, diagnostic } */
  function connect(api, names, log) {
    function lastError() {
      try { return String(api[names.error]()); } catch (e) { return '101'; }
    }
    function describe(code) {
      var text = '';
      try { text = String(api[names.errorString](code)); } catch (e) { text = ''; }
      try {
        var more = String(api[names.diagnostic](code));
        if (more && more !== text) text += ' (' + more + ')';
      } catch (e) { /* no diagnostic */ }
      return text;
    }
    function once(method, args, isGet) {
      var value;
      try { value = api[names[method]].apply(api, args); } catch (e) { return { ok: false, value: '', code: '101' }; }
      value = value == null ? '' : String(value);
      if (isGet) {
        var code = lastError();
        return { ok: code === '0' || code === '', value: value, code: code };
      }
      if (value === 'true') return { ok: true, value: value, code: '0' };
      return { ok: false, value: value, code: lastError() };
    }
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

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  function centiseconds(ms) {
    var v = Number(ms);
    return isFinite(v) && v > 0 ? Math.round(v / 10) : 0;
  }

  /* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS with 2 to 4 hour digits. */
  function timespan12(ms) {
    var cs = centiseconds(ms);
    if (cs >= 10000 * 360000) return '9999:59:59.99';
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = Math.floor(cs / 100) % 60;
    return pad(h, 2) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }

  /* SCORM 1.2 CMITime: a time of day, HH:MM:SS, local clock. */
  function validDate(d) {
    return d && typeof d.getTime === 'function' && !isNaN(d.getTime());
  }

  function clock12(date) {
    var d = validDate(date) ? date : new Date();
    return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2);
  }

  /* SCORM 2004 timeinterval: PT[nH][nM][n[.nn]S], at most 2 decimals, never a bare PT. */
  function duration2004(ms) {
    var cs = centiseconds(ms);
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var rest = cs % 6000;
    var out = 'PT';
    if (h) out += h + 'H';
    if (m) out += m + 'M';
    if (rest || (!h && !m)) {
      var s = String(Math.floor(rest / 100));
      var frac = rest % 100;
      if (frac) s += '.' + pad(frac, 2).replace(/0$/, '');
      out += s + 'S';
    }
    return out;
  }

  /* SCORM 2004 time (second): YYYY-MM-DDThh:mm:ss.ssZ, UTC, 2 decimals. */
  function timestamp2004(value) {
    var d = validDate(value) ? value : new Date(value == null ? NaN : value);
    if (!validDate(d)) d = new Date();
    var iso = d.toISOString();
    return iso.slice(0, 22) + 'Z';
  }

  /* A decimal without exponent, at most `places` decimals, trailing zeros dropped. */
  function decimal(value, places) {
    var v = Number(value);
    if (!isFinite(v)) v = 0;
    var s = v.toFixed(places);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s === '-0' ? '0' : s;
  }

  /* The score as SCORM 1.2 and 2004 both send it: raw is the percentage
   * (scaled x 100, 0-100, 2 decimals) out of min 0 and max 100. LMSs grade
   * from different elements (Moodle takes raw alone, out of 100), so every
   * element gives the same percentage. */
  function percentScore(score) {
    var scaled = Number(score && score.scaled);
    if (!isFinite(scaled)) scaled = 0;
    return { raw: decimal(Math.max(0, Math.min(100, scaled * 100)), 2), min: '0', max: '100' };
  }

  /* ---------- LMS quirk profiles ---------- */

  /* What each profile changes in the adapter; keys given in #cp-data "lms"
   * override the profile's values. Documented in ADAPTERS.md. */
  var PROFILES = {
    generic: {},
    moodle: { navRequest: false },
    totara: { navRequest: false },
    successfactors: {}
  };

  var DEFAULTS = {
    maxStateLength: { scorm12: 4096, scorm2004: 64000 },
    saveInterval: 0,
    navRequest: true,
    interactions: true
  };

  function positive(v, fallback) {
    return typeof v === 'number' && isFinite(v) && v > 0 ? Math.floor(v) : fallback;
  }

  function profile(data, version) {
    var lms = data && data.lms && typeof data.lms === 'object' ? data.lms : {};
    var name = typeof lms.profile === 'string' && PROFILES.hasOwnProperty(lms.profile) ? lms.profile : 'generic';
    var base = PROFILES[name];
    function pick(key) {
      if (lms.hasOwnProperty(key)) return lms[key];
      if (base.hasOwnProperty(key)) return base[key];
      return DEFAULTS[key];
    }
    var max = pick('maxStateLength');
    if (max && typeof max === 'object') max = max[version];
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

  /* version: {
   *   name, apiName, names (method names), std ('scorm12'|'scorm2004'),
   *   elements: { entry, mode, suspend, location, learner, status, count },
   *   locationLimit,
   *   initialStatus(status) -> [[el, value]...]   first-launch status
   *   report(summary) -> [[el, value]...]          status, score, progress
   *   interaction(record, i, n, id) -> [[el, value]...]
   *   close(summary, reason, conn, settings) -> [[el, value]...]  session time, exit, nav request
   *   uniqueIds    interaction ids must be unique (2004): read the existing ones
   * } */
  function createAdapter(version) {
    var settings = profile(cp.data, version.std);
    var conn = null;
    var ctxRef = null;
    var initialized = false;
    var terminated = false;
    var readOnly = false;
    var reporting = true;
    var interactionsOn = settings.interactions;
    var nextIndex = 0;
    var usedIds = {};
    var sent = {};
    var dirty = false;
    var pendingKey = null;

    function warn(text) {
      if (root.console && root.console.warn) root.console.warn('coursepack ' + version.name + ': ' + text);
    }

    function storage() {
      try { return root.localStorage || null; } catch (e) { return null; }
    }

    /* The state the LMS did not accept, kept per learner on this device so a
     * later launch can send it again (cleared by the next successful save). */
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

    /* Writes the values that changed since the LMS last accepted them. */
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

    function stateAndReport(state, summary) {
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
        if (version.uniqueIds) {
          for (var i = 0; i < nextIndex; i++) usedIds[get(version.interactionId(i))] = true;
        }
        var pending = readPending();
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
})(typeof window !== 'undefined' ? window : this);
