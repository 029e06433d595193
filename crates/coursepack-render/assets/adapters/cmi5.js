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
 *    moveOn, masteryScore, returnURL), read only, never written;
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
  var cp = root.coursepack;
  if (!cp || !cp.xapi) return;
  var x = cp.xapi;

  var CMI5 = 'https://w3id.org/xapi/cmi5/';
  var CATEGORY_CMI5 = CMI5 + 'context/categories/cmi5';
  var CATEGORY_MOVEON = CMI5 + 'context/categories/moveon';
  var EXT_MASTERY = CMI5 + 'context/extensions/masteryscore';
  var MOVEON_VERBS = { completed: true, passed: true, failed: true };

  function httpUrl(value, base) {
    try {
      var u = new root.URL(value, base);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) { return null; }
  }

  /* The launch, checked: { endpoint, fetch, actor, registration, activityId }
   * or { problems: [...] } naming what is wrong (never a value). */
  function readLaunch(search, baseHref) {
    var p = x.parseQuery(search);
    var problems = [];
    var launch = {};
    ['endpoint', 'fetch'].forEach(function (name) {
      if (!p[name]) problems.push(name + ' is missing');
      else if (!(launch[name] = httpUrl(p[name], baseHref))) problems.push(name + ' is not an http(s) URL');
    });
    if (!p.actor) problems.push('actor is missing');
    else if (!(launch.actor = x.normaliseAgent(p.actor))) problems.push('actor is not an Agent with one identifier');
    if (!p.registration) problems.push('registration is missing');
    else if (!x.isUuid(p.registration)) problems.push('registration is not a UUID');
    else launch.registration = p.registration.toLowerCase();
    if (!p.activityId) problems.push('activityId is missing');
    else if (!x.isIri(p.activityId)) problems.push('activityId is not an absolute IRI');
    else launch.activityId = p.activityId;
    return problems.length ? { problems: problems } : launch;
  }

  /* LMS.LaunchData, checked: the fields the AU uses, or null. */
  function readLaunchData(doc) {
    if (!doc || typeof doc !== 'object' || !doc.contextTemplate || typeof doc.contextTemplate !== 'object') return null;
    var out = {
      contextTemplate: doc.contextTemplate,
      launchMode: doc.launchMode === 'Browse' || doc.launchMode === 'Review' ? doc.launchMode : 'Normal',
      moveOn: typeof doc.moveOn === 'string' ? doc.moveOn : 'NotApplicable',
      masteryScore: null,
      returnURL: typeof doc.returnURL === 'string' && doc.returnURL ? doc.returnURL : null
    };
    if (typeof doc.masteryScore === 'number' && doc.masteryScore >= 0 && doc.masteryScore <= 1) out.masteryScore = doc.masteryScore;
    return out;
  }

  /* Adds `items` (activities) to the list under contextActivities[key], keeping what is there. */
  function addActivities(c, key, items) {
    var ca = c.contextActivities = c.contextActivities || {};
    var list = ca[key] === undefined ? [] : (Array.isArray(ca[key]) ? ca[key] : [ca[key]]);
    items.forEach(function (item) {
      for (var i = 0; i < list.length; i++) if (list[i] && list[i].id === item.id) return;
      list.push(item);
    });
    if (list.length) ca[key] = list;
  }

  /* A statement's context: a copy of the template, added to. */
  function buildContext(template, launch, lang, kind, verbName) {
    var c = JSON.parse(JSON.stringify(template));
    c.registration = launch.registration;
    if (c.contextActivities && typeof c.contextActivities === 'object') {
      for (var k in c.contextActivities) {
        if (Object.prototype.hasOwnProperty.call(c.contextActivities, k) && !Array.isArray(c.contextActivities[k])) {
          c.contextActivities[k] = [c.contextActivities[k]];
        }
      }
    }
    if (kind === 'module') {
      var categories = [{ objectType: 'Activity', id: CATEGORY_CMI5 }];
      if (MOVEON_VERBS[verbName]) categories.push({ objectType: 'Activity', id: CATEGORY_MOVEON });
      addActivities(c, 'category', categories);
    } else if (kind === 'item') {
      addActivities(c, 'parent', [{ objectType: 'Activity', id: launch.activityId }]);
    }
    if (!c.language) c.language = lang;
    return c;
  }

  /* POST to the fetch URL (once per launch; a reload reuses the kept token). */
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

  function retry(fn, tries, gap) {
    return fn().then(null, function (err) {
      if (tries <= 1) throw err;
      return new Promise(function (resolve) { root.setTimeout(resolve, gap); }).then(function () {
        return retry(fn, tries - 1, gap * 2);
      });
    });
  }

  function getJson(promise, what) {
    return promise.then(function (res) {
      if (res.status >= 200 && res.status < 300) return JSON.parse(res.text);
      throw new Error(what + ': HTTP ' + res.status);
    });
  }

  /* The returnURL as a link target: http(s) only, else null. */
  function returnLink(value) {
    return typeof value === 'string' && value ? httpUrl(value, root.location.href) : null;
  }

  /* Replaces the module with the page "this session has ended": a heading
   * (focused), what happened to the learner's progress, and the way back to
   * the LMS (a link to returnURL) or, without one, that the window can be
   * closed. The module's pages and controls are kept, hidden, so nothing the
   * player holds is lost and no page of it can be shown again. */
  function showEnded(doc, strings, returnURL) {
    if (!doc || !doc.getElementById || doc.getElementById('cp-session-ended')) return;
    var main = doc.getElementById('cp-main');
    if (!main) return;
    var kept = doc.createElement('div');
    kept.hidden = true;
    Array.prototype.slice.call(main.children).forEach(function (child) { kept.appendChild(child); });
    main.appendChild(kept);
    var toc = doc.querySelector('.cp-toc');
    if (toc) toc.hidden = true;
    var section = doc.createElement('section');
    section.setAttribute('id', 'cp-session-ended');
    section.setAttribute('aria-labelledby', 'cp-session-ended-title');
    var heading = doc.createElement('h1');
    heading.setAttribute('id', 'cp-session-ended-title');
    heading.setAttribute('tabindex', '-1');
    heading.textContent = strings.session_ended;
    section.appendChild(heading);
    var saved = doc.createElement('p');
    saved.textContent = strings.session_ended_saved;
    section.appendChild(saved);
    var next = doc.createElement('p');
    if (returnURL) {
      var link = doc.createElement('a');
      link.setAttribute('href', returnURL);
      link.setAttribute('data-action', 'return');
      link.textContent = strings.return_to_lms;
      next.appendChild(link);
    } else {
      next.textContent = strings.close_window;
    }
    section.appendChild(next);
    main.appendChild(section);
    if (heading.focus) heading.focus();
  }

  function applyPreferences(prefs, doc) {
    if (prefs && prefs.audioPreference === 'off' && doc && doc.querySelectorAll) {
      Array.prototype.forEach.call(doc.querySelectorAll('audio, video'), function (m) { m.muted = true; });
    }
  }

  var launchData = null;
  var session = null;
  var sessionStore = null;
  var readOnly = false;      /* Browse, Review: no statement beyond initialized/terminated, no state written */
  var strings = {};
  var notify = function () {};

  function remember() { if (sessionStore) sessionStore.save(session); }

  /* A page of a launch whose session has ended: the ended page, and what an
   * earlier page left on the device sent with the session's token. The
   * player is never started (the promise never settles): nothing is saved,
   * reported or finished from this page. */
  function afterTermination(launch, local) {
    showEnded(root.document, strings, returnLink(session.returnURL));
    var client = x.createClient({ endpoint: launch.endpoint, auth: 'Basic ' + session.token });
    x.sendLeftovers({
      client: client, local: local, actor: launch.actor, registration: launch.registration,
      stateActivityId: launch.activityId, warn: x.warn
    }).then(function (ok) { if (!ok) notify(strings.save_failed); });
    return new Promise(function () {});
  }

  var adapter = x.createAdapter({
    name: 'cmi5',

    start: function (ctx, use) {
      var data = ctx.data;
      strings = ctx.strings || {};
      if (typeof ctx.notify === 'function') notify = ctx.notify;
      var launch = readLaunch(root.location.search, root.location.href);
      if (launch.problems) {
        x.warn('not tracked: the cmi5 launch is invalid (' + launch.problems.join('; ') + ')');
        return null;
      }
      sessionStore = x.storedValue(function () { return root.sessionStorage; }, 'coursepack:cmi5:' + launch.fetch);
      session = sessionStore.load();
      if (!session || typeof session !== 'object' || typeof session.token !== 'string') session = null;
      if (session && (!session.sent || typeof session.sent !== 'object')) session.sent = {};
      var key = 'coursepack:cmi5:' + launch.activityId + '|' + x.agentKey(launch.actor) + '|' + launch.registration;
      var local = x.storedValue(function () { return root.localStorage; }, key);
      if (session && session.sent.terminated) return afterTermination(launch, local);
      var token = session ? Promise.resolve(session.token) : fetchToken(launch.fetch).then(function (t) {
        session = { token: t, started: Date.now(), sent: {} };
        remember();
        return t;
      });
      var client = null;
      var prefs = null;
      return token.then(function (t) {
        client = x.createClient({ endpoint: launch.endpoint, auth: 'Basic ' + t });
        return retry(function () {
          return getJson(client.getState(launch.activityId, launch.actor, launch.registration, 'LMS.LaunchData'), 'LMS.LaunchData');
        }, 3, 500);
      }).then(function (doc) {
        launchData = readLaunchData(doc);
        if (!launchData) throw new Error('LMS.LaunchData has no contextTemplate');
        /* kept for a page loaded after the session ended (the token may no longer work then) */
        session.returnURL = launchData.returnURL;
        remember();
        return getJson(client.getAgentProfile(launch.actor, 'cmi5LearnerPreferences'), 'preferences').then(
          function (p) { prefs = p; }, function () { prefs = null; });
      }).then(function () {
        applyPreferences(prefs, root.document);
        var module = data.module;
        if (launchData.masteryScore !== null) {
          /* the LMS's mastery score decides; the player and the quiz judge by it too */
          var mark = Math.round(launchData.masteryScore * 10000) / 100;
          module.passMark = mark;
          if (data.quiz && typeof data.quiz === 'object') data.quiz.pass_mark = mark;
        }
        readOnly = launchData.launchMode !== 'Normal';
        var activity = data.activity || {};
        var base = typeof activity.id === 'string' && x.isIri(activity.id) ? activity.id : launch.activityId;
        var mastery = launchData.masteryScore;
        var tracker = x.createTracker(x.mergeObjects({
          questionPrefix: x.questionPrefix(activity, base),
          pagePrefix: base + '/page/',
          context: function (kind, verbName) {
            return buildContext(launchData.contextTemplate, launch, module.language, kind, verbName);
          },
          sessionStart: session.started,
          policy: {
            tracking: !readOnly,
            integerRaw: true,
            progressed: true,
            verdict: function (summary, reported) {
              if (!summary.score || session.sent.passed || session.sent.failed || reported.passed) return null;
              var passed = mastery !== null ? summary.score.scaled >= mastery - 1e-9 : summary.passed;
              if (passed !== true && passed !== false) return null;
              var k = passed + ':' + summary.score.raw + '/' + summary.score.max;
              if (reported.score === k) return null;
              var ext = null;
              if (mastery !== null) {
                ext = {};
                ext[EXT_MASTERY] = mastery;
              }
              return { passed: passed, score: summary.score, key: k, extensions: ext };
            },
            onDefined: function (verbName) {
              session.sent[verbName] = true;
              remember();
            }
          }
        }, x.trackerBasics(launch, client, data, local)));
        use(tracker, readOnly);
        return tracker.resume({ readOnly: readOnly }).then(function (result) {
          if (!session.sent.initialized) tracker.defined('initialized', null);
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
        else showEnded(root.document, strings, null);
      });
    }
  });

  adapter.lib = { readLaunch: readLaunch, readLaunchData: readLaunchData, buildContext: buildContext };
  cp.registerAdapter(adapter);
})(typeof window !== 'undefined' ? window : this);
