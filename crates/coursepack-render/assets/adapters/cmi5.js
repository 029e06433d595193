// @ts-check
/* coursepack cmi5 adapter: a cmi5 (Quartz) Assignable Unit over the shared
 * core in xapi-core.js; implements the adapter interface in ADAPTERS.md.
 *
 * Launch sequence (standards.md 4.2):
 * 1. index.html?endpoint=&fetch=&actor=&registration=&activityId=, every
 *    parameter required and checked;
 * 2. POST to the fetch URL once for the auth token. The token is kept in
 *    sessionStorage under the fetch URL (cmi5 best practice), so a reload of
 *    the same launch goes on with it; it is never logged and never put in
 *    localStorage;
 * 3. GET the State API document LMS.LaunchData (contextTemplate, launchMode,
 *    masteryScore, returnURL), read only, never written (its moveOn is the
 *    LMS's business: the AU sends the statements it earns whatever it says);
 * 4. GET the agent profile cmi5LearnerPreferences (audioPreference "off"
 *    mutes the module's media; the module has one language, which is the
 *    statements' context.language);
 * 5. initialized first; then, as earned, completed / passed / failed with
 *    the cmi5 and moveon categories, a duration, the score and the
 *    masteryscore extension; cmi5-allowed statements (experienced, answered,
 *    progressed with the progress extension) in between; terminated last;
 *    then the window goes to returnURL (explicit exit only).
 *
 * Rules kept (standards.md 4.3, 4.4): context built from the contextTemplate,
 * added to, never overwritten (sessionid, publisher grouping); registration
 * from the launch; defined statements about the launch activityId; the LMS's
 * masteryScore over the package's pass mark (the player is told, so what it
 * shows agrees); at most one passed or failed per session, one completed and
 * one passed per registration, no failed after passed (the State API
 * document records what was reported); raw scores only when whole; launchMode
 * Browse and Review send initialized and terminated only and save nothing;
 * nothing after terminated.
 *
 * Reloads and leaving (cmi5 7.1.2, 9.3.8, 10.2.6): a page cannot tell a reload
 * from the learner leaving, and both fire pagehide, so the session ends there:
 * the state and the statements up to terminated go in requests that outlive
 * the page. The session record in sessionStorage says terminated was sent, so
 * a page of the same launch loaded afterwards (a reload, Back from the
 * returnURL, a page the back/forward cache brings back) starts no player and
 * sends no statement: it sends only what an earlier page left on the device,
 * and tells the learner that the session has ended, with a link to the
 * returnURL (the LMS relaunches; the next session resumes the saved state).
 * An explicit exit without a returnURL shows the same page.
 */
(function (root) {
  'use strict';
  var found = root.coursepack;
  if (!found || !found.xapi) return;
  var cp = found;
  var x = found.xapi;

  var CMI5 = 'https://w3id.org/xapi/cmi5/';
  var CATEGORY_CMI5 = CMI5 + 'context/categories/cmi5';
  var CATEGORY_MOVEON = CMI5 + 'context/categories/moveon';
  var EXT_MASTERY = CMI5 + 'context/extensions/masteryscore';
  /** @type {Record<string, boolean>} */
  var MOVEON_VERBS = { completed: true, passed: true, failed: true };

  /**
   * A checked cmi5 launch.
   * @typedef {{ endpoint: string, fetch: string, actor: XapiAgent, registration: string, activityId: string,
   *   problems?: undefined }} Cmi5Launch
   */

  /**
   * LMS.LaunchData, the fields the AU uses.
   * @typedef {{ contextTemplate: XapiContext, launchMode: 'Normal' | 'Browse' | 'Review',
   *   masteryScore: number | null, returnURL: string | null }} Cmi5LaunchData
   */

  /**
   * What this tab keeps of a launch in sessionStorage (under the fetch URL).
   * @typedef {{ token: string, started: number, sent: Record<string, boolean>, returnURL?: string | null }} Cmi5Session
   */

  /**
   * @param {string} value
   * @param {string} base
   * @returns {string | null}
   */
  function httpUrl(value, base) {
    try {
      var u = new root.URL(value, base);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) { return null; }
  }

  /** The launch, checked: { endpoint, fetch, actor, registration, activityId }
   * or { problems: [...] } naming what is wrong (never a value).
   * @param {string} search
   * @param {string} baseHref
   * @returns {Cmi5Launch | { problems: string[] }}
   */
  function readLaunch(search, baseHref) {
    var p = x.parseQuery(search);
    /** @type {string[]} */
    var problems = [];
    /** @type {Cmi5Launch} filled in below; returned only when every part is there */
    var launch = /** @type {Cmi5Launch} */ ({});
    /** @type {Array<'endpoint' | 'fetch'>} */
    var urls = ['endpoint', 'fetch'];
    urls.forEach(function (name) {
      var url = p[name] ? httpUrl(p[name], baseHref) : null;
      if (!p[name]) problems.push(name + ' is missing');
      else if (!url) problems.push(name + ' is not an http(s) URL');
      else launch[name] = url;
    });
    var actor = p.actor ? x.normaliseAgent(p.actor) : null;
    if (!p.actor) problems.push('actor is missing');
    else if (!actor) problems.push('actor is not an Agent with one identifier');
    else launch.actor = actor;
    if (!p.registration) problems.push('registration is missing');
    else if (!x.isUuid(p.registration)) problems.push('registration is not a UUID');
    else launch.registration = p.registration.toLowerCase();
    if (!p.activityId) problems.push('activityId is missing');
    else if (!x.isIri(p.activityId)) problems.push('activityId is not an absolute IRI');
    else launch.activityId = p.activityId;
    return problems.length ? { problems: problems } : launch;
  }

  /**
   * LMS.LaunchData, checked: the fields the AU uses, or null.
   * @param {any} doc the LRS's JSON, checked field by field
   * @returns {Cmi5LaunchData | null}
   */
  function readLaunchData(doc) {
    if (!doc || typeof doc !== 'object' || !doc.contextTemplate || typeof doc.contextTemplate !== 'object') return null;
    /** @type {Cmi5LaunchData} */
    var out = {
      contextTemplate: doc.contextTemplate,
      launchMode: doc.launchMode === 'Browse' || doc.launchMode === 'Review' ? doc.launchMode : 'Normal',
      masteryScore: null,
      returnURL: typeof doc.returnURL === 'string' && doc.returnURL ? doc.returnURL : null
    };
    if (typeof doc.masteryScore === 'number' && doc.masteryScore >= 0 && doc.masteryScore <= 1) out.masteryScore = doc.masteryScore;
    return out;
  }

  /**
   * Adds `items` (activities) to the list under contextActivities[key], keeping what is there.
   * @param {XapiContext} c
   * @param {string} key
   * @param {XapiActivity[]} items
   */
  function addActivities(c, key, items) {
    /** @type {Record<string, XapiActivity[]>} */
    var ca = c.contextActivities = c.contextActivities || {};
    /** @type {XapiActivity | XapiActivity[] | undefined} the template may hold one activity, not a list */
    var held = ca[key];
    var list = held === undefined ? [] : (Array.isArray(held) ? held : [held]);
    items.forEach(function (item) {
      for (var i = 0; i < list.length; i++) if (list[i] && list[i].id === item.id) return;
      list.push(item);
    });
    if (list.length) ca[key] = list;
  }

  /**
   * A statement's context: a copy of the template, added to.
   * @param {XapiContext} template
   * @param {XapiLaunchBasics} launch
   * @param {string} lang
   * @param {XapiContextKind} kind
   * @param {string} [verbName]
   * @param {{ revision?: string, platform?: string }} [about] the module's version and the player, added when the template has none
   * @returns {XapiContext}
   */
  function buildContext(template, launch, lang, kind, verbName, about) {
    /** @type {XapiContext} */
    var c = cp.lib.clone(template);
    c.registration = launch.registration;
    /** @type {Record<string, unknown>} the template's, where a value may be one activity, not a list */
    var ca = c.contextActivities && typeof c.contextActivities === 'object' ? c.contextActivities : {};
    for (var k in ca) {
      if (cp.lib.has(ca, k) && !Array.isArray(ca[k])) ca[k] = [ca[k]];
    }
    if (kind === 'module') {
      /** @type {XapiActivity[]} */
      var categories = [{ objectType: 'Activity', id: CATEGORY_CMI5 }];
      if (verbName && MOVEON_VERBS[verbName]) categories.push({ objectType: 'Activity', id: CATEGORY_MOVEON });
      addActivities(c, 'category', categories);
    } else if (kind === 'item') {
      addActivities(c, 'parent', [{ objectType: 'Activity', id: launch.activityId }]);
    }
    if (!c.language) c.language = lang;
    if (about && about.revision && !c.revision) c.revision = about.revision;
    if (about && about.platform && !c.platform) c.platform = about.platform;
    return c;
  }

  /**
   * POST to the fetch URL (once per launch; a reload reuses the kept token).
   * @param {string} fetchUrl
   * @returns {Promise<string>}
   */
  function fetchToken(fetchUrl) {
    return Promise.resolve(root.fetch(fetchUrl, { method: 'POST', cache: 'no-store', credentials: 'same-origin' })).then(function (res) {
      if (res.status < 200 || res.status >= 300) throw new Error('the fetch URL answered HTTP ' + res.status);
      return res.text();
    }).then(function (text) {
      var body = null;
      try { body = JSON.parse(text); } catch (e) { body = null; }
      if (!body || typeof body['auth-token'] !== 'string' || !body['auth-token']) {
        throw new Error('the fetch URL gave no token (error-code ' + (body && body['error-code']) + ')');
      }
      return body['auth-token'];
    });
  }

  /**
   * @param {Promise<XapiResponse>} promise
   * @param {string} what
   * @returns {Promise<any>} the LRS's JSON, checked by the caller
   */
  function getJson(promise, what) {
    return promise.then(function (res) {
      if (res.status >= 200 && res.status < 300) return JSON.parse(res.text);
      throw new Error(what + ': HTTP ' + res.status);
    });
  }

  /**
   * The returnURL as a link target: http(s) only, else null.
   * @param {unknown} value
   */
  function returnLink(value) {
    return typeof value === 'string' && value ? httpUrl(value, root.location.href) : null;
  }

  /** Replaces the module with the page "this session has ended", which
   * index.hbs renders hidden in cmi5 packages (`#cp-ended`): a heading
   * (focused), what happened to the learner's progress, and the way back to
   * the LMS (a link to returnURL) or, without one, that the window can be
   * closed. The module's pages and controls are kept, hidden, so nothing the
   * player holds is lost and no page of it can be shown again.
   * @param {Document} doc
   * @param {string | null} returnURL
   */
  function showEnded(doc, returnURL) {
    var main = doc && doc.getElementById && doc.getElementById('cp-main');
    var page = main && doc.getElementById('cp-ended');
    if (!main || !page) return;
    var kept = doc.createElement('div');
    kept.hidden = true;
    Array.prototype.slice.call(main.children).forEach(function (child) { if (child !== page) kept.appendChild(child); });
    main.appendChild(kept);
    var toc = /** @type {HTMLElement | null} */ (doc.querySelector('.cp-toc'));
    if (toc) toc.hidden = true;
    page.setAttribute('id', 'cp-session-ended');
    page.hidden = false;
    var link = /** @type {HTMLElement} */ (page.querySelector('a'));
    if (returnURL) {
      link.setAttribute('href', returnURL);
      /** @type {HTMLElement} */ (page.querySelector('span')).remove();
    } else link.remove();
    /** @type {HTMLElement} */ (page.querySelector('h1')).focus();
  }

  /**
   * @param {{ audioPreference?: string } | null} prefs
   * @param {Document} doc
   */
  function applyPreferences(prefs, doc) {
    if (prefs && prefs.audioPreference === 'off' && doc && doc.querySelectorAll) {
      doc.querySelectorAll('audio, video').forEach(function (m) { (/** @type {HTMLMediaElement} */ (m)).muted = true; });
    }
  }

  /** @type {Cmi5LaunchData | null} */
  var launchData = null;
  /** @type {Cmi5Session | null} */
  var session = null;
  /** @type {XapiStoredValue | null} */
  var sessionStore = null;
  var readOnly = false;      /* Browse, Review: no statement beyond initialized/terminated, no state written */
  /** @type {CpStrings} */
  var strings = {};
  /** @type {(text: string | null | undefined) => void} */
  var notify = function () {};

  function remember() { if (sessionStore) sessionStore.save(session); }

  /** What an earlier page of this launch left on the device (`local`, the
   * tracker's record): statements still queued and a state document the LRS
   * did not confirm, sent now, in order, by a page whose session has ended
   * (it makes no statement of its own). Resolves true once the LRS has
   * everything, false at the first failure (the statements are retried with
   * back-off while the page stays; the device copy stays until confirmed).
   * Only cmi5 has such pages, so this lives here, not in xapi-core.js.
   * @param {XapiClient} client
   * @param {XapiStoredValue} local
   * @param {Cmi5Launch} launch
   * @returns {Promise<boolean>}
   */
  function sendLeftovers(client, local, launch) {
    /** @type {{ queue?: unknown, unsaved?: XapiStateDoc | null, unanswered?: unknown }} the tracker's record, checked as it is read */
    var record = local.load();
    if (!record || typeof record !== 'object') return Promise.resolve(true);
    var kept = record;
    function persist() { local.save(kept); }
    var queue = x.createQueue({
      client: client,
      warn: x.warn,
      store: {
        load: function () { return Array.isArray(kept.queue) ? kept.queue : []; },
        save: function (list) { kept.queue = list.slice(); persist(); },
        loadUnanswered: function () { return kept.unanswered; },
        saveUnanswered: function (list) { kept.unanswered = list; persist(); }
      }
    });
    var doc = kept.unsaved && typeof kept.unsaved === 'object' && kept.unsaved.state ? kept.unsaved : null;
    var stateSent = !doc ? Promise.resolve(true)
      : client.putState(launch.activityId, launch.actor, launch.registration, x.STATE_ID, doc).then(function (ok) {
        if (ok === true) { kept.unsaved = null; persist(); }
        return ok === true;
      });
    return stateSent.then(function (stateOk) {
      return queue.flush().then(function (sent) { return stateOk && sent; });
    });
  }

  /** A page of a launch whose session has ended: the ended page, and what an
   * earlier page left on the device sent with the session's token. The
   * player is never started (the promise never settles): nothing is saved,
   * reported or finished from this page.
   * @param {Cmi5Launch} launch
   * @param {XapiStoredValue} local
   * @param {Cmi5Session} ended
   * @returns {Promise<never>}
   */
  function afterTermination(launch, local, ended) {
    showEnded(root.document, returnLink(ended.returnURL));
    var client = x.createClient({ endpoint: launch.endpoint, auth: 'Basic ' + ended.token });
    sendLeftovers(client, local, launch).then(function (ok) { if (!ok) notify(strings.save_failed); });
    return new Promise(function () { /* never settles: the player does not start */ });
  }

  var adapter = x.createAdapter({
    name: 'cmi5',

    start: function (ctx, use) {
      var data = ctx.data;
      strings = ctx.strings || {};
      if (typeof ctx.notify === 'function') notify = ctx.notify;
      var read = readLaunch(root.location.search, root.location.href);
      if (read.problems) {
        x.warn('not tracked: the cmi5 launch is invalid (' + read.problems.join('; ') + ')');
        return null;
      }
      /** @type {Cmi5Launch} */
      var launch = read;
      var store = sessionStore = x.storedValue(function () { return root.sessionStorage; }, 'coursepack:cmi5:' + launch.fetch);
      /** @type {Cmi5Session | null} */
      var kept = store.load();
      if (!kept || typeof kept !== 'object' || typeof kept.token !== 'string') kept = null;
      if (kept && (!kept.sent || typeof kept.sent !== 'object')) kept.sent = {};
      session = kept;
      var key = 'coursepack:cmi5:' + launch.activityId + '|' + x.agentKey(launch.actor) + '|' + launch.registration;
      var local = x.storedValue(function () { return root.localStorage; }, key);
      if (kept && kept.sent.terminated) return afterTermination(launch, local, kept);
      /** @type {Promise<Cmi5Session>} */
      var begun = kept ? Promise.resolve(kept) : fetchToken(launch.fetch).then(function (t) {
        /** @type {Cmi5Session} */
        var fresh = { token: t, started: Date.now(), sent: {} };
        session = fresh;
        remember();
        return fresh;
      });
      /** @type {Cmi5Session} this launch's session, once the token is known */
      var live;
      /** @type {XapiClient} */
      var client;
      /** @type {Cmi5LaunchData} */
      var given;
      /** @type {{ audioPreference?: string } | null} */
      var prefs = null;
      return begun.then(function (s) {
        live = s;
        var lrs = client = x.createClient({ endpoint: launch.endpoint, auth: 'Basic ' + s.token });
        return x.retry(function () {
          return getJson(lrs.getState(launch.activityId, launch.actor, launch.registration, 'LMS.LaunchData'), 'LMS.LaunchData');
        }, 3, 500);
      }).then(function (doc) {
        var checked = readLaunchData(doc);
        if (!checked) throw new Error('LMS.LaunchData has no contextTemplate');
        launchData = given = checked;
        /* kept for a page loaded after the session ended (the token may no longer work then) */
        live.returnURL = checked.returnURL;
        remember();
        return getJson(client.getAgentProfile(launch.actor, 'cmi5LearnerPreferences'), 'preferences').then(
          function (p) { prefs = p; }, function () { prefs = null; });
      }).then(function () {
        applyPreferences(prefs, root.document);
        var module = data.module;
        if (given.masteryScore !== null) {
          /* the LMS's mastery score decides; the player and the quiz judge by it too */
          var mark = Math.round(given.masteryScore * 10000) / 100;
          module.passMark = mark;
          if (data.quiz && typeof data.quiz === 'object') data.quiz.pass_mark = mark;
        }
        readOnly = given.launchMode !== 'Normal';
        var activity = data.activity || {};
        var base = typeof activity.id === 'string' && x.isIri(activity.id) ? activity.id : launch.activityId;
        var mastery = given.masteryScore;
        var tracker = x.createTracker(x.mergeObjects({
          questionPrefix: x.questionPrefix(activity, base),
          pagePrefix: base + '/page/',
          /**
           * @param {XapiContextKind} kind
           * @param {string} [verbName]
           */
          context: function (kind, verbName) {
            return buildContext(given.contextTemplate, launch, module.language, kind, verbName,
              { revision: module.version, platform: data.generator || 'coursepack' });
          },
          sessionStart: live.started,
          policy: {
            tracking: !readOnly,
            integerRaw: true,
            progressed: true,
            /**
             * @param {CpSummary} summary
             * @param {XapiReported} reported
             * @returns {XapiVerdict | null}
             */
            verdict: function (summary, reported) {
              if (!summary.score || live.sent.passed || live.sent.failed || reported.passed) return null;
              var passed = mastery !== null ? summary.score.scaled >= mastery - 1e-9 : summary.passed;
              if (passed !== true && passed !== false) return null;
              var k = passed + ':' + summary.score.raw + '/' + summary.score.max;
              if (reported.score === k) return null;
              /** @type {Record<string, unknown> | null} */
              var ext = null;
              if (mastery !== null) {
                ext = {};
                ext[EXT_MASTERY] = mastery;
              }
              return { passed: passed, score: summary.score, key: k, extensions: ext };
            },
            /** @param {string} verbName */
            onDefined: function (verbName) {
              live.sent[verbName] = true;
              remember();
            }
          }
        }, x.trackerBasics(launch, client, data, local)));
        use(tracker, readOnly);
        return tracker.resume({ readOnly: readOnly }).then(function (result) {
          if (!live.sent.initialized) tracker.defined('initialized', null);
          return result;
        });
      }).then(null, function (err) {
        x.warn('not tracked: ' + (err && err.message ? err.message : 'the cmi5 launch failed'));
        use(null);
        return null;
      });
    },

    /* an explicit exit goes to the returnURL once the LRS has everything (or
     * failed to take it: the rest goes as the page leaves), else the ended page */
    afterFinish: function (ending, reason) {
      if (reason !== 'explicit') return;
      var target = returnLink(launchData && launchData.returnURL);
      Promise.resolve(ending).then(null, function () { return false; }).then(function () {
        if (target) root.location.assign(target);
        else showEnded(root.document, null);
      });
    }
  });

  cp.registerAdapter(adapter);
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
