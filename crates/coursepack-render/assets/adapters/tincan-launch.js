// @ts-check
/* coursepack TinCan launch: reads and checks a launch in Rustici's "launch"
 * convention (endpoint, auth, actor, registration, activity_id, grouping,
 * activity_platform), as coursepack.xapi.readTinCanLaunch. On top of
 * xapi-core.js; shipped by the xAPI target (before xapi.js) and in course
 * packages (before course.js), never in cmi5 packages, whose launch is
 * cmi5's own (cmi5.js): that keeps the cmi5 player within its payload budget.
 */
(function (root) {
  'use strict';
  var cp = root.coursepack;
  if (!cp || !cp.xapi) return;
  var x = cp.xapi;

  /**
   * A TinCan launch's query string (Rustici's launch convention), checked:
   * { endpoint, auth, actor, registration, activityId, grouping, platform }
   * ('' for the optional ones not given), or { problems: [...] } naming each
   * parameter that is wrong (never its value).
   * @param {string} search
   * @param {string} baseHref what a relative endpoint is relative to
   * @returns {XapiTinCanLaunch | { problems: string[] }}
   */
  function readTinCanLaunch(search, baseHref) {
    var p = x.parseQuery(search);
    /** @type {string[]} */
    var problems = [];
    var endpoint = '';
    /** @type {XapiAgent | null} */
    var actor = null;
    if (!p.endpoint) problems.push('endpoint is missing');
    else {
      try {
        var u = new root.URL(p.endpoint, baseHref);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push('endpoint is not an http(s) URL');
        endpoint = u.href;
      } catch (e) { problems.push('endpoint is not a URL'); }
    }
    if (!p.actor) problems.push('actor is missing');
    else if (!(actor = x.normaliseAgent(p.actor))) problems.push('actor is not an Agent with one identifier');
    var registration = '';
    if (p.registration) {
      if (x.isUuid(p.registration)) registration = p.registration.toLowerCase();
      else problems.push('registration is not a UUID');
    }
    if (p.activity_id && !x.isIri(p.activity_id)) problems.push('activity_id is not an absolute IRI');
    if (p.grouping && !x.isIri(p.grouping)) problems.push('grouping is not an absolute IRI');
    if (problems.length || !actor) return { problems: problems };
    return {
      endpoint: endpoint,
      auth: typeof p.auth === 'string' ? p.auth : '',
      actor: actor,
      registration: registration,
      activityId: p.activity_id || '',
      grouping: p.grouping || '',
      platform: p.activity_platform || ''
    };
  }

  x.readTinCanLaunch = readTinCanLaunch;
})(/** @type {Window & typeof globalThis} */ (typeof window !== 'undefined' ? window : this));
