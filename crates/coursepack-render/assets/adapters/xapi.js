// @ts-check
/* coursepack xapi adapter: TinCan launch (Rustici "launch" convention) over
 * the shared core in xapi-core.js; implements the adapter interface in
 * ADAPTERS.md.
 *
 * Launch: index.html?endpoint=&auth=&actor=[&registration=][&activity_id=]
 * [&grouping=][&activity_platform=]. Every parameter is checked; a launch
 * with a missing or invalid one is not tracked (the player falls back to the
 * device and says no LMS was found) and the console names the parameter,
 * never its value.
 *
 * In a course package the LMS launches the course page (activity_id is the
 * course's), which passes the launch on to each module: a module then uses its
 * own declared activity id and puts the course in contextActivities.grouping.
 *
 * Statements: initialized; experienced per page; answered per question
 * (cmi.interaction); completed; passed or failed with the score, each time
 * the quiz gives a new result; terminated. Context: registration,
 * contextActivities parent (the module) for pages and questions, grouping
 * (the launch's grouping and the course), category (the coursepack recipe),
 * language. Resume from the State API document "coursepack-state".
 */
(function (root) {
  'use strict';
  var cp = root.coursepack;
  if (!cp || !cp.xapi) return;
  var x = cp.xapi;

  /**
   * A checked TinCan launch.
   * @typedef {{ endpoint: string, auth: string, actor: XapiAgent, registration: string, activityId: string,
   *   courseActivityId: string, grouping: string, platform: string, problems?: undefined }} TinCanLaunch
   */

  var RECIPE = 'urn:coursepack:xapi:recipe:1';
  var RECIPE_TYPE = 'http://id.tincanapi.com/activitytype/recipe';
  var MODULE_TYPE = x.ACTIVITIES + 'module';

  /** The launch, checked: { endpoint, auth, actor, registration, activityId,
   * courseActivityId, grouping, platform } or { problems: [...] } naming what
   * is wrong.
   * @param {string} search
   * @param {CpData} data
   * @param {string} baseHref
   * @returns {TinCanLaunch | { problems: string[] }}
   */
  function readLaunch(search, data, baseHref) {
    var read = /** @type {NonNullable<CpXapi['readTinCanLaunch']>} */ (x.readTinCanLaunch)(search, baseHref);
    var problems = read.problems ? read.problems.slice() : [];
    var given = read.problems ? '' : read.activityId;
    var declared = data.activity && typeof data.activity.id === 'string' ? data.activity.id : '';
    var courseId = data.activity && x.isIri(data.activity.courseId) ? data.activity.courseId : '';
    var activityId = '';
    var courseActivityId = '';
    if (data.course && x.isIri(declared)) {
      /* a module of a course package: the LMS launched the course page, whose
       * activity_id (the course's) comes along; the module keeps its own id */
      activityId = declared;
      courseActivityId = given || courseId;
    } else if (given) {
      activityId = given;
    } else if (x.isIri(declared)) {
      activityId = declared;
    } else if (!problems.some(function (p) { return /^activity_id /.test(p); })) {
      problems.push('activity_id is missing and the package declares no activity id');
    }
    if (read.problems || problems.length) return { problems: problems };
    return {
      endpoint: read.endpoint, auth: read.auth, actor: read.actor, registration: read.registration,
      grouping: read.grouping, platform: read.platform, activityId: activityId, courseActivityId: courseActivityId
    };
  }

  /** @type {TinCanLaunch} set by start before any statement is made */
  var launch;

  /**
   * @param {CpData} data
   * @param {XapiContextKind} kind
   * @returns {XapiContext}
   */
  function contextFor(data, kind) {
    var module = data.module;
    var activity = data.activity || {};
    /** @type {Record<string, XapiActivity[]>} */
    var activities = {};
    /** @type {XapiContext} */
    var c = { contextActivities: activities };
    if (launch.registration) c.registration = launch.registration;
    /** @type {XapiActivity[]} */
    var grouping = [];
    if (launch.grouping) grouping.push({ objectType: 'Activity', id: launch.grouping });
    var courseId = launch.courseActivityId || (x.isIri(activity.courseId) ? activity.courseId : '');
    /** @type {XapiActivity | null} */
    var course = courseId && courseId !== launch.grouping && courseId !== launch.activityId
      ? { objectType: 'Activity', id: courseId, definition: { type: x.ACTIVITIES + 'course' } } : null;
    /* xAPI 1.0.3 (4.1.6.2): parent is the direct relation, grouping the
     * indirect one. The module's own statements have the course as parent;
     * a page's or a question's have the module, and the course as grouping. */
    if (kind === 'item') {
      activities.parent = [{ objectType: 'Activity', id: launch.activityId }];
      if (course) grouping.push(course);
    } else if (course) {
      activities.parent = [course];
    }
    if (grouping.length) activities.grouping = grouping;
    activities.category = [{ objectType: 'Activity', id: RECIPE, definition: { type: RECIPE_TYPE } }];
    c.platform = launch.platform || data.generator || 'coursepack';
    c.revision = module.version;
    c.language = module.language;
    return c;
  }

  var adapter = x.createAdapter({
    name: 'xapi',
    start: function (ctx, use) {
      var data = ctx.data;
      var read = readLaunch(root.location.search, data, root.location.href);
      if (read.problems) {
        x.warn('not tracked: the launch is invalid (' + read.problems.join('; ') + ')');
        return null;
      }
      launch = read;
      var module = data.module;
      var client = x.createClient({ endpoint: launch.endpoint, auth: launch.auth });
      var key = 'coursepack:xapi:' + launch.activityId + '|' + x.agentKey(launch.actor) + '|' + launch.registration;
      var definition = { type: MODULE_TYPE, name: x.langMap(module.language, module.title || module.id) };
      var local = x.storedValue(function () { return root.localStorage; }, key);
      var tracker = x.createTracker(x.mergeObjects({
        objectDefinition: definition,
        questionPrefix: x.questionPrefix(data.activity, launch.activityId),
        pagePrefix: launch.activityId + '/page/',
        context: /** @param {XapiContextKind} kind */ function (kind) { return contextFor(data, kind); },
        sessionStart: Date.now(),
        policy: {
          tracking: true,
          integerRaw: false,
          progressed: false,
          /**
           * @param {CpSummary} summary
           * @param {XapiReported} reported
           */
          verdict: function (summary, reported) {
            if (!summary.score || (summary.passed !== true && summary.passed !== false)) return null;
            var k = summary.passed + ':' + summary.score.raw + '/' + summary.score.max;
            if (reported.score === k) return null;
            return { passed: summary.passed, score: summary.score, key: k };
          }
        }
      }, x.trackerBasics(launch, client, data, local)));
      use(tracker);
      return tracker.resume().then(function (result) {
        tracker.defined('initialized', null);
        return result;
      });
    }
  });

  cp.registerAdapter(adapter);
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
