// @ts-check
/* coursepack xAPI core: what the xapi (TinCan launch) and cmi5 adapters share.
 * Defines coursepack.xapi (pure helpers, the LRS client, the statement queue
 * and the tracker that turns player events into statements). The adapters in
 * xapi.js and cmi5.js read their launch and call createTracker.
 *
 * Rules kept here (standards.md section 3):
 * - every request carries X-Experience-API-Version 1.0.3 and the launch's
 *   Authorization value verbatim; that value is never logged and never
 *   written to local storage;
 * - every statement gets its UUID and its UTC timestamp when it is made, so a
 *   retried statement is the same statement and the LRS can never hold it twice;
 * - statements wait in a queue kept in memory and in localStorage, are sent in
 *   order, one request at a time, and are retried with back-off while the LRS
 *   is unreachable or answers 5xx/408/429/401/403; a statement the LRS refuses
 *   for good (400, 409, 413 alone) is dropped with a console warning;
 * - on leaving, whatever is still queued goes in one request that outlives the
 *   page: fetch keepalive on the page's own origin, else navigator.sendBeacon
 *   with the xAPI alternate request syntax (no preflight, which keepalive
 *   cannot pass); the local copy stays until the LRS confirms.
 * Types: CpXapi, XapiStatement, XapiTracker... in ../types.d.ts.
 */
(function (root) {
  'use strict';
  var found = root.coursepack;
  if (!found || found.xapi) return;
  var cp = found;

  var XAPI_VERSION = '1.0.3';
  var VERBS = 'http://adlnet.gov/expapi/verbs/';
  var ACTIVITIES = 'http://adlnet.gov/expapi/activities/';
  var PAGE_TYPE = 'http://activitystrea.ms/schema/1.0/page';
  /* The learner's saved state is two State API documents: normal writes,
   * one at a time, go to STATE_ID; the one write a page sends as it goes away
   * (in a request that outlives it) goes to LAST_STATE_ID. A normal write
   * still on its way then and the last one may reach the LRS in either order,
   * so they never write the same document: readers take the newer of the two
   * by `seq`, which every write numbers one above the newest state read or
   * written before it (never by clock: devices' clocks differ). */
  var STATE_ID = 'coursepack-state';
  var LAST_STATE_ID = 'coursepack-state-last';
  var MAX_BATCH = 50;
  var KEEPALIVE_BYTES = 60000;      /* browsers allow 64 KiB of keepalive bodies in flight */
  /* how long after a page sent a request (and went away) the LRS may still
   * be receiving it: before then, "not stored" is asked again */
  var VERIFY_WINDOW = 10000;
  var RETRY_FIRST = 1000;
  var RETRY_MAX = 30000;
  var REQUEST_TIMEOUT = 30000;

  /* ---------- pure helpers ---------- */

  var has = cp.lib.has;

  /** @param {string} s */
  function decode(s) {
    try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return null; }
  }

  /** The query string as an object; the first of repeated names wins, and a
   * value that is not valid percent-encoding is left out.
   * @param {string | null | undefined} search
   * @returns {Record<string, string>}
   */
  function parseQuery(search) {
    /** @type {Record<string, string>} */
    var out = {};
    String(search || '').replace(/^\?/, '').split('&').forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf('=');
      var name = decode(eq < 0 ? part : part.slice(0, eq));
      var value = eq < 0 ? '' : decode(part.slice(eq + 1));
      if (name !== null && value !== null && !has(out, name)) out[name] = value;
    });
    return out;
  }

  /**
   * An absolute IRI: a scheme, a colon, no whitespace or characters IRIs forbid.
   * @param {unknown} s
   * @returns {s is string}
   */
  function isIri(s) {
    return typeof s === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(s);
  }

  /**
   * @param {unknown} s
   * @returns {s is string}
   */
  function isUuid(s) {
    return typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s);
  }

  /**
   * The first of an array (0.9 forms), or the value itself.
   * @param {unknown} v
   * @returns {any} a value of the launch's JSON, checked by the caller
   */
  function first(v) { return Array.isArray(v) ? v[0] : v; }

  /** The launch actor as an xAPI 1.0.3 Agent with exactly one identifier, or
   * null. Accepts JSON text or an object, and the 0.9/0.95 forms LMSs still
   * send: arrays of values and account [{accountServiceHomePage, accountName}].
   * @param {unknown} value
   * @returns {XapiAgent | null}
   */
  function normaliseAgent(value) {
    /** @type {any} the launch's JSON, checked field by field */
    var a = value;
    if (typeof a === 'string') {
      try { a = JSON.parse(a); } catch (e) { return null; }
    }
    a = first(a);
    if (!a || typeof a !== 'object') return null;
    if (a.objectType && a.objectType !== 'Agent' && a.objectType !== 'Person') return null;
    /** @type {XapiAgent} */
    var out = { objectType: 'Agent' };
    var name = first(a.name);
    if (typeof name === 'string' && name) out.name = name;
    var mbox = first(a.mbox);
    var sha = first(a.mbox_sha1sum);
    var openid = first(a.openid);
    var account = first(a.account);
    if (typeof mbox === 'string' && mbox) {
      var address = mbox.replace(/^mailto:/i, '');
      if (!/^[^@\s]+@[^@\s]+$/.test(address)) return null;
      out.mbox = 'mailto:' + address;
    } else if (typeof sha === 'string' && sha) {
      if (!/^[0-9a-f]{40}$/i.test(sha)) return null;
      out.mbox_sha1sum = sha.toLowerCase();
    } else if (typeof openid === 'string' && openid) {
      if (!isIri(openid)) return null;
      out.openid = openid;
    } else if (account && typeof account === 'object') {
      var home = first(account.homePage) || first(account.accountServiceHomePage);
      var accountName = first(account.name) || first(account.accountName);
      if (typeof home !== 'string' || !isIri(home) || typeof accountName !== 'string' || !accountName) return null;
      out.account = { homePage: home, name: accountName };
    } else {
      return null;
    }
    return out;
  }

  /**
   * A key naming an agent by its identifier, for local storage keys.
   * @param {XapiAgent} agent
   */
  function agentKey(agent) {
    if (agent.mbox) return agent.mbox;
    if (agent.mbox_sha1sum) return 'sha1:' + agent.mbox_sha1sum;
    if (agent.openid) return agent.openid;
    return agent.account ? agent.account.homePage + '|' + agent.account.name : '';
  }

  /* A version 4 (random) UUID, RFC 4122 variant, lower case. The bytes come
   * from crypto.getRandomValues, which every browser the runtime can run in
   * has (it needs Promise and URL, which came years after it). */
  function uuid() {
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = '';
    for (var i = 0; i < 16; i++) {
      hex += (b[i] + 0x100).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
    }
    return hex;
  }

  /* ISO 8601 durations: PT1H2M3.45S, PT0S (the player's, shared with SCORM 2004). */
  var isoDuration = cp.lib.isoDuration;

  /**
   * UTC timestamp with milliseconds.
   * @param {number} ms
   */
  function timestamp(ms) { return new Date(ms).toISOString(); }

  /**
   * @param {string} lang
   * @param {unknown} text
   * @returns {XapiLangMap}
   */
  function langMap(lang, text) {
    /** @type {XapiLangMap} */
    var m = {};
    m[lang] = String(text);
    return m;
  }

  /**
   * Length of text in UTF-8 bytes.
   * @param {string} text
   */
  function byteLength(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  /** The score as xAPI wants it: scaled in -1..1, raw within min..max (min < max).
   * integerRaw (cmi5): raw, min and max only when raw is a whole number.
   * @param {Partial<CpScore> | null | undefined} score
   * @param {boolean} [integerRaw]
   * @returns {XapiScore | null}
   */
  function xapiScore(score, integerRaw) {
    if (!score || typeof score.scaled !== 'number' || !isFinite(score.scaled)) return null;
    /** @type {XapiScore} */
    var out = { scaled: Math.round(Math.max(-1, Math.min(1, score.scaled)) * 10000) / 10000 };
    var raw = score.raw, min = score.min, max = score.max;
    if (typeof raw === 'number' && typeof min === 'number' && typeof max === 'number' &&
        min < max && raw >= min && raw <= max && (!integerRaw || Math.floor(raw) === raw)) {
      out.raw = raw;
      out.min = min;
      out.max = max;
    }
    return out;
  }

  /** An ADL verb, displayed as its last segment (initialized, answered...).
   * @param {string} name */
  function verb(name) {
    return { id: VERBS + name, display: { 'en-US': name } };
  }

  /**
   * The question's data in #cp-data's quiz, by id.
   * @param {CpData} data
   * @param {string} id
   * @returns {QuizQuestion | null}
   */
  function findQuestion(data, id) {
    var list = data && data.quiz && Array.isArray(data.quiz.questions) ? data.quiz.questions : [];
    for (var i = 0; i < list.length; i++) if (list[i] && list[i].id === id) return list[i];
    return null;
  }

  /** @param {unknown} text */
  function plain(text) {
    return String(text == null ? '' : text).replace(/\s+/g, ' ').trim();
  }

  /** Component lists (choices, scale, source, target) of a cmi.interaction,
   * ids from the quiz's xAPI mapping, descriptions from the authored texts.
   * @param {string[]} ids
   * @param {unknown[]} texts
   * @param {string} lang
   * @returns {XapiComponent[]}
   */
  function components(ids, texts, lang) {
    /** @type {XapiComponent[]} */
    var list = [];
    for (var i = 0; i < ids.length; i++) {
      /** @type {XapiComponent} */
      var item = { id: String(ids[i]) };
      var text = plain(texts[i]);
      if (text) item.description = langMap(lang, text);
      list.push(item);
    }
    return list;
  }

  /**
   * Each item's `key` (an item that is not an object stands for itself).
   * @param {unknown} list
   * @param {string} key
   * @returns {unknown[]}
   */
  function pluck(list, key) {
    return (Array.isArray(list) ? list : []).map(function (x) { return x && typeof x === 'object' ? x[key] : x; });
  }

  /**
   * The activity definition of one answered question (type cmi.interaction),
   * or of a scenario's decision or ending: their records carry their own
   * choices (xapi.choices: [{id, text}]), and an ending its activity type
   * and name (xapi.activityType, xapi.name).
   * @param {CpAnswerRecord} record
   * @param {QuizQuestion | null} question
   * @param {string} lang
   * @returns {XapiDefinition}
   */
  function interactionDefinition(record, question, lang) {
    /** @type {Partial<CpInteractionReport>} */
    var xi = (record.interaction && record.interaction.xapi) || {};
    var type = String(xi.type || 'other');
    /** @type {XapiDefinition} */
    var def = { type: typeof xi.activityType === 'string' && isIri(xi.activityType) ? xi.activityType : ACTIVITIES + 'cmi.interaction', interactionType: type };
    var prompt = plain(xi.description);
    if (prompt) {
      def.name = langMap(lang, prompt.length > 120 ? prompt.slice(0, 119) + '\u2026' : prompt);
      def.description = langMap(lang, prompt);
    }
    if (plain(xi.name)) def.name = langMap(lang, plain(xi.name));
    /* the non-empty correct-response patterns */
    var patterns = (Array.isArray(xi.correctResponses) ? xi.correctResponses : []).filter(function (p) {
      return typeof p === 'string' && p !== '';
    });
    if (patterns.length) def.correctResponsesPattern = patterns;
    if (Array.isArray(xi.choices) && xi.choices.length) {
      def.choices = components(pluck(xi.choices, 'id').map(String), pluck(xi.choices, 'text'), lang);
      return def;
    }
    var map = question && question.interactions && question.interactions.xapi;
    /** @type {Partial<QuizResponseFormat>} */
    var f = (map && map.response) || {};
    if (!question) return def;
    if ((type === 'choice' || type === 'sequencing') && Array.isArray(f.ids) && f.ids.length) {
      def.choices = components(f.ids, pluck(question.options || question.items, 'text'), lang);
    } else if (type === 'likert' && Array.isArray(f.ids) && f.ids.length) {
      def.scale = components(f.ids, pluck(question.scale, 'text'), lang);
    } else if (type === 'matching' && Array.isArray(f.sources) && Array.isArray(f.targets)) {
      def.source = components(f.sources, pluck(question.pairs, 'left'), lang);
      def.target = components(f.targets, question.targets || [], lang);
    }
    return def;
  }

  /**
   * The result of one answered question.
   * @param {CpAnswerRecord} record
   * @param {boolean} [integerRaw]
   * @returns {XapiResult}
   */
  function answerResult(record, integerRaw) {
    /** @type {Partial<CpInteractionReport>} */
    var xi = (record.interaction && record.interaction.xapi) || {};
    /** @type {XapiResult} */
    var result = {};
    /* an empty response is never sent (a strict LRS refuses it): none is better than a blank one */
    if (typeof xi.learnerResponse === 'string' && xi.learnerResponse !== '') result.response = xi.learnerResponse;
    if (record.correct === true || record.correct === false) result.success = record.correct;
    if (xi.completion === true) result.completion = true;
    if (typeof record.score === 'number' && typeof record.maxScore === 'number' && record.maxScore > 0) {
      var score = xapiScore({ raw: record.score, min: 0, max: record.maxScore, scaled: record.score / record.maxScore }, integerRaw);
      if (score) result.score = score;
    }
    if (typeof record.latencySeconds === 'number' && record.latencySeconds >= 0) {
      result.duration = isoDuration(record.latencySeconds * 1000);
    }
    return result;
  }

  /* ---------- the LRS client ---------- */

  /** HTTP to the LRS: endpoint (ending in / after this), auth (the Authorization
   * value, verbatim, or '' for none). Resolves { status, text } for any HTTP
   * answer; rejects (with no details that could hold a credential) on network
   * failure or timeout.
   * @param {{ endpoint: string, auth?: string, env?: XapiEnv }} opts
   * @returns {XapiClient}
   */
  function createClient(opts) {
    var endpoint = String(opts.endpoint);
    if (endpoint.charAt(endpoint.length - 1) !== '/') endpoint += '/';
    var auth = opts.auth || '';
    var env = opts.env || root;
    var pageOrigin = env.location && env.location.origin;
    var sameOrigin = false;
    try { sameOrigin = new env.URL(endpoint, env.location.href).origin === pageOrigin; } catch (e) { sameOrigin = false; }

    /** @param {Record<string, string | null | undefined>} params */
    function query(params) {
      var parts = [];
      for (var k in params) {
        if (has(params, k) && params[k] !== undefined && params[k] !== null && params[k] !== '') {
          parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(params[k])));
        }
      }
      return parts.join('&');
    }

    /**
     * @param {string} path
     * @param {Record<string, string> | null} [params]
     */
    function url(path, params) {
      var q = query(params || {});
      return endpoint + path + (q ? (endpoint.indexOf('?') >= 0 ? '&' : '?') + q : '');
    }

    /** @param {boolean} json */
    function headers(json) {
      /** @type {Record<string, string>} */
      var h = { 'X-Experience-API-Version': XAPI_VERSION };
      if (json) h['Content-Type'] = 'application/json';
      if (auth) h.Authorization = auth;
      return h;
    }

    /**
     * @param {string} method
     * @param {string} path
     * @param {Record<string, string> | null} params
     * @param {XapiBody} [body]
     * @param {{ keepalive?: boolean, untimed?: boolean }} [options] untimed: never aborted by this page
     * @returns {Promise<XapiResponse>}
     */
    function request(method, path, params, body, options) {
      var opt = options || {};
      if (typeof env.fetch !== 'function') return Promise.reject(new Error('no fetch'));
      /** @type {RequestInit} */
      var init = { method: method, headers: headers(body !== undefined), cache: 'no-store', credentials: 'same-origin' };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      if (opt.keepalive) init.keepalive = true;
      /** @type {number | null} */
      var timer = null;
      var controller = !opt.untimed && typeof env.AbortController === 'function' ? new env.AbortController() : null;
      if (controller) init.signal = controller.signal;
      return new Promise(function (resolve, reject) {
        if (controller) {
          var aborter = controller;
          timer = env.setTimeout(function () { aborter.abort(); }, REQUEST_TIMEOUT);
        }
        var done = function () { if (timer !== null) env.clearTimeout(timer); };
        /** @type {Promise<Response>} */
        var sent;
        try { sent = env.fetch(url(path, params), init); } catch (e) { done(); reject(new Error('request not sent')); return; }
        Promise.resolve(sent).then(function (res) {
          return res.text().then(function (text) { done(); resolve({ status: res.status, text: text }); },
            function () { done(); resolve({ status: res.status, text: '' }); });
        }, function () { done(); reject(new Error('network error')); });
      });
    }

    /** The alternate request syntax (xAPI 1.0.3 communication 1.3): a form POST
     * carrying the headers, the parameters and the body, sent by sendBeacon.
     * True when the browser accepted it for sending.
     * @param {string} method
     * @param {string} path
     * @param {Record<string, string> | null} params
     * @param {XapiBody} [body]
     */
    function beacon(method, path, params, body) {
      var nav = env.navigator;
      if (!nav || typeof nav.sendBeacon !== 'function') return false;
      var form = query(params || {});
      /** @type {Record<string, string>} */
      var fields = { 'X-Experience-API-Version': XAPI_VERSION, 'Content-Type': 'application/json' };
      if (auth) fields.Authorization = auth;
      if (body !== undefined) fields.content = typeof body === 'string' ? body : JSON.stringify(body);
      form = query(fields) + (form ? '&' + form : '');
      var blob = typeof env.Blob === 'function'
        ? new env.Blob([form], { type: 'application/x-www-form-urlencoded' }) : form;
      try {
        return nav.sendBeacon(endpoint + path + '?method=' + method, blob) === true;
      } catch (e) { return false; }
    }

    /** Bytes of keepalive requests this page started and that have not settled. */
    var keepaliveInFlight = 0;

    /** A request that outlives the page: keepalive on the same origin while
     * the browser's keepalive budget (64 KiB in flight per page) has room,
     * the beacon otherwise. Exactly one request: a keepalive request that
     * fails is not sent again as a beacon (it may have reached the LRS; the
     * queue verifies before sending again). Resolves true when the LRS
     * confirmed, false when it answered with an error, 'sent' when no answer
     * came: a beacon, or a keepalive fetch that rejects (as Chromium rejects
     * it when the page unloads, while the request goes on to the LRS), so the
     * next page asks the LRS before sending it again.
     * @param {string} method
     * @param {string} path
     * @param {Record<string, string> | null} params
     * @param {XapiBody} body
     * @returns {Promise<XapiLastResult>}
     */
    function lastRequest(method, path, params, body) {
      var text = typeof body === 'string' ? body : JSON.stringify(body);
      var bytes = byteLength(text);
      if (sameOrigin && typeof env.fetch === 'function' && keepaliveInFlight + bytes <= KEEPALIVE_BYTES) {
        keepaliveInFlight += bytes;
        var done = function () { keepaliveInFlight -= bytes; };
        return request(method, path, params, text, { keepalive: true, untimed: true }).then(function (res) {
          done();
          return res.status >= 200 && res.status < 300;
        }, function () {
          done();
          return /** @type {XapiLastResult} */ ('sent');
        });
      }
      return Promise.resolve(beacon(method, path, params, text) ? 'sent' : false);
    }

    /** A batch of the queue. Sent keepalive while the budget has room, so
     * that a request on its way when the learner leaves still reaches the LRS
     * (a normal request is cut short with the page), ahead of the last
     * request that follows it: statements are stored in the order made.
     * @param {XapiStatement[]} list
     * @returns {Promise<XapiResponse>}
     */
    function postStatements(list) {
      var text = JSON.stringify(list);
      var bytes = byteLength(text);
      if (!sameOrigin || keepaliveInFlight + bytes > KEEPALIVE_BYTES) return request('POST', 'statements', null, text);
      keepaliveInFlight += bytes;
      return request('POST', 'statements', null, text, { keepalive: true }).then(function (res) {
        keepaliveInFlight -= bytes;
        return res;
      }, function (err) {
        keepaliveInFlight -= bytes;
        throw err;
      });
    }

    return {
      sameOrigin: sameOrigin,
      lastRequest: lastRequest,
      postStatements: postStatements,
      getStatement: function (id) { return request('GET', 'statements', { statementId: id }); },
      getState: function (activityId, agent, registration, stateId) {
        return request('GET', 'activities/state', {
          activityId: activityId, agent: JSON.stringify(agent), registration: registration, stateId: stateId
        });
      },
      putState: function (activityId, agent, registration, stateId, doc, last) {
        var params = { activityId: activityId, agent: JSON.stringify(agent), registration: registration, stateId: stateId };
        if (last) return lastRequest('PUT', 'activities/state', params, doc);
        return request('PUT', 'activities/state', params, doc).then(function (res) {
          return res.status >= 200 && res.status < 300;
        }, function () { return false; });
      },
      getAgentProfile: function (agent, profileId) {
        return request('GET', 'agents/profile', { agent: JSON.stringify(agent), profileId: profileId });
      }
    };
  }

  /**
   * fn(), tried up to `tries` times while it rejects, waiting `gap` ms
   * before the second try and twice as long before each next one.
   * @template T
   * @param {() => Promise<T>} fn
   * @param {number} tries
   * @param {number} gap
   * @param {XapiEnv} [env] whose setTimeout to wait with
   * @returns {Promise<T>}
   */
  function retry(fn, tries, gap, env) {
    var timers = env || root;
    return fn().then(null, function (err) {
      if (tries <= 1) throw err;
      return new Promise(function (resolve) { timers.setTimeout(resolve, gap); }).then(function () {
        return retry(fn, tries - 1, gap * 2, env);
      });
    });
  }

  /**
   * The newer of two state documents by `seq` (`a` on a tie); anything that
   * is not an object counts as none.
   * @param {unknown} a
   * @param {unknown} b
   * @returns {XapiStateDoc | null}
   */
  function newerState(a, b) {
    var x = a && typeof a === 'object' ? /** @type {XapiStateDoc} */ (a) : null;
    var y = b && typeof b === 'object' ? /** @type {XapiStateDoc} */ (b) : null;
    return x && y ? ((+y.seq || 0) > (+x.seq || 0) ? y : x) : x || y;
  }

  /**
   * One read of the learner's saved state (both documents, see STATE_ID):
   * the newer one, null when there is none; rejects when the LRS cannot say.
   * @param {XapiClient} client
   * @param {string} activityId
   * @param {XapiAgent} agent
   * @param {string} registration
   * @returns {Promise<XapiStateDoc | null>}
   */
  function readSavedState(client, activityId, agent, registration) {
    /** @param {string} id */
    function one(id) {
      return client.getState(activityId, agent, registration, id).then(function (res) {
        if (res.status === 404) return null;
        if (res.status >= 200 && res.status < 300) {
          try { return /** @type {unknown} */ (JSON.parse(res.text)); } catch (e) { return null; }
        }
        throw new Error('HTTP ' + res.status);
      });
    }
    return Promise.all([one(STATE_ID), one(LAST_STATE_ID)]).then(function (docs) { return newerState(docs[0], docs[1]); });
  }

  /* ---------- the statement queue ---------- */

  /** @param {number} status */
  function retryable(status) {
    return status === 0 || status === 401 || status === 403 || status === 408 || status === 429 || status >= 500;
  }

  /**
   * Statements waiting for the LRS, in order, sent one request at a time.
   *
   * A request whose answer the page never saw (the page went away while it
   * was on its way: a request that outlives the page, or a normal one cut
   * short) may or may not have reached the LRS. Such requests are kept on the
   * device as `unanswered` ({ ids, at }) and, before any of their statements
   * is sent again, the next queue asks the LRS whether it has them (GET
   * statements?statementId=, one id per request: the LRS stores a batch whole
   * or not at all). Stored: they leave the queue, never sent twice. Not
   * stored: they are sent again, once the request could no longer be on its
   * way (VERIFY_WINDOW after it left). The LRS cannot say (it refuses the
   * read): they are sent again, and the LRS ignores a statement id it holds.
   *
   * opts: client, store ({ load() -> list, save(list), loadUnanswered?() ->
   * list, saveUnanswered?(list) }), env (setTimeout, clearTimeout), warn(text),
   * now() (ms; Date.now by default).
   * @param {{ client: XapiClient, store: XapiQueueStore, env?: XapiEnv, warn?: (text: string) => void, now?: () => number }} opts
   * @returns {XapiQueue}
   */
  function createQueue(opts) {
    var env = opts.env || root;
    var now = opts.now || Date.now;
    /** @type {XapiStatement[]} */
    var items = [];
    var sending = false;
    /** @type {number | null} */
    var timer = null;
    var attempt = 0;
    var batchSize = MAX_BATCH;
    /** @type {Array<(ok: boolean) => void>} */
    var waiters = [];
    var refused = 0;
    var stopped = false;
    /** @type {Record<string, boolean>} ids a request of this page is carrying, or carried as the page went away */
    var outstanding = {};
    /** @type {Record<string, boolean>} ids a last request (sendLast) of this page carried */
    var sentLast = {};
    /** @type {XapiUnanswered[]} requests whose answer no page saw, oldest first */
    var unanswered = [];

    var saved = opts.store.load();
    if (Array.isArray(saved)) items = saved.filter(function (s) { return s && typeof s === 'object' && isUuid(s.id); });
    var kept = opts.store.loadUnanswered ? opts.store.loadUnanswered() : null;
    if (Array.isArray(kept)) {
      unanswered = kept.filter(function (r) {
        return r && Array.isArray(r.ids) && r.ids.length && r.ids.every(isUuid) && typeof r.at === 'number';
      });
    }

    function persist() { opts.store.save(items); }

    function persistUnanswered() { if (opts.store.saveUnanswered) opts.store.saveUnanswered(unanswered.slice()); }

    /**
     * A request is leaving: until its answer comes, it counts as unanswered
     * (on the device, for the next page, should this one go away first).
     * @param {XapiStatement[]} batch
     * @returns {XapiUnanswered}
     */
    function leaving(batch) {
      /** @type {XapiUnanswered} */
      var request = { ids: batch.map(function (st) { return st.id; }), at: now() };
      request.ids.forEach(function (id) { outstanding[id] = true; });
      unanswered.push(request);
      persistUnanswered();
      return request;
    }

    /**
     * The answer came (whatever it said): the request is no longer unanswered.
     * @param {XapiUnanswered} request
     */
    function answered(request) {
      request.ids.forEach(function (id) { delete outstanding[id]; });
      unanswered = unanswered.filter(function (r) { return r !== request; });
      persistUnanswered();
    }

    /** @param {boolean} ok */
    function settle(ok) {
      var list = waiters.splice(0);
      list.forEach(function (fn) { fn(ok); });
    }

    /** @param {string[]} ids */
    function removeIds(ids) {
      /** @type {Record<string, boolean>} */
      var gone = {};
      ids.forEach(function (id) { gone[id] = true; });
      items = items.filter(function (s) { return !gone[s.id]; });
      persist();
    }

    /** @param {XapiStatement[]} batch */
    function remove(batch) {
      removeIds(batch.map(function (s) { return s.id; }));
    }

    /**
     * Tries again later. A failure (the LRS down or refusing for now) settles
     * what flush() waits for with false; a check that waits for an earlier
     * page's request to land is no failure, so flush() goes on waiting (at
     * most VERIFY_WINDOW after that request left).
     * @param {number} [delay] ms; the back-off when not given
     * @param {boolean} [waiting] true: only waiting, not a failure
     */
    function schedule(delay, waiting) {
      var wait = typeof delay === 'number' ? delay : Math.min(RETRY_MAX, RETRY_FIRST * Math.pow(2, attempt));
      attempt++;
      if (timer !== null) env.clearTimeout(timer);
      timer = env.setTimeout(function () { timer = null; kick(); }, wait);
      if (!waiting) settle(false);
    }

    /**
     * The first request an earlier page left unanswered whose statements are
     * still queued (those whose statements all left the queue are forgotten).
     * @returns {XapiUnanswered | null}
     */
    function firstUnanswered() {
      /** @type {Record<string, boolean>} */
      var queued = {};
      items.forEach(function (st) { queued[st.id] = true; });
      var before = unanswered.length;
      unanswered = unanswered.filter(function (r) {
        return r.ids.some(function (id) { return queued[id]; }) || r.ids.some(function (id) { return outstanding[id]; });
      });
      if (unanswered.length !== before) persistUnanswered();
      for (var i = 0; i < unanswered.length; i++) {
        if (!unanswered[i].ids.some(function (id) { return outstanding[id]; })) return unanswered[i];
      }
      return null;
    }

    /**
     * True when an answer to GET statements?statementId=`id` holds that
     * statement: the statement itself, or (as some LRSs answer an id they do
     * not have) a StatementResult, which must list it.
     * @param {string} text
     * @param {string} id
     */
    function holds(text, id) {
      try {
        var body = JSON.parse(text);
        if (body && body.id === id) return true;
        return Boolean(body && Array.isArray(body.statements) && body.statements.some(function (/** @type {{ id?: unknown }} */ st) {
          return st && st.id === id;
        }));
      } catch (e) { return false; }
    }

    /**
     * Asks the LRS whether it stored an unanswered request of an earlier page.
     * @param {XapiUnanswered} request
     */
    function verify(request) {
      sending = true;
      var probe = request.ids[request.ids.length - 1];
      opts.client.getStatement(probe).then(function (res) {
        sending = false;
        var ok = res.status >= 200 && res.status < 300;
        if (ok && !holds(res.text, probe)) res = { status: 404, text: '' };
        if (ok && res.status !== 404) {
          answered(request);
          removeIds(request.ids);
          attempt = 0;
          kick();
        } else if (res.status === 404 && now() - request.at < VERIFY_WINDOW) {
          /* it may still be on its way: ask again a little later */
          schedule(Math.min(VERIFY_WINDOW - (now() - request.at), RETRY_FIRST * Math.pow(2, attempt)), true);
        } else if (res.status === 404 || !retryable(res.status) || res.status === 401 || res.status === 403) {
          /* not stored, or the LRS will not say: send it again */
          answered(request);
          attempt = 0;
          kick();
        } else {
          schedule();
        }
      }, function () {
        sending = false;
        schedule();
      });
    }

    function kick() {
      if (sending || timer !== null || stopped) return;
      if (!items.length) { settle(true); return; }
      var check = firstUnanswered();
      if (check) { verify(check); return; }
      var batch = items.filter(function (st) { return !outstanding[st.id]; }).slice(0, batchSize);
      if (!batch.length) { settle(true); return; }
      sending = true;
      var request = leaving(batch);
      opts.client.postStatements(batch).then(function (res) {
        sending = false;
        answered(request);
        if (res.status >= 200 && res.status < 300) {
          remove(batch);
          attempt = 0;
          if (batchSize === 1 && !items.length) batchSize = MAX_BATCH;
          kick();
        } else if (retryable(res.status)) {
          schedule();
        } else if (batch.length > 1) {
          batchSize = 1;       /* find the statement the LRS refuses; send the others */
          kick();
        } else {
          refused++;
          if (opts.warn) opts.warn('the LRS refused statement ' + batch[0].id + ' (HTTP ' + res.status + ')');
          remove(batch);
          kick();
        }
      }, function () {
        sending = false;
        answered(request);
        schedule();
      });
    }

    return {
      push: function (statement) {
        items.push(statement);
        persist();
        kick();
      },
      /* Send now, ignoring the back-off. Resolves true once the queue is
       * empty, false at the next failure (waiting to learn whether an earlier
       * page's request landed is no failure). */
      flush: function () {
        return new Promise(function (resolve) {
          waiters.push(resolve);
          if (timer !== null) { env.clearTimeout(timer); timer = null; }
          kick();
        });
      },
      /* The page is going away: no normal request starts any more (what is
       * queued next goes in sendLast's request). */
      stop: function () {
        stopped = true;
        if (timer !== null) { env.clearTimeout(timer); timer = null; }
      },
      /* The page is going away: what is queued (what a normal request of this
       * page still carries included) goes in one request that outlives the
       * page, as much as fits the keepalive budget, oldest first. Calling it
       * again sends nothing twice. The local copy is removed only when the LRS
       * confirms; until then the request counts as unanswered. */
      sendLast: function () {
        stopped = true;
        if (timer !== null) { env.clearTimeout(timer); timer = null; }
        /* Skipped: what an earlier sendLast of this page carried. What a
         * normal request of this page still carries goes again, in order,
         * before what follows it: two requests in flight reach the LRS in no
         * set order (a browser may even send a keepalive request again after
         * the page unloads), so terminated must travel with the statements
         * before it; the LRS ignores a statement id it already holds. What an
         * earlier page left unanswered and this one has not verified yet goes
         * now too, for the same reason. */
        var skip = sentLast;
        /** @type {XapiStatement[]} */
        var batch = [];
        var size = 2;
        for (var i = 0; i < items.length && batch.length < MAX_BATCH; i++) {
          if (skip[items[i].id]) continue;
          var n = byteLength(JSON.stringify(items[i])) + 1;
          if (batch.length && size + n > KEEPALIVE_BYTES) break;
          batch.push(items[i]);
          size += n;
        }
        if (!batch.length) return Promise.resolve(true);
        batch.forEach(function (st) { sentLast[st.id] = true; });
        var request = leaving(batch);
        return opts.client.lastRequest('POST', 'statements', null, batch).then(function (ok) {
          if (ok === true) { answered(request); remove(batch); }
          else if (ok === false) answered(request);
          return ok;
        });
      },
      /* Retry at once (the browser says it is online again). */
      retryNow: function () {
        if (timer !== null) { env.clearTimeout(timer); timer = null; }
        kick();
      },
      pending: function () { return items.slice(); },
      refused: function () { return refused; }
    };
  }

  /** A JSON value kept in a Storage (localStorage, sessionStorage) under key;
   * reads and writes never throw.
   * @param {() => Storage} getStorage
   * @param {string} key
   * @returns {XapiStoredValue}
   */
  function storedValue(getStorage, key) {
    function storage() { try { return getStorage(); } catch (e) { return null; } }
    return {
      load: function () {
        var s = storage();
        if (!s) return null;
        try {
          var text = s.getItem(key);
          return text ? JSON.parse(text) : null;
        } catch (e) { return null; }
      },
      save: function (value) {
        var s = storage();
        if (!s) return false;
        try {
          if (value === null || value === undefined || (Array.isArray(value) && !value.length)) s.removeItem(key);
          else s.setItem(key, JSON.stringify(value));
          return true;
        } catch (e) { return false; }
      }
    };
  }

  /* ---------- the tracker: player events to statements ---------- */

  /** cfg:
   *   client, actor, registration (or ''), activityId (object of the module-level
   *   statements), stateActivityId (State API key), lang, data (#cp-data),
   *   objectDefinition (optional definition of the module-level object),
   *   questionPrefix, pagePrefix (IRIs followed by the question / page id),
   *   context(kind, verb) -> the context of a statement: kind is 'module' (the
   *                      verbs of the module's life: initialized, completed,
   *                      passed, failed, terminated), 'progress' (progressed,
   *                      about the module) or 'item' (pages and questions)
   *   policy          -> { tracking: bool (send answered/experienced/completed/passed/failed),
   *                        integerRaw: bool, progressed: bool,
   *                        verdict(summary, reported, session) -> null | { passed, score, extensions? },
   *                        onDefined(verbName) (optional; cmi5 session bookkeeping) }
   *   sessionStart    -> ms the session started (durations)
   *   local           -> storedValue for { queue, reported, unsaved }
   *   env, warn
   * @param {XapiTrackerConfig} cfg
   * @returns {XapiTracker}
   */
  function createTracker(cfg) {
    var env = cfg.env || root;
    var policy = cfg.policy;
    var lang = cfg.lang;
    /** @type {{ reported?: XapiReported, unsaved?: XapiStateDoc | null, queue?: XapiStatement[], unanswered?: unknown }} what the device kept */
    var record = cfg.local.load() || {};
    if (!record || typeof record !== 'object') record = {};
    /** @type {XapiReported} */
    var reported = record.reported && typeof record.reported === 'object' ? record.reported : {};
    /** @type {XapiStateDoc | null} the last state document the LRS has not confirmed */
    var unsaved = record.unsaved || null;
    /** the `seq` of the newest state document read or written (see STATE_ID) */
    var seq = unsaved && +unsaved.seq || 0;
    /** @type {XapiStatement[]} */
    var queueList = Array.isArray(record.queue) ? record.queue : [];
    /** @type {unknown} requests whose answer no page saw (the queue checks what it reads) */
    var unansweredList = record.unanswered;
    var lastProgress = -1;
    var remoteUnknown = false;
    /** @type {Promise<XapiLastResult>} */
    var stateChain = Promise.resolve(/** @type {XapiLastResult} */ (true));
    var ended = false;
    /** @type {XapiStateDoc | null} the final state of an explicit exit, until the LRS confirms it */
    var finalDoc = null;

    /** @param {XapiStatement[]} [queue] */
    function persist(queue) {
      if (queue) queueList = queue;
      cfg.local.save({ queue: queueList, reported: reported, unsaved: unsaved, unanswered: unansweredList });
    }

    var queue = createQueue({
      client: cfg.client,
      env: env,
      warn: cfg.warn,
      store: {
        load: function () { return queueList; },
        save: function (list) { persist(list.slice()); },
        loadUnanswered: function () { return unansweredList; },
        saveUnanswered: function (list) { unansweredList = list; persist(); }
      }
    });

    function now() { return Date.now(); }

    function duration() { return isoDuration(now() - cfg.sessionStart); }

    var lastMade = 0;

    /** A statement, queued. `when` (an answer's time) is kept unless it is
     * before the last statement made (an answer given before the session
     * started): timestamps never go back in the order statements are sent.
     * @param {string} verbName
     * @param {XapiActivity} object
     * @param {XapiResult | null} result
     * @param {XapiContext} context
     * @param {string} [when]
     * @returns {XapiStatement}
     */
    function make(verbName, object, result, context, when) {
      var at = typeof when === 'string' && !isNaN(Date.parse(when)) ? Date.parse(when) : now();
      lastMade = Math.max(lastMade, at);
      /** @type {XapiStatement} */
      var st = {
        id: uuid(),
        actor: cfg.actor,
        verb: verb(verbName),
        object: object,
        context: context,
        timestamp: timestamp(lastMade)
      };
      if (result) st.result = result;
      queue.push(st);
      return st;
    }

    /** @returns {XapiActivity} */
    function moduleObject() {
      /** @type {XapiActivity} */
      var o = { objectType: 'Activity', id: cfg.activityId };
      if (cfg.objectDefinition) o.definition = cfg.objectDefinition;
      return o;
    }

    /**
     * @param {string} verbName
     * @param {XapiResult | null} result
     */
    function defined(verbName, result) {
      var st = make(verbName, moduleObject(), result, cfg.context('module', verbName));
      if (policy.onDefined) policy.onDefined(verbName);
      return st;
    }

    /**
     * @param {string} stateText
     * @param {CpSummary | null} summary
     * @returns {XapiStateDoc}
     */
    function stateDoc(stateText, summary) {
      /** @type {Record<string, unknown>} */
      var values = {};
      try { values = JSON.parse(stateText || '{}') || {}; } catch (e) { values = {}; }
      return {
        version: 1,
        seq: ++seq,
        bookmark: summary ? summary.location : typeof values.loc === 'string' ? values.loc : '',
        state: values,
        reported: reported,
        updated: timestamp(now())
      };
    }

    /**
     * The statements the summary has earned and not yet been made.
     * @param {CpSummary} summary
     */
    function milestones(summary) {
      if (!policy.tracking || !summary || ended) return;
      var changed = false;
      if (summary.completed && !reported.completed) {
        reported.completed = true;
        changed = true;
        defined('completed', { completion: true, duration: duration() });
      }
      var verdict = policy.verdict(summary, reported);
      if (verdict) {
        /** @type {XapiResult} */
        var result = { success: verdict.passed, duration: duration() };
        var score = xapiScore(verdict.score, policy.integerRaw);
        if (score) result.score = score;
        reported.score = verdict.key;
        if (verdict.passed) reported.passed = true;
        else reported.failed = true;
        changed = true;
        var verdictVerb = verdict.passed ? 'passed' : 'failed';
        var context = cfg.context('module', verdictVerb);
        if (verdict.extensions) context.extensions = mergeObjects(context.extensions, verdict.extensions);
        make(verdictVerb, moduleObject(), result, context);
        if (policy.onDefined) policy.onDefined(verdictVerb);
      }
      if (changed) persist();
    }

    /**
     * @param {XapiStateDoc} doc
     * @param {boolean} [last] the page is going away
     * @returns {Promise<XapiLastResult>}
     */
    function putState(doc, last) {
      unsaved = doc;
      persist();
      if (remoteUnknown && last) return Promise.resolve(false); /* kept on the device for the next launch */
      if (remoteUnknown) {
        /* the saved state could not be read at start: never overwrite a
         * document we have not seen */
        return readSavedState(cfg.client, cfg.stateActivityId, cfg.actor, cfg.registration).then(function (saved) {
          if (saved) return false;
          remoteUnknown = false;
          return putState(doc);
        }, function () { return false; });
      }
      var id = last ? LAST_STATE_ID : STATE_ID;
      return cfg.client.putState(cfg.stateActivityId, cfg.actor, cfg.registration, id, doc, last).then(function (ok) {
        if (ok === true && unsaved === doc) { unsaved = null; persist(); }
        return ok;
      });
    }

    /** @returns {Promise<{ doc: XapiStateDoc | null, known: boolean }>} */
    function readState() {
      return retry(function () {
        return readSavedState(cfg.client, cfg.stateActivityId, cfg.actor, cfg.registration);
      }, 3, 500, env).then(function (doc) { return { doc: doc, known: true }; },
        function () { return { doc: null, known: false }; });
    }

    if (env.addEventListener) {
      env.addEventListener('online', function () { if (!ended) queue.retryNow(); });
      /* after an explicit exit the page may still be closed before a slow or
       * failing LRS has everything: send the rest (the final state, the
       * statements) in requests that outlive it */
      env.addEventListener('pagehide', function () {
        if (!ended) return;
        var doc = finalDoc;
        finalDoc = null;
        if (doc) putState(doc, true);
        if (queue.pending().length) queue.sendLast();
      });
      /* a page the back/forward cache brings back after its session ended
       * (terminated sent on pagehide, or after Finish) would let the learner
       * work on with nothing tracked: it loads again instead, exactly as
       * without that cache (xapi: a new session; cmi5: the ended page) */
      env.addEventListener('pageshow', function (ev) {
        if (ended && ev && ev.persisted && env.location && typeof env.location.reload === 'function') env.location.reload();
      });
    }

    return {
      queue: queue,
      reported: function () { return reported; },
      /* Reads the saved state: { state: string|null, entry, location }. A
       * state this device could not save last time wins over the LRS's copy
       * unless the LRS holds a newer one (saved later, from another device). */
      resume: function (options) {
        return readState().then(function (read) {
          remoteUnknown = !read.known;
          var doc = read.doc;
          if (unsaved && unsaved.state && newerState(unsaved, doc) === unsaved) doc = unsaved;
          else unsaved = null;
          seq = Math.max(seq, doc && +doc.seq || 0);
          if (doc && doc.reported && typeof doc.reported === 'object') {
            for (var k in doc.reported) if (has(doc.reported, k) && !has(reported, k)) reported[k] = doc.reported[k];
          }
          persist();
          if (unsaved && !(options && options.readOnly)) putState(unsaved);
          if (!doc || !doc.state || typeof doc.state !== 'object') return { state: null, entry: 'ab-initio' };
          return { state: JSON.stringify(doc.state), entry: 'resume', location: doc.bookmark || undefined };
        });
      },
      defined: defined,
      duration: duration,
      milestones: milestones,
      page: function (pageId, summary) {
        if (!policy.tracking || ended) return;
        make('experienced', {
          objectType: 'Activity',
          id: cfg.pagePrefix + encodeURIComponent(pageId),
          definition: { type: PAGE_TYPE, name: langMap(lang, pageTitle(cfg.data, pageId)) }
        }, null, cfg.context('item'));
        if (policy.progressed && summary && !summary.completed && !reported.completed) {
          var p = Math.max(0, Math.min(99, Math.floor((summary.progress || 0) * 100)));
          if (p > lastProgress) {
            lastProgress = p;
            /** @type {Record<string, unknown>} */
            var ext = {};
            ext['https://w3id.org/xapi/cmi5/result/extensions/progress'] = p;
            make('progressed', moduleObject(), { extensions: ext }, cfg.context('progress'));
          }
        }
        milestones(summary);
      },
      answer: function (rec) {
        if (!policy.tracking || ended || !rec || !rec.interaction || !rec.interaction.xapi) return;
        var q = findQuestion(cfg.data, rec.questionId);
        var xi = rec.interaction.xapi;
        var when = typeof rec.timestamp === 'string' && /Z$/.test(rec.timestamp) ? rec.timestamp : undefined;
        /* a scenario's records name their activity (and parent) by a path under the module's */
        var context = cfg.context('item');
        if (xi.parent && typeof xi.parent.activity === 'string') {
          /** @type {Record<string, XapiActivity[]>} */
          var activities = context.contextActivities = context.contextActivities || {};
          /** @type {XapiActivity} */
          var parent = { objectType: 'Activity', id: itemBase(cfg) + xi.parent.activity };
          /** @type {XapiDefinition} */
          var about = {};
          if (typeof xi.parent.type === 'string' && isIri(xi.parent.type)) about.type = xi.parent.type;
          if (plain(xi.parent.name)) about.name = langMap(lang, plain(xi.parent.name));
          if (about.type || about.name) parent.definition = about;
          activities.parent = [parent].concat(Array.isArray(activities.parent) ? activities.parent : []);
        }
        make('answered', {
          objectType: 'Activity',
          id: typeof xi.activity === 'string' && xi.activity
            ? itemBase(cfg) + xi.activity
            : cfg.questionPrefix + encodeURIComponent(String(xi.id || rec.questionId)),
          definition: interactionDefinition(rec, q, lang)
        }, answerResult(rec, policy.integerRaw), context, when);
      },
      /* `last`: the document goes in a request that outlives the page (the
       * learner may leave before a normal request is answered) */
      save: function (stateText, summary, readOnly, last) {
        milestones(summary);
        if (readOnly || ended) return Promise.resolve(true);
        var doc = stateDoc(stateText, summary);
        stateChain = stateChain.then(function () { return putState(doc, last); }, function () { return putState(doc, last); });
        return stateChain.then(function (ok) { return ok === true; });
      },
      /* The session ends: the final statements are already queued. An explicit
       * exit sends normally and resolves true when the LRS has everything (false
       * at the first failure; retries go on); leaving the page sends whatever
       * is left in requests that outlive it. */
      end: function (stateText, summary, reason, readOnly) {
        ended = true;
        var doc = readOnly ? null : stateDoc(stateText, summary);
        if (reason !== 'explicit') {
          if (doc) putState(doc, true);
          return queue.sendLast();
        }
        /* the page stays: keep retrying; if it goes (returnURL, closed), the
         * pagehide listener above sends what is left */
        if (!doc) return Promise.resolve(true).then(function () { return queue.flush(); });
        /** @type {XapiStateDoc} */
        var final = doc;
        finalDoc = doc;
        unsaved = doc; /* the device keeps it until the LRS has it, even if the page goes first */
        persist();
        return stateChain.then(function () { return putState(final); }).then(function (ok) {
          if (ok === true && finalDoc === final) finalDoc = null;
          return queue.flush();
        });
      }
    };
  }

  /* ---------- the adapter both runtimes register ---------- */

  /** The adapter object of ADAPTERS.md, the same for xapi and cmi5: it takes
   * the LMS profile's state limit, forwards the player's calls to the tracker
   * the runtime sets up, and on finish queues what the summary earned, then
   * terminated, and ends the session. spec:
   *   name
   *   start(ctx, use) -> what the adapter's start returns; calls
   *                      use(tracker, readOnly) once the tracker exists
   *                      (use(null) when the launch fails)
   *   afterFinish(ending, reason) optional; ending: the promise of tracker.end
   * @param {XapiAdapterSpec} spec
   * @returns {CpAdapter}
   */
  function createAdapter(spec) {
    /** @type {XapiTracker | null} */
    var tracker = null;
    var readOnly = false;
    /** @type {CpAdapter} */
    var adapter = {
      name: spec.name,
      start: function (ctx) {
        var lms = ctx.data.lms;
        if (lms && typeof lms.maxStateLength === 'number' && lms.maxStateLength > 0) adapter.maxStateLength = lms.maxStateLength;
        return spec.start(ctx, function (t, ro) { tracker = t; readOnly = !!ro; });
      },
      save: function (state, summary) {
        return tracker ? tracker.save(state, summary, readOnly) : false;
      },
      recordInteraction: function (record) {
        if (tracker) tracker.answer(record);
      },
      page: function (pageId, summary) {
        if (tracker) tracker.page(pageId, summary);
      },
      finish: function (state, summary, reason) {
        if (!tracker) return;
        /* the page is going away: what is made now goes only in the request
         * that outlives it, never in a normal one the browser would cut */
        if (reason !== 'explicit') tracker.queue.stop();
        tracker.milestones(summary);
        tracker.defined('terminated', { duration: tracker.duration() });
        var ending = tracker.end(state, summary, reason, readOnly);
        if (spec.afterFinish) spec.afterFinish(ending, reason);
      }
    };
    return adapter;
  }

  /** The tracker settings every launch gives the same way (createTracker's
   * cfg): launch = { actor, registration, activityId }; the State API
   * document is kept on the launch activity.
   * @param {XapiLaunchBasics} launch
   * @param {XapiClient} client
   * @param {CpData} data
   * @param {XapiStoredValue} local
   */
  function trackerBasics(launch, client, data, local) {
    return {
      client: client,
      actor: launch.actor,
      registration: launch.registration,
      activityId: launch.activityId,
      stateActivityId: launch.activityId,
      lang: data.module.language,
      data: data,
      local: local,
      warn: warn
    };
  }

  /**
   * The base of the module's item activities (pages, scenarios): the page
   * prefix without its last segment, ending in '/'.
   * @param {{ pagePrefix: string }} cfg
   */
  function itemBase(cfg) {
    return String(cfg.pagePrefix).replace(/page\/$/, '');
  }

  /** The prefix of the question activities: #cp-data.activity's when it is
   * an IRI prefix, else base + '/question/'.
   * @param {CpActivityData | null | undefined} activity
   * @param {string} base
   */
  function questionPrefix(activity, base) {
    var declared = activity && activity.questionPrefix;
    return typeof declared === 'string' && isIri(declared + 'x') ? declared : base + '/question/';
  }

  /**
   * The keys of a, then those of b that a does not have (a shallow merge where a wins).
   * @template {object} A
   * @template {object} B
   * @param {A | null | undefined} a
   * @param {B | null | undefined} b
   * @returns {A & B}
   */
  function mergeObjects(a, b) {
    /** @type {Record<string, unknown>} */
    var out = {};
    var k;
    /** @type {Record<string, unknown>} */
    var from = a || {};
    for (k in from) if (has(from, k)) out[k] = from[k];
    from = b || {};
    for (k in from) if (has(from, k) && !has(out, k)) out[k] = from[k];
    return /** @type {A & B} */ (out);
  }

  /**
   * @param {CpData} data
   * @param {string} pageId
   */
  function pageTitle(data, pageId) {
    var pages = data && data.module && data.module.pages ? data.module.pages : [];
    for (var i = 0; i < pages.length; i++) if (pages[i].id === pageId) return pages[i].title || pageId;
    return pageId;
  }

  /** @param {string} text */
  function warn(text) {
    if (root.console && root.console.warn) root.console.warn('coursepack xAPI: ' + text);
  }

  cp.xapi = {
    ACTIVITIES: ACTIVITIES,
    STATE_ID: STATE_ID,
    readSavedState: readSavedState,
    parseQuery: parseQuery,
    isIri: isIri,
    isUuid: isUuid,
    normaliseAgent: normaliseAgent,
    agentKey: agentKey,
    uuid: uuid,
    isoDuration: isoDuration,
    langMap: langMap,
    xapiScore: xapiScore,
    interactionDefinition: interactionDefinition,
    answerResult: answerResult,
    mergeObjects: mergeObjects,
    createClient: createClient,
    createQueue: createQueue,
    retry: retry,
    storedValue: storedValue,
    createTracker: createTracker,
    createAdapter: createAdapter,
    questionPrefix: questionPrefix,
    trackerBasics: trackerBasics,
    warn: warn
  };
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
