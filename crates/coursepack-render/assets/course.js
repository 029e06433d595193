// @ts-check
/* coursepack course page (xAPI course packages): the LMS launches this page
 * with the learner's launch parameters in the query string (endpoint, auth,
 * actor, registration, activity_id...). Each module link gets the same query
 * string, so every module reports to the same LRS, for the same learner and
 * registration. Without JavaScript the links still open the modules, which
 * then keep progress in the browser. Never throws into the page. */
(function (win) {
  'use strict';

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
   * @param {Document} doc
   * @param {string} query the page's own query string (the launch)
   */
  function start(doc, query) {
    var links = doc.querySelectorAll('a[data-module-link]');
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute('href', withQuery(links[i].getAttribute('href') || '', query));
    }
  }

  win.coursepackCourse = { withQuery: withQuery, start: start };
  var doc = win.document;
  if (!doc) return;
  try {
    var query = (win.location && win.location.search) || '';
    if (doc.readyState === 'loading') {
      doc.addEventListener('DOMContentLoaded', function () {
        try { start(doc, query); } catch (e) { /* links keep working without the parameters */ }
      });
    } else {
      start(doc, query);
    }
  } catch (e) { /* links keep working without the parameters */ }
})(window);
