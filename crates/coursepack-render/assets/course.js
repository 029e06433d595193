// @ts-check
/* coursepack course page (xAPI course packages). The LMS launches this page
 * with the learner's launch parameters in the query string (endpoint, auth,
 * actor, registration, activity_id...): the course is the activity it tracks.
 *
 * - Each module link gets the same query string, so every module reports to
 *   the same LRS, for the same learner and registration. Without JavaScript
 *   the links still open the modules, which then keep progress in the browser.
 * - With a valid launch (checked as the modules check theirs), the page
 *   reports on the course activity: `initialized` the first time it opens in
 *   a registration, `completed` once every module is complete, `passed` once
 *   every module is complete and every module with an assessment passed;
 *   each once per registration (the course's State API document records them).
 * - It shows which modules are complete and keeps the course order: a module
 *   after one that is not complete is not a link, and says which module to
 *   finish first. A module's state is what it reported, from its State API
 *   document or, when the LRS does not have that yet (a module just left),
 *   from this device's record of its statements. When the LRS cannot be read,
 *   nothing is locked: a fault of the LRS never stops a learner.
 *
 * This script ships after player.js (the core: coursepack.lib; it starts
 * nothing on this page) and xapi-core.js (coursepack.xapi), minified into one
 * course.js. Never throws into the page. Its data: #cp-course-data. */
(function (root) {
  'use strict';

  var RECIPE = 'urn:coursepack:xapi:recipe:1';
  var RECIPE_TYPE = 'http://id.tincanapi.com/activitytype/recipe';

  /**
   * `href` with the query string `query` ("?a=1&b=2") added to its own.
   * @param {string} href
   * @param {string} query
   */
  function withQuery(href, query) {
    if (!query || query === '?') return href;
    var hash = '';
    var at = href.indexOf('#');
    if (at >= 0) {
      hash = href.slice(at);
      href = href.slice(0, at);
    }
    var extra = query.charAt(0) === '?' ? query.slice(1) : query;
    var joiner = href.indexOf('?') < 0 ? '?' : (/[?&]$/.test(href) ? '' : '&');
    return href + joiner + extra + hash;
  }

  /**
   * The course order: for each module, null when it may be opened (every
   * module before it is complete), else the index of the first module before
   * it that is not.
   * @param {boolean[]} complete
   * @returns {Array<number | null>}
   */
  function lockedBy(complete) {
    /** @type {Array<number | null>} */
    var out = [];
    var first = -1;
    for (var i = 0; i < complete.length; i++) {
      out.push(first >= 0 ? first : null);
      if (!complete[i] && first < 0) first = i;
    }
    return out;
  }

  /**
   * What the course has earned, from its modules' states.
   * @param {CourseModuleInfo[]} modules
   * @param {CourseModuleState[]} states
   * @returns {{ completed: boolean, passed: boolean | null }}
   */
  function courseResult(modules, states) {
    var completed = modules.length > 0 && states.every(function (s) { return s.completed; });
    var assessed = modules.filter(function (m) { return m.assessed; });
    var passed = completed && assessed.length > 0
      ? modules.every(function (m, i) { return !m.assessed || states[i].passed; }) : null;
    return { completed: completed, passed: passed || null };
  }

  /**
   * The course page's data (#cp-course-data), or null.
   * @param {Document} doc
   * @returns {CourseData | null}
   */
  function readData(doc) {
    var el = doc.getElementById && doc.getElementById('cp-course-data');
    if (!el) return null;
    try {
      var data = JSON.parse(el.textContent || '');
      return data && data.course && Array.isArray(data.modules) ? data : null;
    } catch (e) { return null; }
  }

  /**
   * A module's state on this device: what its tracker recorded as reported.
   * @param {CpXapi} x
   * @param {string} activityId
   * @param {XapiTinCanLaunch} launch
   * @returns {XapiReported}
   */
  function deviceState(x, activityId, launch) {
    var key = 'coursepack:xapi:' + activityId + '|' + x.agentKey(launch.actor) + '|' + launch.registration;
    var record = x.storedValue(function () { return root.localStorage; }, key).load();
    return record && record.reported && typeof record.reported === 'object' ? record.reported : {};
  }

  /**
   * Every module's state (null when the LRS could not say), read from the
   * LRS (three tries) and this device.
   * @param {CpXapi} x
   * @param {XapiClient} client
   * @param {CourseData} data
   * @param {XapiTinCanLaunch} launch
   * @returns {Promise<Array<CourseModuleState | null>>}
   */
  function moduleStates(x, client, data, launch) {
    return Promise.all(data.modules.map(function (m) {
      var here = deviceState(x, m.activityId, launch);
      return x.retry(function () {
        return x.readSavedState(client, m.activityId, launch.actor, launch.registration).then(function (doc) {
          return doc && doc.reported && typeof doc.reported === 'object' ? doc.reported : {};
        });
      }, 3, 500).then(function (/** @type {XapiReported} */ lrs) {
        return { completed: !!(lrs.completed || here.completed), passed: !!(lrs.passed || here.passed) };
      }, function () { return null; });
    }));
  }

  /**
   * Shows each module's state and locks the modules the course order closes.
   * @param {Document} doc
   * @param {CourseData} data
   * @param {CourseModuleState[]} states
   */
  function show(doc, data, states) {
    var links = doc.querySelectorAll('a[data-module-link]');
    var locks = lockedBy(states.map(function (s) { return s.completed; }));
    for (var i = 0; i < links.length && i < data.modules.length; i++) {
      var link = links[i];
      var item = link.parentNode;
      if (!item) continue;
      var status = doc.createElement('p');
      status.className = 'cp-course-status';
      var lock = locks[i];
      if (states[i].completed) {
        status.textContent = '\u2713 ' + (data.strings.course_module_done || '');
        item.insertBefore(status, link.nextSibling);
      } else if (lock !== null) {
        /* not a link: it cannot be opened, and says which module comes first */
        var name = doc.createElement('span');
        name.className = 'cp-course-locked';
        name.textContent = link.textContent;
        item.replaceChild(name, link);
        status.textContent = root.coursepack
          ? root.coursepack.format(data.strings.course_module_locked, { module: data.modules[lock].title })
          : '';
        item.insertBefore(status, name.nextSibling);
      }
    }
  }

  /**
   * Reports on the course activity and keeps the course order (see above).
   * @param {Document} doc
   * @param {CourseData} data
   * @param {string} search
   * @returns {Promise<void> | null} settled once the page shows what the LRS said; null when not tracked
   */
  function track(doc, data, search) {
    var cp = root.coursepack;
    var x = cp && cp.xapi;
    if (!cp || !x) return null;
    var read = /** @type {NonNullable<CpXapi['readTinCanLaunch']>} */ (x.readTinCanLaunch)(search, root.location.href);
    if (read.problems) {
      x.warn('course not tracked: the launch is invalid (' + read.problems.join('; ') + ')');
      return null;
    }
    var launch = read;
    var course = data.course;
    var activityId = launch.activityId || course.activityId;
    var client = x.createClient({ endpoint: launch.endpoint, auth: launch.auth });
    var key = 'coursepack:xapi:' + activityId + '|' + x.agentKey(launch.actor) + '|' + launch.registration;
    var local = x.storedValue(function () { return root.localStorage; }, key);
    var xapi = x;
    var tracker = x.createTracker(x.mergeObjects({
      lang: course.language,
      activityId: activityId,
      stateActivityId: activityId,
      objectDefinition: { type: x.ACTIVITIES + 'course', name: x.langMap(course.language, course.title) },
      questionPrefix: activityId + '/question/',
      pagePrefix: activityId + '/page/',
      /** @returns {XapiContext} */
      context: function () {
        /** @type {Record<string, XapiActivity[]>} */
        var activities = { category: [{ objectType: 'Activity', id: RECIPE, definition: { type: RECIPE_TYPE } }] };
        if (launch.grouping && launch.grouping !== activityId) {
          activities.grouping = [{ objectType: 'Activity', id: launch.grouping }];
        }
        /** @type {XapiContext} */
        var c = { contextActivities: activities };
        if (launch.registration) c.registration = launch.registration;
        c.platform = launch.platform || data.generator || 'coursepack';
        c.revision = course.version;
        c.language = course.language;
        return c;
      },
      sessionStart: Date.now(),
      policy: {
        tracking: true,
        integerRaw: false,
        progressed: false,
        /**
         * @param {CpSummary} summary
         * @param {XapiReported} reported
         * @returns {XapiVerdict | null}
         */
        verdict: function (summary, reported) {
          return summary.passed === true && !reported.passed ? { passed: true, score: null, key: 'passed' } : null;
        }
      }
    }, x.trackerBasics({ actor: launch.actor, registration: launch.registration, activityId: activityId }, client, cp.data, local)));
    /**
     * What the course has earned, as the tracker's summary.
     * @param {{ completed: boolean, passed: boolean | null }} result
     * @returns {CpSummary}
     */
    function summaryOf(result) {
      return {
        location: '', pageIndex: 0, pageCount: 0, pagesVisited: 0, progress: result.completed ? 1 : 0,
        completed: result.completed, passed: result.passed, score: null, sessionMs: 0
      };
    }
    /* The queue sends one request at a time: a learner who closes the page
     * as soon as it shows what was earned may leave completed and passed
     * waiting behind initialized. They go in a request that outlives the
     * page, as a module page's last statements do. */
    if (root.addEventListener) {
      root.addEventListener('pagehide', function () {
        if (tracker.queue.pending().length) tracker.queue.sendLast();
      });
    }
    return tracker.resume().then(function () {
      var reported = tracker.reported();
      if (!reported.initialized) {
        /* Once per registration, whatever the learner does next. The mark is
         * set before the statement is queued (queueing keeps the device's
         * record), and the state document that holds it goes at once in a
         * request that outlives the page: a learner who opens a module before
         * the LRS has answered, then comes back here on this device or
         * another, is not reported initialized again. */
        reported.initialized = true;
        tracker.defined('initialized', null);
        tracker.save('{}', summaryOf({ completed: false, passed: null }), false, true);
      }
      return moduleStates(xapi, client, data, launch);
    }).then(function (states) {
      /** @type {CourseModuleState[]} */
      var known = [];
      states.forEach(function (s) { if (s) known.push(s); });
      /* when the LRS could not say for a module, nothing is locked or earned */
      var result = { completed: false, passed: /** @type {boolean | null} */ (null) };
      if (known.length === states.length) {
        show(doc, data, known);
        result = courseResult(data.modules, known);
      }
      tracker.save('{}', summaryOf(result), false);
    }).then(null, function (err) {
      xapi.warn('course: ' + (err && err.message ? err.message : 'could not read the course state'));
    });
  }

  /**
   * @param {Document} doc
   * @param {string} query the page's own query string (the launch)
   */
  function start(doc, query) {
    var links = doc.querySelectorAll('a[data-module-link]');
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute('href', withQuery(links[i].getAttribute('href') || '', query));
    }
    var data = readData(doc);
    var tracked = data ? track(doc, data, query) : null;
    /* `data-cp-course="settled"` on the root element: the page shows what it
     * will show (the course order applied, or nothing to apply) */
    var settled = function () { if (doc.documentElement) doc.documentElement.setAttribute('data-cp-course', 'settled'); };
    if (tracked) tracked.then(settled, settled);
    else settled();
  }

  root.coursepackCourse = { withQuery: withQuery, start: start, lockedBy: lockedBy, courseResult: courseResult };
  var doc = root.document;
  if (!doc) return;
  /* a page the back/forward cache brings back shows what has changed since */
  if (root.addEventListener) {
    root.addEventListener('pageshow', function (ev) {
      if (ev && ev.persisted && root.location && typeof root.location.reload === 'function') root.location.reload();
    });
  }
  try {
    var query = (root.location && root.location.search) || '';
    if (doc.readyState === 'loading') {
      doc.addEventListener('DOMContentLoaded', function () {
        try { start(doc, query); } catch (e) { /* links keep working without the parameters */ }
      });
    } else {
      start(doc, query);
    }
  } catch (e) { /* links keep working without the parameters */ }
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
