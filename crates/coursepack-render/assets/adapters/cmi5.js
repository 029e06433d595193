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
 * nothing after terminated. A reload fires pagehide, which ends the session
 * (terminated), so the reloaded page goes on with the kept token, resumes the
 * state and keeps saving it, but sends no statement: what it earns is reported
 * at the start of the next session.
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

  function applyPreferences(prefs, doc) {
    if (prefs && prefs.audioPreference === 'off' && doc && doc.querySelectorAll) {
      Array.prototype.forEach.call(doc.querySelectorAll('audio, video'), function (m) { m.muted = true; });
    }
  }

  var tracker = null;
  var launchData = null;
  var session = null;
  var sessionStore = null;
  var readOnly = false;      /* Browse, Review: no statement beyond initialized/terminated, no state written */
  var ended = false;         /* this session already sent terminated (the page was reloaded after it) */

  function remember() { if (sessionStore) sessionStore.save(session); }

  var adapter = {
    name: 'cmi5',
    saveInterval: 0,

    start: function (ctx) {
      var data = ctx.data;
      if (data.lms && typeof data.lms.maxStateLength === 'number' && data.lms.maxStateLength > 0) {
        adapter.maxStateLength = data.lms.maxStateLength;
      }
      var launch = readLaunch(root.location.search, root.location.href);
      if (launch.problems) {
        x.warn('not tracked: the cmi5 launch is invalid (' + launch.problems.join('; ') + ')');
        return null;
      }
      sessionStore = x.storedValue(function () { return root.sessionStorage; }, 'coursepack:cmi5:' + launch.fetch);
      session = sessionStore.load();
      if (!session || typeof session !== 'object' || typeof session.token !== 'string') session = null;
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
        ended = !!session.sent.terminated;
        var activity = data.activity || {};
        var base = typeof activity.id === 'string' && x.isIri(activity.id) ? activity.id : launch.activityId;
        var questionPrefix = typeof activity.questionPrefix === 'string' && x.isIri(activity.questionPrefix + 'x')
          ? activity.questionPrefix : base + '/question/';
        var key = 'coursepack:cmi5:' + launch.activityId + '|' + x.agentKey(launch.actor) + '|' + launch.registration;
        var mastery = launchData.masteryScore;
        tracker = x.createTracker({
          client: client,
          actor: launch.actor,
          registration: launch.registration,
          activityId: launch.activityId,
          stateActivityId: launch.activityId,
          lang: module.language,
          data: data,
          questionPrefix: questionPrefix,
          pagePrefix: base + '/page/',
          context: function (kind, verbName) {
            return buildContext(launchData.contextTemplate, launch, module.language, kind, verbName);
          },
          sessionStart: session.started,
          local: x.storedValue(function () { return root.localStorage; }, key),
          warn: x.warn,
          policy: {
            tracking: !readOnly && !ended,
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
        });
        return tracker.resume({ readOnly: readOnly });
      }).then(function (result) {
        if (!session.sent.initialized) tracker.defined('initialized', null);
        return result;
      }).then(null, function (err) {
        x.warn('not tracked: ' + (err && err.message ? err.message : 'the cmi5 launch failed'));
        tracker = null;
        return null;
      });
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
      var alreadyEnded = !!session.sent.terminated;
      if (!alreadyEnded) {
        tracker.milestones(summary);
        tracker.defined('terminated', { duration: tracker.duration() });
      }
      var ending = tracker.end(state, summary, reason, readOnly);
      if (reason === 'explicit' && launchData && launchData.returnURL) {
        var target = launchData.returnURL;
        Promise.resolve(ending).then(null, function () { return false; }).then(function () {
          root.location.assign(target);
        });
      }
    }
  };

  adapter.lib = { readLaunch: readLaunch, readLaunchData: readLaunchData, buildContext: buildContext };
  cp.registerAdapter(adapter);
})(typeof window !== 'undefined' ? window : this);
